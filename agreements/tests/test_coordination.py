"""The coordinator's pages for the agreement: who may open them, what they show, and the journey from an annex to a
published version signed by the parties."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements import services
from agreements.models import Agreement, Annex, Document, Signature, Version
from klaster.testing import Checker, Page, make_stakeholder, pdf_bytes
from members.models import Participant, Person, Role

FOUNDED = datetime.date(2018, 4, 10)
TEXT = "§ 1. Postanowienia ogólne\n\nKlaster działa na obszarze gmin.\n\n§ 2. Cel\n\nCelem jest **energia**."
FAKE_PDF = b"<html>to nie jest PDF</html>"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media_root):
    return sorted(path.name for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


def pdf_upload(name="skan.pdf", content=None):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


def url(name, *args):
    return reverse(f"agreement-admin:{name}", args=args)


def page_of(response):
    return Page(response.content.decode())


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def agreement(cluster):
    return Agreement.objects.get(slug="porozumienie-2018")


@pytest.fixture
def tworog(cluster):
    return Participant.objects.get(slug="tworog")


@pytest.fixture
def pawonkow(cluster):
    return Participant.objects.get(slug="pawonkow")


def annex_data(**changes):
    data = {
        "number": "1",
        "signed_on": "2025-05-01",
        "subject": "zmiana celów klastra",
        "text": "W porozumieniu wprowadza się następujące zmiany: …",
        "effective_on": "2025-06-01",
        "change_summary": "Nowy cel klastra.",
    }
    return {**data, **changes}


@pytest.fixture
def draft(agreement, coordinator):
    return services.annex_draft_create(
        agreement=agreement,
        number="1",
        signed_on=datetime.date(2025, 5, 1),
        subject="zmiana celów klastra",
        effective_on=datetime.date(2025, 6, 1),
        by=coordinator,
    )


@pytest.fixture
def ready_draft(draft, coordinator):
    return services.version_text_save(version=draft, text=TEXT, effective_on=draft.effective_on, by=coordinator)


@pytest.fixture
def published(ready_draft, coordinator):
    return services.version_publish(version=ready_draft, by=coordinator)


@pytest.fixture
def document(agreement):
    return Document.objects.create(agreement=agreement, kind="inny", date=FOUNDED, title="Protokół z konferencji")


@pytest.fixture
def pages(cluster, document):
    """Every page that opens with GET, on the seed agreement."""
    return {
        "overview": url("overview"),
        "edit": url("edit"),
        "annex-new": url("annex-new"),
        "version": url("version", 1),
        "version-signatures": url("version-signatures", 1),
        "signature-new": url("signature-new"),
        "party-end": url("party-end", "tworog"),
        "documents": url("documents"),
        "document-new": url("document-new"),
        "document-delete": url("document-delete", document.pk),
    }


PAGE_NAMES = [
    "overview",
    "edit",
    "annex-new",
    "version",
    "version-signatures",
    "signature-new",
    "party-end",
    "documents",
    "document-new",
    "document-delete",
]


@pytest.fixture
def actions(ready_draft, document):
    """The POST-only actions (and the deletion), each with how to tell that it did nothing."""
    return {
        "version-publish": (
            url("version-publish", ready_draft.number),
            lambda: Version.objects.get(pk=ready_draft.pk).status == Version.Status.DRAFT,
        ),
        "version-discard": (
            url("version-discard", ready_draft.number),
            lambda: Version.objects.filter(pk=ready_draft.pk).exists(),
        ),
        "document-delete": (
            url("document-delete", document.pk),
            lambda: Document.objects.filter(pk=document.pk).exists(),
        ),
    }


ACTION_NAMES = ["version-publish", "version-discard", "document-delete"]


# --- who may open what -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_anonymous_visitors_are_sent_to_log_in(client, pages, name):
    response = client.get(pages[name])
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_municipal_staff_are_refused(client, staff_tworog, pages, name):
    client.force_login(staff_tworog)
    assert client.get(pages[name]).status_code == 403


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_coordinator_without_the_second_factor_is_sent_to_set_it_up(client, coordinator_without_mfa, pages, name):
    client.force_login(coordinator_without_mfa)
    response = client.get(pages[name])
    assert response.status_code == 302
    assert response.url == reverse("mfa_activate_totp")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_a_superuser_without_a_role_is_refused(client, superuser, pages, name):
    client.force_login(superuser)
    assert client.get(pages[name]).status_code == 403


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_coordinator_opens_every_page(client, coordinator, pages, name):
    client.force_login(coordinator)
    response = client.get(pages[name])
    assert response.status_code == 200
    assert len(page_of(response).h1) == 1


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_page_opens_in_english_too(client, coordinator, pages, name):
    client.force_login(coordinator)
    kwargs = client.get(pages[name]).resolver_match.kwargs
    with translation.override("en"):
        path = reverse(f"agreement-admin:{name}", kwargs=kwargs)
    assert path.startswith("/en/")
    response = client.get(path)
    assert response.status_code == 200
    assert Page(response.content.decode()).html_lang == "en"


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_anonymous_visitors_cannot_act(client, actions, name):
    action_url, unchanged = actions[name]
    response = client.post(action_url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert unchanged()


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_municipal_staff_cannot_act(client, staff_pawonkow, actions, name):
    client.force_login(staff_pawonkow)
    action_url, unchanged = actions[name]
    assert client.post(action_url).status_code == 403
    assert unchanged()


@pytest.mark.parametrize("name", ACTION_NAMES)
def test_a_coordinator_without_the_second_factor_cannot_act(client, coordinator_without_mfa, actions, name):
    client.force_login(coordinator_without_mfa)
    action_url, unchanged = actions[name]
    assert client.post(action_url).url == reverse("mfa_activate_totp")
    assert unchanged()


@pytest.mark.parametrize("name", ["version-publish", "version-discard"])
def test_actions_do_nothing_on_get(client, coordinator, actions, name):
    client.force_login(coordinator)
    action_url, unchanged = actions[name]
    assert client.get(action_url).status_code == 405
    assert unchanged()


def test_a_version_that_does_not_exist_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(url("version", 9)).status_code == 404
    assert client.post(url("version-publish", 9)).status_code == 404
    assert client.get(url("version-signatures", 9)).status_code == 404


def test_a_participant_that_never_signed_has_no_end_page(client, coordinator, cluster):
    make_stakeholder(cluster, "Firma Bez Podpisu")
    client.force_login(coordinator)
    assert client.get(url("party-end", "firma-bez-podpisu")).status_code == 404


# --- the overview ----------------------------------------------------------------------------------


def test_the_overview_shows_the_agreement_versions_parties_and_actions(client, coordinator, document):
    client.force_login(coordinator)
    page = page_of(client.get(url("overview")))

    assert "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«" in page.text
    assert "Data podpisania 10 kwietnia 2018" in page.text
    assert "wersja 1 – pełny tekst nie został jeszcze opublikowany" in page.text
    assert "wersja 1 opublikowana (obowiązująca) 10 kwietnia 2018 – tekst niepełny 6" in page.text
    assert "6 stron porozumienia" in page.text
    assert "Gmina Tworóg strona założycielska, 10 kwietnia 2018 wersja 1 trwa" in page.text
    assert "Protokół z konferencji" in page.text
    for link in [
        url("edit"),
        url("annex-new"),
        url("version", 1),
        url("version-signatures", 1),
        url("signature-new"),
        url("party-end", "tworog"),
        url("documents"),
        url("document-new"),
    ]:
        assert link in page.links


def test_the_overview_points_to_the_waiting_draft_instead_of_a_new_annex(client, coordinator, draft):
    client.force_login(coordinator)
    page = page_of(client.get(url("overview")))
    assert "Projekt wersji 2 czeka na publikację." in page.text
    assert url("version", 2) in page.links
    assert url("annex-new") not in page.links


def test_the_overview_query_count_does_not_grow_with_the_parties(client, coordinator, agreement, cluster):
    client.force_login(coordinator)
    client.get(url("overview"))
    version = agreement.current_version()

    def queries_with(new_parties):
        for _number in range(new_parties):
            party = make_stakeholder(cluster, f"Firma {Participant.objects.count()}")
            Signature.objects.create(version=version, participant=party, basis="accession", signed_on=FOUNDED)
            Document.objects.create(agreement=agreement, kind="deklaracja", date=FOUNDED, title=party.name)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url("overview")).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(15)


@pytest.mark.parametrize("name", ["documents", "version-signatures", "version"])
def test_list_pages_do_not_query_more_as_parties_and_documents_grow(
    client, coordinator, published, agreement, cluster, tworog, name
):
    client.force_login(coordinator)
    page_url = url("documents") if name == "documents" else url(name, published.number)
    client.get(page_url)

    def queries_with(more):
        for _number in range(more):
            party = make_stakeholder(cluster, f"Firma {Participant.objects.count()}")
            Signature.objects.create(version=published, participant=party, basis="accession", signed_on=FOUNDED)
            Document.objects.create(agreement=agreement, kind="deklaracja", date=FOUNDED, title=party.name)
            Document.objects.create(
                kind="uchwala", participant=tworog, number=party.slug, date=FOUNDED, title=party.name
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page_url).status_code == 200
        return len(queries)

    assert queries_with(1) == queries_with(15)


def test_the_dashboard_shows_a_draft_waiting_to_be_published(client, coordinator, draft):
    client.force_login(coordinator)
    page = page_of(client.get(reverse("coordination:dashboard")))
    assert "Projekt wersji 2 porozumienia czeka na publikację." in page.text
    assert url("version", 2) in page.links
    assert url("overview") in page.links


# --- the agreement's facts -------------------------------------------------------------------------


def test_the_coordinator_edits_the_agreement(client, coordinator, agreement):
    client.force_login(coordinator)
    data = {
        "title": agreement.title,
        "signed_on": "2018-04-10",
        "signed_place": "Zbrosławice",
        "status": "in_force",
        "summary_pl": "Krótko po polsku.",
        "summary_en": "Briefly in English.",
    }
    response = client.post(url("edit"), data, follow=True)
    assert "Zapisano dane porozumienia." in messages_of(response)
    agreement.refresh_from_db()
    assert (agreement.signed_place, agreement.summary_pl, agreement.summary_en) == (
        "Zbrosławice",
        "Krótko po polsku.",
        "Briefly in English.",
    )


def test_an_agreement_without_a_title_is_not_saved(client, coordinator, agreement):
    client.force_login(coordinator)
    response = client.post(url("edit"), {"title": "", "status": "in_force"})
    assert response.status_code == 200
    assert "To pole jest wymagane." in page_of(response).text
    assert page_of(response).h1 == ["Dane porozumienia"]
    assert Agreement.objects.get(pk=agreement.pk).title == agreement.title


# --- a new annex -----------------------------------------------------------------------------------


def test_the_coordinator_adds_an_annex_with_a_scan_and_gets_a_draft(client, coordinator, agreement, media_root):
    client.force_login(coordinator)
    response = client.post(url("annex-new"), {**annex_data(), "file": pdf_upload("aneks-1.pdf")})
    assert response.status_code == 302
    assert response.url == url("version", 2)
    draft = agreement.versions.get(number=2)
    assert draft.status == Version.Status.DRAFT
    assert draft.annex.number == "1" and draft.annex.file
    assert stored_files(media_root) == ["aneks-1.pdf"]


def test_an_annex_with_a_fake_pdf_changes_nothing(client, coordinator, media_root):
    client.force_login(coordinator)
    response = client.post(url("annex-new"), {**annex_data(), "file": pdf_upload("aneks.pdf", FAKE_PDF)})
    assert response.status_code == 200
    assert "To nie jest plik PDF. Dołącz dokument w formacie PDF." in page_of(response).text
    assert not Annex.objects.exists() and Version.objects.count() == 1
    assert stored_files(media_root) == []


def test_an_annex_number_already_used_is_a_form_error(client, coordinator, published):
    client.force_login(coordinator)
    response = client.post(url("annex-new"), annex_data(number="1"))
    assert response.status_code == 200
    assert "Aneks nr 1 jest już zapisany. Sprawdź numer." in page_of(response).text
    assert Version.objects.count() == 2


def test_a_new_annex_is_refused_while_a_draft_waits(client, coordinator, draft):
    client.force_login(coordinator)
    page = page_of(client.get(url("annex-new")))
    assert "Projekt wersji 2 czeka już na publikację." in page.text
    assert url("version", 2) in page.links

    response = client.post(url("annex-new"), annex_data(number="2"), follow=True)

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
    response = client.post(url("annex-new"), annex_data(), follow=True)

    text = " ".join(messages_of(response))
    assert "Projekt wersji 2 czeka już na publikację." in text
    assert f'<a href="{url("version", 2)}">Otwórz projekt</a>' in text
    assert list(Annex.objects.values_list("number", flat=True)) == ["9"]


# --- the text of a draft ---------------------------------------------------------------------------


def test_the_draft_page_shows_the_text_as_one_field(client, coordinator, ready_draft):
    client.force_login(coordinator)
    response = client.get(url("version", 2))
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

    response = client.post(url("version", 3), {"text": changed, "action": "preview"})

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
        url("version", 2),
        {"text": TEXT, "effective_on": "2025-06-01", "change_summary": "Cel.", "action": "save"},
        follow=True,
    )
    assert "Zapisano projekt wersji 2." in messages_of(response)
    draft.refresh_from_db()
    assert [section.heading for section in draft.sections.all()] == ["Postanowienia ogólne", "Cel"]
    assert draft.change_summary == "Cel."


def test_a_text_that_does_not_parse_shows_what_is_wrong(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(url("version", 2), {"text": "§ 1. A\n\nB\n\n§ 3. C\n\nD", "action": "save"})
    assert response.status_code == 200
    assert "Paragrafy mają kolejne numery od 1: po § 1 jest § 3." in page_of(response).text
    assert not draft.sections.exists()


def test_a_published_version_is_read_only(client, coordinator, published):
    client.force_login(coordinator)
    response = client.get(url("version", 2))
    page = page_of(response)
    assert page.h1 == ["Wersja 2 porozumienia"]
    assert "§ 1. Postanowienia ogólne" in page.text
    assert "form" not in response.context
    response = client.post(url("version", 2), {"text": "§ 1. X\n\nY", "action": "save"}, follow=True)
    assert "Ta wersja została już opublikowana; jej tekstu nie można zmienić." in messages_of(response)
    assert published.sections.get(number=1).heading == "Postanowienia ogólne"


def test_the_placeholder_version_says_its_text_is_not_published(client, coordinator):
    client.force_login(coordinator)
    page = page_of(client.get(url("version", 1)))
    assert "Pełny tekst tej wersji porozumienia nie został opublikowany." in page.text
    assert "Gmina Tworóg strona założycielska 10 kwietnia 2018 , Zbrosławice nie podano" in page.text


# --- publishing and discarding ---------------------------------------------------------------------


def test_publishing_twice_tells_the_second_click_and_changes_nothing(client, coordinator, ready_draft):
    client.force_login(coordinator)
    first = client.post(url("version-publish", 2), follow=True)
    published_at = Version.objects.get(pk=ready_draft.pk).published_at

    second = client.post(url("version-publish", 2), follow=True)

    assert any(message.startswith("Opublikowano wersję 2.") for message in messages_of(first))
    assert messages_of(second) == ["Ta wersja została już opublikowana."]
    assert Version.objects.get(pk=ready_draft.pk).published_at == published_at


def test_an_unready_draft_is_not_published_and_the_page_says_why(client, coordinator, draft):
    client.force_login(coordinator)
    assert "Projekt nie ma jeszcze treści" in page_of(client.get(url("version", 2))).text
    response = client.post(url("version-publish", 2), follow=True)
    assert messages_of(response) == ["Projekt nie ma jeszcze treści: wpisz paragrafy i zapisz projekt."]
    assert Version.objects.get(pk=draft.pk).status == Version.Status.DRAFT


def test_the_coordinator_discards_a_draft(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.post(url("version-discard", 2), follow=True)
    assert "Odrzucono projekt wersji 2 razem z jego aneksem." in messages_of(response)
    assert not Version.objects.filter(pk=draft.pk).exists() and not Annex.objects.exists()


def test_a_published_version_cannot_be_discarded(client, coordinator):
    client.force_login(coordinator)
    response = client.post(url("version-discard", 1), follow=True)
    assert messages_of(response) == ["Opublikowanej wersji nie można odrzucić: jest częścią historii porozumienia."]
    assert Version.objects.filter(number=1).exists()


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
    response = client.get(url("version-signatures", 2))
    offered = {participant.slug for participant in response.context["form"].fields["participants"].queryset}
    assert offered == {"kochanowice", "zbroslawice", "krupski-mlyn", "lgd-lesna-kraina-gornego-slaska"}
    assert "Gmina Tworóg podpisanie aneksu" in page_of(response).text


def test_a_draft_has_no_signature_page(client, coordinator, draft):
    client.force_login(coordinator)
    response = client.get(url("version-signatures", 2))
    assert response.status_code == 302 and response.url == url("version", 2)


def test_the_coordinator_records_an_accession_with_a_representative_and_a_scan(
    client, coordinator, agreement, cluster, media_root
):
    newcomer = make_stakeholder(cluster, "Spółdzielnia Słoneczna", status=Participant.Status.APPLIED)
    role = Role.objects.create(
        person=Person.objects.create(first_name="Jan", last_name="Kowal"), participant=newcomer, function="prezes"
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
    response = client.post(url("signature-new"), data, follow=True)

    assert "Zapisano podpis: Spółdzielnia Słoneczna, wersja 1." in messages_of(response)
    newcomer.refresh_from_db()
    assert (newcomer.status, newcomer.joined_on) == ("active", datetime.date(2024, 3, 1))
    assert newcomer.signatures.get().representative == role
    assert stored_files(media_root) == ["deklaracja.pdf"]


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
    response = client.post(url("signature-new"), signature_data(tworog, agreement.current_version()))
    assert response.status_code == 200
    assert "Gmina Tworóg ma już zapisany podpis wersji 1." in page_of(response).text
    assert tworog.signatures.count() == 1


def test_a_representative_of_another_party_is_a_form_error(client, coordinator, agreement, cluster, pawonkow):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    role = Role.objects.create(
        person=Person.objects.create(first_name="Anna", last_name="Nowak"), participant=pawonkow, function="wójt"
    )
    client.force_login(coordinator)
    data = signature_data(newcomer, agreement.current_version(), basis="accession", representative=role.pk)
    response = client.post(url("signature-new"), data)
    assert response.status_code == 200
    assert "Anna Nowak nie reprezentuje strony Firma." in page_of(response).text
    assert not newcomer.signatures.exists()


def test_a_signature_with_a_fake_pdf_changes_nothing(client, coordinator, agreement, cluster, media_root):
    newcomer = make_stakeholder(cluster, "Firma", status=Participant.Status.APPLIED)
    client.force_login(coordinator)
    data = signature_data(newcomer, agreement.current_version(), basis="accession", scan=pdf_upload("x.pdf", FAKE_PDF))
    response = client.post(url("signature-new"), data)
    assert response.status_code == 200
    assert "To nie jest plik PDF." in page_of(response).text
    assert not newcomer.signatures.exists() and stored_files(media_root) == []
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
    response = client.post(url("party-end", "tworog"), data, follow=True)

    assert any("Zapisano zakończenie członkostwa: Gmina Tworóg." in m for m in messages_of(response))
    tworog.refresh_from_db()
    assert (tworog.status, tworog.left_on) == ("withdrawn", datetime.date(2024, 12, 31))
    assert Document.objects.get(kind="wystapienie").number == "OR.1.2024"
    assert tworog.signatures.count() == 1
    assert "wystąpił 31 grudnia 2024" in page_of(response).text


def test_a_membership_cannot_end_before_it_began_form_error(client, coordinator, tworog):
    client.force_login(coordinator)
    data = {"status": "excluded", "left_on": "2018-01-01", "reason": "R"}
    response = client.post(url("party-end", "tworog"), data)
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
    assert "Członkostwo tej strony już się zakończyło." in page_of(client.get(url("party-end", "tworog"))).text
    data = {"status": "excluded", "left_on": "2024-02-01", "reason": "X"}
    response = client.post(url("party-end", "tworog"), data, follow=True)
    assert messages_of(response) == ["Członkostwo strony Gmina Tworóg już się zakończyło."]
    tworog.refresh_from_db()
    assert tworog.status == "withdrawn"


# --- documents -------------------------------------------------------------------------------------


def test_the_documents_page_lists_documents_and_resolutions_read_only(client, coordinator, document, tworog):
    resolution = Document.objects.create(
        kind="uchwala", participant=tworog, number="XX/100/2018", date=FOUNDED, title="w sprawie klastra"
    )
    client.force_login(coordinator)
    page = page_of(client.get(url("documents")))
    assert "Protokół z konferencji inny dokument 10 kwietnia 2018" in page.text
    assert "Gmina Tworóg: uchwała nr XX/100/2018" in page.text
    assert url("document-delete", document.pk) in page.links
    assert url("document-delete", resolution.pk) not in page.links
    assert client.get(url("document-delete", resolution.pk)).status_code == 404


def test_the_coordinator_adds_a_document_with_a_pdf(client, coordinator, agreement, media_root):
    client.force_login(coordinator)
    data = {"kind": "regulamin", "date": "2018-04-10", "title": "Regulamin klastra", "file": pdf_upload("reg.pdf")}
    response = client.post(url("document-new"), data, follow=True)
    assert "Dodano dokument: Regulamin klastra." in messages_of(response)
    assert agreement.documents.filter(title="Regulamin klastra").exists()
    assert stored_files(media_root) == ["reg.pdf"]


def test_a_document_with_a_fake_pdf_or_of_the_gminas_kind_is_refused(client, coordinator, agreement, media_root):
    client.force_login(coordinator)
    before = agreement.documents.count()
    fake = {"kind": "regulamin", "date": "2018-04-10", "title": "R", "file": pdf_upload("r.pdf", FAKE_PDF)}
    assert "To nie jest plik PDF." in page_of(client.post(url("document-new"), fake)).text
    resolution = {"kind": "uchwala", "date": "2018-04-10", "title": "U"}
    assert client.post(url("document-new"), resolution).status_code == 200
    assert agreement.documents.count() == before
    assert stored_files(media_root) == []


def test_the_coordinator_deletes_a_document_and_its_file(
    client, coordinator, agreement, media_root, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        agreement=agreement, kind="inny", date=FOUNDED, title="Stary", file=pdf_upload("stary.pdf")
    )
    client.force_login(coordinator)
    assert "Usunąć dokument?" in page_of(client.get(url("document-delete", document.pk))).h1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("document-delete", document.pk), follow=True)
    assert "Usunięto dokument: Stary." in messages_of(response)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(media_root) == []


# --- the whole journey -----------------------------------------------------------------------------


def test_the_coordinator_publishes_an_annex_and_the_parties_sign_it(client, coordinator, agreement, tworog, pawonkow):
    client.force_login(coordinator)

    response = client.post(url("annex-new"), annex_data())
    assert response.url == url("version", 2)

    text = "§ 1. Postanowienia ogólne\n\nKlaster działa na obszarze pięciu gmin.\n\n§ 2. Cel\n\nEnergia odnawialna."
    preview = client.post(url("version", 2), {"text": text, "effective_on": "2025-06-01", "action": "preview"})
    assert "Klaster działa na obszarze pięciu gmin." in page_of(preview).text
    assert not agreement.versions.get(number=2).sections.exists()

    saved = client.post(url("version", 2), {"text": text, "effective_on": "2025-06-01", "action": "save"})
    assert saved.status_code == 302

    published = client.post(url("version-publish", 2))
    assert published.url == url("version-signatures", 2)

    signed = client.post(
        url("version-signatures", 2),
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


# --- the HTML --------------------------------------------------------------------------------------


def test_every_page_is_well_formed_html_in_each_state(client, coordinator, published, agreement, document, tworog):
    draft = services.annex_draft_create(
        agreement=agreement, number="2", signed_on=datetime.date(2025, 9, 1), subject="cel", text="*Zmiana*",
        by=coordinator,
    )  # fmt: skip
    client.force_login(coordinator)
    responses = [client.get(path) for path in [
        url("overview"), url("edit"), url("annex-new"), url("version", 1), url("version", 2), url("version", 3),
        url("version-signatures", 1), url("version-signatures", 2), url("signature-new"), url("party-end", "tworog"),
        url("documents"), url("document-new"), url("document-delete", document.pk), reverse("coordination:dashboard"),
    ]]  # fmt: skip
    responses += [
        client.post(url("version", draft.number), {"text": TEXT + "\n\n§ 3. Nowy\n\nTak.", "action": "preview"}),
        client.post(url("version", draft.number), {"text": "bez paragrafów", "action": "save"}),
        client.post(url("annex-new"), {}),
        client.post(url("signature-new"), {}),
        client.post(url("version-signatures", 2), {}),
        client.post(url("party-end", "tworog"), {}),
        client.post(url("document-new"), {}),
        client.post(url("edit"), {}),
    ]
    for response in responses:
        assert response.status_code == 200, response.request["PATH_INFO"]
        checker = Checker()
        checker.feed(response.content.decode())
        assert checker.finish() == [], response.request["PATH_INFO"]
