"""The register as a file: the export of a day (page and command), and an exported register imports back unchanged."""

import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from klaster.testing import problems_of, register_snapshot
from members.models import Participant
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


@pytest.mark.parametrize(
    ("file_format", "encoding", "language"),
    [
        ("csv", "utf-8", "pl"),
        ("csv", "windows-1250", "pl"),
        ("xlsx", "utf-8", "pl"),
        ("json", "utf-8", "pl"),
        ("csv", "utf-8", "en"),
        ("xlsx", "utf-8", "en"),
    ],
)
def test_an_exported_register_imports_back_unchanged(parties, file_format, encoding, language):
    parties["current"].description_pl = "Opis, z przecinkiem; średnikiem i „cudzysłowem”.\nDruga linia."
    parties["current"].save()
    parties["left"].left_reason = "Wystąpiła – pismo z 30.06.2021 r."  # a dash and „quotes” Windows-1250 has
    parties["left"].save()
    with translation.override(language):
        content, _type, _name = register_file_export(day=date(2025, 1, 1), file_format=file_format, encoding=encoding)
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


# --- for a Polish office: Windows-1250, names in the user's language, a workbook to read --------------------------


def test_the_windows_1250_export_keeps_polish_letters_and_replaces_what_it_lacks(client, coordinator, parties):
    parties["current"].name = "Spółdzielnia „Łąka” – Café Ñandú ﬁt Øresund Ωmega 😀"
    parties["current"].save()
    client.force_login(coordinator)
    response = client.get(
        reverse("register:export", kwargs={"file_format": "csv"}), {"dzien": "2022-06-01", "kodowanie": "windows-1250"}
    )
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=windows-1250"
    assert not response.content.startswith(b"\xef\xbb\xbf")
    text = response.content.decode("cp1250")  # every byte is Windows-1250
    assert text.startswith("Rodzaj;Nazwa;Nazwa skrócona;Kategoria;NIP;")
    assert "interesariusz;Spółdzielnia „Łąka” – Café Nandú fit Oresund ?mega ?;;spółdzielnia;" in text
    assert "Gmina Tworóg" in text and "członek" in text


def test_the_exports_write_names_and_titles_in_english_for_an_english_request(client, coordinator, parties):
    client.force_login(coordinator)
    with translation.override("en"):
        url = reverse("register:export", kwargs={"file_format": "csv"})
    text = client.get(url, {"dzien": "2022-06-01"}).content.decode("utf-8-sig")
    header = text.splitlines()[0].split(";")
    assert header[1:4] == ["Name", "Short name", "Category"] and "Status" in header
    assert "stakeholder;Spółdzielnia Energetyczna Łąka;;cooperative;5260001246;" in text
    assert ";member;2020-05-04;" in text and "interesariusz" not in text and "członek" not in text
    with translation.override("en"):
        json_content, _type, _name = register_file_export(day=date(2022, 6, 1), file_format="json")
    record = next(item for item in json.loads(json_content) if item["nazwa"] == "Spółdzielnia Energetyczna Łąka")
    assert (record["kategoria"], record["status"], record["rodzaj"]) == ("cooperative", "active", "stakeholder")


def test_the_xlsx_export_has_dates_as_dates_widths_a_frozen_bold_header_and_polish_names(parties):
    parties["current"].description_pl = "Opis " * 100
    parties["current"].save()
    content, _type, _name = register_file_export(day=date(2022, 6, 1), file_format="xlsx")
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[:4] == ["Rodzaj", "Nazwa", "Nazwa skrócona", "Kategoria"]
    assert all(cell.font.bold for cell in sheet[1]) and sheet.freeze_panes == "A2"
    column = {title: number for number, title in enumerate(header)}
    row = next(line for line in sheet.iter_rows(min_row=2) if line[column["Nazwa"]].value == parties["current"].name)
    joined = row[column["Data przystąpienia"]]
    assert joined.is_date and joined.value.date() == date(2020, 5, 4) and joined.number_format == "yyyy-mm-dd"
    assert row[column["Data zakończenia członkostwa"]].value is None
    assert row[column["NIP"]].value == "5260001246" and row[column["NIP"]].data_type == "s"
    assert (row[column["Kategoria"]].value, row[column["Status"]].value) == ("spółdzielnia", "członek")
    assert row[column["Zgoda na publikację w katalogu"]].value == "tak"
    widths = {title: sheet.column_dimensions[get_column_letter(number + 1)].width for title, number in column.items()}
    assert widths["Nazwa"] >= len("Stowarzyszenie Lokalna Grupa Działania")  # the longest name, as wide as it is
    assert widths["NIP"] < widths["Nazwa"] and widths["Data przystąpienia"] >= len("Data przystąpienia")
    assert widths["Opis"] == 60  # at most
    assert min(widths.values()) >= 8
    gmina = next(line for line in sheet.iter_rows(min_row=2) if line[column["Nazwa"]].value == "Gmina Tworóg")
    assert (gmina[column["Rodzaj"]].value, gmina[column["Kategoria"]].value) == (
        "gmina",
        str(Participant.Category.JST.label),
    )


def test_export_stakeholders_writes_a_windows_1250_csv(parties, tmp_path):
    target = tmp_path / "rejestr.csv"
    call_command(
        "export_stakeholders", "--encoding", "windows-1250", "--as-of", "2022-06-01", "-o", str(target),
        stderr=io.StringIO(),
    )  # fmt: skip
    text = target.read_bytes().decode("cp1250")
    assert text.startswith("Rodzaj;Nazwa;") and "Spółdzielnia Energetyczna Łąka" in text
    assert problems_of(register_import(content=target.read_bytes())) == []
