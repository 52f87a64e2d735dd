"""The register as a file: the export of a day (page and command), and an exported register imports back unchanged."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from klaster.testing import problems_of, register_snapshot
from members.register.export import register_file_export
from members.register.importing import register_import

# --- export, and the export imports back unchanged -------------------------------------------------------------------


def test_the_csv_export_has_a_bom_semicolons_polish_headers_and_names_and_the_parties_of_the_day(
    client, coordinator, parties
):
    client.force_login(coordinator)
    response = client.get(reverse("register:export", kwargs={"file_format": "csv"}), {"dzien": "2022-06-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rejestr-2022-06-01.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith(
        "Rodzaj;Nazwa;Nazwa skrócona;Kategoria;NIP;REGON;KRS;Kod TERYT;Ulica i numer;"
    )
    assert "Spółdzielnia Energetyczna Łąka" in text and "Firma Wystąpiła" not in text and "Firma Później" not in text
    assert "interesariusz;Spółdzielnia Energetyczna Łąka;;spółdzielnia;5260001246;;;;;;;2413082;" in text
    assert ";członek;2020-05-04;" in text and "koordynator;Stowarzyszenie" in text and "\r\n" in text


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_exported_register_imports_back_unchanged(parties, file_format):
    parties["current"].description_pl = "Opis, z przecinkiem; średnikiem i „cudzysłowem”.\nDruga linia."
    parties["current"].save()
    content, _type, _name = register_file_export(day=date(2025, 1, 1), file_format=file_format)
    before = register_snapshot()
    report = register_import(content=content, dry_run=False, source=f"rejestr.{file_format}")
    assert problems_of(report) == []
    assert (len(report.created), len(report.updated)) == (0, 0)
    assert report.unchanged == report.rows == 9  # the coordinator, 5 gminas, 3 stakeholders of 2025-01-01
    assert register_snapshot() == before


def test_exports_disarm_formulas_and_an_import_takes_the_apostrophe_off_again(parties):
    parties["current"].name = '=HYPERLINK("http://zlo.example")'
    parties["current"].short_name = "'=już z apostrofem"
    parties["current"].street = "@ulica"
    parties["current"].save()
    content, _type, _name = register_file_export(day=date(2025, 1, 1), file_format="csv")
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+48 600 100 200" in text and "'@ulica" in text and "''=już" in text
    xlsx, _type, _name = register_file_export(day=date(2025, 1, 1), file_format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    cells = [cell for line in sheet.iter_rows() for cell in line if isinstance(cell.value, str)]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://zlo.example")' in [cell.value for cell in cells]
    before = register_snapshot()
    for file_content in (content, xlsx):
        report = register_import(content=file_content, dry_run=False)
        assert problems_of(report) == [] and report.updated == [] and report.created == []
    assert register_snapshot() == before
    json_content, _type, _name = register_file_export(day=date(2025, 1, 1), file_format="json")
    assert '"nazwa": "=HYPERLINK' in json_content.decode()  # JSON is not a spreadsheet: values as they are


def test_export_stakeholders_writes_the_register_of_a_day(parties, tmp_path):
    out = io.StringIO()
    call_command("export_stakeholders", "--format", "csv", "--as-of", "2020-01-01", stdout=out)
    assert "Firma Wystąpiła" in out.getvalue() and "Firma Później" not in out.getvalue()
    target = tmp_path / "rejestr.json"
    call_command("export_stakeholders", "--format", "json", "-o", str(target), stderr=io.StringIO())
    names = [item["nazwa"] for item in json.loads(target.read_text())]
    assert "Firma Później" in names and "Firma Wystąpiła" not in names
    workbook = tmp_path / "rejestr.xlsx"
    call_command("export_stakeholders", "--format", "xlsx", "-o", str(workbook), stderr=io.StringIO())
    assert load_workbook(workbook).worksheets[0]["A1"].value == "Rodzaj"
    with pytest.raises(CommandError, match="„2024-13-01” nie jest datą; podaj dzień jako RRRR-MM-DD"):
        call_command("export_stakeholders", "--as-of", "2024-13-01")
