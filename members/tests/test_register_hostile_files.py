"""Register files made to hurt the server: nested without end, a zip bomb, XML entities, lines or columns by the
million, names with invisible characters. Each is refused as plainly and as quickly as any bad file, with nothing
written; invisible characters are cleaned from every cell."""

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from klaster.testing import (
    NIPS,
    REGISTER_HEADER,
    SHEET,
    deep_json,
    problems_of,
    register_csv,
    register_row,
    register_snapshot,
    stored_paths,
    xlsx_bomb,
    xlsx_with_entities,
    xlsx_with_sheet,
)
from members.models import Participant
from members.register.files import MAX_COLUMNS, MAX_LINES
from members.register.importing import register_import

UNREADABLE = "Nie umiemy odczytać tego pliku."


def refused_quickly(content):
    """Import `content` for real: the problems, after checking that it wrote nothing. How long a refusal takes is
    measured in the benchmark (`make bench`, "hostile register files"), not here."""
    before = register_snapshot()
    report = register_import(content=content, dry_run=False)
    assert register_snapshot() == before
    return problems_of(report)


def test_a_json_nested_ten_thousand_deep_is_refused(cluster):
    assert refused_quickly(deep_json(10_000)) == [
        "Plik JSON jest zagnieżdżony zbyt głęboko. Rejestr to lista obiektów: jeden obiekt na jedną stronę rejestru."
    ]


def test_a_json_record_with_values_nested_a_few_levels_deep_is_refused(cluster):
    record = register_row("Firma", nip=NIPS[0], nazwa={"a": {"b": ["c"]}})
    assert refused_quickly(json.dumps([record]).encode())[0].startswith("Plik JSON jest zagnieżdżony zbyt głęboko.")


def test_a_json_with_too_many_records_or_keys_is_refused(cluster):
    records = [{"nazwa": "x"}] * (MAX_LINES + 1)
    assert refused_quickly(json.dumps(records).encode()) == [
        "Plik ma więcej niż 50000 wierszy; podziel go na mniejsze części."
    ]
    wide = [{f"kolumna_{number}": "x" for number in range(100_000)}] * 3
    assert refused_quickly(json.dumps(wide).encode()) == [
        f"Plik ma więcej niż {MAX_COLUMNS} kolumn. Usuń kolumny, których nie importujesz."
    ]


def test_an_xlsx_unpacking_to_a_gigabyte_is_refused_before_openpyxl_reads_it(cluster, monkeypatch):
    bomb = xlsx_bomb(1024**3)
    assert len(bomb) < 2 * 1024 * 1024
    monkeypatch.setattr("openpyxl.load_workbook", lambda *args, **kwargs: pytest.fail("openpyxl read the bomb"))
    assert refused_quickly(bomb) == [
        "Plik XLSX po rozpakowaniu miałby ponad 100,0\xa0MB; rejestr tej wielkości nie potrzebuje. Sprawdź plik."
    ]


def test_an_xlsx_that_hides_its_size_is_refused_by_what_it_really_unpacks_to(cluster):
    """A zip whose directory declares a small sheet but whose data unpacks to much more."""
    honest = zipfile.ZipFile(io.BytesIO(xlsx_bomb(200 * 1024 * 1024)))
    sheet = honest.getinfo(SHEET)
    assert sheet.file_size > 100 * 1024 * 1024
    lying = bytearray(xlsx_bomb(200 * 1024 * 1024))
    declared = sheet.file_size.to_bytes(4, "little")
    small = (1024).to_bytes(4, "little")
    assert lying.count(declared) == 2  # in the local header and in the central directory
    lying = bytes(lying).replace(declared, small)
    problems = refused_quickly(lying)
    assert problems and problems[0].startswith(UNREADABLE)


@pytest.mark.parametrize("kind", ["billion-laughs", "external"])
def test_an_xlsx_declaring_xml_entities_is_refused_like_any_bad_file(cluster, kind):
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "openpyxl parses with defusedxml (requirements.txt), which refuses every entity declaration"
    problems = refused_quickly(xlsx_with_entities(kind))
    assert problems and problems[0].startswith(UNREADABLE)


def test_an_xlsx_sheet_claiming_the_widest_rows_is_read_only_as_wide_as_a_register(cluster):
    cells = "".join(f'<c r="{column}1" t="inlineStr"><is><t>k{column}</t></is></c>' for column in ("A", "B", "XFD"))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/'
        f'2006/main"><dimension ref="A1:XFD50000"/><sheetData><row r="1">{cells}</row></sheetData></worksheet>'
    )
    assert refused_quickly(xlsx_with_sheet(sheet.encode())) == [
        "Plik nie zawiera żadnego wiersza z danymi, tylko nagłówek."
    ]


def test_a_csv_of_empty_lines_or_endless_columns_is_refused_quickly(cluster):
    header = ",".join(REGISTER_HEADER).encode()
    assert refused_quickly(header + b"\n" * (5 * MAX_LINES)) == [
        "Plik ma więcej niż 50000 wierszy; podziel go na mniejsze części."
    ]
    assert refused_quickly(b"," * 1_000_000 + b"x\n" + b"a\n") == [
        f"Plik ma więcej niż {MAX_COLUMNS} kolumn. Usuń kolumny, których nie importujesz."
    ]
    wide_rows = register_csv([register_row("Firma", nip=NIPS[0])]) + (b"," * 1_000_000 + b"\n") * 5
    report = register_import(content=wide_rows, dry_run=True)  # rows of empty cells only: skipped
    assert problems_of(report) == [] and report.rows == 1


def test_a_hostile_file_uploaded_on_the_import_page_is_refused_and_not_kept(client, coordinator, cluster, media_root):
    client.force_login(coordinator)
    for name, content in (("rejestr.json", deep_json()), ("rejestr.xlsx", xlsx_bomb())):
        response = client.post(reverse("register:import"), {"plik": SimpleUploadedFile(name, content)})
        assert response.status_code == 200
        page = response.content.decode()
        assert "zagnieżdżony zbyt głęboko" in page or "po rozpakowaniu miałby ponad" in page
    assert stored_paths(media_root / "imports") == []


# --- invisible characters in cells ----------------------------------------------------------------------------------


def test_invisible_and_direction_changing_characters_are_cleaned_from_every_cell(cluster):
    name = "Spółdzielnia\u202e Źródło\u200b Łąka\u2066\u00ad"
    content = register_csv([register_row(name + "\x07", nip=NIPS[0], status="active\u200b")])
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == []
    party = Participant.objects.get(nip=NIPS[0])
    assert party.name == "Spółdzielnia Źródło Łąka" and party.slug == "spoldzielnia-zrodlo-laka"
