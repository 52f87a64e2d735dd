"""The authorisations to read metering data: added with their scanned document (a checked PDF, kept private), changed
(a change made meanwhile refused, a replaced scan removed), and delivered only to the coordinator (the permission
matrix asks who else is refused)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.urls import reverse

from energy import services
from energy.models import MeteringAuthorisation, MeteringPoint
from klaster.testing import (
    FAKE_PDF,
    html_problems,
    is_random_name,
    make_stakeholder,
    messages_of,
    pdf_upload,
    read_page,
)


@pytest.fixture
def company(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna")


@pytest.fixture
def point(company, tworog):
    return MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )


def data(party_, point_, **changes):
    return {"party": party_.pk, "metering_point": point_.pk, "signed_on": "2024-02-01", "withdrawn_on": "", **changes}


def test_an_authorisation_with_its_scan_is_kept_private_for_the_coordinator(client, coordinator, company, point):
    client.force_login(coordinator)
    assert html_problems(client.get(reverse("energy-admin:authorisation-new")).content.decode()) == []
    response = client.post(
        reverse("energy-admin:authorisation-new"),
        data(company, point, document=pdf_upload("upoważnienie spółdzielni.pdf")),
    )
    assert response["Location"] == reverse("energy-admin:authorisations")
    authorisation = MeteringAuthorisation.objects.get()
    assert is_random_name(authorisation.document.name, ".pdf", folder="authorisations/")
    assert authorisation.document_original_name == "upoważnienie spółdzielni.pdf"
    assert storages["private"].exists(authorisation.document.name)
    listing = client.get(response["Location"])
    assert "Zapisano upoważnienie do danych pomiarowych." in messages_of(listing)
    assert "Spółdzielnia Słoneczna 590 3224 0000012345 0 1 lutego 2024 r. – pobierz PDF Usuń" in read_page(listing).text
    assert html_problems(listing.content.decode()) == []

    download = client.get(reverse("energy-admin:authorisation-document", kwargs={"pk": authorisation.pk}))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Cache-Control"] == "private, no-store"


def test_a_file_that_is_not_a_pdf_or_a_point_of_another_party_is_refused(client, coordinator, company, point, tworog):
    client.force_login(coordinator)
    response = client.post(
        reverse("energy-admin:authorisation-new"), data(company, point, document=pdf_upload("skan.pdf", FAKE_PDF))
    )
    assert response.status_code == 200 and response.context["form"].errors["document"]
    response = client.post(reverse("energy-admin:authorisation-new"), data(tworog, point))
    assert (
        "Upoważnienie daje strona, do której należy ten punkt poboru."
        in response.context["form"].errors["metering_point"]
    )
    assert html_problems(response.content.decode()) == []
    assert MeteringAuthorisation.objects.count() == 0


def test_withdrawing_and_replacing_the_scan_removes_the_old_file(
    client, coordinator, company, point, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    client.post(reverse("energy-admin:authorisation-new"), data(company, point, document=pdf_upload()))
    authorisation = MeteringAuthorisation.objects.get()
    old = authorisation.document.name
    url = reverse("energy-admin:authorisation-edit", kwargs={"pk": authorisation.pk})
    edited_from = client.get(url).context["form"].initial["edited_from"]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, data(company, point, withdrawn_on="2025-01-31", document=pdf_upload(), edited_from=edited_from)
        )
    assert response.status_code == 302
    authorisation.refresh_from_db()
    assert authorisation.withdrawn_on == date(2025, 1, 31)
    assert authorisation.document.name != old
    assert not storages["private"].exists(old)
    assert storages["private"].exists(authorisation.document.name)


def test_a_change_saved_meanwhile_is_not_overwritten(client, coordinator, company, point):
    client.force_login(coordinator)
    client.post(reverse("energy-admin:authorisation-new"), data(company, point))
    authorisation = MeteringAuthorisation.objects.get()
    url = reverse("energy-admin:authorisation-edit", kwargs={"pk": authorisation.pk})
    edited_from = client.get(url).context["form"].initial["edited_from"]
    MeteringAuthorisation.objects.filter(pk=authorisation.pk).update(withdrawn_on=date(2024, 6, 30))
    response = client.post(url, data(company, point, signed_on="2024-03-01", edited_from=edited_from))
    assert response.status_code == 200
    assert "Data cofnięcia: było (puste), teraz jest „2024-06-30”." in read_page(response).text
    authorisation.refresh_from_db()
    assert authorisation.signed_on == date(2024, 2, 1)


def test_only_the_coordinator_saves_authorisations_even_outside_the_views(staff_tworog, company, point):
    from energy.forms import AuthorisationForm

    form = AuthorisationForm(data(company, point))
    assert form.is_valid()
    with pytest.raises(PermissionDenied):
        services.authorisation_save(form=form, by=staff_tworog)
    assert MeteringAuthorisation.objects.count() == 0
