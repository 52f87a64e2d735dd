"""Importing the register: finding the parties a file describes, updating without duplicating, the history of
what was imported, the import commands and the data revision."""

import io
from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from klaster.testing import (
    NIPS,
    REGISTER_HEADER,
    REGON,
    make_stakeholder,
    problems_of,
    register_csv,
    register_row,
    register_snapshot,
)
from members.models import Participant
from members.register import resource
from members.register.importing import register_import
from members.register.resource import column_key, column_title
from members.signals import data_changed


def test_the_same_party_twice_in_a_file_names_both_rows(cluster):
    content = register_csv(
        [
            register_row("Firma", nip=NIPS[2]),
            register_row("Inna", regon=REGON),
            register_row("Firma znowu", nip="768-000-24-66"),
            register_row("Osoba"),
        ]
        + [register_row("Osoba", kategoria="person")]
    )
    before = register_snapshot()
    assert problems_of(register_import(content=content, dry_run=False)) == [
        "Wiersz 2, kolumna nip: Ten sam numer jest też w wierszu 4.",
        "Wiersz 4, kolumna nip: Ten sam numer jest też w wierszu 2.",
        "Wiersz 5, kolumna nazwa: Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu 6.",
        "Wiersz 6, kolumna nazwa: Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu 5.",
    ]
    assert register_snapshot() == before


def test_a_row_whose_nip_is_one_party_and_krs_another_is_refused(parties):
    content = register_csv([register_row("Mieszanka", nip=parties["current"].nip, krs=parties["later"].krs)])
    before = register_snapshot()
    assert problems_of(register_import(content=content, dry_run=False)) == [
        "Wiersz 2: Numery w tym wierszu należą do różnych stron rejestru: NIP – „Spółdzielnia Energetyczna Łąka”; "
        "KRS – „Firma Później”."
    ]
    assert register_snapshot() == before


def test_two_rows_for_one_party_through_different_numbers_are_refused(parties):
    parties["current"].regon = REGON
    parties["current"].save()
    content = register_csv([register_row("Łąka", nip=parties["current"].nip), register_row("Łąka", regon=REGON)])
    assert problems_of(register_import(content=content)) == [
        "Wiersz 2: Ta sama strona („Spółdzielnia Energetyczna Łąka”) jest też w wierszu 3.",
        "Wiersz 3: Ta sama strona („Spółdzielnia Energetyczna Łąka”) jest też w wierszu 2.",
    ]


# --- re-importing updates, never duplicates ---------------------------------------------------------------------------


def test_reimporting_updates_parties_found_by_nip_regon_krs_or_a_persons_name(parties):
    parties["current"].regon = REGON
    parties["current"].save()
    content = register_csv(
        [
            register_row("Łąka nowa nazwa", regon=REGON, email="nowy@laka.example.org", kategoria="cooperative", gmina_teryt="2413082"),
            register_row("Firma Później", krs="123456", email="pozniej@example.org", data_przystapienia="2023-03-01"),
            register_row("Jan Kowalski", kategoria="osoba fizyczna", email="jan@example.org", data_przystapienia="2022-02-02"),
            register_row("Nowa Firma", nip=NIPS[3]),
        ]
    )  # fmt: skip
    count = Participant.objects.count()
    report = register_import(content=content, dry_run=False)
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
    again = register_import(content=content, dry_run=False)
    assert (len(again.created), len(again.updated), again.unchanged) == (0, 0, 4)
    assert Participant.objects.count() == count + 1


def test_a_name_without_numbers_that_two_parties_have_is_refused(parties, cluster):
    make_stakeholder(cluster, "Jan Kowalski", slug="jan-kowalski-2", category="person", joined_on=date(2023, 1, 1))
    content = register_csv([register_row("Jan Kowalski", kategoria="person", email="jan@example.org")])
    assert problems_of(register_import(content=content)) == [
        "Wiersz 2, kolumna nazwa: W rejestrze jest kilka stron o tej nazwie bez NIP, REGON i KRS; podaj numer, "
        "żeby było wiadomo, o którą chodzi."
    ]


def test_new_parties_get_unique_slugs(parties):
    content = register_csv([register_row("Jan Kowalski", nip=NIPS[3]), register_row("Jan  Kowalski!", nip=NIPS[4])])
    register_import(content=content, dry_run=False)
    assert sorted(Participant.objects.filter(nip__in=NIPS[3:]).values_list("slug", flat=True)) == [
        "jan-kowalski-2",
        "jan-kowalski-3",
    ]


def test_a_gmina_is_updated_by_its_teryt_and_never_created_without_a_valid_one(cluster, tworog):
    header = ["rodzaj", "teryt", *REGISTER_HEADER, "telefon"]
    content = register_csv(
        [
            {**register_row("Gmina Tworóg", kategoria="jst", data_przystapienia="2018-04-10"), "rodzaj": "gmina",
             "teryt": "2413082", "telefon": "+48 32 285 73 41"},
        ],
        header=header,
    )  # fmt: skip
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and [summary.columns for summary in report.updated] == [["telefon"]]
    tworog.refresh_from_db()
    assert tworog.phone == "+48 32 285 73 41" and tworog.kind == "gmina"
    without = register_csv([{**register_row("Gmina Nowa", kategoria="jst"), "rodzaj": "gmina"}], header=header)
    assert problems_of(register_import(content=without, dry_run=False)) == [
        "Wiersz 2, kolumna teryt: Podaj kod TERYT gminy."
    ]
    invalid = register_csv(
        [{**register_row("Gmina Nowa", kategoria="jst"), "rodzaj": "gmina", "teryt": "9999999"}], header=header
    )
    assert "Wiersz 2, kolumna teryt: Kod TERYT gminy ma 7 cyfr" in problems_of(register_import(content=invalid))[0]
    assert not Participant.objects.filter(name="Gmina Nowa").exists()


def test_an_import_does_not_turn_a_stakeholder_into_a_gmina(parties):
    header = ["rodzaj", "teryt", *REGISTER_HEADER]
    content = register_csv(
        [{**register_row("Łąka", kategoria="jst", nip=NIPS[0]), "rodzaj": "gmina", "teryt": "2413012"}], header=header
    )
    assert problems_of(register_import(content=content)) == [
        "Wiersz 2, kolumna nip: Ten numer ma już inna strona rejestru: „Spółdzielnia Energetyczna Łąka”."
    ]


# --- history ---------------------------------------------------------------------------------------------------------


def test_an_import_records_who_created_and_changed_each_party_in_the_history(parties, coordinator):
    content = register_csv(
        [register_row("Nowa Firma", nip=NIPS[3]), register_row("Łąka", nip=NIPS[0], kategoria="cooperative")]
    )
    register_import(content=content, dry_run=False, actor=coordinator, source="lista.csv")
    created = LogEntry.objects.get_for_object(Participant.objects.get(nip=NIPS[3])).get()
    assert created.action == LogEntry.Action.CREATE and created.actor == coordinator
    assert created.changes_dict["name"] == ["None", "Nowa Firma"] and created.additional_data == {"import": "lista.csv"}
    assert (created.object_repr, created.actor_email) == ("Nowa Firma", coordinator.email)
    updated = LogEntry.objects.get_for_object(parties["current"]).filter(action=LogEntry.Action.UPDATE).get()
    assert updated.changes_dict == {
        "name": ["Spółdzielnia Energetyczna Łąka", "Łąka"],
        "email": ["biuro@laka.example.org", ""],
        "located_in": [str(parties["current"].located_in_id), "None"],
        "joined_on": ["2020-05-04", "2024-01-15"],
    }


# --- commands --------------------------------------------------------------------------------------------------------


def test_import_stakeholders_imports_a_good_file_and_prints_the_counts(cluster, tmp_path):
    path = tmp_path / "lista.csv"
    path.write_bytes(
        register_csv([register_row("Firma", nip=NIPS[2]), register_row("Fundacja", regon=REGON, kategoria="ngo")])
    )
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
    path.write_bytes(
        register_csv([register_row("Firma", nip=NIPS[2]), register_row("Zła", nip="5260001247")], delimiter=";")
    )
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
    monkeypatch.setattr(resource, "PROGRESS_EVERY", 2)
    path = tmp_path / "lista.csv"
    path.write_bytes(register_csv([register_row(f"Firma {n}", kategoria="person") for n in range(5)]))
    err = io.StringIO()
    call_command("import_stakeholders", str(path), "--dry-run", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().splitlines() == ["Sprawdzono 2 z 5 wierszy…", "Sprawdzono 4 z 5 wierszy…"]


def test_an_import_says_that_the_data_changed_once_per_write_and_a_preview_does_not(parties):
    """The writes send no model signals; members.signals.data_changed tells whoever keeps what is derived."""
    heard = []

    def listener(sender, **kwargs):
        heard.append(sender)

    data_changed.connect(listener)
    try:
        content = register_csv(
            [register_row("Nowa Spółdzielnia", nip=NIPS[3]), register_row("Łąka", nip=NIPS[0], kategoria="cooperative")]
        )
        register_import(content=content, dry_run=True)
        assert heard == []
        register_import(content=content, dry_run=False)
        assert heard == [Participant, Participant]  # the new party, then the changed one
    finally:
        data_changed.disconnect(listener)


# --- a Polish office's file: names instead of codes, the export's headers, one number is enough ----------------------


@pytest.mark.parametrize(
    ("cells", "stored"),
    [
        ({"kategoria": "przedsiębiorstwo", "status": "członek"}, ("company", "active")),
        ({"kategoria": "PRZEDSIEBIORSTWO", "status": "Czlonek"}, ("company", "active")),
        ({"kategoria": "Gmina", "status": "czlonek"}, ("jst", "active")),
        ({"kategoria": "Spółdzielnia ", "status": " ZŁOŻYŁ WNIOSEK", "data_przystapienia": ""}, ("cooperative", "applied")),
        ({"kategoria": "osoba  fizyczna", "status": "wystapil", "data_zakonczenia": "2024-06-30"}, ("person", "withdrawn")),
        ({"kategoria": "stowarzyszenie", "status": "Wykluczony", "data_zakonczenia": "2024-06-30"}, ("ngo", "excluded")),
        ({"kategoria": "Przedsiębiorstwo energetyczne lub OSD", "status": "active"}, ("energy_company", "active")),
        ({"kategoria": "jst_company", "status": "ACTIVE"}, ("jst_company", "active")),
        ({"kategoria": "natural person", "status": "member"}, ("person", "active")),  # the English names
    ],
)  # fmt: skip
def test_categories_and_statuses_are_read_from_their_polish_names_in_any_case_with_or_without_polish_letters(
    cluster, cells, stored
):
    header = [*REGISTER_HEADER, "data_zakonczenia"]
    content = register_csv([register_row("Firma", nip=NIPS[2], **cells)], header=header, delimiter=";")
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == []
    party = Participant.objects.get(nip=NIPS[2])
    assert (party.category, party.status) == stored


def test_kinds_are_read_from_their_polish_names(cluster, tworog):
    content = register_csv(
        [{**register_row("Gmina Tworóg", kategoria="Gmina", data_przystapienia="2018-04-10"), "rodzaj": "Gmina",
          "teryt": "2413082", "telefon": "+48 32 285 73 41"},
         {**register_row("Firma", nip=NIPS[2]), "rodzaj": "Interesariusz"}],
        header=["rodzaj", "teryt", *REGISTER_HEADER, "telefon"],
    )  # fmt: skip
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and [summary.name for summary in report.created] == ["Firma"]
    tworog.refresh_from_db()
    assert tworog.phone == "+48 32 285 73 41"


def test_a_file_with_the_headers_of_the_polish_export_imports_and_its_problems_name_those_columns(cluster):
    header = ["Nazwa", "Kategoria", "NIP", "Status", "Data przystąpienia", "Gmina siedziby (kod TERYT)", "Adres e-mail"]
    good = (
        "Nazwa;Kategoria;NIP;Status;Data przystąpienia;Gmina siedziby (kod TERYT);Adres e-mail\r\n"
        f"Firma;przedsiębiorstwo;{NIPS[2]};członek;2024-01-15;2413082;biuro@firma.example.org\r\n"
    ).encode("cp1250")
    report = register_import(content=good, dry_run=False)
    assert problems_of(report) == [] and report.ignored_columns == []
    party = Participant.objects.get(nip=NIPS[2])
    assert party.located_in.slug == "tworog" and party.email == "biuro@firma.example.org"
    bad = register_csv(
        [{"Nazwa": "Zła", "Kategoria": "firma", "NIP": NIPS[3], "Status": "członek", "Data przystąpienia": "wczoraj"}],
        header=header,
        delimiter=";",
    )
    before = register_snapshot()
    assert problems_of(register_import(content=bad, dry_run=False)) == [
        "Wiersz 2, kolumna Kategoria: Nieznana wartość „firma”; dozwolone: "
        "gmina lub inna jednostka samorządu terytorialnego (jst), spółka z udziałem jednostki samorządu "
        "(jst_company), przedsiębiorstwo (company), spółdzielnia (cooperative), stowarzyszenie lub fundacja (ngo), "
        "jednostka naukowa lub uczelnia (science), instytut badawczy (research_institute), osoba fizyczna (person), "
        "przedsiębiorstwo energetyczne lub OSD (energy_company).",
        "Wiersz 2, kolumna Data przystąpienia: „wczoraj” nie jest datą; podaj ją jako RRRR-MM-DD, np. 2024-03-31.",
    ]
    assert register_snapshot() == before


def test_a_column_named_twice_once_by_its_key_and_once_by_its_title_is_refused(cluster):
    header = [*REGISTER_HEADER, "Data przystąpienia"]
    content = register_csv([register_row("Firma", nip=NIPS[2])], header=header)
    assert problems_of(register_import(content=content, dry_run=False)) == [
        "Kolumna data_przystapienia: Ta kolumna jest w pliku więcej niż raz."
    ]
    assert not Participant.objects.filter(name="Firma").exists()


@pytest.mark.parametrize("identifier", ["nip", "regon", "krs"])
def test_a_file_with_only_one_of_nip_regon_and_krs_imports_and_updates_by_that_number(parties, identifier):
    value = {"nip": NIPS[2], "regon": REGON, "krs": "0000654321"}[identifier]
    header = ["nazwa", "kategoria", identifier, "status", "data_przystapienia", "email"]
    content = register_csv([register_row("Firma z jednym numerem", **{identifier: value})], header=header)
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and [summary.name for summary in report.created] == ["Firma z jednym numerem"]
    party = Participant.objects.get(**{identifier: value})
    assert [getattr(party, name) for name in ("nip", "regon", "krs") if getattr(party, name)] == [value]
    again = register_csv([register_row("Firma z jednym numerem", email="nowy@example.org", **{identifier: value})], header=header)  # fmt: skip
    report = register_import(content=again, dry_run=False)
    assert [(summary.name, summary.columns) for summary in report.updated] == [("Firma z jednym numerem", ["email"])]


def test_without_the_regon_and_krs_columns_the_parties_keep_their_regon_and_krs(parties):
    parties["current"].regon = REGON
    parties["current"].save()
    header = ["nazwa", "kategoria", "nip", "status", "data_przystapienia"]
    content = register_csv(
        [register_row("Spółdzielnia Energetyczna Łąka", kategoria="spółdzielnia", nip=NIPS[0], data_przystapienia="2020-05-04")],
        header=header,
    )  # fmt: skip
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == [] and report.unchanged == 1
    parties["current"].refresh_from_db()
    assert parties["current"].regon == REGON and parties["current"].krs == ""


def test_a_row_without_any_number_follows_the_rules_of_a_party_without_one(parties):
    """No rule asks a stakeholder for a number: a row without one is a party found by its name, as before; a name
    that two such rows, or two such parties, share is refused with a clear problem."""
    header = ["nazwa", "kategoria", "nip", "status", "data_przystapienia", "email"]
    content = register_csv(
        [
            register_row("Jan Kowalski", kategoria="osoba fizyczna", data_przystapienia="2022-02-02", email="jan@example.org"),
            register_row("Anna Nowak", kategoria="osoba fizyczna"),
        ],
        header=header,
    )  # fmt: skip
    report = register_import(content=content, dry_run=False)
    assert problems_of(report) == []
    assert [summary.name for summary in report.updated] == ["Jan Kowalski"]
    assert [summary.name for summary in report.created] == ["Anna Nowak"]
    twice = register_csv([register_row("Ewa Nowak"), register_row("Ewa  Nowak", kategoria="person")], header=header)
    before = register_snapshot()
    assert problems_of(register_import(content=twice, dry_run=False)) == [
        "Wiersz 2, kolumna nazwa: Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu 3.",
        "Wiersz 3, kolumna nazwa: Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu 2.",
    ]
    assert register_snapshot() == before


def test_every_column_title_in_polish_and_english_names_its_column_and_no_other():
    for language in ("pl", "en"):
        with translation.override(language):
            titles = {key: column_title(key) for key in resource.COLUMN_HELP}
        assert {key: column_key(title) for key, title in titles.items()} == {key: key for key in titles}, language
        assert not [title for title in titles.values() if set(title) & {",", ";", "\t", '"'}], language
    assert column_key("Data_Przystapienia") == "data_przystapienia" and column_key("Uwagi") is None
