"""The coordinator's workflows on the agreement, as services: what each does, what each refuses, and that a refusal
leaves nothing behind."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements import services
from agreements.models import Agreement, Annex, Document, Section, Signature, Version
from agreements.services import signatures
from conftest import make_stakeholder
from klaster.tests.test_uploads import pdf_bytes
from members.models import Participant, Person, Role

SLUG = "porozumienie-2018"
FOUNDED = datetime.date(2018, 4, 10)
TEXT = "§ 1. Postanowienia ogólne\n\nKlaster działa na obszarze gmin.\n\n§ 2. Cel\n\nCelem jest **energia**."


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return sorted(path.name for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


def pdf_upload(name="aneks.pdf"):
    return SimpleUploadedFile(name, pdf_bytes(), "application/pdf")


@pytest.fixture
def agreement(cluster):
    return Agreement.objects.get(slug=SLUG)


@pytest.fixture
def tworog(cluster):
    return Participant.objects.get(slug="tworog")


@pytest.fixture
def pawonkow(cluster):
    return Participant.objects.get(slug="pawonkow")


def new_draft(agreement, by, number="1", **fields):
    values = {
        "signed_on": datetime.date(2025, 5, 1),
        "subject": "zmiana celów klastra",
        "effective_on": datetime.date(2025, 6, 1),
        "change_summary": "Nowy cel klastra.",
        **fields,
    }
    return services.annex_draft_create(agreement=agreement, number=number, by=by, **values)


@pytest.fixture
def draft(agreement, coordinator):
    return new_draft(agreement, coordinator)


@pytest.fixture
def published(draft, coordinator):
    """Version 2, with two sections, published."""
    services.version_text_save(version=draft, text=TEXT, effective_on=draft.effective_on, by=coordinator)
    return services.version_publish(version=draft, by=coordinator)


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
    assert agreement.summary_pl.startswith("Streszczenie tego, co wiadomo publicznie")


def test_a_second_agreement_in_force_is_refused(agreement, coordinator):
    other = Agreement.objects.create(cluster=agreement.cluster, title="Inne", slug="inne")
    with pytest.raises(ValidationError) as caught:
        services.agreement_update(agreement=other, data={"status": "in_force"}, by=coordinator)
    assert "status" in caught.value.message_dict
    assert Agreement.objects.get(slug="inne").status == Agreement.Status.DRAFT


# --- annexes and drafts ----------------------------------------------------------------------------


def test_an_annex_creates_a_draft_numbered_after_the_last_version(agreement, draft, media_root, coordinator):
    assert draft.number == 2
    assert draft.status == Version.Status.DRAFT
    assert draft.annex.number == "1"
    assert draft.annex.subject == "zmiana celów klastra"
    assert draft.effective_on == datetime.date(2025, 6, 1)
    assert not draft.is_placeholder
    assert agreement.current_version().number == 1  # nothing is public before publishing


def test_the_draft_starts_from_the_text_of_the_published_version(agreement, published, coordinator):
    third = new_draft(agreement, coordinator, number="2")
    assert third.number == 3
    assert [(s.number, s.heading, s.body) for s in third.sections.all()] == [
        (1, "Postanowienia ogólne", "Klaster działa na obszarze gmin."),
        (2, "Cel", "Celem jest **energia**."),
    ]


def test_an_annex_keeps_its_scan(agreement, coordinator, media_root):
    version = new_draft(agreement, coordinator, file=pdf_upload())
    assert version.annex.file.name.startswith("annexes/")
    assert stored_files(media_root) == ["aneks.pdf"]


def test_a_second_draft_is_refused_while_one_waits(agreement, draft, coordinator):
    with pytest.raises(ValidationError) as caught:
        new_draft(agreement, coordinator, number="2")
    assert caught.value.code == "draft_exists"
    assert "Projekt wersji 2 czeka już na publikację" in caught.value.messages[0]
    assert Annex.objects.count() == 1 and Version.objects.count() == 2


def test_an_annex_number_cannot_repeat(agreement, published, coordinator):
    with pytest.raises(ValidationError) as caught:
        new_draft(agreement, coordinator, number=" 1 ")
    assert caught.value.message_dict == {"number": ["Aneks nr 1 jest już zapisany."]}
    assert Version.objects.drafts().count() == 0


# --- the text of a draft ---------------------------------------------------------------------------


def test_saving_the_text_replaces_the_sections(draft, coordinator):
    services.version_text_save(
        version=draft, text=TEXT, effective_on=datetime.date(2025, 7, 1), change_summary="Cel.", by=coordinator
    )
    assert [(s.number, s.heading) for s in draft.sections.all()] == [(1, "Postanowienia ogólne"), (2, "Cel")]

    services.version_text_save(version=draft, text="§ 1. Jedyny\n\nTreść.", by=coordinator)

    draft.refresh_from_db()
    assert [(s.number, s.heading, s.body) for s in draft.sections.all()] == [(1, "Jedyny", "Treść.")]
    assert draft.effective_on is None


def test_an_unchanged_section_is_not_rewritten(draft, coordinator):
    services.version_text_save(version=draft, text=TEXT, by=coordinator)
    first = draft.sections.get(number=1)
    with set_actor(coordinator):
        services.version_text_save(
            version=draft, text=TEXT.replace("**energia**", "energia odnawialna"), by=coordinator
        )
    assert not LogEntry.objects.get_for_object(first).filter(action=LogEntry.Action.UPDATE).exists()
    assert LogEntry.objects.get_for_object(draft.sections.get(number=2)).filter(action=LogEntry.Action.UPDATE).exists()


def test_a_text_that_does_not_parse_changes_nothing(draft, coordinator):
    services.version_text_save(version=draft, text=TEXT, by=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.version_text_save(version=draft, text="Wstęp\n§ 1. A\n\nB\n\n§ 3. C\n\nD", by=coordinator)
    assert "text" in caught.value.message_dict
    assert draft.sections.count() == 2


def test_the_text_of_a_published_version_cannot_be_changed(agreement, coordinator):
    version = agreement.versions.get(number=1)
    with pytest.raises(ValidationError) as caught:
        services.version_text_save(version=version, text=TEXT, by=coordinator)
    assert caught.value.code == "already_published"
    assert not version.sections.exists()


# --- publishing ------------------------------------------------------------------------------------


def test_publishing_makes_the_draft_the_current_version_and_lands_in_the_audit_log(agreement, draft, coordinator):
    services.version_text_save(version=draft, text=TEXT, effective_on=draft.effective_on, by=coordinator)
    with set_actor(coordinator):
        services.version_publish(version=draft, by=coordinator)

    draft.refresh_from_db()
    assert draft.status == Version.Status.PUBLISHED
    assert draft.published_at is not None
    assert agreement.current_version() == draft
    entries = LogEntry.objects.get_for_object(draft).filter(action=LogEntry.Action.UPDATE, actor=coordinator)
    assert entries.count() == 1
    assert entries.get().changes_dict["status"] == ["draft", "published"]


def test_the_parties_stay_bound_by_the_version_they_signed(agreement, published):
    parties = agreement.parties()
    assert len(parties) == 6
    assert {party.bound_version.number for party in parties} == {1}


def test_publishing_twice_is_refused_and_changes_nothing(published, coordinator):
    published_at = Version.objects.get(pk=published.pk).published_at
    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=published, by=coordinator)
    assert caught.value.messages == ["Ta wersja została już opublikowana."]
    assert Version.objects.get(pk=published.pk).published_at == published_at


def test_a_stale_copy_of_the_draft_cannot_publish_it_again(draft, coordinator):
    services.version_text_save(version=draft, text=TEXT, effective_on=draft.effective_on, by=coordinator)
    mine, theirs = Version.objects.get(pk=draft.pk), Version.objects.get(pk=draft.pk)
    services.version_publish(version=mine, by=coordinator)
    published_at = Version.objects.get(pk=draft.pk).published_at
    assert theirs.status == Version.Status.DRAFT  # what the second coordinator's page still believes

    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=theirs, by=coordinator)

    assert caught.value.messages == ["Ta wersja została już opublikowana."]
    assert Version.objects.get(pk=draft.pk).published_at == published_at


def test_a_draft_discarded_meanwhile_cannot_be_published(draft, coordinator):
    stale = Version.objects.get(pk=draft.pk)
    services.version_discard(version=draft, by=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=stale, by=coordinator)
    assert caught.value.code == "version_gone"


def test_a_draft_without_text_or_date_is_not_published(draft, coordinator):
    Version.objects.filter(pk=draft.pk).update(effective_on=None)
    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=draft, by=coordinator)
    assert caught.value.messages == [
        "Projekt nie ma jeszcze treści: wpisz paragrafy i zapisz projekt.",
        "Podaj datę, od której wersja obowiązuje.",
    ]
    assert Version.objects.get(pk=draft.pk).status == Version.Status.DRAFT


def test_a_version_cannot_take_effect_before_the_previous_one(draft, coordinator):
    services.version_text_save(version=draft, text=TEXT, effective_on=datetime.date(2017, 1, 1), by=coordinator)
    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=draft, by=coordinator)
    assert caught.value.messages == ["Wersja nie może obowiązywać wcześniej niż poprzednia (od 10 kwietnia 2018)."]


def test_a_later_version_needs_an_annex(agreement, coordinator):
    version = Version.objects.create(agreement=agreement, number=2, effective_on=datetime.date(2025, 1, 1))
    Section.objects.create(version=version, number=1, body="Treść.")
    with pytest.raises(ValidationError) as caught:
        services.version_publish(version=version, by=coordinator)
    assert caught.value.messages == ["Nowa wersja musi być wprowadzona aneksem."]


# --- discarding ------------------------------------------------------------------------------------


def test_discarding_a_draft_removes_it_with_its_annex_and_scan(
    agreement, coordinator, media_root, django_capture_on_commit_callbacks
):
    draft = new_draft(agreement, coordinator, file=pdf_upload())
    services.version_text_save(version=draft, text=TEXT, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_discard(version=draft, by=coordinator)
    assert list(agreement.versions.values_list("number", flat=True)) == [1]
    assert not Annex.objects.exists() and not Section.objects.exists()
    assert stored_files(media_root) == []


def test_a_published_version_cannot_be_discarded(published, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.version_discard(version=published, by=coordinator)
    assert caught.value.code == "published"
    assert Version.objects.filter(pk=published.pk).exists()


# --- signatures and accessions ---------------------------------------------------------------------


@pytest.fixture
def newcomer(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna", status=Participant.Status.APPLIED)


def test_an_accession_makes_the_participant_a_member_from_that_day(agreement, newcomer, coordinator, media_root):
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
    assert stored_files(media_root) == ["deklaracja.pdf"]
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


def test_a_withdrawal_ends_the_membership_and_keeps_the_signatures(agreement, tworog, coordinator, media_root):
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
    assert (document.kind, document.participant, document.agreement) == ("wystapienie", tworog, agreement)
    assert document.title == "Oświadczenie o wystąpieniu: Gmina Tworóg"
    assert document.number == "XX/1/2024" and stored_files(media_root) == ["wystapienie.pdf"]
    assert tworog.signatures.count() == 1
    assert next(p for p in agreement.parties() if p.participant == tworog).has_ended


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
    assert not Document.objects.filter(kind="wystapienie").exists()


def test_an_ended_membership_cannot_end_again(agreement, tworog, coordinator):
    end = {"agreement": agreement, "participant": tworog, "reason": "R", "by": coordinator}
    services.party_end(status="withdrawn", left_on=datetime.date(2024, 1, 1), **end)
    with pytest.raises(ValidationError) as caught:
        services.party_end(status="excluded", left_on=datetime.date(2024, 2, 1), **end)
    assert caught.value.code == "already_ended"
    tworog.refresh_from_db()
    assert (tworog.status, tworog.left_on) == ("withdrawn", datetime.date(2024, 1, 1))
    assert Document.objects.filter(participant=tworog).count() == 1


# --- documents -------------------------------------------------------------------------------------


def test_deleting_a_document_removes_its_file_once_committed(
    agreement, coordinator, media_root, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        agreement=agreement, kind="inny", date=FOUNDED, title="Protokół", file=pdf_upload("protokol.pdf")
    )
    assert stored_files(media_root) == ["protokol.pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        services.document_delete(document=document, by=coordinator)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(media_root) == []


def test_a_council_resolution_is_not_the_coordinators_to_delete(agreement, tworog, coordinator):
    resolution = Document.objects.create(kind="uchwala", participant=tworog, number="X/1", date=FOUNDED, title="U")
    with pytest.raises(PermissionDenied):
        services.document_delete(document=resolution, by=coordinator)
    assert Document.objects.filter(pk=resolution.pk).exists()
