"""The register of parties: the register of a day, its export, and the import of register files (page and commands)."""

import io
import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from auditlog.models import LogEntry
from django.core.cache import cache
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook, load_workbook

from klaster.testing import PASSWORD, TOTP_SECRET, Checker, assert_accessible, make_stakeholder, make_user, totp_code
from members import register
from members.models import Participant, StaffMembership

NIPS = ["5260001246", "1234563218", "7680002466", "9531011544", "1132191233"]
REGON = "123456785"
HEADER = ["nazwa", "kategoria", "nip", "regon", "krs", "status", "data_przystapienia", "gmina_teryt", "email"]


def row(name, **cells):
    values = {"nazwa": name, "kategoria": "company", "status": "active", "data_przystapienia": "2024-01-15"}
    return {**values, **cells}


def csv_file(rows, *, header=HEADER, delimiter=",", encoding="utf-8"):
    lines = [delimiter.join(header)]
    lines += [delimiter.join(str(values.get(column, "")) for column in header) for values in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def register_snapshot():
    """Every party with every column, and the size of the history: what an import that changes nothing keeps."""
    return list(Participant.objects.order_by("pk").values()), LogEntry.objects.count()


def problems_of(report):
    return [str(problem) for problem in report.problems]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def tworog(cluster):
    return Participant.objects.get(slug="tworog")


@pytest.fixture
def parties(cluster, tworog):
    """A register with stakeholders that joined, left and have not joined yet."""
    return {
        "current": make_stakeholder(
            cluster, "Spółdzielnia Energetyczna Łąka", category="cooperative", nip=NIPS[0], joined_on=date(2020, 5, 4),
            located_in=tworog, phone="+48 600 100 200", email="biuro@laka.example.org",
        ),
        "left": make_stakeholder(
            cluster, "Firma Wystąpiła", nip=NIPS[1], joined_on=date(2019, 1, 1), left_on=date(2021, 6, 30),
            status=Participant.Status.WITHDRAWN, left_reason="Oświadczenie o wystąpieniu.",
        ),
        "later": make_stakeholder(cluster, "Firma Później", krs="0000123456", joined_on=date(2023, 3, 1)),
        "person": make_stakeholder(
            cluster, "Jan Kowalski", category="person", joined_on=date(2022, 2, 2), public_listing=False
        ),
    }  # fmt: skip


# --- the register of a day -----------------------------------------------------------------------------------------


def test_the_register_of_a_day_lists_who_was_a_party_that_day(client, coordinator, parties):
    client.force_login(coordinator)
    response = client.get(reverse("register:index"), {"dzien": "2022-06-01"})
    names = [party.name for party in response.context["page"].object_list]
    assert response.status_code == 200
    assert "Spółdzielnia Energetyczna Łąka" in names and "Jan Kowalski" in names and "Gmina Tworóg" in names
    assert "Firma Wystąpiła" not in names  # left on 2021-06-30
    assert "Firma Później" not in names  # joined on 2023-03-01
    assert names[0].startswith("Stowarzyszenie")  # the coordinator first, then the gminas, then the stakeholders
    page = response.content.decode()
    assert '<time datetime="2022-06-01">' in page and "?dzien=2022-06-01" in page
    earlier = client.get(reverse("register:index"), {"dzien": "2020-01-01"})
    assert "Firma Wystąpiła" in [party.name for party in earlier.context["page"].object_list]


def test_the_register_page_is_well_formed_and_defaults_to_today(client, coordinator, parties):
    client.force_login(coordinator)
    response = client.get(reverse("register:index"), {"dzien": "not-a-day"})
    assert response.status_code == 200
    assert response.context["day"] == date.today()
    checker = Checker()
    checker.feed(response.content.decode())
    assert checker.finish() == []


def test_the_register_pages_work_in_english_with_the_same_file_columns(client, coordinator, parties):
    client.force_login(coordinator)
    with translation.override("en"):
        index_url, import_url = reverse("register:index"), reverse("register:import")
    assert index_url.startswith("/en/")
    page = client.get(index_url).content.decode()
    assert '<html lang="en"' in page and '<th scope="row" lang="pl">Spółdzielnia Energetyczna Łąka</th>' in page
    assert "<code>data_przystapienia</code>" in client.get(import_url).content.decode()


def test_the_register_page_does_not_query_more_when_the_register_grows(client, coordinator, cluster, tworog):
    client.force_login(coordinator)
    make_stakeholder(cluster, "Firma 0", located_in=tworog, joined_on=date(2020, 1, 1))
    client.get(reverse("register:index"))
    with CaptureQueriesContext(connection) as small:
        client.get(reverse("register:index"))
    for number in range(1, 80):
        make_stakeholder(cluster, f"Firma {number}", located_in=tworog, joined_on=date(2020, 1, 1))
    with CaptureQueriesContext(connection) as large:
        response = client.get(reverse("register:index"))
    assert len(response.context["page"].object_list) == 50
    assert len(large.captured_queries) == len(small.captured_queries)


# --- who may use the register pages ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "method"),
    [
        ("register:index", {}, "get"),
        ("register:export", {"file_format": "csv"}, "get"),
        ("register:import", {}, "get"),
        ("register:import-preview", {"token": "a" * 32}, "get"),
        ("register:import-confirm", {"token": "a" * 32}, "post"),
        ("register:import-discard", {"token": "a" * 32}, "post"),
    ],
)
def test_only_the_coordinator_reaches_the_register(client, coordinator, staff_tworog, name, kwargs, method):
    url = reverse(name, kwargs=kwargs)
    anonymous = getattr(client, method)(url)
    assert anonymous.status_code == 302 and anonymous["Location"].startswith(reverse("account_login"))
    client.force_login(staff_tworog)
    assert getattr(client, method)(url).status_code == 403
    client.force_login(coordinator)
    answer = getattr(client, method)(url)
    assert answer.status_code == (302 if "token" in kwargs else 200)
    if "token" in kwargs:  # a token this session did not make finds nothing
        assert answer["Location"] == reverse("register:import")


def test_an_unknown_export_format_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("register:export", kwargs={"file_format": "pdf"})).status_code == 404
    bad_day = client.get(reverse("register:export", kwargs={"file_format": "csv"}), {"dzien": "31.02.2024"})
    assert bad_day.status_code == 302 and bad_day["Location"] == reverse("register:index")


# --- export, and the export imports back unchanged -------------------------------------------------------------------


def test_the_csv_export_has_a_bom_polish_headers_and_the_parties_of_the_day(client, coordinator, parties):
    client.force_login(coordinator)
    response = client.get(reverse("register:export", kwargs={"file_format": "csv"}), {"dzien": "2022-06-01"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="rejestr-2022-06-01.csv"'
    assert response.content.startswith("\ufeff".encode())
    text = response.content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("rodzaj,nazwa,nazwa_skrocona,kategoria,nip,regon,krs,teryt,")
    assert "Spółdzielnia Energetyczna Łąka" in text and "Firma Wystąpiła" not in text and "Firma Później" not in text
    assert "stakeholder,Spółdzielnia Energetyczna Łąka,,cooperative,5260001246,,,,,,,2413082," in text


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "json"])
def test_an_exported_register_imports_back_unchanged(parties, file_format):
    parties["current"].description_pl = "Opis, z przecinkiem; średnikiem i „cudzysłowem”.\nDruga linia."
    parties["current"].save()
    content, _type, _name = register.register_export(day=date(2025, 1, 1), file_format=file_format)
    before = register_snapshot()
    report = register.register_import(content=content, dry_run=False, source=f"rejestr.{file_format}")
    assert problems_of(report) == []
    assert (len(report.created), len(report.updated)) == (0, 0)
    assert report.unchanged == report.rows == 9  # the coordinator, 5 gminas, 3 stakeholders of 2025-01-01
    assert register_snapshot() == before


def test_exports_disarm_formulas_and_an_import_takes_the_apostrophe_off_again(parties):
    parties["current"].name = '=HYPERLINK("http://zlo.example")'
    parties["current"].short_name = "'=już z apostrofem"
    parties["current"].street = "@ulica"
    parties["current"].save()
    content, _type, _name = register.register_export(day=date(2025, 1, 1), file_format="csv")
    text = content.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+48 600 100 200" in text and "'@ulica" in text and "''=już" in text
    xlsx, _type, _name = register.register_export(day=date(2025, 1, 1), file_format="xlsx")
    sheet = load_workbook(io.BytesIO(xlsx)).worksheets[0]
    cells = [cell for line in sheet.iter_rows() for cell in line if isinstance(cell.value, str)]
    assert not [cell for cell in cells if cell.data_type == "f"]
    assert '\'=HYPERLINK("http://zlo.example")' in [cell.value for cell in cells]
    before = register_snapshot()
    for file_content in (content, xlsx):
        report = register.register_import(content=file_content, dry_run=False)
        assert problems_of(report) == [] and report.updated == [] and report.created == []
    assert register_snapshot() == before
    json_content, _type, _name = register.register_export(day=date(2025, 1, 1), file_format="json")
    assert '"nazwa": "=HYPERLINK' in json_content.decode()  # JSON is not a spreadsheet: values as they are


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
    content = csv_file(
        [row("Spółdzielnia Źródło Łąka", nip="526-000-12-46", gmina_teryt="2413082", email="zrodlo@example.org")],
        delimiter=delimiter,
        encoding=encoding,
    )
    report = register.register_import(content=content, dry_run=False, source="plik.csv")
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
    report = register.register_import(content=buffer.getvalue(), dry_run=False)
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
    report = register.register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and report.description == "JSON"
    party = Participant.objects.get(regon=REGON)
    assert party.name == "Fundacja JSON" and party.public_listing is True


def test_headers_are_recognised_without_polish_letters_case_or_underscores_and_unknown_columns_are_ignored(cluster):
    content = (
        "sep=;\n"
        "Nazwa;KATEGORIA;NIP;REGON;KRS;Status;Data przystąpienia;Miejscowość;Uwagi\n"
        "Firma;company;5260001246;;;active;2024-01-15;Tworóg;zadzwonić\n"
    ).encode("cp1250")
    report = register.register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and report.ignored_columns == ["Uwagi"]
    assert Participant.objects.get(nip="5260001246").city == "Tworóg"


# --- bad files are refused with every problem, and change nothing --------------------------------------------------


@pytest.mark.parametrize(
    ("cells", "problem"),
    [
        ({"nip": "526-000-12-47"}, "Wiersz 3, kolumna nip: To nie jest poprawny NIP: suma kontrolna się nie zgadza."),
        ({"regon": "123456786"}, "Wiersz 3, kolumna regon: To nie jest poprawny REGON: suma kontrolna się nie zgadza."),
        ({"krs": "KRS12345678901"}, "Wiersz 3, kolumna krs: Numer KRS to do 10 cyfr, np. 0000123456."),
        ({"kategoria": "firma"}, "Wiersz 3, kolumna kategoria: Nieznana wartość „firma”; dozwolone: jst, jst_company,"),
        ({"status": "aktywny"}, "Wiersz 3, kolumna status: Nieznana wartość „aktywny”; dozwolone: applied, active,"),
        ({"data_przystapienia": "2024-02-30"}, "Wiersz 3, kolumna data_przystapienia: „2024-02-30” nie jest datą"),
        ({"gmina_teryt": "2413062"}, "Wiersz 3, kolumna gmina_teryt: W rejestrze nie ma gminy o kodzie TERYT 2413062."),
        ({"email": "nie-adres"}, "Wiersz 3, kolumna email: Wprowadź poprawny adres email."),
        ({"nazwa": ""}, "Wiersz 3, kolumna nazwa: To pole nie może być puste."),
        ({"status": "withdrawn"}, "Wiersz 3, kolumna data_zakonczenia: Podaj datę wystąpienia albo wykluczenia."),
    ],
)
def test_a_bad_cell_refuses_the_whole_file_with_its_row_and_column(cluster, cells, problem):
    content = csv_file([row("Dobra Firma", nip=NIPS[2]), row("Zła Firma", **cells), row("Inna Firma", regon=REGON)])
    before = register_snapshot()
    report = register.register_import(content=content, dry_run=False)
    assert len(report.problems) == 1 and str(report.problems[0]).startswith(problem), problems_of(report)
    assert not report.written and register_snapshot() == before


def test_every_problem_of_a_file_is_listed_by_row_then_column(cluster):
    content = csv_file(
        [row("A", nip="1"), row("B", kategoria="?", data_przystapienia="wczoraj"), row("C", status="x", krs="abc")]
    )
    assert problems_of(register.register_import(content=content)) == [
        "Wiersz 2, kolumna nip: NIP ma 10 cyfr.",
        "Wiersz 3, kolumna kategoria: Nieznana wartość „?”; dozwolone: "
        "jst, jst_company, company, cooperative, ngo, science, research_institute, person, energy_company.",
        "Wiersz 3, kolumna data_przystapienia: „wczoraj” nie jest datą; podaj ją jako RRRR-MM-DD, np. 2024-03-31.",
        "Wiersz 4, kolumna krs: Numer KRS to do 10 cyfr, np. 0000123456.",
        "Wiersz 4, kolumna status: Nieznana wartość „x”; dozwolone: applied, active, withdrawn, excluded.",
    ]


def test_a_missing_required_column_refuses_the_file_naming_the_columns(cluster):
    header = [column for column in HEADER if column not in ("nip", "status")]
    report = register.register_import(content=csv_file([row("Firma")], header=header), dry_run=False)
    assert problems_of(report) == ["Brakuje wymaganych kolumn: nip, status."]
    assert not Participant.objects.filter(name="Firma").exists()


def test_the_same_party_twice_in_a_file_names_both_rows(cluster):
    content = csv_file(
        [row("Firma", nip=NIPS[2]), row("Inna", regon=REGON), row("Firma znowu", nip="768-000-24-66"), row("Osoba")]
        + [row("Osoba", kategoria="person")]
    )
    before = register_snapshot()
    assert problems_of(register.register_import(content=content, dry_run=False)) == [
        "Wiersz 2, kolumna nip: Ten sam numer jest też w wierszu 4.",
        "Wiersz 4, kolumna nip: Ten sam numer jest też w wierszu 2.",
        "Wiersz 5, kolumna nazwa: Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu 6.",
        "Wiersz 6, kolumna nazwa: Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu 5.",
    ]
    assert register_snapshot() == before


def test_a_row_whose_nip_is_one_party_and_krs_another_is_refused(parties):
    content = csv_file([row("Mieszanka", nip=parties["current"].nip, krs=parties["later"].krs)])
    before = register_snapshot()
    assert problems_of(register.register_import(content=content, dry_run=False)) == [
        "Wiersz 2: Numery w tym wierszu należą do różnych stron rejestru: NIP – „Spółdzielnia Energetyczna Łąka”; "
        "KRS – „Firma Później”."
    ]
    assert register_snapshot() == before


def test_two_rows_for_one_party_through_different_numbers_are_refused(parties):
    parties["current"].regon = REGON
    parties["current"].save()
    content = csv_file([row("Łąka", nip=parties["current"].nip), row("Łąka", regon=REGON)])
    assert problems_of(register.register_import(content=content)) == [
        "Wiersz 2: Ta sama strona („Spółdzielnia Energetyczna Łąka”) jest też w wierszu 3.",
        "Wiersz 3: Ta sama strona („Spółdzielnia Energetyczna Łąka”) jest też w wierszu 2.",
    ]


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
        (",".join(HEADER).encode(), "Plik nie zawiera żadnego wiersza z danymi, tylko nagłówek."),
        (b"nazwa,kategoria,nip,regon,krs,status,data_przystapienia\nA,company,,,,active,2024-01-01,x,y\n",
         "Wiersz 2: Wiersz ma więcej wypełnionych komórek (9) niż nagłówek kolumn (7)."),
    ],
)  # fmt: skip
def test_a_file_we_cannot_read_is_refused_with_one_clear_message(cluster, content, problem):
    before = register_snapshot()
    report = register.register_import(content=content, dry_run=False)
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
    assert problems_of(register.register_import(content=content)) == ["Wiersz 5, kolumna nip: NIP ma 10 cyfr."]


# --- re-importing updates, never duplicates ---------------------------------------------------------------------------


def test_reimporting_updates_parties_found_by_nip_regon_krs_or_a_persons_name(parties):
    parties["current"].regon = REGON
    parties["current"].save()
    content = csv_file(
        [
            row("Łąka nowa nazwa", regon=REGON, email="nowy@laka.example.org", kategoria="cooperative", gmina_teryt="2413082"),
            row("Firma Później", krs="123456", email="pozniej@example.org", data_przystapienia="2023-03-01"),
            row("Jan Kowalski", kategoria="osoba fizyczna", email="jan@example.org", data_przystapienia="2022-02-02"),
            row("Nowa Firma", nip=NIPS[3]),
        ]
    )  # fmt: skip
    count = Participant.objects.count()
    report = register.register_import(content=content, dry_run=False)
    assert problems_of(report) == []
    assert [(summary.name, summary.columns) for summary in report.updated] == [
        ("Łąka nowa nazwa", ["nazwa", "nip", "email", "data_przystapienia"]),
        ("Firma Później", ["email"]),
        ("Jan Kowalski", ["email"]),
    ]
    assert [summary.name for summary in report.created] == ["Nowa Firma"]
    assert Participant.objects.count() == count + 1
    parties["current"].refresh_from_db()
    assert parties["current"].name == "Łąka nowa nazwa" and parties["current"].nip == ""  # an empty cell empties
    assert Participant.objects.get(krs="0000123456").email == "pozniej@example.org"
    again = register.register_import(content=content, dry_run=False)
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 4)
    assert Participant.objects.count() == count + 1


def test_a_name_without_numbers_that_two_parties_have_is_refused(parties, cluster):
    make_stakeholder(cluster, "Jan Kowalski", slug="jan-kowalski-2", category="person", joined_on=date(2023, 1, 1))
    content = csv_file([row("Jan Kowalski", kategoria="person", email="jan@example.org")])
    assert problems_of(register.register_import(content=content)) == [
        "Wiersz 2, kolumna nazwa: W rejestrze jest kilka stron o tej nazwie bez NIP, REGON i KRS; podaj numer, "
        "żeby było wiadomo, o którą chodzi."
    ]


def test_new_parties_get_unique_slugs(parties):
    content = csv_file([row("Jan Kowalski", nip=NIPS[3]), row("Jan  Kowalski!", nip=NIPS[4])])
    register.register_import(content=content, dry_run=False)
    assert sorted(Participant.objects.filter(nip__in=NIPS[3:]).values_list("slug", flat=True)) == [
        "jan-kowalski-2",
        "jan-kowalski-3",
    ]


def test_a_gmina_is_updated_by_its_teryt_and_never_created_without_a_valid_one(cluster, tworog):
    header = ["rodzaj", "teryt", *HEADER, "telefon"]
    content = csv_file(
        [
            {**row("Gmina Tworóg", kategoria="jst", data_przystapienia="2018-04-10"), "rodzaj": "gmina",
             "teryt": "2413082", "telefon": "+48 32 285 73 41"},
        ],
        header=header,
    )  # fmt: skip
    report = register.register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and [summary.columns for summary in report.updated] == [["telefon"]]
    tworog.refresh_from_db()
    assert tworog.phone == "+48 32 285 73 41" and tworog.kind == "gmina"
    without = csv_file([{**row("Gmina Nowa", kategoria="jst"), "rodzaj": "gmina"}], header=header)
    assert problems_of(register.register_import(content=without, dry_run=False)) == [
        "Wiersz 2, kolumna teryt: Podaj kod TERYT gminy."
    ]
    invalid = csv_file([{**row("Gmina Nowa", kategoria="jst"), "rodzaj": "gmina", "teryt": "9999999"}], header=header)
    assert (
        "Wiersz 2, kolumna teryt: Kod TERYT gminy ma 7 cyfr"
        in problems_of(register.register_import(content=invalid))[0]
    )
    assert not Participant.objects.filter(name="Gmina Nowa").exists()


def test_an_import_does_not_turn_a_stakeholder_into_a_gmina(parties):
    header = ["rodzaj", "teryt", *HEADER]
    content = csv_file(
        [{**row("Łąka", kategoria="jst", nip=NIPS[0]), "rodzaj": "gmina", "teryt": "2413012"}], header=header
    )
    assert problems_of(register.register_import(content=content)) == [
        "Wiersz 2, kolumna nip: Ten numer ma już inna strona rejestru: „Spółdzielnia Energetyczna Łąka”."
    ]


# --- history ---------------------------------------------------------------------------------------------------------


def test_an_import_records_who_created_and_changed_each_party_in_the_history(parties, coordinator):
    content = csv_file([row("Nowa Firma", nip=NIPS[3]), row("Łąka", nip=NIPS[0], kategoria="cooperative")])
    register.register_import(content=content, dry_run=False, actor=coordinator, source="lista.csv")
    created = LogEntry.objects.get_for_object(Participant.objects.get(nip=NIPS[3])).get()
    assert created.action == LogEntry.Action.CREATE and created.actor == coordinator
    assert created.changes_dict["name"] == ["None", "Nowa Firma"] and created.additional_data == {"import": "lista.csv"}
    updated = LogEntry.objects.get_for_object(parties["current"]).filter(action=LogEntry.Action.UPDATE).get()
    assert updated.changes_dict == {
        "name": ["Spółdzielnia Energetyczna Łąka", "Łąka"],
        "email": ["biuro@laka.example.org", ""],
        "located_in": [str(parties["current"].located_in_id), "None"],
        "joined_on": ["2020-05-04", "2024-01-15"],
    }


# --- the import pages: upload, preview, confirm ---------------------------------------------------------------------


def _upload(client, content, name="rejestr.csv"):
    return client.post(reverse("register:import"), {"plik": SimpleUploadedFile(name, content)})


def test_the_coordinator_previews_an_import_then_confirms_it_once(client, coordinator, cluster, media):
    client.force_login(coordinator)
    upload_page = client.get(reverse("register:import"))
    assert upload_page.status_code == 200 and "<code>gmina_teryt</code>" in upload_page.content.decode()
    checker = Checker()
    checker.feed(upload_page.content.decode())
    assert checker.finish() == []
    response = _upload(client, csv_file([row("Firma Pierwsza", nip=NIPS[2]), row("Firma Druga", regon=REGON)]))
    assert response.status_code == 302
    preview_url = response["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert storages["private"].exists(f"imports/{token}")
    preview = client.get(preview_url)
    page = preview.content.decode()
    assert preview.status_code == 200 and "Nowe strony: 2, zmienione: 0, bez zmian: 0." in page
    assert "Firma Pierwsza" in page and not Participant.objects.filter(nip=NIPS[2]).exists()
    checker = Checker()
    checker.feed(page)
    assert checker.finish() == []

    confirmed = client.post(reverse("register:import-confirm", kwargs={"token": token}), follow=True)
    assert "Zaimportowano rejestr: nowe strony: 2, zmienione: 0, bez zmian: 0." in confirmed.content.decode()
    assert Participant.objects.filter(nip=NIPS[2]).count() == 1 and not storages["private"].exists(f"imports/{token}")
    assert LogEntry.objects.filter(actor=coordinator, additional_data={"import": "rejestr.csv"}).count() == 2

    again = client.post(reverse("register:import-confirm", kwargs={"token": token}), follow=True)
    assert "Nic nie zapisano drugi raz" in again.content.decode()
    assert Participant.objects.filter(nip=NIPS[2]).count() == 1


def test_a_preview_lists_every_problem_and_offers_no_confirmation(client, coordinator, cluster, media):
    client.force_login(coordinator)
    response = _upload(client, csv_file([row("Zła", nip="526-000-12-47"), row("Też zła", kategoria="inna")]))
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert "Plik ma 2 problem" in page and "suma kontrolna się nie zgadza" in page and "Nieznana wartość „inna”" in page
    assert "Zapisz w rejestrze" not in page
    checker = Checker()
    checker.feed(page)
    assert checker.finish() == []
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    refused = client.post(reverse("register:import-confirm", kwargs={"token": token}))
    assert refused.status_code == 200 and "niczego nie zapisano" in refused.content.decode()
    assert not Participant.objects.filter(name__in=["Zła", "Też zła"]).exists()


def test_a_file_that_cannot_be_read_is_refused_on_upload_and_not_kept(client, coordinator, cluster, media):
    client.force_login(coordinator)
    response = _upload(client, b"%PDF-1.7\n\x00binary", name="rejestr.pdf")
    assert response.status_code == 200 and "Nie umiemy odczytać tego pliku." in response.content.decode()
    missing = _upload(client, csv_file([row("Firma")], header=["nazwa", "kategoria"]))
    assert "Brakuje wymaganych kolumn: nip, regon, krs, status, data_przystapienia." in missing.content.decode()
    assert not (media / "imports").exists() or not list((media / "imports").iterdir())


def test_discarding_an_import_deletes_the_file(client, coordinator, cluster, media):
    client.force_login(coordinator)
    token = _upload(client, csv_file([row("Firma", nip=NIPS[2])]))["Location"].rstrip("/").rsplit("/", 1)[1]
    response = client.post(reverse("register:import-discard", kwargs={"token": token}))
    assert response.status_code == 302 and not storages["private"].exists(f"imports/{token}")
    assert client.get(reverse("register:import-preview", kwargs={"token": token})).status_code == 302


def test_another_session_cannot_use_an_upload_and_old_uploads_expire(client, coordinator, cluster, media):
    client.force_login(coordinator)
    token = _upload(client, csv_file([row("Firma", nip=NIPS[2])]))["Location"].rstrip("/").rsplit("/", 1)[1]
    other = make_user("drugi@example.org", role=StaffMembership.Role.COORDINATOR)
    TOTP.activate(other, TOTP_SECRET)
    client.force_login(other)
    client.post(reverse("register:import-confirm", kwargs={"token": token}))
    assert not Participant.objects.filter(nip=NIPS[2]).exists() and storages["private"].exists(f"imports/{token}")
    old = Path(storages["private"].path(f"imports/{token}"))
    stamp = (datetime.now() - register.UPLOAD_MAX_AGE - timedelta(minutes=1)).timestamp()
    os.utime(old, (stamp, stamp))
    assert register.upload_read(token) is None and not old.exists()
    assert register.upload_read("../../etc/passwd") is None


# --- commands --------------------------------------------------------------------------------------------------------


def test_import_stakeholders_imports_a_good_file_and_prints_the_counts(cluster, tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes(csv_file([row("Firma", nip=NIPS[2]), row("Fundacja", regon=REGON, kategoria="ngo")]))
    dry = io.StringIO()
    call_command("import_stakeholders", str(path), "--dry-run", stdout=dry, stderr=io.StringIO())
    assert "Plik jest poprawny (nowe: 2, zmienione: 0, bez zmian: 0); --dry-run" in dry.getvalue()
    assert not Participant.objects.filter(nip=NIPS[2]).exists()
    out = io.StringIO()
    call_command("import_stakeholders", str(path), stdout=out, stderr=io.StringIO())
    assert "Zaimportowano (nowe: 2, zmienione: 0, bez zmian: 0)." in out.getvalue()
    assert Participant.objects.filter(nip=NIPS[2]).exists()


def test_import_stakeholders_refuses_a_bad_file_with_exit_status_1_and_the_problems(cluster, tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes(csv_file([row("Firma", nip=NIPS[2]), row("Zła", nip="5260001247")], delimiter=";"))
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("import_stakeholders", str(path), stdout=io.StringIO(), stderr=err)
    assert refused.value.returncode == 1
    assert "Plik odrzucony, problemów: 1. Niczego nie zapisano." in str(refused.value)
    assert "Wiersz 3, kolumna nip: To nie jest poprawny NIP: suma kontrolna się nie zgadza." in err.getvalue()
    assert not Participant.objects.filter(nip=NIPS[2]).exists()
    with pytest.raises(CommandError, match="Nie można odczytać pliku"):
        call_command("import_stakeholders", str(tmp_path / "nie-ma.csv"))


def test_a_long_import_shows_progress(cluster, tmp_path, monkeypatch):
    monkeypatch.setattr(register, "PROGRESS_EVERY", 2)
    path = tmp_path / "lista.csv"
    path.write_bytes(csv_file([row(f"Firma {n}", kategoria="person") for n in range(5)]))
    err = io.StringIO()
    call_command("import_stakeholders", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == ["Sprawdzono 2 z 5 wierszy…", "Sprawdzono 4 z 5 wierszy…"]


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
    assert load_workbook(workbook).worksheets[0]["A1"].value == "rodzaj"
    with pytest.raises(CommandError, match="„2024-13-01” nie jest datą; podaj dzień jako RRRR-MM-DD"):
        call_command("export_stakeholders", "--as-of", "2024-13-01")


# --- the journey in a browser ----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_coordinator_imports_a_file_in_the_browser_and_finds_the_party_in_the_register(
    browser_cluster, live_server, page, media, tmp_path
):
    cache.clear()
    coordinator = make_user("koordynator@example.org", role=StaffMembership.Role.COORDINATOR)
    TOTP.activate(coordinator, TOTP_SECRET)
    page.goto(live_server.url + "/konto/login/")
    page.get_by_label("E-mail").fill("koordynator@example.org")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.get_by_label("Kod").fill(totp_code())
    page.get_by_role("button", name="Zaloguj się", exact=True).click()
    page.wait_for_url(live_server.url + "/panel/koordynator/")

    page.goto(live_server.url + reverse("register:import"))
    assert_accessible(page)
    path = tmp_path / "rejestr.csv"
    path.write_bytes(
        csv_file(
            [row("Spółdzielnia Przeglądarkowa", nip=NIPS[2], gmina_teryt="2413082")], delimiter=";", encoding="cp1250"
        )
    )
    page.get_by_label("Plik z rejestrem").set_input_files(str(path))
    page.get_by_role("button", name="Sprawdź plik").click()
    page.wait_for_url("**/import/*/")
    assert page.get_by_text("Nowe strony: 1, zmienione: 0, bez zmian: 0.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz w rejestrze").click()
    page.wait_for_url(live_server.url + reverse("register:index"))
    assert page.get_by_text("Zaimportowano rejestr: nowe strony: 1").is_visible()
    assert page.get_by_role("rowheader", name="Spółdzielnia Przeglądarkowa").is_visible()
    assert_accessible(page)
    cache.clear()


def test_an_import_raises_the_data_revision_so_kept_documents_are_rebuilt(cluster):
    """The import writes without model signals; kept PDFs are looked up by the data revision."""
    from klaster.revision import Revision

    before = Revision.current()
    register.register_import(content=csv_file([row("Nowa Spółdzielnia", nip=NIPS[3])]), dry_run=True)
    assert Revision.current() == before  # a preview writes nothing
    register.register_import(content=csv_file([row("Nowa Spółdzielnia", nip=NIPS[3])]), dry_run=False)
    assert Revision.current() > before
