"""The coordinator's workflows on the agreement, as services: that each refuses anyone but a coordinator, and the
agreement's facts and documents. (Versions and signatures: test_services_versions.py, test_services_signatures.py.)"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from agreements import services
from agreements.models import Agreement, Annex, Document, Version
from klaster.testing import pdf_upload, stored_files, stored_paths
from klaster.testing.agreements import FOUNDED, TEXT, new_draft
from members.models import Participant

pytestmark = pytest.mark.usefixtures("media_root")

SLUG = "porozumienie-2018"


# --- who may run them ------------------------------------------------------------------------------


def _calls(agreement, tworog):
    version = agreement.versions.get(number=1)
    return {
        "agreement_update": lambda by: services.agreement_update(agreement=agreement, data={"title": "X"}, by=by),
        "annex_draft_create": lambda by: new_draft(agreement, by),
        "version_text_save": lambda by: services.version_text_save(version=version, text=TEXT, by=by),
        "version_publish": lambda by: services.version_publish(version=version, by=by),
        "version_discard": lambda by: services.version_discard(version=version, by=by),
        "signature_record": lambda by: services.signature_record(
            version=version, participant=tworog, basis="accession", signed_on=FOUNDED, by=by
        ),
        "annex_signatures_record": lambda by: services.annex_signatures_record(
            version=version, participants=[tworog], signed_on=FOUNDED, by=by
        ),
        "party_end": lambda by: services.party_end(
            agreement=agreement, participant=tworog, status="withdrawn", left_on=FOUNDED, reason="x", by=by
        ),
        "document_delete": lambda by: services.document_delete(document=agreement.documents.first(), by=by),
    }


SERVICES = [
    "agreement_update",
    "annex_draft_create",
    "version_text_save",
    "version_publish",
    "version_discard",
    "signature_record",
    "annex_signatures_record",
    "party_end",
    "document_delete",
]


@pytest.mark.parametrize("name", SERVICES)
def test_every_service_refuses_anyone_but_a_coordinator(agreement, tworog, staff_tworog, superuser, name):
    call = _calls(agreement, tworog)[name]
    for user in (staff_tworog, superuser):
        with pytest.raises(PermissionDenied):
            call(user)
    assert Agreement.objects.get(slug=SLUG).title != "X"
    assert Annex.objects.count() == 0
    assert Version.objects.count() == 1
    assert Document.objects.filter(agreement=agreement).count() == 2
    assert Participant.objects.get(slug="tworog").left_on is None


# --- the agreement ---------------------------------------------------------------------------------


def test_the_coordinator_updates_the_agreement_in_both_languages(agreement, coordinator):
    data = {"title": "Porozumienie – tytuł poprawiony", "signed_place": "Zbrosławice", "summary_en": "In English."}
    services.agreement_update(agreement=agreement, data=data, by=coordinator)
    agreement.refresh_from_db()
    assert agreement.title == "Porozumienie – tytuł poprawiony"
    assert agreement.signed_place == "Zbrosławice"
    assert agreement.summary_en == "In English."
    assert agreement.summary_pl.startswith("Porozumienie podpisano 10 kwietnia 2018")


def test_a_second_agreement_in_force_is_refused(agreement, coordinator):
    other = Agreement.objects.create(cluster=agreement.cluster, title="Inne", slug="inne")
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(agreement=other, data={"status": "in_force"}, by=coordinator)
    assert "status" in caught.value.message_dict
    assert Agreement.objects.get(slug="inne").status == Agreement.Status.DRAFT


# --- documents -------------------------------------------------------------------------------------


def test_deleting_a_document_removes_its_file_once_committed(
    agreement, coordinator, private_files, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        agreement=agreement, kind="other", date=FOUNDED, title="Protokół", file=pdf_upload("protokol.pdf")
    )
    assert stored_paths(private_files) == [document.file.name]
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, by=coordinator)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(private_files) == []


def test_a_council_resolution_is_not_the_coordinators_to_delete(agreement, tworog, coordinator):
    resolution = Document.objects.create(kind="resolution", participant=tworog, number="X/1", date=FOUNDED, title="U")
    with pytest.raises(PermissionDenied):
        services.document_delete(document=resolution, by=coordinator)
    assert Document.objects.filter(pk=resolution.pk).exists()
