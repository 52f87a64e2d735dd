"""The services of an annex and its version: the draft, its text, publishing and discarding it; what each refuses,
and that a refusal leaves nothing behind."""

import datetime

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from agreements import services
from agreements.models import Annex, Section, Version
from klaster.testing import is_random_name, pdf_upload, stored_files, stored_paths
from klaster.testing.agreements import TEXT, new_draft

pytestmark = pytest.mark.usefixtures("media_root")


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


def test_an_annex_keeps_its_scan(agreement, coordinator, private_files):
    version = new_draft(agreement, coordinator, file=pdf_upload("aneks.pdf"))
    assert is_random_name(version.annex.file.name, ".pdf", "annexes/")
    assert version.annex.file_original_name == "aneks.pdf"
    assert stored_paths(private_files) == [version.annex.file.name]


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
    agreement, coordinator, private_files, django_capture_on_commit_callbacks
):
    draft = new_draft(agreement, coordinator, file=pdf_upload("aneks.pdf"))
    assert stored_paths(private_files) == [draft.annex.file.name]
    services.version_text_save(version=draft, text=TEXT, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.version_discard(version=draft, by=coordinator)
    assert list(agreement.versions.values_list("number", flat=True)) == [1]
    assert not Annex.objects.exists() and not Section.objects.exists()
    assert stored_files(private_files) == []


def test_a_published_version_cannot_be_discarded(published, coordinator):
    with pytest.raises(ValidationError) as caught:
        services.version_discard(version=published, by=coordinator)
    assert caught.value.code == "published"
    assert Version.objects.filter(pk=published.pk).exists()
