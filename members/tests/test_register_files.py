"""Reading register files (CSV in UTF-8 or Windows-1250, XLSX, JSON), and files or cells that are refused with
every problem, changing nothing."""

import io
import json
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from klaster.testing import NIPS, REGISTER_HEADER, REGON, problems_of, register_csv, register_row, register_snapshot
from members.models import Participant
from members.register.importing import register_import

# --- reading files ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "delimiter", "described"),
    [
        ("utf-8", ",", "CSV, kodowanie UTF-8, separator: przecinek"),
        ("utf-8-sig", ",", "CSV, kodowanie UTF-8, separator: przecinek"),
        ("utf-8-sig", ";", "CSV, kodowanie UTF-8, separator: średnik"),
        ("cp1250", ";", "CSV, kodowanie Windows-1250, separator: średnik"),
    ],
)
def test_csv_files_in_utf8_or_windows_1250_import_with_polish_letters(cluster, encoding, delimiter, described):
    content = register_csv(
        [
            register_row(
                "Spółdzielnia Źródło Łąka", nip="526-000-12-46", gmina_teryt="2413082", email="zrodlo@example.org"
            )
        ],
        delimiter=delimiter,
        encoding=encoding,
    )
    report = register_import(content=content, dry_run=False, source="plik.csv")
    assert problems_of(report) == []
    assert report.description == described
    party = Participant.objects.get(nip="5260001246")
    assert party.name == "Spółdzielnia Źródło Łąka" and party.slug == "spoldzielnia-zrodlo-laka"
    assert party.located_in.slug == "tworog" and party.kind == "stakeholder" and party.joined_on == date(2024, 1, 15)


def test_an_xlsx_file_with_numbers_and_dates_in_cells_imports(cluster):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Nazwa", "Kategoria", "NIP", "REGON", "KRS", "Status", "Data przystąpienia", "Kod pocztowy"])
    sheet.append(["Firma z Excela", "przedsiębiorstwo", 5260001246, "", 123456, "członek", datetime(2024, 2, 1)])
    sheet.append([])  # an empty row is skipped, but still counted
    sheet.append(["Druga Firma", "company", "PL1234563218", None, None, "active", "01.03.2024", "42-600"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = register_import(content=buffer.getvalue(), dry_run=False)
    assert problems_of(report) == []
    assert [(summary.row, summary.name) for summary in report.created] == [(2, "Firma z Excela"), (4, "Druga Firma")]
    first = Participant.objects.get(nip="5260001246")
    assert (first.category, first.status, first.krs, first.joined_on) == (
        "company",
        "active",
        "0000123456",
        date(2024, 2, 1),
    )
    assert Participant.objects.get(nip="1234563218").joined_on == date(2024, 3, 1)


def test_a_json_file_imports(cluster):
    content = json.dumps(
        [
            {"nazwa": "Fundacja JSON", "kategoria": "ngo", "nip": "", "regon": REGON, "krs": "", "status": "active",
             "data_przystapienia": "2024-05-05", "zgoda_katalog": True},
        ]
    ).encode()  # fmt: skip
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and report.description == "JSON"
    party = Participant.objects.get(regon=REGON)
    assert party.name == "Fundacja JSON" and party.public_listing is True


def test_headers_are_recognised_without_polish_letters_case_or_underscores_and_unknown_columns_are_ignored(cluster):
    content = (
        "sep=;\n"
        "Nazwa;KATEGORIA;NIP;REGON;KRS;Status;Data przystąpienia;Miejscowość;Uwagi\n"
        "Firma;company;5260001246;;;active;2024-01-15;Tworóg;zadzwonić\n"
    ).encode("cp1250")
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and report.ignored_columns == ["Uwagi"]
    assert Participant.objects.get(nip="5260001246").city == "Tworóg"


# --- bad files are refused with every problem, and change nothing --------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"nip": "526-000-12-47"}, "Wiersz 3, kolumna nip: To nie jest poprawny NIP: suma kontrolna się nie zgadza."),
        ({"regon": "123456786"}, "Wiersz 3, kolumna regon: To nie jest poprawny REGON: suma kontrolna się nie zgadza."),
        ({"krs": "KRS12345678901"}, "Wiersz 3, kolumna krs: Numer KRS to do 10 cyfr, np. 0000123456."),
        ({"kategoria": "firma"}, "Wiersz 3, kolumna kategoria: Nieznana wartość „firma”; dozwolone: gmina lub inna"),
        ({"status": "aktywny"}, "Wiersz 3, kolumna status: Nieznana wartość „aktywny”; dozwolone: złożył wniosek"),
        ({"data_przystapienia": "2024-02-30"}, "Wiersz 3, kolumna data_przystapienia: „2024-02-30” nie jest datą"),
        ({"gmina_teryt": "2413062"}, "Wiersz 3, kolumna gmina_teryt: W rejestrze nie ma gminy o kodzie TERYT 2413062."),
        ({"email": "nie-adres"}, "Wiersz 3, kolumna email: Wprowadź poprawny adres email."),
        ({"nazwa": ""}, "Wiersz 3, kolumna nazwa: To pole nie może być puste."),
        ({"status": "withdrawn"}, "Wiersz 3, kolumna data_zakonczenia: Podaj datę wystąpienia albo wykluczenia."),
    ],
)
def test_a_bad_cell_refuses_the_whole_file_with_its_row_and_column(cluster, cells, problem):
    content = register_csv(
        [
            register_row("Dobra Firma", nip=NIPS[2]),
            register_row("Zła Firma", **cells),
            register_row("Inna Firma", regon=REGON),
        ]
    )
    before = register_snapshot()
    report = register_import(content=content, dry_run=False)
    assert len(report.problems) == 1 and str(report.problems[0]).startswith(problem), problems_of(report)
    assert not report.written and register_snapshot() == before


def test_every_problem_of_a_file_is_listed_by_row_then_column(cluster):
    content = register_csv(
        [
            register_row("A", nip="1"),
            register_row("B", kategoria="?", data_przystapienia="wczoraj"),
            register_row("C", status="x", krs="abc"),
        ]
    )
    assert problems_of(register_import(content=content)) == [
        "Wiersz 2, kolumna nip: NIP ma 10 cyfr.",
        "Wiersz 3, kolumna kategoria: Nieznana wartość „?”; dozwolone: "
        "gmina lub inna jednostka samorządu terytorialnego (jst), spółka z udziałem jednostki samorządu "
        "(jst_company), przedsiębiorstwo (company), spółdzielnia (cooperative), stowarzyszenie lub fundacja (ngo), "
        "jednostka naukowa lub uczelnia (science), instytut badawczy (research_institute), osoba fizyczna (person), "
        "przedsiębiorstwo energetyczne lub OSD (energy_company).",
        "Wiersz 3, kolumna data_przystapienia: „wczoraj” nie jest datą; podaj ją jako RRRR-MM-DD, np. 2024-03-31.",
        "Wiersz 4, kolumna krs: Numer KRS to do 10 cyfr, np. 0000123456.",
        "Wiersz 4, kolumna status: Nieznana wartość „x”; dozwolone: "
        "złożył wniosek (applied), członek (active), wystąpił (withdrawn), wykluczony (excluded).",
    ]


def test_the_rules_of_a_status_and_its_dates_are_listed_with_the_rows_other_problems(cluster):
    content = register_csv([register_row("Zła", email="nie-adres", status="withdrawn")])
    assert problems_of(register_import(content=content)) == [
        "Wiersz 2, kolumna email: Wprowadź poprawny adres email.",
        "Wiersz 2, kolumna data_zakonczenia: Podaj datę wystąpienia albo wykluczenia.",
    ]


def test_a_missing_required_column_refuses_the_file_naming_the_columns(cluster):
    header = [column for column in REGISTER_HEADER if column not in ("data_przystapienia", "status")]
    report = register_import(content=register_csv([register_row("Firma")], header=header), dry_run=False)
    assert problems_of(report) == ["Brakuje wymaganych kolumn: status, data_przystapienia."]
    assert not Participant.objects.filter(name="Firma").exists()


def test_a_file_without_any_of_the_nip_regon_and_krs_columns_is_refused(cluster):
    header = [column for column in REGISTER_HEADER if column not in ("nip", "regon", "krs")]
    report = register_import(content=register_csv([register_row("Firma")], header=header), dry_run=False)
    assert problems_of(report) == ["Brakuje kolumny z numerem strony: nip, regon, krs (wystarczy jedna z nich)."]
    assert not Participant.objects.filter(name="Firma").exists()


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("nazwa,kategoria\nFirma,company\n".encode("utf-16"), "Nie umiemy odczytać tego pliku."),
        (b"%PDF-1.7\n\x00\x01binary", "Nie umiemy odczytać tego pliku."),
        (b"PK\x03\x04 not really a workbook", "Nie umiemy odczytać tego pliku."),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old excel", "To plik w dawnym formacie Excela (XLS)."),
        (b"", "Plik jest pusty."),
        (b"[1, 2", "To nie jest poprawny plik JSON"),
        (b'{"nazwa": "Firma"}', "Plik JSON musi zawierać listę obiektów"),
        (b"nazwa,kategoria,nip,regon,krs,status,data_przystapienia,gmina_teryt,email",
         "Plik nie zawiera żadnego wiersza z danymi, tylko nagłówek."),
        (b"nazwa,kategoria,nip,regon,krs,status,data_przystapienia\nA,company,,,,active,2024-01-01,x,y\n",
         "Wiersz 2: Wiersz ma więcej wypełnionych komórek (9) niż nagłówek kolumn (7)."),
    ],
)  # fmt: skip
def test_a_file_we_cannot_read_is_refused_with_one_clear_message(cluster, content, problem):
    before = register_snapshot()
    report = register_import(content=content, dry_run=False)
    assert len(report.problems) == 1 and str(report.problems[0]).startswith(problem), problems_of(report)
    assert register_snapshot() == before


def test_an_empty_row_keeps_the_row_numbers_of_the_spreadsheet(cluster):
    content = (
        "nazwa,kategoria,nip,regon,krs,status,data_przystapienia\n"
        f"Dobra,company,{NIPS[2]},,,active,2024-01-15\n"
        ",,,,,,\n"
        "\n"
        "Zła,company,1,,,active,2024-01-15\n"
    ).encode()
    assert problems_of(register_import(content=content)) == ["Wiersz 5, kolumna nip: NIP ma 10 cyfr."]


# --- encodings and CSV that cannot be read right: one clear message, nothing written -----------------------------


POLISH_ROW = "nazwa;kategoria;nip;status;data_przystapienia\nSpółdzielnia Źródło Łąka;spółdzielnia;5260001246;członek;2024-01-15\n"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (POLISH_ROW.encode("iso-8859-2"), "Plik wygląda na zapisany w kodowaniu ISO-8859-2, którego nie odczytujemy"),
        (POLISH_ROW.encode() + "Firma Żółw;przedsiębiorstwo;;członek;2024-01-15\n".encode("cp1250"),
         "Plik jest zapisany częściowo w UTF-8, a częściowo w innym kodowaniu (pierwszy znak spoza UTF-8 jest w "
         "wierszu 3)"),
        (bytes(range(1, 32)) * 40, "Nie umiemy odczytać tego pliku."),
        (b"nazwa;kategoria;nip;status;data_przystapienia\n\x81\x83\x88\x90\x98;company;;active;2024-01-15\n",
         "Nie umiemy odczytać tego pliku."),
        (b"nazwa;kategoria;nip;status;data_przystapienia\nA;company;;active;2024-01-15\n"
         b'"Firma "Zorza";company;;active;2024-01-15\n',
         "To nie jest poprawny plik CSV: w wierszu 3 cudzysłów nie jest zamknięty albo po nim nie ma separatora "
         "(średnik)."),
        (b'nazwa,kategoria,nip,status,data_przystapienia\nA,company,,active,2024-01-15\n"Firma,company,,active\n',
         "To nie jest poprawny plik CSV: w wierszu 3 cudzysłów nie jest zamknięty"),
    ],
)  # fmt: skip
def test_a_file_in_an_encoding_we_would_read_wrong_or_a_malformed_csv_is_refused(cluster, content, problem):
    before = register_snapshot()
    report = register_import(content=content, dry_run=False)
    assert len(report.problems) == 1 and str(report.problems[0]).startswith(problem), problems_of(report)
    assert not report.written and register_snapshot() == before


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1250"])
def test_a_semicolon_csv_with_polish_names_and_quoted_values_imports_in_each_encoding(cluster, encoding):
    content = (
        "Nazwa;Kategoria;NIP;Status;Data przystąpienia;Opis\r\n"
        'Spółdzielnia „Źródło”;spółdzielnia;5260001246;członek;15.01.2024;"Opis; ze średnikiem i ""cudzysłowem"""\r\n'
    ).encode(encoding)
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == []
    party = Participant.objects.get(nip="5260001246")
    assert (party.name, party.category, party.status) == ("Spółdzielnia „Źródło”", "cooperative", "active")
    assert party.description_pl == 'Opis; ze średnikiem i "cudzysłowem"'
