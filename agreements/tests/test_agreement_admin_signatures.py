"""The coordinator records signatures (annex signatures, founding signatures, accessions) and the end of a party's
membership."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import Document
from klaster.testing import (
    FAKE_PDF,
    is_random_name,
    make_contact,
    make_stakeholder,
    messages_of,
    page_of,
    pdf_upload,
    stored_files,
    stored_paths,
)
from klaster.testing.agreements import FOUNDED, admin_url
from members.models import Participant, Person, Role

pytestmark = pytest.mark.usefixtures("media_root")


# --- signatures ------------------------------------------------------------------------------------


def test_the_annex_signature_form_offers_only_current_parties_that_have_not_signed(
    client, coordinator, published, agreement, tworog, pawonkow
):
    services.annex_signatures_record(version=published, participants=[tworog], signed_on=FOUNDED, by=coordinator)
    services.party_end(
        agreement=agreement, participant=pawonkow, status="withdrawn", left_on=datetime.date(2024, 1, 1), reason="R",
        by=coordinator,
    )  # fmt: skip
    client.force_login(coordinator)
    response = client.get(admin_url("version-signatures", 2))
    offered = {participant.slug for participant in response.context["form"].fields["participants"].queryset}
    assert offered == {"kochanowice", "zbroslawice", "krupski-mlyn", "lgd-lesna-kraina-gornego-slaska"}
    assert "Gmina Tworóg podpisanie aneksu" in page_of(response).text


def test_a_draft_has_no_signature_page(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.get(admin_url("version-signatures", 2))
    assert response.status_code == 302 and response.url == admin_url("version", 2)


def test_the_coordinator_records_an_accession_with_a_representative_and_a_scan(
    client, coordinator, agreement, cluster, private_files
):
    newcomer = make_stakeholder(cluster, "Spółdzielnia Słoneczna", status=Participant.Status.APPLIED)
    role = Role.objects.create(
        person=Person.objects.create(first_name="Jan", last_name="Kowal"),
        participant=newcomer,
        function="prezes",
        is_representative=True,
    )
    client.force_login(coordinator)
    data = {
        "participant": newcomer.pk,
        "version": agreement.current_version().pk,
        "basis": "accession",
        "signed_on": "2024-03-01",
        "signed_place": "Tworóg",
        "representative": role.pk,
        "scan": pdf_upload("deklaracja.pdf"),
    }
    response = client.post(admin_url("signature-new"), data, follow=True)

    assert "Zapisano podpis: Spółdzielnia Słoneczna, wersja 1." in messages_of(response)
    newcomer.refresh_from_db()
    assert (newcomer.status, newcomer.joined_on) == ("active", datetime.date(2024, 3, 1))
    signature = newcomer.signatures.get()
    assert signature.representative == role
    assert (
        is_random_name(signature.scan.name, ".pdf", "signatures/") and signature.scan_original_name == "deklaracja.pdf"
    )
    assert stored_paths(private_files) == [signature.scan.name]


def signature_data(participant, version, **changes):
    return {
        "participant": participant.pk,
        "version": version.pk,
        "basis": "founding",
        "signed_on": "2018-04-10",
        **changes,
    }


def test_a_duplicate_signature_is_a_form_error(client, coordinator, agreement, tworog):
    client.force_login(coordinator)
    response = client.post(admin_url("signature-new"), signature_data(tworog, agreement.current_version()))
    assert response.status_code == 200
    assert "Gmina Tworóg ma już zapisany podpis wersji 1." in page_of(response).text
    assert tworog.signatures.count() == 1


def test_a_representative_of_another_party_is_a_form_error(client, coordinator, agreement, cluster, pawonkow):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    role = Role.objects.create(
        person=Person.objects.create(first_name="Anna", last_name="Nowak"),
        participant=pawonkow,
        function="wójt",
        is_representative=True,
    )
    client.force_login(coordinator)
    data = signature_data(newcomer, agreement.current_version(), basis="accession", representative=role.pk)
    response = client.post(admin_url("signature-new"), data)
    assert response.status_code == 200
    assert "Anna Nowak nie reprezentuje strony Firma." in page_of(response).text
    assert not newcomer.signatures.exists()


def test_the_signature_form_opened_from_a_party_offers_that_partys_representatives_only(
    client, coordinator, agreement, cluster, pawonkow
):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    president = make_contact(newcomer, "Ewa", "Prezes", function="prezes zarządu", is_representative=True)
    make_contact(newcomer, "Jan", "Kontakt", function="osoba do kontaktu")
    make_contact(pawonkow, "Anna", "Wójt", function="wójt", is_representative=True)
    client.force_login(coordinator)
    form = client.get(admin_url("signature-new") + f"?strona={newcomer.slug}").context["form"]
    assert list(form.fields["representative"].queryset) == [president]
    assert form["participant"].value() == newcomer.pk
    everyone = client.get(admin_url("signature-new")).context["form"].fields["representative"].queryset
    assert {role.person.last_name for role in everyone} >= {"Prezes", "Wójt"}
    assert "Kontakt" not in {role.person.last_name for role in everyone}


def test_a_representative_who_did_not_hold_the_function_on_the_day_is_a_form_error(
    client, coordinator, agreement, cluster
):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    role = make_contact(
        newcomer, "Ewa", "Prezes", function="prezes zarządu", is_representative=True,
        started_on=datetime.date(2025, 1, 1),
    )  # fmt: skip
    client.force_login(coordinator)
    data = signature_data(newcomer, agreement.current_version(), basis="accession", representative=role.pk)
    response = client.post(admin_url("signature-new"), {**data, "signed_on": "2024-03-01"})
    assert "Ewa Prezes nie pełnił(a) funkcji „prezes zarządu” w dniu podpisania." in page_of(response).text
    assert not newcomer.signatures.exists()


def test_the_service_refuses_a_person_who_does_not_represent_the_party(coordinator, agreement, cluster):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    role = make_contact(newcomer, "Jan", "Kontakt", function="osoba do kontaktu")
    with pytest.raises(ValidationError):
        services.signature_record(
            version=agreement.current_version(), participant=newcomer, basis="accession",
            signed_on=datetime.date(2024, 3, 1), representative=role, by=coordinator,
        )  # fmt: skip
    assert not newcomer.signatures.exists()


def test_the_coordinator_says_who_signed_a_founding_signature_for_the_gmina(client, coordinator, agreement, tworog):
    wojt = make_contact(tworog, "Jan", "Wójcik", function="wójt gminy", is_representative=True)
    make_contact(tworog, "Anna", "Sekretarz", function="sekretarz gminy")
    signature = tworog.signatures.get()
    client.force_login(coordinator)
    page = client.get(admin_url("signature-new") + "?strona=tworog")
    url = admin_url("signature-representative", signature.pk)
    assert url in page.content.decode()
    assert list(client.get(url).context["form"].fields["representative"].queryset) == [wojt]
    response = client.post(url, {"representative": wojt.pk}, follow=True)
    assert messages_of(response) == ["Zapisano, kto podpisał w imieniu strony Gmina Tworóg."]
    assert "Jan Wójcik, wójt gminy" in page_of(response).text
    signature.refresh_from_db()
    assert signature.representative == wojt


def test_who_signed_must_represent_the_party_on_that_day(client, coordinator, agreement, tworog, pawonkow):
    later = make_contact(
        tworog, "Ewa", "Później", function="wójt gminy", is_representative=True, started_on=datetime.date(2024, 1, 1)
    )
    of_pawonkow = make_contact(pawonkow, "Anna", "Wójt", function="wójt", is_representative=True)
    signature = tworog.signatures.get()
    client.force_login(coordinator)
    url = admin_url("signature-representative", signature.pk)
    assert (
        "nie pełnił(a) funkcji „wójt gminy” w dniu podpisania"
        in page_of(client.post(url, {"representative": later.pk})).text
    )
    assert client.post(url, {"representative": of_pawonkow.pk}).context["form"].errors
    with pytest.raises(ValidationError):
        services.signature_representative_set(signature=signature, representative=of_pawonkow, by=coordinator)
    signature.refresh_from_db()
    assert signature.representative is None


def test_a_signature_with_a_fake_pdf_changes_nothing(client, coordinator, agreement, cluster, private_files):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    client.force_login(coordinator)
    data = signature_data(newcomer, agreement.current_version(), basis="accession", scan=pdf_upload("x.pdf", FAKE_PDF))
    response = client.post(admin_url("signature-new"), data)
    assert response.status_code == 200
    assert "To nie jest plik PDF." in page_of(response).text
    assert not newcomer.signatures.exists() and stored_files(private_files) == []
    newcomer.refresh_from_db()
    assert newcomer.joined_on is None


# --- the end of a membership -----------------------------------------------------------------------


def test_the_coordinator_records_a_withdrawal(client, coordinator, tworog, media_root):
    client.force_login(coordinator)
    data = {
        "status": "withdrawn",
        "left_on": "2024-12-31",
        "reason": "Oświadczenie wójta.",
        "document_number": "OR.1.2024",
        "document_file": pdf_upload("wystapienie.pdf"),
    }
    response = client.post(admin_url("party-end", "tworog"), data, follow=True)

    assert any("Zapisano zakończenie członkostwa: Gmina Tworóg." in m for m in messages_of(response))
    tworog.refresh_from_db()
    assert (tworog.status, tworog.left_on) == ("withdrawn", datetime.date(2024, 12, 31))
    assert Document.objects.get(kind="withdrawal").number == "OR.1.2024"
    assert tworog.signatures.count() == 1
    # No longer a party of the agreement (ParticipantQuerySet.agreement_parties): the overview lists it no more.
    assert "Gmina Tworóg" not in [party.participant.name for party in response.context["parties"]]


def test_a_membership_cannot_end_before_it_began_form_error(client, coordinator, tworog):
    client.force_login(coordinator)
    data = {"status": "excluded", "left_on": "2018-01-01", "reason": "R"}
    response = client.post(admin_url("party-end", "tworog"), data)
    assert response.status_code == 200
    assert "Członkostwo nie może skończyć się przed przystąpieniem (10 kwietnia 2018)." in page_of(response).text
    tworog.refresh_from_db()
    assert tworog.left_on is None


def test_ending_an_ended_membership_gives_a_message(client, coordinator, agreement, tworog):
    services.party_end(
        agreement=agreement, participant=tworog, status="withdrawn", left_on=datetime.date(2024, 1, 1), reason="R",
        by=coordinator,
    )  # fmt: skip
    client.force_login(coordinator)
    assert "Członkostwo tej strony już się zakończyło." in page_of(client.get(admin_url("party-end", "tworog"))).text
    data = {"status": "excluded", "left_on": "2024-02-01", "reason": "X"}
    response = client.post(admin_url("party-end", "tworog"), data, follow=True)
    assert messages_of(response) == ["Członkostwo strony Gmina Tworóg już się zakończyło."]
    tworog.refresh_from_db()
    assert tworog.status == "withdrawn"
