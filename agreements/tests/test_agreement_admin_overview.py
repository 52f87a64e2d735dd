"""The coordinator's overview of the agreement, its facts and its documents."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from agreements.models import Agreement, Document, Signature
from klaster.testing import (
    FAKE_PDF,
    count_queries,
    is_random_name,
    log_in_as,
    make_stakeholder,
    messages_of,
    opened,
    page_of,
    pdf_upload,
    stored_files,
    stored_paths,
)
from klaster.testing.agreements import FOUNDED, admin_url
from members.models import Participant

pytestmark = pytest.mark.usefixtures("media_root")


# --- the overview ----------------------------------------------------------------------------------


def test_the_overview_shows_the_agreement_versions_parties_and_actions(client, coordinator, document):
    client.force_login(coordinator)
    page = page_of(client.get(admin_url("overview")))

    assert "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«" in page.text
    assert "Data podpisania 10 kwietnia 2018 r." in page.text
    assert "wersja 1 – pełny tekst nie został jeszcze opublikowany" in page.text
    assert "wersja 1 opublikowana (obowiązująca) 10 kwietnia 2018 r. – tekst niepełny 6" in page.text
    assert "6 stron porozumienia" in page.text
    assert "Gmina Tworóg strona założycielska, 10 kwietnia 2018 r. wersja 1 trwa" in page.text
    assert "Protokół z konferencji" in page.text
    for link in [
        admin_url("edit"),
        admin_url("annex-new"),
        admin_url("version", 1),
        admin_url("version-signatures", 1),
        admin_url("signature-new"),
        admin_url("party-end", "tworog"),
        admin_url("documents"),
        admin_url("document-new"),
    ]:
        assert link in page.links


def test_the_overview_points_to_the_waiting_draft_instead_of_a_new_annex(client, coordinator, draft):
    client.force_login(coordinator)
    page = page_of(client.get(admin_url("overview")))
    assert "Projekt wersji 2 czeka na publikację." in page.text
    assert admin_url("version", 2) in page.links
    assert admin_url("annex-new") not in page.links


def test_the_overview_query_count_does_not_grow_with_the_parties(client, coordinator, agreement, cluster):
    client.force_login(coordinator)
    client.get(admin_url("overview"))
    version = agreement.current_version()

    def queries_with(new_parties):
        for _number in range(new_parties):
            party = make_stakeholder(cluster, f"Firma {Participant.objects.count()}")
            Signature.objects.create(version=version, participant=party, basis="accession", signed_on=FOUNDED)
            Document.objects.create(agreement=agreement, kind="accession", date=FOUNDED, title=party.name)
        return count_queries(client, admin_url("overview"))

    assert queries_with(1) == queries_with(15)


def test_the_overview_lists_parties_and_versions_a_page_at_a_time(client, coordinator, agreement, cluster):
    from agreements.models import Version
    from agreements.views.agreement_admin import PARTIES_PAGE_SIZE, VERSIONS_PAGE_SIZE

    version = agreement.current_version()
    for number in range(PARTIES_PAGE_SIZE):  # with the six founding parties: two pages
        party = make_stakeholder(cluster, f"Firma Przystępująca {number:03d}")
        Signature.objects.create(version=version, participant=party, basis="accession", signed_on=FOUNDED)
    for number in range(2, VERSIONS_PAGE_SIZE + 3):
        Version.objects.create(
            agreement=agreement, number=number, status=Version.Status.PUBLISHED, effective_on=FOUNDED
        )
    client.force_login(coordinator)
    first = page_of(client.get(admin_url("overview")))
    assert f"{PARTIES_PAGE_SIZE + 6} stron porozumienia" in first.text
    assert "Gmina Tworóg strona założycielska" in first.text  # founding parties first
    assert f"wersja {VERSIONS_PAGE_SIZE + 2} opublikowana (obowiązująca)" in first.text  # the newest first
    assert "?page=2" in first.links and "?wersje=2" in first.links
    # Each list keeps the other's page in its links.
    both = page_of(client.get(admin_url("overview"), {"page": 2, "wersje": 2}))
    assert "?page=2&wersje=1" in both.links and "?wersje=2&page=1" in both.links
    assert f"Firma Przystępująca {PARTIES_PAGE_SIZE - 1:03d}" in both.text
    assert "wersja 1 opublikowana" in both.text and "Gmina Tworóg strona założycielska" not in both.text


@pytest.mark.parametrize("name", ["documents", "version-signatures", "version"])
def test_list_pages_do_not_query_more_as_parties_and_documents_grow(
    client, coordinator, published, agreement, cluster, tworog, name
):
    client.force_login(coordinator)
    page_url = admin_url("documents") if name == "documents" else admin_url(name, published.number)
    client.get(page_url)

    def queries_with(more):
        for _number in range(more):
            party = make_stakeholder(cluster, f"Firma {Participant.objects.count()}")
            Signature.objects.create(version=published, participant=party, basis="accession", signed_on=FOUNDED)
            Document.objects.create(agreement=agreement, kind="accession", date=FOUNDED, title=party.name)
            Document.objects.create(
                kind="resolution", participant=tworog, number=party.slug, date=FOUNDED, title=party.name
            )
        return count_queries(client, page_url)

    assert queries_with(1) == queries_with(15)


def test_the_dashboard_shows_a_draft_waiting_to_be_published(client, coordinator, draft):
    client.force_login(coordinator)
    page = page_of(client.get(reverse("coordination:dashboard")))
    assert "Projekt wersji 2 porozumienia czeka na publikację." in page.text
    assert admin_url("version", 2) in page.links
    assert admin_url("overview") in page.links


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
    response = client.post(admin_url("edit"), data, follow=True)
    assert "Zapisano dane porozumienia." in messages_of(response)
    agreement.refresh_from_db()
    assert (agreement.signed_place, agreement.summary_pl, agreement.summary_en) == (
        "Zbrosławice",
        "Krótko po polsku.",
        "Briefly in English.",
    )


def test_an_agreement_without_a_title_is_not_saved(client, coordinator, agreement):
    client.force_login(coordinator)
    response = client.post(admin_url("edit"), {"title": "", "status": "in_force"})
    assert response.status_code == 200
    assert "To pole jest wymagane." in page_of(response).text
    assert page_of(response).h1 == ["Dane porozumienia"]
    assert Agreement.objects.get(pk=agreement.pk).title == agreement.title


# --- documents -------------------------------------------------------------------------------------


def test_the_documents_page_lists_documents_and_resolutions_read_only(client, coordinator, document, tworog):
    resolution = Document.objects.create(
        kind="resolution", participant=tworog, number="XX/100/2018", date=FOUNDED, title="w sprawie klastra"
    )
    client.force_login(coordinator)
    page = page_of(client.get(admin_url("documents")))
    assert "Protokół z konferencji inny dokument 10 kwietnia 2018 r." in page.text
    assert "Gmina Tworóg: uchwała nr XX/100/2018" in page.text
    assert admin_url("document-delete", document.pk) in page.links
    assert admin_url("document-delete", resolution.pk) not in page.links
    assert client.get(admin_url("document-delete", resolution.pk)).status_code == 404


def test_the_coordinator_adds_a_document_with_a_pdf(client, coordinator, agreement, media_root, private_files):
    client.force_login(coordinator)
    data = {"kind": "rules", "date": "2018-04-10", "title": "Regulamin klastra", "file": pdf_upload("reg.pdf")}
    response = client.post(admin_url("document-new"), data, follow=True)
    assert "Dodano dokument: Regulamin klastra." in messages_of(response)
    document = agreement.documents.get(title="Regulamin klastra")
    assert is_random_name(document.file.name, ".pdf", "documents/") and document.file_original_name == "reg.pdf"
    assert stored_paths(private_files) == [document.file.name] and stored_files(media_root) == []


def test_a_document_with_a_fake_pdf_or_of_the_gminas_kind_is_refused(client, coordinator, agreement, private_files):
    client.force_login(coordinator)
    before = agreement.documents.count()
    fake = {"kind": "rules", "date": "2018-04-10", "title": "R", "file": pdf_upload("r.pdf", FAKE_PDF)}
    assert "To nie jest plik PDF." in page_of(client.post(admin_url("document-new"), fake)).text
    resolution = {"kind": "resolution", "date": "2018-04-10", "title": "U"}
    assert client.post(admin_url("document-new"), resolution).status_code == 200
    assert agreement.documents.count() == before
    assert stored_files(private_files) == []


def test_the_coordinator_deletes_a_document_and_its_file(
    client, coordinator, agreement, private_files, django_capture_on_commit_callbacks
):
    document = Document.objects.create(
        agreement=agreement, kind="other", date=FOUNDED, title="Stary", file=pdf_upload("stary.pdf")
    )
    assert stored_paths(private_files) == [document.file.name]
    client.force_login(coordinator)
    assert "Usunąć dokument?" in page_of(client.get(admin_url("document-delete", document.pk))).h1
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(admin_url("document-delete", document.pk), follow=True)
    assert "Usunięto dokument: Stary." in messages_of(response)
    assert not Document.objects.filter(pk=document.pk).exists()
    assert stored_files(private_files) == []


# --- changing a document: its data, its file -------------------------------------------------------------------------


@pytest.fixture
def filed_document(agreement):
    return Document.objects.create(
        agreement=agreement, kind="rules", date=FOUNDED, title="Regulamin klastra", file=pdf_upload("stary.pdf")
    )


def test_the_documents_page_links_each_document_to_its_edit_page(client, coordinator, filed_document):
    client.force_login(coordinator)
    assert admin_url("document-edit", filed_document.pk) in page_of(client.get(admin_url("documents"))).links


def test_the_coordinator_changes_a_documents_data_and_replaces_its_file(
    client, coordinator, filed_document, private_files, django_capture_on_commit_callbacks
):
    old_name = filed_document.file.name
    url = admin_url("document-edit", filed_document.pk)
    client.force_login(coordinator)
    page = page_of(client.get(url))
    assert page.h1 == ["Zmiana dokumentu porozumienia"]
    assert reverse("agreements:document-file", args=[filed_document.pk]) in page.links  # the current file, by the view
    assert "stary.pdf" in page.text
    data = opened(client, url) | {"title": "Regulamin klastra (tekst jednolity)", "number": "1/2019"}

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data | {"file": pdf_upload("nowy.pdf")}, follow=True)

    assert "Zapisano dokument: Regulamin klastra (tekst jednolity)." in messages_of(response)
    filed_document.refresh_from_db()
    assert (filed_document.title, filed_document.number, filed_document.kind) == (
        "Regulamin klastra (tekst jednolity)",
        "1/2019",
        "rules",
    )
    assert filed_document.file.name != old_name and filed_document.file_original_name == "nowy.pdf"
    assert is_random_name(filed_document.file.name, ".pdf", "documents/")
    assert stored_paths(private_files) == [filed_document.file.name]  # the replaced file is gone
    history = LogEntry.objects.get_for_object(filed_document).filter(action=LogEntry.Action.UPDATE).get()
    assert history.actor == coordinator
    assert history.changes_dict["title"] == ["Regulamin klastra", "Regulamin klastra (tekst jednolity)"]


def test_saving_without_a_new_file_keeps_the_stored_one(client, coordinator, filed_document, private_files):
    url = admin_url("document-edit", filed_document.pk)
    client.force_login(coordinator)
    client.post(url, opened(client, url) | {"date": "2018-04-11"})
    filed_document.refresh_from_db()
    assert filed_document.date.isoformat() == "2018-04-11" and filed_document.file_original_name == "stary.pdf"
    assert stored_paths(private_files) == [filed_document.file.name]


def test_a_fake_pdf_changes_nothing_and_keeps_the_old_file(client, coordinator, filed_document, private_files):
    url = admin_url("document-edit", filed_document.pk)
    client.force_login(coordinator)
    data = opened(client, url) | {"title": "Zmieniony", "file": pdf_upload("r.pdf", FAKE_PDF)}

    response = client.post(url, data)

    assert response.status_code == 200
    assert "To nie jest plik PDF. Dołącz dokument w formacie PDF." in page_of(response).text
    filed_document.refresh_from_db()
    assert filed_document.title == "Regulamin klastra" and filed_document.file_original_name == "stary.pdf"
    assert stored_paths(private_files) == [filed_document.file.name]


def test_a_change_saved_meanwhile_is_not_overwritten(client, coordinator, filed_document, private_files):
    url = admin_url("document-edit", filed_document.pk)
    client.force_login(coordinator)
    mine = opened(client, url)
    Document.objects.filter(pk=filed_document.pk).update(title="Regulamin po zmianie")

    response = client.post(url, mine | {"number": "2/2019", "file": pdf_upload("nowy.pdf")})

    assert response.status_code == 200
    text = page_of(response).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie" in text
    assert "Tytuł: było „Regulamin klastra”, teraz jest „Regulamin po zmianie”." in text
    filed_document.refresh_from_db()
    assert (filed_document.title, filed_document.number) == ("Regulamin po zmianie", "")
    assert filed_document.file_original_name == "stary.pdf"
    assert stored_paths(private_files) == [filed_document.file.name]  # the new file was not kept


@pytest.mark.parametrize("persona", ["anonymous", "staff_tworog"])
def test_a_clerk_or_a_visitor_cannot_change_a_document(client, request, filed_document, private_files, persona):
    url = admin_url("document-edit", filed_document.pk)
    user = log_in_as(client, request, persona)

    response = client.post(url, {"kind": "other", "date": "2019-01-01", "title": "Przejęty", "file": pdf_upload()})

    if user is None:
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    else:
        assert response.status_code == 403
    filed_document.refresh_from_db()
    assert (filed_document.title, filed_document.kind) == ("Regulamin klastra", "rules")
    assert stored_paths(private_files) == [filed_document.file.name]


def test_a_document_cannot_be_made_a_resolution(client, coordinator, filed_document):
    url = admin_url("document-edit", filed_document.pk)
    client.force_login(coordinator)
    response = client.post(url, opened(client, url) | {"kind": "resolution"})
    assert response.status_code == 200
    filed_document.refresh_from_db()
    assert filed_document.kind == "rules"
