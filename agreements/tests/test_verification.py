"""The public verification of the PDFs: by identifier (the QR code's link) and by uploading a copy.

The page of an identifier says what the document is, when it was issued, its fingerprints and whether it is still
current; an uploaded file is compared byte for byte (SHA-256) with the issued one. Nothing uploaded is kept.
"""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from agreements.models import Annex, IssuedPdf, Section, Signature, Version
from klaster.testing import html_problems, log_in_as, make_stakeholder, pdf_bytes, pdf_upload, response_body
from klaster.testing.agreements import accede

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def issued(client, cluster, renders):
    """The agreement PDF as a visitor downloaded it: (IssuedPdf, the file's bytes)."""
    response = client.get(reverse("agreements:pdf"))
    assert response.status_code == 200
    return IssuedPdf.objects.get(), response_body(response)


def verify_url(identifier):
    return reverse("agreements:verify-document", kwargs={"identifier": identifier})


def upload(client, url, data, name="porozumienie.pdf"):
    return client.post(url, {"plik": pdf_upload(name, data)})


def with_one_byte_changed(data):
    """The same PDF with one byte of its header comment changed: still a valid PDF, but not the issued file."""
    position = data.index(b"\n") + 2
    return data[:position] + bytes([data[position] ^ 0x01]) + data[position + 1 :]


# --- the pages -----------------------------------------------------------------------------------------------------


def test_verification_page_offers_lookup_and_upload(client, cluster):
    response = client.get(reverse("agreements:verify"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Weryfikacja dokumentów PDF</h1>" in page
    assert 'name="identyfikator"' in page
    assert 'enctype="multipart/form-data"' in page and 'name="plik"' in page
    assert "csrfmiddlewaretoken" in page


def test_document_page_says_what_the_document_is_and_that_it_is_current(client, issued):
    pdf, data = issued
    response = client.get(verify_url(pdf.identifier))
    assert response.status_code == 200
    page = response.content.decode()
    assert f"<h1>{pdf.identifier}</h1>" in page
    assert "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«" in page
    assert "porozumienie (tekst jednolity)" in page and "PDF/UA-1" in page
    assert "jest to jego aktualna wersja" in page
    assert pdf.content_sha256 in page and pdf.file_sha256 in page
    assert f'datetime="{timezone.localtime(pdf.issued_at).isoformat()[:19]}' in page
    assert "zastąpiony" not in page


def test_lookup_by_identifier_leads_to_its_page_whatever_the_case(client, issued):
    pdf, _ = issued
    response = client.get(reverse("agreements:verify"), {"identyfikator": f"  {pdf.identifier.lower()} "})
    assert response.status_code == 302
    assert response["Location"] == verify_url(pdf.identifier)
    response = client.get(verify_url(pdf.identifier.lower()))
    assert response.status_code == 302 and response["Location"] == verify_url(pdf.identifier)


@pytest.mark.parametrize("identifier", ["POR-000000000000", "coś-innego", "<b>x"])
def test_unknown_identifier_gets_a_friendly_not_found_page(client, cluster, identifier):
    for response in (
        client.get(reverse("agreements:verify"), {"identyfikator": identifier}),
        client.get(verify_url(identifier)),
    ):
        assert response.status_code == 404
        page = response.content.decode()
        assert "Nie znaleziono dokumentu" in page
        assert "Portal nie wydał dokumentu o identyfikatorze" in page
        assert "<b>x" not in page


# --- superseded documents -------------------------------------------------------------------------------------------


def test_a_new_signature_supersedes_the_earlier_pdf(client, issued, cluster, renders):
    old, _ = issued
    company = make_stakeholder(cluster, "Spółdzielnia Energetyczna Słońce", joined_on=datetime.date(2023, 3, 1))
    Signature.objects.create(
        version=old.version,
        participant=company,
        basis=Signature.Basis.ACCESSION,
        signed_on=datetime.date(2023, 3, 1),
    )
    page = client.get(verify_url(old.identifier)).content.decode()
    assert "został on zastąpiony nowszą wersją" in page
    assert f'href="{reverse("agreements:pdf")}"' in page
    client.get(reverse("agreements:pdf"))
    new = IssuedPdf.objects.exclude(pk=old.pk).get()
    assert new.identifier != old.identifier
    assert "aktualna wersja" in client.get(verify_url(new.identifier)).content.decode()
    assert "zastąpiony" in client.get(verify_url(old.identifier)).content.decode()


def test_a_published_annex_supersedes_the_earlier_pdf_and_the_next_one_shows_it(client, issued, renders):
    old, _ = issued
    annex = Annex.objects.create(
        agreement=old.agreement, number="1/2024", signed_on=datetime.date(2024, 1, 1), subject="Nowe zasady"
    )
    version = Version.objects.create(
        agreement=old.agreement,
        number=2,
        status=Version.Status.PUBLISHED,
        effective_on=datetime.date(2024, 1, 1),
        annex=annex,
        published_at=timezone.now(),
    )
    Section.objects.create(version=version, number=1, heading="Przedmiot", body="Strony tworzą klaster energii.")
    page = client.get(verify_url(old.identifier)).content.decode()
    assert "zastąpiony nowszą wersją" in page
    response = client.get(reverse("agreements:pdf"))
    assert response["Content-Disposition"].endswith('wersja-2.pdf"')
    new = IssuedPdf.objects.get(version=version)
    assert new.identifier != old.identifier
    page = client.get(verify_url(new.identifier)).content.decode()
    assert "aktualna wersja" in page and "<dd>2</dd>" in page


def test_archival_variant_is_checked_against_the_current_archival_variant(client, issued, renders):
    client.get(reverse("agreements:pdf"), {"wariant": "pdfa"})
    archival = IssuedPdf.objects.exclude(pk=issued[0].pk).get()
    page = client.get(verify_url(archival.identifier)).content.decode()
    assert "aktualna wersja" in page and "PDF/A-3a" in page


def test_a_register_as_of_a_day_stays_current_until_that_days_members_change(client, cluster, renders):
    client.get(reverse("agreements:register-pdf"), {"dzien": "2018-04-10"})
    register = IssuedPdf.objects.get()
    assert "aktualna wersja" in client.get(verify_url(register.identifier)).content.decode()
    agreement = cluster.agreements.get()
    later = make_stakeholder(cluster, "Firma Od Lat 2020", joined_on=datetime.date(2020, 1, 1))
    accede(later, agreement, on=datetime.date(2020, 1, 1))  # a party since 2020: the register of 2018 is the same
    make_stakeholder(cluster, "Firma Tylko W Rejestrze", joined_on=datetime.date(2018, 4, 1))  # not a party: the same
    assert "aktualna wersja" in client.get(verify_url(register.identifier)).content.decode()
    backdated = make_stakeholder(cluster, "Firma Wpisana Wstecz", joined_on=datetime.date(2018, 4, 10))
    accede(backdated, agreement, on=datetime.date(2018, 4, 10))  # an accession recorded late, on the founding day
    page = client.get(verify_url(register.identifier)).content.decode()
    assert "zastąpiony nowszą wersją" in page
    assert f"{reverse('agreements:register-pdf')}?dzien=2018-04-10" in page


# --- uploads -------------------------------------------------------------------------------------------------------


def test_upload_of_the_issued_file_matches(client, issued):
    pdf, data = issued
    response = upload(client, verify_url(pdf.identifier), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Zgodny: przesłany plik jest dokładnie tym plikiem, który wydał portal." in page
    assert pdf.file_sha256 in page


def test_upload_on_the_general_page_finds_the_document(client, issued):
    pdf, data = issued
    response = upload(client, reverse("agreements:verify"), data)
    page = response.content.decode()
    assert "Zgodny: przesłany plik jest dokładnie plikiem wydanym przez portal" in page
    assert f'href="{verify_url(pdf.identifier)}"' in page


def test_a_file_with_one_byte_changed_is_reported_as_altered(client, issued):
    pdf, data = issued
    changed = with_one_byte_changed(data)
    assert changed != data and changed.startswith(b"%PDF-")
    page = upload(client, verify_url(pdf.identifier), changed).content.decode()
    assert "Niezgodny: plik podaje się za ten dokument, ale różni się od pliku, który wydał portal." in page
    assert "Zgodny:" not in page
    page = upload(client, reverse("agreements:verify"), changed).content.decode()
    assert "Niezgodny: plik podaje się za dokument" in page and pdf.identifier in page


def test_a_pdf_the_portal_never_issued_is_reported_as_unknown(client, issued):
    pdf, _ = issued
    page = upload(client, verify_url(pdf.identifier), pdf_bytes()).content.decode()
    assert "nie jest tym dokumentem ani żadnym innym plikiem wydanym przez portal" in page
    page = upload(client, reverse("agreements:verify"), pdf_bytes()).content.decode()
    assert "Portal nie wydał tego pliku" in page


def test_another_issued_document_is_named_for_what_it_is(client, issued):
    pdf, _ = issued
    register = client.get(reverse("agreements:register-pdf"), {"dzien": "2018-04-10"})
    register_pdf = IssuedPdf.objects.get(kind=IssuedPdf.Kind.REGISTER)
    page = upload(client, verify_url(pdf.identifier), response_body(register)).content.decode()
    assert "To inny dokument wydany przez portal" in page and register_pdf.identifier in page


@pytest.mark.parametrize(
    "data, message",
    [
        (b"To nie jest PDF, tylko tekst.", "To nie jest plik PDF"),
        (b"%PDF-1.7\nuszkodzony", "Pliku PDF nie da się odczytać"),
        (b"", "Wysłany plik jest pusty"),
    ],
)
def test_a_bad_upload_gets_a_clear_message_and_nothing_is_kept(client, issued, media_root, data, message):
    pdf, _ = issued
    files_before = sorted(p.name for p in media_root.rglob("*"))
    response = upload(client, verify_url(pdf.identifier), data, name="plik.pdf")
    assert response.status_code == 400
    assert message in response.content.decode()
    assert sorted(p.name for p in media_root.rglob("*")) == files_before
    assert IssuedPdf.objects.count() == 1


def test_an_upload_without_a_file_asks_for_one(client, issued):
    pdf, _ = issued
    response = client.post(verify_url(pdf.identifier), {})
    assert response.status_code == 400
    assert "To pole jest wymagane." in response.content.decode()


def test_a_file_over_10_mb_is_refused(client, issued):
    pdf, data = issued
    big = data + b"%" + b"x" * (10 * 1024 * 1024)
    response = upload(client, verify_url(pdf.identifier), big)
    assert response.status_code == 400
    assert "Plik jest za duży" in response.content.decode()


def test_an_upload_without_the_csrf_token_is_refused(issued):
    pdf, data = issued
    client = Client(enforce_csrf_checks=True)
    assert upload(client, verify_url(pdf.identifier), data).status_code == 403


@pytest.mark.parametrize("persona", ["anonymous", "staff_tworog", "coordinator", "superuser"])
def test_everyone_may_verify(persona, request, client, issued):
    log_in_as(client, request, persona)
    pdf, data = issued
    assert client.get(verify_url(pdf.identifier)).status_code == 200
    assert "Zgodny:" in upload(client, verify_url(pdf.identifier), data).content.decode()


def test_verification_pages_are_well_formed_html(client, issued):
    pdf, data = issued
    pages = {
        "verify": client.get(reverse("agreements:verify")),
        "document": client.get(verify_url(pdf.identifier)),
        "match": upload(client, verify_url(pdf.identifier), data),
        "altered": upload(client, reverse("agreements:verify"), with_one_byte_changed(data)),
        "bad upload": upload(client, verify_url(pdf.identifier), b"nie pdf"),
        "unknown": client.get(verify_url("POR-000000000000")),
        "bad day": client.get(reverse("agreements:register-pdf"), {"dzien": "wczoraj"}),
    }
    for name, response in pages.items():
        assert html_problems(response.content.decode()) == [], name
        assert response.content.decode().count("<h1") == 1, name
