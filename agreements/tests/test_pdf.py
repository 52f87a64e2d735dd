"""The PDFs of the agreement: the consolidated agreement, an accession declaration, the member register.

Each is read back with pypdf: its Polish text, page numbers, identifier and fingerprint, metadata, fonts and variant.
A PDF is rendered once per content and then served from the kept file; WeasyPrint reads nothing but our own files.
"""

import base64
import datetime
import hashlib
import re
import threading
from contextlib import nullcontext
from html.parser import HTMLParser
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agreements.models import Annex, IssuedPdf, Section, Signature, Version
from agreements.pdf import content, kept
from agreements.tests.pdf_support import body, catalog, count_renders, embedded_fonts, fresh_media, reader, text, xmp
from conftest import make_stakeholder
from klaster.pdf import LocalFetcher, RefusedURL, render_pdf
from members.models import Participant, Person, Role

FOUNDED = datetime.date(2018, 4, 10)
TITLE = "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«"
LGD = "Stowarzyszenie Lokalna Grupa Działania „Leśna Kraina Górnego Śląska”"
PARTIES = ["Gmina Kochanowice", "Gmina Zbrosławice", "Gmina Krupski Młyn", "Gmina Tworóg", "Gmina Pawonków", LGD]
PANGRAM = "Zażółć gęślą jaźń – „cytat” i § 7"
BUNDLED = {"Klaster-Serif", "Klaster-Serif-Bold", "Klaster-Serif-Italic", "Klaster-Sans", "Klaster-Sans-Bold"}

pytestmark = pytest.mark.usefixtures("media")


@pytest.fixture
def media(settings, tmp_path):
    return fresh_media(settings, tmp_path)


@pytest.fixture
def renders(monkeypatch):
    return count_renders(monkeypatch)


@pytest.fixture
def agreement(cluster):
    return cluster.agreements.get()


def download(client, name="agreements:pdf", query="", **kwargs):
    response = client.get(reverse(name, kwargs=kwargs) + query)
    return response, body(response) if response.status_code == 200 else b""


def identifier_in(data):
    return re.search(r"(?:POR|DEK|REJ)-[0-9A-F]{12}", text(data)).group(0)


def accede(participant, agreement, *, on=datetime.date(2022, 5, 1), representative=None):
    """`participant` joins `agreement` by accession to its current version."""
    participant.joined_on = participant.joined_on or on
    participant.save()
    return Signature.objects.create(
        version=agreement.current_version(),
        participant=participant,
        basis=Signature.Basis.ACCESSION,
        signed_on=on,
        signed_place="Tworóg",
        representative=representative,
    )


def publish_annex(agreement, sections, *, number="1/2024", effective_on=datetime.date(2024, 1, 1)):
    annex = Annex.objects.create(
        agreement=agreement,
        number=number,
        signed_on=effective_on,
        subject="Dostosowanie do ustawy o OZE",
        text="Zmiana.",
    )
    version = Version.objects.create(
        agreement=agreement,
        number=agreement.versions.count() + 1,
        status=Version.Status.PUBLISHED,
        effective_on=effective_on,
        annex=annex,
        published_at=timezone.now(),
    )
    for number_, (heading, text_) in enumerate(sections, start=1):
        Section.objects.create(version=version, number=number_, heading=heading, body=text_)
    return version


# --- the consolidated agreement ------------------------------------------------------------------------------------


def test_agreement_pdf_has_the_title_the_summary_marked_as_such_the_parties_and_page_numbers(
    client, agreement, renders
):
    response, data = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    extracted = text(data)
    flat = " ".join(extracted.split())
    assert "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«" in flat
    assert "Streszczenie tego, co wiadomo – to nie jest tekst porozumienia" in flat
    assert "Pełny tekst porozumienia nie został opublikowany" in flat
    assert "Zbrosławice, Centrum Usług Publicznych, 10 kwietnia 2018 r." in flat
    for party in PARTIES[:5]:
        assert party in flat
    assert "„Leśna Kraina Górnego Śląska”" in flat
    assert "strona założycielska" in flat and "nie podano" in flat
    assert "List intencyjny w sprawie utworzenia klastra energii" in flat
    pages = len(reader(data).pages)
    for page in range(1, pages + 1):
        assert f"Strona {page} z {pages}" in flat
    export = content.agreement_export(agreement)
    assert f"Identyfikator dokumentu: {export.identifier}" in flat
    assert export.content_sha256 in flat.replace(" ", "")
    assert export.verify_url in flat.replace(" ", "")
    assert "None" not in extracted


def test_agreement_pdf_is_named_after_the_cluster_and_version(client, agreement, renders):
    response, _ = download(client)
    assert response["Content-Disposition"] == (
        'attachment; filename="porozumienie-zielona-energia-lesnej-krainy-wersja-1.pdf"'
    )
    response, _ = download(client, query="?wariant=pdfa")
    assert response["Content-Disposition"].endswith('wersja-1-pdfa.pdf"')


def test_agreement_pdf_metadata_names_title_author_and_polish(client, agreement, renders):
    _, data = download(client)
    metadata = reader(data).metadata
    assert metadata.title == TITLE
    assert metadata.author == LGD
    assert catalog(data)["/Lang"] == "pl"
    identifier = content.agreement_export(agreement).identifier
    assert identifier in metadata["/Keywords"]
    assert TITLE in xmp(data) and LGD in xmp(data)


def test_default_download_is_a_tagged_pdf_ua_and_the_archival_one_a_tagged_pdf_a(client, agreement, renders):
    _, accessible = download(client)
    assert 'pdfuaid:part="1"' in xmp(accessible)
    _, archival = download(client, query="?wariant=pdfa")
    assert 'pdfaid:part="3"' in xmp(archival) and 'pdfaid:conformance="A"' in xmp(archival)
    assert "/OutputIntents" in catalog(archival)
    for data in (accessible, archival):
        root = catalog(data)
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"])
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert identifier_in(accessible) != identifier_in(archival)  # two documents, each with its own identifier
    assert "PDF/A-3a" in text(archival) and "PDF/UA-1" in text(accessible)


def test_unknown_variant_is_refused_with_a_clear_message(client, agreement, renders):
    response = client.get(reverse("agreements:pdf") + "?wariant=docx")
    assert response.status_code == 400
    assert "Nie ma takiego wariantu pliku" in response.content.decode()
    assert renders.count == 0


def test_every_font_in_the_pdf_is_a_bundled_dejavu_font(client, agreement, renders):
    _, data = download(client)
    fonts = embedded_fonts(data)
    assert fonts
    for name, family in fonts.items():
        assert name.split("+", 1)[1] in BUNDLED, name  # only our @font-face families
        assert family in ("DejaVu Serif", "DejaVu Sans"), (name, family)  # and the program is DejaVu


def test_fonts_come_from_the_bundled_files_and_nothing_else_is_fetched(settings):
    fetched = []
    original = LocalFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    html = '<html lang="pl"><title>Próba</title><body><p>Zażółć <b>gęślą</b> <i>jaźń</i></p><h2>Nagłówek</h2></body></html>'
    with mock.patch.object(LocalFetcher, "fetch", spy):
        data = render_pdf(html)
    fonts_dir = (Path(settings.BASE_DIR) / "static" / "fonts").resolve().as_uri()
    assert fetched and all(url.startswith(fonts_dir + "/DejaVu") for url in fetched), fetched
    assert "Zażółć gęślą jaźń" in text(data)


def test_texts_of_a_published_version_extract_with_polish_letters(client, agreement, renders):
    publish_annex(agreement, [("Postanowienia ogólne", PANGRAM), ("Koordynator", "Treść **drugiego** paragrafu.")])
    _, data = download(client)
    flat = " ".join(text(data).split())
    assert "§ 1. Postanowienia ogólne" in flat and "§ 2. Koordynator" in flat
    assert PANGRAM in flat
    for letter in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"[:9]:
        assert letter in flat
    assert "Streszczenie tego, co wiadomo" not in flat  # the text is there: no summary in its place
    assert "Aneks nr 1/2024" in flat and "Dostosowanie do ustawy o OZE" in flat


class Elements(HTMLParser):
    """The elements and attribute values of an HTML fragment."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.values = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.values += [value or "" for _, value in attrs]


def no_network():
    return mock.patch("socket.create_connection", side_effect=AssertionError("network used"))


def test_unsafe_markup_in_agreement_text_never_reaches_the_pdf(client, agreement, renders):
    body_text = (
        'Akapit. <script>alert("x")</script> <iframe src="http://example.org/ramka"></iframe>\n\n'
        '![zdjęcie](http://example.org/x.png)\n\n<img src="file:///etc/passwd">\n\n[plik](file:///etc/passwd)'
    )
    publish_annex(agreement, [("Próba", body_text)])
    html = content.agreement_export(agreement).content["sections"][0]["html"]
    elements = Elements(html)
    assert elements.tags <= {"p", "a", "strong", "em"}, elements.tags  # raw HTML is shown as text, never as markup
    assert not [value for value in elements.values if "example.org" in value or "file:" in value]
    with no_network():
        _, data = download(client)
    raw = data.decode("latin-1")
    assert "/JavaScript" not in raw and "/JS " not in raw and "/Launch" not in raw
    assert "/Subtype /Image" not in raw  # no picture at all: the QR code is drawn as vectors
    flat = " ".join(text(data).split())
    assert "zdjęcie" not in flat  # the remote picture is gone, not even its description is left
    assert "Akapit." in flat


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
    with CaptureQueriesContext(connection) as queries:
        download(client)
    # the agreement, the data revision, the kept document's row
    assert len(queries) <= 3, [q["sql"] for q in queries.captured_queries]
    assert renders.count == 2


def test_a_change_written_without_signals_still_makes_a_new_document(client, agreement, cluster, renders):
    """The register import writes with raw SQL and raises the revision itself; a missed raise would serve the old
    file."""
    from members.models import Revision

    _, before = download(client)
    Participant.objects.filter(slug="tworog").update(name="Gmina Tworóg (nowa nazwa)")
    _, stale = download(client)
    assert stale == before  # nothing said the data changed: the kept file is served
    Revision.bump()
    _, after = download(client)
    assert "Gmina Tworóg (nowa nazwa)" in " ".join(text(after).split())


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
    flat = " ".join(text(after).split())
    assert "Spółdzielnia Energetyczna Źródło" in flat and "przystąpienie" in flat
    assert "Anna Nowak, prezes zarządu" in flat
    assert IssuedPdf.objects.count() == 2


def test_parties_that_did_not_consent_are_counted_not_named(client, agreement, cluster, renders):
    hidden = make_stakeholder(cluster, "Jan Kowalski Fotowoltaika", public_listing=False)
    accede(hidden, agreement)
    _, data = download(client)
    flat = " ".join(text(data).split())
    assert "Jan Kowalski" not in flat
    assert "strony, które nie zgodziły się na publikację danych (1)" in flat


def two_downloads_at_once():
    """Two visitors ask for the agreement PDF at the same moment; their (status, body) pairs."""
    barrier = threading.Barrier(2)
    results = [None, None]

    def fetch(index):
        try:
            barrier.wait()
            response = Client().get(reverse("agreements:pdf"))
            results[index] = (response.status_code, body(response))
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


# --- the URL fetcher ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/style.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://example.org/static/css/pdf.css",
        "http://127.0.0.1:8000/porozumienie/",
        "http://127.0.0.1:8000/static/../../../etc/passwd",
        "http://127.0.0.1:8000/media/../../etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_our_static_and_media_files(url, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(RefusedURL):
        LocalFetcher().fetch(url)


def test_fetcher_refuses_a_path_out_of_the_static_directory(settings):
    outside = (Path(settings.BASE_DIR) / "static" / ".." / "manage.py").as_posix()
    with pytest.raises(RefusedURL):
        LocalFetcher().fetch("file://" + outside)


def test_fetcher_reads_our_static_and_media_files_and_data_uris(settings, media):
    settings.SITE_URL = "http://127.0.0.1:8000"
    media.mkdir(parents=True, exist_ok=True)
    (media / "herb.png").write_bytes(b"\x89PNG test")
    fetcher = LocalFetcher()
    font = (Path(settings.BASE_DIR) / "static" / "fonts" / "DejaVuSans.ttf").as_uri()
    assert fetcher.fetch(font).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("http://127.0.0.1:8000/static/css/pdf.css").read().startswith(b"/* Print stylesheet")
    assert fetcher.fetch("http://127.0.0.1:8000/media/herb.png").read() == b"\x89PNG test"
    encoded = base64.b64encode("łóżko".encode()).decode()
    assert fetcher.fetch(f"data:text/plain;base64,{encoded}").read().decode() == "łóżko"


def test_a_crafted_document_never_fetches_remote_or_private_files():
    html = (
        '<html lang="pl"><head><title>Próba</title><link rel="stylesheet" href="https://example.org/x.css">'
        '<style>@import url("http://example.org/y.css"); p { background: url("file:///etc/passwd"); }</style></head>'
        '<body><p>Treść</p><img src="http://example.org/x.png" alt="x"><img src="file:///etc/passwd" alt="y">'
        '<iframe src="http://example.org/"></iframe></body></html>'
    )
    asked, refused = [], []
    original = LocalFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        try:
            return original(self, url, headers)
        except RefusedURL:
            refused.append(url)
            raise

    with mock.patch.object(LocalFetcher, "fetch", spy), no_network():
        data = render_pdf(html)
    outside = [url for url in asked if "/static/fonts/" not in url]
    assert set(outside) == set(refused)
    assert {"http://example.org/x.png", "file:///etc/passwd", "https://example.org/x.css"} <= set(refused)
    assert "Treść" in text(data)


# --- the accession declaration ---------------------------------------------------------------------------------------


@pytest.fixture
def acceded(agreement, cluster):
    company = make_stakeholder(
        cluster, "Przedsiębiorstwo Ciepłownicze Łąka", slug="pc-laka", city="Tworóg", nip="5261040828"
    )
    accede(company, agreement)
    return company


@pytest.mark.parametrize("persona", ["anonymous", "staff_tworog", "coordinator"])
def test_accession_pdf_of_a_public_party_is_public(persona, request, client, acceded, renders):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response, data = download(client, "agreements:accession-pdf", slug=acceded.slug)
    assert response.status_code == 200
    flat = " ".join(text(data).split())
    assert "Deklaracja przystąpienia: Przedsiębiorstwo Ciepłownicze Łąka" in flat
    assert "1 maja 2022 r., Tworóg" in flat and "526-104-08-28" in flat
    assert "Nie zastępuje podpisanej deklaracji" in flat
    assert identifier_in(data).startswith("DEK-")
    assert response["Content-Disposition"].endswith('"deklaracja-przystapienia-pc-laka.pdf"')


def test_accession_pdf_of_a_founding_party_or_a_stranger_is_not_found(client, cluster, renders):
    assert client.get(reverse("agreements:accession-pdf", kwargs={"slug": "tworog"})).status_code == 404
    assert client.get(reverse("agreements:accession-pdf", kwargs={"slug": "nie-ma-takiej"})).status_code == 404
    make_stakeholder(cluster, "Firma Bez Podpisu")
    assert client.get(reverse("agreements:accession-pdf", kwargs={"slug": "firma-bez-podpisu"})).status_code == 404
    assert renders.count == 0


@pytest.mark.parametrize(
    "persona, status",
    [
        ("anonymous", 404),
        ("staff_tworog", 404),
        ("coordinator_without_mfa", 404),
        ("superuser", 404),
        ("coordinator", 200),
    ],
)
def test_accession_pdf_of_a_party_that_is_not_public_is_the_coordinators(
    persona, status, request, client, agreement, cluster, renders
):
    hidden = make_stakeholder(cluster, "Jan Nowak", category=Participant.Category.PERSON, public_listing=False)
    accede(hidden, agreement)
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response, data = download(client, "agreements:accession-pdf", slug=hidden.slug)
    assert response.status_code == status
    if status == 200:
        assert "Jan Nowak" in text(data)
        assert "private" in response["Cache-Control"]


# --- the member register ---------------------------------------------------------------------------------------------


def test_register_before_the_signing_has_no_members(client, cluster, renders):
    response, data = download(client, "agreements:register-pdf", query="?dzien=2018-04-09")
    assert response.status_code == 200
    flat = " ".join(text(data).split())
    assert "na dzień 9 kwietnia 2018 r." in flat
    assert "W tym dniu klaster nie miał członków" in flat
    assert not any(gmina in flat for gmina in PARTIES[:5])
    assert "(0)" not in flat and "Lp." not in flat  # no table at all
    assert response["Content-Disposition"].endswith('"rejestr-czlonkow-zielona-energia-lesnej-krainy-2018-04-09.pdf"')


def test_register_on_the_day_of_signing_lists_the_six_parties(client, cluster, renders):
    response, data = download(client, "agreements:register-pdf", query="?dzien=2018-04-10")
    flat = " ".join(text(data).split())
    assert "Członkowie klastra na dzień 10 kwietnia 2018 r. (6)" in flat
    for party in PARTIES[:5]:
        assert party in flat
    assert "6. Stowarzyszenie Lokalna Grupa" in flat
    assert identifier_in(data).startswith("REJ-")
    issued = IssuedPdf.objects.get()
    assert issued.as_of == FOUNDED and issued.kind == IssuedPdf.Kind.REGISTER


def test_register_without_a_day_is_as_of_today(client, cluster, renders):
    download(client, "agreements:register-pdf")
    assert IssuedPdf.objects.get().as_of == timezone.localdate()


@pytest.mark.parametrize("day", ["2018-13-01", "10.04.2018", "jutro", "2018-4-1", "<script>"])
def test_register_with_a_malformed_day_says_how_to_write_it(client, cluster, day, renders):
    response = client.get(reverse("agreements:register-pdf"), {"dzien": day})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nie jest poprawną datą" in page and "RRRR-MM-DD" in page
    assert "<script>" not in page
    assert renders.count == 0


def test_register_of_a_future_day_is_refused(client, cluster, renders):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(reverse("agreements:register-pdf"), {"dzien": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "dzień dzisiejszy" in response.content.decode()


@pytest.mark.parametrize(
    "persona, sees_hidden",
    [("anonymous", False), ("staff_tworog", False), ("coordinator_without_mfa", False), ("coordinator", True)],
)
def test_register_lists_parties_that_did_not_consent_only_for_the_coordinator(
    persona, sees_hidden, request, client, cluster, renders
):
    make_stakeholder(cluster, "Ukryta Spółka Energetyczna", public_listing=False, joined_on=datetime.date(2020, 1, 1))
    make_stakeholder(cluster, "Jawna Spółka Energetyczna", joined_on=datetime.date(2020, 1, 1))
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response, data = download(client, "agreements:register-pdf", query="?dzien=2021-01-01")
    flat = " ".join(text(data).split())
    assert "Jawna Spółka Energetyczna" in flat
    assert ("Ukryta Spółka Energetyczna" in flat) is sees_hidden
    assert ("pełny rejestr" in flat) is sees_hidden
    assert f"na dzień 1 stycznia 2021 r. ({8 if sees_hidden else 7})" in flat
    assert ("private" in response["Cache-Control"]) is sees_hidden


def test_pdf_links_point_to_our_verification_page_in_polish(agreement, settings):
    settings.SITE_URL = "https://klaster.example.org"
    export = content.agreement_export(agreement)
    assert export.verify_url == f"https://klaster.example.org/porozumienie/weryfikacja/{export.identifier}/"
    assert export.identifier == "POR-" + export.content_sha256[:12].upper()
    assert kept.qr_data_uri(export.verify_url).startswith("data:image/svg+xml;base64,")


def test_content_fingerprint_is_stable_and_covers_what_is_shown(agreement):
    first = content.agreement_export(agreement)
    assert content.agreement_export(agreement).content_sha256 == first.content_sha256
    assert content.agreement_export(agreement, variant="pdfa").content_sha256 != first.content_sha256
    tworog = Participant.objects.get(slug="tworog")
    tworog.name = "Gmina Tworóg (zmieniona)"
    tworog.save()
    assert content.agreement_export(agreement).content_sha256 != first.content_sha256
    assert settings.SITE_URL in content.canonical_json(first.content).decode()


def test_a_client_walking_through_register_days_is_slowed_down(client, cluster, renders, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "klaster_register_pdf": "2/m/ip"}
    assert client.get(reverse("agreements:register-pdf"), {"dzien": "2020-01-01"}).status_code == 200
    assert client.get(reverse("agreements:register-pdf"), {"dzien": "2020-01-02"}).status_code == 200
    refused = client.get(reverse("agreements:register-pdf"), {"dzien": "2020-01-03"})
    assert refused.status_code == 429 and "Zbyt wiele prób" in refused.content.decode()
    assert renders.count == 2


def test_the_qr_code_in_the_document_is_the_code_of_its_verification_address(agreement, settings, monkeypatch):
    """What a phone scanning the code opens: the document's own verification page (qrcode makes the code; we check
    that the one drawn in the document is made of that address and nothing else)."""
    settings.SITE_URL = "https://klaster.example.org"
    captured = {}
    monkeypatch.setattr(kept, "render_pdf", lambda html, **kwargs: captured.setdefault("html", html) and b"%PDF")
    export = content.agreement_export(agreement)
    kept.render(export)
    expected = kept.qr_data_uri(f"https://klaster.example.org/porozumienie/weryfikacja/{export.identifier}/")
    assert f'src="{expected}"' in captured["html"]
    assert captured["html"].count("data:image/svg+xml;base64,") == 1
