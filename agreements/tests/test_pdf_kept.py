"""A PDF is rendered once per content and then served from the kept file: conditional GETs, a new document when the
data changes, and one rendering when two requests (or two servers) ask at once."""

import hashlib
import re
import threading
from contextlib import nullcontext

import pytest
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.urls import reverse

from agreements.models import IssuedPdf
from agreements.pdf import kept
from klaster.testing import captured_queries, download, identifier_in, make_stakeholder, pdf_text, response_body
from klaster.testing.agreements import accede
from members.models import Participant, Person, Role

pytestmark = pytest.mark.usefixtures("media_root")


# --- keeping: rendered once, served after ---------------------------------------------------------------------------


def test_second_download_serves_the_kept_file_without_rendering(client, agreement, renders):
    first, data = download(client)
    assert renders.count == 1
    second, again = download(client)
    assert renders.count == 1
    assert again == data
    issued = IssuedPdf.objects.get()
    assert issued.file_sha256 == hashlib.sha256(data).hexdigest()
    assert issued.file.name == f"pdf/{issued.file_sha256}.pdf"
    assert storages["private"].exists(issued.file.name)
    assert issued.identifier == identifier_in(data) and issued.language == "pl"
    assert issued.kind == IssuedPdf.Kind.AGREEMENT and issued.version == agreement.current_version()
    assert issued.size == len(data)
    assert second["ETag"] == f'"{issued.file_sha256}"'
    assert second["Last-Modified"]
    assert "no-cache" in second["Cache-Control"] and "public" in second["Cache-Control"]


def test_a_kept_download_does_not_rebuild_the_content_while_nothing_changed(client, agreement, cluster, renders):
    download(client)
    for number in range(30):  # more parties make the content slower to build, not the kept download
        accede(make_stakeholder(cluster, f"Firma {number}"), agreement)
    download(client)
    queries = captured_queries(client, reverse("agreements:pdf"))
    # the agreement, the data revision, the kept document's row
    assert len(queries) <= 3, queries
    assert renders.count == 2


def test_a_change_written_without_signals_still_makes_a_new_document(client, agreement, cluster, renders):
    """The register import writes without model signals and says so with members.signals.data_changed; a missed
    word would serve the old file."""
    from members.signals import data_changed

    _, before = download(client)
    Participant.objects.filter(slug="tworog").update(name="Gmina Tworóg (nowa nazwa)")
    _, stale = download(client)
    assert stale == before  # nothing said the data changed: the kept file is served
    data_changed.send(sender=Participant)
    _, after = download(client)
    assert "Gmina Tworóg (nowa nazwa)" in " ".join(pdf_text(after).split())


def test_a_kept_agreement_pdf_is_answered_before_the_rest_of_the_middleware_with_the_same_headers(
    client, agreement, renders
):
    from django.test import RequestFactory

    from agreements.middleware import KeptPdfMiddleware

    first, data = download(client)  # rendered and kept, through the whole stack
    full_stack_headers = {name: first[name] for name in first.headers if name != "Date"}

    def the_rest(request):
        raise AssertionError("a kept PDF must not need the rest of the middleware")

    early = KeptPdfMiddleware(the_rest)(RequestFactory().get(reverse("agreements:pdf")))
    assert early.status_code == 200 and response_body(early) == data
    for name in ("Content-Type", "Content-Disposition", "ETag", "Last-Modified", "Cache-Control", "X-Frame-Options"):
        assert early[name] == full_stack_headers[name], name
    assert early["Content-Language"] == "pl"
    again = client.get(reverse("agreements:pdf"))  # through the test client: every header of the whole stack
    for name in ("Content-Security-Policy", "Permissions-Policy", "X-Content-Type-Options", "Vary"):
        assert again[name] == first[name], name
    assert captured_queries(client, reverse("agreements:pdf")) == []  # the data revision was read just now
    # Nothing kept for a variant, or a bad one: the middleware passes it on to the view.
    passed = KeptPdfMiddleware(lambda request: "the view")
    assert passed(RequestFactory().get(reverse("agreements:pdf"), {"wariant": "pdfa"})) == "the view"
    assert passed(RequestFactory().get(reverse("agreements:pdf"), {"wariant": "zly"})) == "the view"
    assert renders.count == 1


def test_with_kept_pdf_accel_redirect_the_reverse_proxy_sends_the_kept_file(client, agreement, renders, settings):
    settings.KEPT_PDF_ACCEL_REDIRECT = "/_klaster_kept/"
    first = client.get(reverse("agreements:pdf"))  # rendered and kept, then handed to the proxy
    issued = IssuedPdf.objects.get()
    for response in (first, client.get(reverse("agreements:pdf"))):
        assert response.status_code == 200
        assert response["X-Accel-Redirect"] == "/_klaster_kept/" + issued.file.name.removeprefix("pdf/")
        assert response.content == b""  # nginx sends PRIVATE_ROOT/pdf/<name>
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert response["ETag"] == f'"{issued.file_sha256}"'
    assert storages["private"].exists(issued.file.name)
    refused = client.get(reverse("agreements:pdf"), headers={"if-none-match": first["ETag"]})
    assert refused.status_code == 304 and not refused.has_header("X-Accel-Redirect")
    assert renders.count == 1


def test_conditional_get_answers_304_without_the_file(client, agreement, renders):
    first, _ = download(client)
    response = client.get(reverse("agreements:pdf"), headers={"if-none-match": first["ETag"]})
    assert response.status_code == 304
    assert response.content == b""
    assert response["ETag"] == first["ETag"]
    response = client.get(reverse("agreements:pdf"), headers={"if-modified-since": first["Last-Modified"]})
    assert response.status_code == 304
    response = client.get(reverse("agreements:pdf"), headers={"if-none-match": '"something-else"'})
    assert response.status_code == 200
    assert renders.count == 1


def test_a_new_party_makes_the_next_download_a_new_document(client, agreement, cluster, renders):
    _, before = download(client)
    person = Person.objects.create(first_name="Anna", last_name="Nowak")
    company = make_stakeholder(cluster, "Spółdzielnia Energetyczna Źródło")
    role = Role.objects.create(person=person, participant=company, function="prezes zarządu", is_representative=True)
    accede(company, agreement, representative=role)
    _, after = download(client)
    assert renders.count == 2
    assert identifier_in(after) != identifier_in(before)
    flat = " ".join(pdf_text(after).split())
    assert "Spółdzielnia Energetyczna Źródło" in flat and "przystąpienie" in flat
    assert "Anna Nowak, prezes zarządu" in flat
    assert IssuedPdf.objects.count() == 2


def test_parties_that_did_not_consent_are_counted_not_named(client, agreement, cluster, renders):
    hidden = make_stakeholder(cluster, "Jan Kowalski Fotowoltaika", public_listing=False)
    accede(hidden, agreement)
    _, data = download(client)
    flat = " ".join(pdf_text(data).split())
    assert "Jan Kowalski" not in flat
    assert "strony, które nie zgodziły się na publikację danych: 1" in flat


def two_downloads_at_once():
    """Two visitors ask for the agreement PDF at the same moment; their (status, body) pairs."""
    barrier = threading.Barrier(2)
    results = [None, None]

    def fetch(index):
        try:
            barrier.wait()
            response = Client().get(reverse("agreements:pdf"))
            results[index] = (response.status_code, response_body(response))
        finally:
            connection.close()

    threads = [threading.Thread(target=fetch, args=(index,)) for index in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def assert_one_document_served_twice(results):
    assert IssuedPdf.objects.count() == 1
    (status_a, data_a), (status_b, data_b) = results
    assert status_a == status_b == 200
    assert data_a == data_b
    assert data_a.startswith(b"%PDF-") and data_a.rstrip().endswith(b"%%EOF")
    assert hashlib.sha256(data_a).hexdigest() == IssuedPdf.objects.get().file_sha256


@pytest.mark.django_db(transaction=True)
def test_two_first_downloads_at_once_render_once_and_serve_the_same_file(cluster, renders):
    renders.delay = 0.5
    results = two_downloads_at_once()
    assert renders.count == 1
    assert_one_document_served_twice(results)


@pytest.mark.django_db(transaction=True)
def test_two_servers_downloading_at_once_render_once(cluster, renders, monkeypatch):
    """Between two server processes only the database lock holds: PostgreSQL's advisory lock makes the second wait
    for the first's rendering. (SQLite's in-memory test database cannot hold two writers at once: there the two
    requests run as two threads of one server, and the next test covers SQLite's fallback.)"""
    if connection.vendor == "postgresql":
        monkeypatch.setattr(kept, "_process_lock", lambda export: nullcontext())
    renders.delay = 0.5
    results = two_downloads_at_once()
    assert renders.count == 1
    assert_one_document_served_twice(results)


def test_a_document_kept_by_another_server_meanwhile_is_the_one_served(client, agreement, renders, monkeypatch):
    """Where no lock is shared, the unique constraint keeps one row: a server that rendered the same content while
    another kept it first serves the other's file."""
    monkeypatch.setattr(kept, "_process_lock", lambda export: nullcontext())
    cached = kept.render
    winner = []

    def render_while_another_server_keeps_it(export):
        if winner:
            return cached(export)  # the other server's rendering
        winner.append(None)
        winner[0] = kept.issue(export)  # the other server gets there first
        return cached(export) + b"% rendered by the second server\n"

    monkeypatch.setattr(kept, "render", render_while_another_server_keeps_it)
    response, data = download(client)
    assert response.status_code == 200
    assert IssuedPdf.objects.count() == 1
    assert IssuedPdf.objects.get() == winner[0]
    assert hashlib.sha256(data).hexdigest() == winner[0].file_sha256
    assert storages["private"].listdir("pdf")[1] == [f"{winner[0].file_sha256}.pdf"]  # the loser's copy is not left


# --- the verification address it carries ---------------------------------------------------------------------------

CURRENT = "Portal wydał ten dokument i jest to jego aktualna wersja."


def _pdf_on(client, host):
    response = client.get(reverse("agreements:pdf"), HTTP_HOST=host)
    assert response.status_code == 200
    return response_body(response)


def _verification_address(data):
    """The verification address printed in the PDF (pypdf may break it across lines)."""
    return re.search(r"https?://[^/]+/porozumienie/weryfikacja/[A-Z]{3}-[0-9A-F]{12}/", "".join(pdf_text(data).split()))


def test_in_development_a_pdf_carries_the_verification_address_of_the_server_it_was_downloaded_from(
    client, agreement, settings, renders
):
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
    for host in ("127.0.0.1:8101", "localhost:8102"):
        data = _pdf_on(client, host)
        address = f"http://{host}/porozumienie/weryfikacja/{identifier_in(data)}/"
        assert _verification_address(data).group(0) == address
        page = client.get(address.removeprefix(f"http://{host}"), HTTP_HOST=host)
        assert CURRENT in page.content.decode()  # verified on that server, the file is its current one


def test_in_production_a_kept_pdf_carries_site_url_whatever_host_the_first_visitor_sent(
    client, agreement, settings, renders
):
    settings.DEBUG = False
    settings.SITE_URL = "https://klaster.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "klaster.example.org"]
    first = _pdf_on(client, "127.0.0.1:8101")  # a server's own address, which ALLOWED_HOSTS accepts
    assert _pdf_on(client, "klaster.example.org") == first and renders.count == 1
    address = f"https://klaster.example.org/porozumienie/weryfikacja/{identifier_in(first)}/"
    assert _verification_address(first).group(0) == address
    page = client.get(address.removeprefix("https://klaster.example.org"), HTTP_HOST="127.0.0.1:8101")
    assert CURRENT in page.content.decode()
