"""The yearly energy report: a PDF through the portal's verifiable pipeline (agreements.pdf), its text read back with
pypdf, its verification page, and what a bad request is told. Figures of the data set: klaster.testing.energy."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from agreements.models import IssuedPdf
from agreements.pdf import kept
from energy.models import ImportBatch, Rule
from energy.report import report_export
from energy.services.corrections import ManualEntry, readings_enter_manual
from klaster.testing import read_page
from klaster.testing.energy import energy_data
from klaster.testing.pdf import download, identifier_in, pdf_catalog, pdf_text


def text_of(pdf):
    """The PDF's text with its line breaks as spaces (a table cell may wrap)."""
    return " ".join(pdf_text(pdf).split())


@pytest.fixture
def data(cluster, media_root):
    result = energy_data(cluster)
    Rule.objects.create(
        name="Pokrycie zapotrzebowania", formula="demand_coverage", threshold=Decimal(50),
        legal_source="projekt ustawy, art. 38b", verified=False,
    )  # fmt: skip
    Rule.objects.create(
        name="Moc zainstalowana", formula="installed_capacity", threshold=Decimal("0.1"),
        legal_source="ustawa o OZE, art. 38b", verified=True,
    )  # fmt: skip
    return result


def test_the_report_shows_the_years_indicators_the_rules_and_their_status(client, data, renders):
    response, pdf = download(client, "energy:report-pdf", "?rok=2024")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="raport-energetyczny-' in response["Content-Disposition"]
    text = text_of(pdf)
    assert "Raport energetyczny klastra" in text and "za rok 2024" in text
    assert "187" in text and "115" in text  # drawn and fed in, by hand
    assert "61,5%" in text  # coverage 115 / 187
    assert "46,5%" in text  # hour by hour 87 / 187
    assert "100,0%" in text  # renewable share: both sources are renewable
    # Ten months of the year have no readings: a rule measured in energy cannot be known; the capacity can.
    assert "Pokrycie zapotrzebowania" in text and "nie: niesprawdzony" in text
    assert "61,5 % (z niepełnych danych)" in text and "nie da się ustalić" in text
    assert "Moc zainstalowana" in text and "0,11 MW" in text and "spełniony" in text and "niespełniony" not in text
    assert "brak odczytów" in text  # the months without readings are said so
    assert "Dane przykładowe" not in text
    assert "Wiatr Ukryty" not in text and "Spółdzielnia Słoneczna" not in text  # no party is named
    assert identifier_in(pdf).startswith("ENE-")
    catalog = pdf_catalog(pdf)
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]  # tagged (PDF/UA-1)


def test_the_reports_tables_have_header_cells_with_their_scope(data):
    export = report_export(data["tworog"].cluster, 2024)
    with translation.override("pl"):
        html = render_to_string(
            export.template,
            {"doc": export.content, "identifier": export.identifier, "content_sha256": export.content_sha256,
             "verify_url": export.verify_url, "qr": ""},
        )  # fmt: skip
    assert html.count("<table>") == 5  # indicators, months, technologies, gminas, rules
    assert html.count('<th scope="col"') == 2 + 6 + 3 + 3 + 6
    assert html.count('<th scope="row"') == 9 + 13 + 2 + 1 + 2  # the months' table has its total row
    assert "<caption>" in html


def test_the_report_says_when_its_figures_are_sample_data(client, data, renders):
    batch = data["batches"]["t"]
    ImportBatch.objects.filter(pk=batch.pk).update(file_format=ImportBatch.Format.SAMPLE)
    _response, pdf = download(client, "energy:report-pdf", "?rok=2024")
    text = text_of(pdf)
    assert "Dane przykładowe" in text
    assert "nie są danymi klastra ani jego członków" in text


def test_the_report_is_rendered_once_and_verified_as_current_until_the_data_changes(client, data, renders, coordinator):
    _response, first = download(client, "energy:report-pdf", "?rok=2024")
    _response, again = download(client, "energy:report-pdf", "?rok=2024")
    assert first == again and renders.count == 1
    issued = IssuedPdf.objects.get(kind=IssuedPdf.Kind.ENERGY_REPORT)
    assert issued.identifier == identifier_in(first)
    page = client.get(reverse("agreements:verify-document", kwargs={"identifier": issued.identifier}))
    text = read_page(page).text
    assert "jest to jego aktualna wersja" in text and "roczny raport energetyczny" in text

    # A reading corrected by hand changes the year's figures: the kept report is superseded, with a link to the new.
    readings_enter_manual(
        entry=ManualEntry(
            metering_point=data["t"], direction="consumption", day=date(2024, 10, 27), first_hour=1, last_hour=2,
            energy_kwh=Decimal(6),
        ),
        by=coordinator,
    )  # fmt: skip
    page = client.get(reverse("agreements:verify-document", kwargs={"identifier": issued.identifier}))
    assert "zastąpiony nowszą wersją" in read_page(page).text
    assert reverse("energy:report-pdf") + "?rok=2024" in page.content.decode()
    _response, newer = download(client, "energy:report-pdf", "?rok=2024")
    assert identifier_in(newer) != issued.identifier
    assert IssuedPdf.objects.filter(kind=IssuedPdf.Kind.ENERGY_REPORT).count() == 2


def test_an_uploaded_copy_of_the_report_is_recognised_by_its_fingerprint(client, data, renders):
    _response, pdf = download(client, "energy:report-pdf", "?rok=2024")
    issued = IssuedPdf.objects.get(kind=IssuedPdf.Kind.ENERGY_REPORT)
    page = client.post(
        reverse("agreements:verify-document", kwargs={"identifier": issued.identifier}),
        {"plik": SimpleUploadedFile("raport.pdf", pdf, content_type="application/pdf")},
    )
    assert page.status_code == 200
    assert page.context["verdict"] == "match"


def test_the_archival_variant_is_another_document(data, renders):
    cluster = data["tworog"].cluster
    accessible = report_export(cluster, 2024)
    archival = report_export(cluster, 2024, variant="pdfa")
    assert accessible.content_sha256 != archival.content_sha256
    assert archival.filename.endswith("-2024-pdfa.pdf")
    issued = kept.issue(archival)
    assert issued.identifier.startswith("ENE-") and issued.kind == IssuedPdf.Kind.ENERGY_REPORT


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?rok=1999", "Nie ma odczytów z roku „1999”. Lata z odczytami: 2024."),
        ("?rok=dwa", "Nie ma odczytów z roku „dwa”."),
        ("?rok=2024&wariant=docx", "Nie ma takiego wariantu pliku."),
    ],
)
def test_a_bad_request_for_the_report_is_told_why_in_polish_and_nothing_is_issued(client, data, query, message):
    response = client.get(reverse("energy:report-pdf") + query)
    assert response.status_code == 400
    assert message in read_page(response).text
    assert not IssuedPdf.objects.exists()


def test_without_readings_there_is_no_report_to_make(client, cluster, media_root):
    response = client.get(reverse("energy:report-pdf"))
    assert response.status_code == 400
    assert "nie ma z czego sporządzić raportu" in read_page(response).text
