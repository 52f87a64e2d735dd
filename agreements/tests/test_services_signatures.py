"""The services of signatures, accessions and the end of a membership: what each records, what each refuses, and that
a refusal leaves nothing behind."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import Document, Signature
from agreements.services import signatures
from klaster.testing import make_stakeholder, pdf_upload, stored_paths
from klaster.testing.agreements import FOUNDED
from members.models import Participant, Person, Role

pytestmark = pytest.mark.usefixtures("media_root")


# --- signatures and accessions ---------------------------------------------------------------------


@pytest.fixture
def newcomer(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna", status=Participant.Status.APPLIED)


def test_an_accession_makes_the_participant_a_member_from_that_day(agreement, newcomer, coordinator, private_files):
    version = agreement.current_version()
    person = Person.objects.create(first_name="Jan", last_name="Kowal")
    role = Role.objects.create(person=person, participant=newcomer, function="prezes", is_representative=True)

    signature = services.signature_record(
        version=version,
        participant=newcomer,
        basis=Signature.Basis.ACCESSION,
        signed_on=datetime.date(2024, 3, 1),
        signed_place="Tworóg",
        representative=role,
        scan=pdf_upload("deklaracja.pdf"),
        by=coordinator,
    )

    newcomer.refresh_from_db()
    assert newcomer.joined_on == datetime.date(2024, 3, 1)
    assert newcomer.status == Participant.Status.ACTIVE
    assert signature.representative == role
    assert signature.scan_original_name == "deklaracja.pdf"
    assert stored_paths(private_files) == [signature.scan.name]
    assert agreement.parties()[-1].participant == newcomer


def test_an_accession_keeps_an_earlier_joining_date(agreement, coordinator, cluster):
    member = make_stakeholder(cluster, "Firma", joined_on=datetime.date(2020, 1, 1))
    services.signature_record(
        version=agreement.current_version(),
        participant=member,
        basis="accession",
        signed_on=datetime.date(2021, 1, 1),
        by=coordinator,
    )
    member.refresh_from_db()
    assert member.joined_on == datetime.date(2020, 1, 1)


def test_a_second_signature_of_the_same_version_is_refused(agreement, tworog, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.signature_record(
            version=agreement.current_version(), participant=tworog, basis="founding", signed_on=FOUNDED, by=coordinator
        )
    assert caught.value.message_dict == {"participant": ["Gmina Tworóg ma już zapisany podpis wersji 1."]}
    assert Signature.objects.filter(participant=tworog).count() == 1


def test_a_duplicate_written_at_the_same_moment_is_a_validation_error_not_a_crash(
    agreement, newcomer, coordinator, monkeypatch
):
    version = agreement.current_version()
    services.signature_record(
        version=version, participant=newcomer, basis="accession", signed_on=FOUNDED, by=coordinator
    )
    # The other request checked before this one wrote: its check saw nothing, the database refuses the row.
    monkeypatch.setattr(signatures, "_has_signed", lambda version, participant: False)

    with pytest.raises(ValidationError) as caught:
        services.signature_record(
            version=version, participant=newcomer, basis="accession", signed_on=FOUNDED, by=coordinator
        )

    assert "participant" in caught.value.message_dict
    assert Signature.objects.filter(participant=newcomer).count() == 1


def test_the_representative_must_belong_to_the_signing_party(agreement, newcomer, tworog, coordinator):
    person = Person.objects.create(first_name="Anna", last_name="Nowak")
    role_of_tworog = Role.objects.create(person=person, participant=tworog, function="wójt")
    with pytest.raises(ValidationError) as caught:
        services.signature_record(
            version=agreement.current_version(),
            participant=newcomer,
            basis="accession",
            signed_on=FOUNDED,
            representative=role_of_tworog,
            by=coordinator,
        )
    assert "representative" in caught.value.message_dict
    assert not newcomer.signatures.exists()
    newcomer.refresh_from_db()
    assert newcomer.joined_on is None


def test_a_draft_cannot_be_signed(agreement, draft, newcomer, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.signature_record(
            version=draft, participant=newcomer, basis="accession", signed_on=FOUNDED, by=coordinator
        )
    assert "version" in caught.value.message_dict


def test_an_annex_signature_is_recorded_with_the_annex_basis(agreement, published, tworog, pawonkow, coordinator):
    signatures = services.annex_signatures_record(
        version=published,
        participants=[tworog, pawonkow],
        signed_on=datetime.date(2025, 5, 20),
        signed_place="Tworóg",
        by=coordinator,
    )
    assert {s.basis for s in signatures} == {Signature.Basis.ANNEX}
    bound = {party.participant.slug: party.bound_version.number for party in agreement.parties()}
    assert bound["tworog"] == 2 and bound["pawonkow"] == 2 and bound["zbroslawice"] == 1
    # how they joined does not change
    assert {party.joined.basis for party in agreement.parties()} == {Signature.Basis.FOUNDING}


def test_annex_signatures_are_all_or_nothing(published, tworog, pawonkow, coordinator):
    services.annex_signatures_record(version=published, participants=[tworog], signed_on=FOUNDED, by=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.annex_signatures_record(
            version=published, participants=[pawonkow, tworog], signed_on=FOUNDED, by=coordinator
        )
    assert caught.value.message_dict == {"participants": ["Gmina Tworóg ma już zapisany podpis wersji 2."]}
    assert not pawonkow.signatures.filter(version=published).exists()


def test_a_party_that_left_does_not_sign_annexes(agreement, published, tworog, coordinator):
    services.party_end(
        agreement=agreement, participant=tworog, status="withdrawn", left_on=datetime.date(2024, 1, 1), reason="R",
        by=coordinator,
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        services.annex_signatures_record(version=published, participants=[tworog], signed_on=FOUNDED, by=coordinator)
    assert caught.value.message_dict == {"participants": ["Nie są obecnie stronami porozumienia: Gmina Tworóg."]}


def test_a_version_without_an_annex_has_no_annex_signatures(agreement, tworog, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.annex_signatures_record(
            version=agreement.versions.get(number=1), participants=[tworog], signed_on=FOUNDED, by=coordinator
        )
    assert caught.value.code == "no_annex"


# --- the end of a membership -----------------------------------------------------------------------


def test_a_withdrawal_ends_the_membership_and_keeps_the_signatures(agreement, tworog, coordinator, private_files):
    participant, document = services.party_end(
        agreement=agreement,
        participant=tworog,
        status=Participant.Status.WITHDRAWN,
        left_on=datetime.date(2024, 12, 31),
        reason="Uchwała rady gminy o wystąpieniu.",
        document_number="XX/1/2024",
        document_file=pdf_upload("wystapienie.pdf"),
        by=coordinator,
    )
    tworog.refresh_from_db()
    assert tworog.status == Participant.Status.WITHDRAWN
    assert tworog.left_on == datetime.date(2024, 12, 31)
    assert tworog.left_reason == "Uchwała rady gminy o wystąpieniu."
    assert (document.kind, document.participant, document.agreement) == ("withdrawal", tworog, agreement)
    assert document.title == "Oświadczenie o wystąpieniu: Gmina Tworóg"
    assert document.number == "XX/1/2024" and document.file_original_name == "wystapienie.pdf"
    assert stored_paths(private_files) == [document.file.name]
    assert tworog.signatures.count() == 1
    # From the day it left it is no longer a party (ParticipantQuerySet.agreement_parties); the day before it was.
    assert tworog not in [p.participant for p in agreement.parties()]
    assert next(p for p in agreement.parties(datetime.date(2024, 12, 30)) if p.participant == tworog).has_ended


def test_an_exclusion_records_the_resolution(agreement, pawonkow, coordinator):
    _participant, document = services.party_end(
        agreement=agreement,
        participant=pawonkow,
        status=Participant.Status.EXCLUDED,
        left_on=datetime.date(2024, 6, 1),
        reason="Naruszenie regulaminu.",
        by=coordinator,
    )
    assert document.kind == Document.Kind.EXCLUSION
    assert Participant.objects.get(slug="pawonkow").status == Participant.Status.EXCLUDED


def test_a_membership_cannot_end_before_it_began(agreement, tworog, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.party_end(
            agreement=agreement, participant=tworog, status="withdrawn", left_on=datetime.date(2018, 4, 9),
            reason="R", by=coordinator,
        )  # fmt: skip
    assert caught.value.message_dict == {
        "left_on": ["Członkostwo nie może skończyć się przed przystąpieniem (10 kwietnia 2018)."]
    }
    tworog.refresh_from_db()
    assert tworog.left_on is None and tworog.status == Participant.Status.ACTIVE
    assert not Document.objects.filter(kind="withdrawal").exists()


def test_an_ended_membership_cannot_end_again(agreement, tworog, coordinator):
    end = {"agreement": agreement, "participant": tworog, "reason": "R", "by": coordinator}
    services.party_end(status="withdrawn", left_on=datetime.date(2024, 1, 1), **end)
    with pytest.raises(ValidationError) as caught:
        services.party_end(status="excluded", left_on=datetime.date(2024, 2, 1), **end)
    assert caught.value.code == "already_ended"
    tworog.refresh_from_db()
    assert (tworog.status, tworog.left_on) == ("withdrawn", datetime.date(2024, 1, 1))
    assert Document.objects.filter(participant=tworog).count() == 1
