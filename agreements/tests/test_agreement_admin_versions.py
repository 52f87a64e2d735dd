"""The coordinator's journey from an annex to a published version: the annex and its draft, the draft's text with a
preview, publishing or discarding it, and the parties signing it."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from agreements import services
from agreements.models import Annex, Version
from klaster.testing import FAKE_PDF, is_random_name, messages_of, page_of, pdf_upload, stored_files, stored_paths
from klaster.testing.agreements import TEXT, admin_url, annex_data

pytestmark = pytest.mark.usefixtures("media_root")


# --- a new annex -----------------------------------------------------------------------------------


def test_the_coordinator_adds_an_annex_with_a_scan_and_gets_a_draft(client, coordinator, agreement, private_files):
    client.force_login(coordinator)
    response = client.post(admin_url("annex-new"), {**annex_data(), "file": pdf_upload("aneks-1.pdf")})
    assert response.status_code == 302
    assert response.url == admin_url("version", 2)
    draft = agreement.versions.get(number=2)
    assert draft.status == Version.Status.DRAFT
    assert draft.annex.number == "1" and draft.annex.file_original_name == "aneks-1.pdf"
    assert is_random_name(draft.annex.file.name, ".pdf", "annexes/")
    assert stored_paths(private_files) == [draft.annex.file.name]


def test_an_annex_with_a_fake_pdf_changes_nothing(client, coordinator, private_files):
    client.force_login(coordinator)
    response = client.post(admin_url("annex-new"), {**annex_data(), "file": pdf_upload("aneks.pdf", FAKE_PDF)})
    assert response.status_code == 200
    assert "To nie jest plik PDF. Dołącz dokument w formacie PDF." in page_of(response).text
    assert not Annex.objects.exists() and Version.objects.count() == 1
    assert stored_files(private_files) == []


def test_an_annex_number_already_used_is_a_form_error(client, coordinator, published):
    client.force_login(coordinator)
    response = client.post(admin_url("annex-new"), annex_data(number="1"))
    assert response.status_code == 200
    assert "Aneks nr 1 jest już zapisany. Sprawdź numer." in page_of(response).text
    assert Version.objects.count() == 2


def test_a_new_annex_is_refused_while_a_draft_waits(client, coordinator, draft):
    client.force_login(coordinator)
    page = page_of(client.get(admin_url("annex-new")))
    assert "Projekt wersji 2 czeka już na publikację." in page.text
    assert admin_url("version", 2) in page.links

    response = client.post(admin_url("annex-new"), annex_data(number="2"), follow=True)

    assert Annex.objects.count() == 1
    assert "Projekt wersji 2 czeka już na publikację." in page_of(response).text


def test_a_draft_created_meanwhile_gives_a_message_with_a_link(client, coordinator, agreement, monkeypatch):
    """Two coordinators: the other one created the draft after this one's page checked."""
    client.force_login(coordinator)
    real = services.annex_draft_create

    def other_coordinator_first(**kwargs):
        real(**{**kwargs, "number": "9"})
        return real(**kwargs)

    monkeypatch.setattr(services, "annex_draft_create", other_coordinator_first)
    response = client.post(admin_url("annex-new"), annex_data(), follow=True)

    text = " ".join(messages_of(response))
    assert "Projekt wersji 2 czeka już na publikację." in text
    assert f'<a href="{admin_url("version", 2)}">Otwórz projekt</a>' in text
    assert list(Annex.objects.values_list("number", flat=True)) == ["9"]


# --- the text of a draft ---------------------------------------------------------------------------


def test_the_draft_page_shows_the_text_as_one_field(client, coordinator, ready_draft):
    client.force_login(coordinator)
    response = client.get(admin_url("version", 2))
    assert response.context["form"]["text"].value() == TEXT
    page = page_of(response)
    assert page.h1 == ["Projekt wersji 2"]
    assert "przedmiot aneksu" in page.text.lower() and "zmiana celów klastra" in page.text


def test_the_preview_renders_the_text_and_the_changes_without_saving(client, coordinator, published, agreement):
    draft = services.annex_draft_create(
        agreement=agreement, number="2", signed_on=datetime.date(2025, 9, 1), subject="cel", by=coordinator
    )
    client.force_login(coordinator)
    changed = TEXT.replace("**energia**", "**energia odnawialna**") + "\n\n§ 3. Nowy\n\n<script>alert(1)</script>"

    response = client.post(admin_url("version", 3), {"text": changed, "action": "preview"})

    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>energia odnawialna</strong>" in html
    assert "<script>alert(1)</script>" not in html
    page = page_of(response)
    assert "Podgląd (niezapisany)" in page.text
    assert "Zmiany względem wersji 2" in page.text
    assert "Paragrafy zmienione: 1, dodane: 1, usunięte: 0." in page.text
    assert "<ins>" in html
    assert [s.body for s in draft.sections.all()] == ["Klaster działa na obszarze gmin.", "Celem jest **energia**."]


def test_saving_the_draft_replaces_its_sections(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(
        admin_url("version", 2),
        {"text": TEXT, "effective_on": "2025-06-01", "change_summary": "Cel.", "action": "save"},
        follow=True,
    )
    assert "Zapisano projekt wersji 2." in messages_of(response)
    draft.refresh_from_db()
    assert [section.heading for section in draft.sections.all()] == ["Postanowienia ogólne", "Cel"]
    assert draft.change_summary == "Cel."


def test_a_text_that_does_not_parse_shows_what_is_wrong(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(admin_url("version", 2), {"text": "§ 1. A\n\nB\n\n§ 3. C\n\nD", "action": "save"})
    assert response.status_code == 200
    assert "Paragrafy mają kolejne numery od 1: po § 1 jest § 3." in page_of(response).text
    assert not draft.sections.exists()


def test_a_published_version_is_read_only(client, coordinator, published):
    client.force_login(coordinator)
    response = client.get(admin_url("version", 2))
    page = page_of(response)
    assert page.h1 == ["Wersja 2 porozumienia"]
    assert "§ 1. Postanowienia ogólne" in page.text
    assert "form" not in response.context
    response = client.post(admin_url("version", 2), {"text": "§ 1. X\n\nY", "action": "save"}, follow=True)
    assert "Ta wersja została już opublikowana; jej tekstu nie można zmienić." in messages_of(response)
    assert published.sections.get(number=1).heading == "Postanowienia ogólne"


def test_the_placeholder_version_says_its_text_is_not_published(client, coordinator):
    client.force_login(coordinator)
    page = page_of(client.get(admin_url("version", 1)))
    assert "Pełny tekst tej wersji porozumienia nie został opublikowany." in page.text
    assert "Gmina Tworóg strona założycielska 10 kwietnia 2018 r. , Zbrosławice nie podano" in page.text


# --- publishing and discarding ---------------------------------------------------------------------


def test_publishing_twice_tells_the_second_click_and_changes_nothing(client, coordinator, ready_draft):
    client.force_login(coordinator)
    first = client.post(admin_url("version-publish", 2), follow=True)
    published_at = Version.objects.get(pk=ready_draft.pk).published_at

    second = client.post(admin_url("version-publish", 2), follow=True)

    assert any(message.startswith("Opublikowano wersję 2.") for message in messages_of(first))
    assert messages_of(second) == ["Ta wersja została już opublikowana."]
    assert Version.objects.get(pk=ready_draft.pk).published_at == published_at


def test_an_unready_draft_is_not_published_and_the_page_says_why(client, coordinator, draft):
    client.force_login(coordinator)
    assert "Projekt nie ma jeszcze treści" in page_of(client.get(admin_url("version", 2))).text
    response = client.post(admin_url("version-publish", 2), follow=True)
    assert messages_of(response) == ["Projekt nie ma jeszcze treści: wpisz paragrafy i zapisz projekt."]
    assert Version.objects.get(pk=draft.pk).status == Version.Status.DRAFT


def test_the_coordinator_discards_a_draft(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(admin_url("version-discard", 2), follow=True)
    assert "Odrzucono projekt wersji 2 razem z jego aneksem." in messages_of(response)
    assert not Version.objects.filter(pk=draft.pk).exists() and not Annex.objects.exists()


def test_a_published_version_cannot_be_discarded(client, coordinator):
    client.force_login(coordinator)
    response = client.post(admin_url("version-discard", 1), follow=True)
    assert messages_of(response) == ["Opublikowanej wersji nie można odrzucić: jest częścią historii porozumienia."]
    assert Version.objects.filter(number=1).exists()


# --- the whole journey -----------------------------------------------------------------------------


def test_the_coordinator_publishes_an_annex_and_the_parties_sign_it(client, coordinator, agreement, tworog, pawonkow):
    client.force_login(coordinator)

    response = client.post(admin_url("annex-new"), annex_data())
    assert response.url == admin_url("version", 2)

    text = "§ 1. Postanowienia ogólne\n\nKlaster działa na obszarze pięciu gmin.\n\n§ 2. Cel\n\nEnergia odnawialna."
    preview = client.post(admin_url("version", 2), {"text": text, "effective_on": "2025-06-01", "action": "preview"})
    assert "Klaster działa na obszarze pięciu gmin." in page_of(preview).text
    assert not agreement.versions.get(number=2).sections.exists()

    saved = client.post(admin_url("version", 2), {"text": text, "effective_on": "2025-06-01", "action": "save"})
    assert saved.status_code == 302

    published = client.post(admin_url("version-publish", 2))
    assert published.url == admin_url("version-signatures", 2)

    signed = client.post(
        admin_url("version-signatures", 2),
        {"participants": [tworog.pk, pawonkow.pk], "signed_on": "2025-05-20", "signed_place": "Tworóg"},
        follow=True,
    )
    assert "Zapisano podpisy aneksu: Gmina Pawonków, Gmina Tworóg." in messages_of(signed)

    current = agreement.current_version()
    assert current.number == 2 and not current.is_placeholder
    assert [(s.number, s.heading, s.body) for s in current.sections.all()] == [
        (1, "Postanowienia ogólne", "Klaster działa na obszarze pięciu gmin."),
        (2, "Cel", "Energia odnawialna."),
    ]
    bound = {party.participant.slug: party.bound_version.number for party in agreement.parties()}
    assert bound == {
        "tworog": 2,
        "pawonkow": 2,
        "kochanowice": 1,
        "zbroslawice": 1,
        "krupski-mlyn": 1,
        "lgd-lesna-kraina-gornego-slaska": 1,
    }
    public = client.get(reverse("agreements:detail"))
    assert public.status_code == 200
    assert "Klaster działa na obszarze pięciu gmin." in page_of(public).text

    # Each step is in the audit history, done by the coordinator (the request's middleware names the actor).
    version_entries = LogEntry.objects.get_for_object(current)
    assert version_entries.filter(action=LogEntry.Action.CREATE, actor=coordinator).exists()
    updates = version_entries.filter(action=LogEntry.Action.UPDATE, actor=coordinator)
    assert ["draft", "published"] in [entry.changes_dict.get("status") for entry in updates]
    assert LogEntry.objects.get_for_object(current.annex).filter(actor=coordinator).exists()
    for signature in current.signatures.all():
        assert LogEntry.objects.get_for_object(signature).get().actor == coordinator
