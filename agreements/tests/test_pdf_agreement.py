"""The PDF of the consolidated agreement, read back with pypdf: its Polish text, page numbers, identifier and
fingerprint, metadata, fonts and variant; unsafe markup never reaches it; its QR code is its verification address."""

import pytest
from django.conf import settings
from django.urls import reverse

from agreements.pdf import content, kept
from klaster.testing import (
    Elements,
    download,
    embedded_fonts,
    identifier_in,
    make_stakeholder,
    no_network,
    pdf_catalog,
    pdf_reader,
    pdf_text,
    pdf_xmp,
)
from klaster.testing.agreements import LGD, PARTIES, TITLE, accede, publish_annex
from members.models import Participant

pytestmark = pytest.mark.usefixtures("media_root")

PANGRAM = "Zażółć gęślą jaźń – „cytat” i § 7"
BUNDLED = {"Klaster-Serif", "Klaster-Serif-Bold", "Klaster-Serif-Italic", "Klaster-Sans", "Klaster-Sans-Bold"}


# --- the consolidated agreement ------------------------------------------------------------------------------------


def test_agreement_pdf_has_the_title_the_summary_marked_as_such_the_parties_and_page_numbers(
    client, agreement, renders
):
    response, data = download(client)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    extracted = pdf_text(data)
    flat = " ".join(extracted.split())
    assert "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«" in flat
    assert "Porozumienie klastrowe – informacja o porozumieniu".upper() in flat  # not "tekst jednolity": none is there
    assert "TEKST JEDNOLITY" not in flat
    assert "Co wiadomo o porozumieniu" in flat
    assert flat.count("nie został opublikowany") == 1  # the notice once, not three times
    assert flat.count("Co wiadomo o porozumieniu") == 1
    assert flat.count("Strony porozumienia") == 1 and "Wykaz stron: 6" in flat  # a heading, not said twice
    assert "Zbrosławice, Centrum Usług Publicznych, 10 kwietnia 2018 r." in flat
    for party in PARTIES[:5]:
        assert party in flat
    assert "„Leśna Kraina Górnego Śląska”" in flat
    assert "strona założycielska" in flat and "nie podano" in flat
    assert "List intencyjny w sprawie utworzenia klastra energii" in flat
    pages = len(pdf_reader(data).pages)
    for page in range(1, pages + 1):
        assert f"Strona {page} z {pages}" in flat
    export = content.agreement_export(agreement)
    assert f"Identyfikator dokumentu: {export.identifier}" in flat
    assert export.content_sha256 in flat.replace(" ", "")
    assert export.verify_url in flat.replace(" ", "")
    assert "None" not in extracted


def test_the_verification_address_is_a_link_and_a_company_form_is_never_broken(client, agreement, renders, monkeypatch):
    company = make_stakeholder(
        agreement.cluster, "Energia Odnawialna Leśna Kraina Wspólnota Producentów i Odbiorców sp. z o.o.", slug="eol"
    )
    accede(company, agreement)
    rendered = []
    real_render_pdf = kept.render_pdf
    monkeypatch.setattr(
        kept, "render_pdf", lambda html, **kwargs: rendered.append(html) or real_render_pdf(html, **kwargs)
    )
    _response, data = download(client)
    export = content.agreement_export(agreement)
    links = [
        annotation.get_object()["/A"]["/URI"]
        for page in pdf_reader(data).pages
        for annotation in page.get("/Annots", [])
        if annotation.get_object().get("/A", {}).get("/URI")
    ]
    assert export.verify_url in links
    (html,) = rendered
    assert "Odbiorców sp.\u00a0z\u00a0o.o." in html  # non-breaking spaces: "sp. z o.o." is never split by a line end
    assert "10\u00a0kwietnia 2018\u00a0r." in html or "10 kwietnia 2018&nbsp;r." in html


def test_agreement_pdf_is_named_after_the_cluster_and_version(client, agreement, renders):
    response, _ = download(client)
    assert response["Content-Disposition"] == (
        'attachment; filename="porozumienie-zielona-energia-lesnej-krainy-wersja-1.pdf"'
    )
    response, _ = download(client, query="?wariant=pdfa")
    assert response["Content-Disposition"].endswith('wersja-1-pdfa.pdf"')


def test_agreement_pdf_metadata_names_title_author_and_polish(client, agreement, renders):
    _, data = download(client)
    metadata = pdf_reader(data).metadata
    assert metadata.title == TITLE
    assert metadata.author == LGD
    assert pdf_catalog(data)["/Lang"] == "pl"
    identifier = content.agreement_export(agreement).identifier
    assert identifier in metadata["/Keywords"]
    assert TITLE in pdf_xmp(data) and LGD in pdf_xmp(data)


def test_default_download_is_a_tagged_pdf_ua_and_the_archival_one_a_tagged_pdf_a(client, agreement, renders):
    _, accessible = download(client)
    assert 'pdfuaid:part="1"' in pdf_xmp(accessible)
    _, archival = download(client, query="?wariant=pdfa")
    assert 'pdfaid:part="3"' in pdf_xmp(archival) and 'pdfaid:conformance="A"' in pdf_xmp(archival)
    assert "/OutputIntents" in pdf_catalog(archival)
    for data in (accessible, archival):
        root = pdf_catalog(data)
        assert "/StructTreeRoot" in root
        assert bool(root["/MarkInfo"]["/Marked"])
        assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"])
    assert identifier_in(accessible) != identifier_in(archival)  # two documents, each with its own identifier
    assert "PDF/A-3a" in pdf_text(archival) and "PDF/UA-1" in pdf_text(accessible)


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


def test_texts_of_a_published_version_extract_with_polish_letters(client, agreement, renders):
    publish_annex(agreement, [("Postanowienia ogólne", PANGRAM), ("Koordynator", "Treść **drugiego** paragrafu.")])
    _, data = download(client)
    flat = " ".join(pdf_text(data).split())
    assert "§ 1. Postanowienia ogólne" in flat and "§ 2. Koordynator" in flat
    assert PANGRAM in flat
    for letter in "ąćęłńóśźżĄĆĘŁŃÓŚŹŻ"[:9]:
        assert letter in flat
    assert "Co wiadomo o porozumieniu" not in flat  # the text is there: no summary in its place
    assert "TEKST JEDNOLITY" in flat
    assert "Aneks nr 1/2024" in flat and "Dostosowanie do ustawy o OZE" in flat


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
    flat = " ".join(pdf_text(data).split())
    assert "zdjęcie" not in flat  # the remote picture is gone, not even its description is left
    assert "Akapit." in flat


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
