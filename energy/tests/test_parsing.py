"""The eLicznik parser on files in the operator's format (energy/tests/data), the clock-change days included."""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from energy import parsing
from energy.parsing import ReadingsFileError, day_hours, parse_elicznik

DATA = Path(__file__).parent / "data"


def parse(name):
    return parse_elicznik((DATA / name).read_bytes())


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def series(parsed, direction):
    return [(start, kwh) for found, start, kwh in parsed.readings if found == direction]


def test_the_days_of_warsaw_have_23_24_and_25_hours():
    assert day_hours(date(2024, 3, 31)) == (utc(2024, 3, 30, 23), 23)
    assert day_hours(date(2024, 7, 1)) == (utc(2024, 6, 30, 22), 24)
    assert day_hours(date(2024, 10, 27)) == (utc(2024, 10, 26, 22), 25)


def test_an_ordinary_day_hour_n_is_the_hour_ending_at_n_oclock():
    parsed = parse("elicznik-2021-07-03.csv")
    assert parsed.rows == 96
    assert parsed.interval_minutes == 60
    consumption = series(parsed, "consumption")
    # "2021-07-03 1:00" is 0:00–1:00 in Warsaw (summer time): 22:00 UTC the day before; "24:00" is 23:00–24:00.
    assert consumption[0] == (utc(2021, 7, 2, 22), Decimal("0.101"))
    assert consumption[13] == (utc(2021, 7, 3, 11), Decimal("0.114"))  # 13:00–14:00 Warsaw
    assert consumption[-1] == (utc(2021, 7, 3, 21), Decimal("0.124"))
    assert parsed.period_start == utc(2021, 7, 2, 22)
    assert parsed.period_end == utc(2021, 7, 3, 22)
    totals = {direction: (count, kwh) for direction, count, kwh in parsed.totals()}
    # pobór: 0.101 + … + 0.124 = 24 × 0.1 + (1 + … + 24) / 1000 = 2.4 + 0.3
    assert totals["consumption"] == (24, Decimal("2.700"))
    # oddanie from 7:00 to 19:00: 13 hours of 1 + hour/100 kWh = 13 + (7 + … + 19) / 100 = 13 + 1.69
    assert totals["feed_in"] == (24, Decimal("14.690"))
    assert set(totals) == {"consumption", "feed_in", "consumption_balanced", "feed_in_balanced"}


@pytest.mark.parametrize("name", ["elicznik-2024-03-31-1-23.csv", "elicznik-2024-03-31-clock.csv"])
def test_the_23_hour_march_day_either_way_it_is_numbered(name):
    parsed = parse(name)
    consumption = series(parsed, "consumption")
    assert len(consumption) == 23
    # The N-th hour of the day holds N thousandths; the day starts at 23:00 UTC (midnight CET) and the hours follow
    # each other without a gap in UTC, the jump from 2:00 to 3:00 notwithstanding.
    assert consumption == [(utc(2024, 3, 30, 23) + timedelta(hours=n), Decimal(n + 1) / 1000) for n in range(23)]
    # 1:00–2:00 CET, then 3:00–4:00 CEST: one hour apart in UTC.
    assert consumption[1][0] == utc(2024, 3, 31, 0)
    assert consumption[2][0] == utc(2024, 3, 31, 1)
    assert parsed.period_end == utc(2024, 3, 31, 22)


def test_the_march_day_in_order_keeps_both_kinds():
    parsed = parse("elicznik-2024-03-31-1-23.csv")
    assert series(parsed, "feed_in")[-1] == (utc(2024, 3, 31, 21), Decimal("0.123"))


@pytest.mark.parametrize("name", ["elicznik-2024-10-27-1-25.csv", "elicznik-2024-10-27-clock-cp1250.csv"])
def test_the_25_hour_october_day_keeps_both_hours_between_2_and_3(name):
    parsed = parse(name)
    consumption = series(parsed, "consumption")
    assert len(consumption) == 25
    assert consumption == [(utc(2024, 10, 26, 22) + timedelta(hours=n), Decimal(n + 1) / 1000) for n in range(25)]
    # 2:00–3:00 summer time (0:00 UTC) holds 0.003, and 2:00–3:00 winter time (1:00 UTC) 0.004: none is lost.
    assert consumption[2] == (utc(2024, 10, 27, 0), Decimal("0.003"))
    assert consumption[3] == (utc(2024, 10, 27, 1), Decimal("0.004"))
    assert parsed.period_end == utc(2024, 10, 27, 23)
    assert sum(kwh for _start, kwh in consumption) == Decimal("0.325")  # (1 + … + 25) / 1000


def test_an_october_day_that_lost_one_of_its_doubled_hours_is_refused():
    with pytest.raises(ReadingsFileError) as raised:
        parse("elicznik-2024-10-27-24-rows.csv")
    (problem,) = raised.value.problems
    assert (problem.row, problem.column) == (2, "Data")
    assert "dzień 2024-10-27 ma 25 godzin" in problem.message
    assert "brakuje jednej z dwóch godzin między 2:00 a 3:00" in problem.message
    assert str(problem).startswith("Wiersz 2, kolumna Data: dzień 2024-10-27")


def test_a_march_day_with_24_hours_is_refused():
    content = "Data; Wartość kWh;Rodzaj\n" + "".join(f"2024-03-31 {hour}:00;0,1;pobór\n" for hour in range(1, 25))
    with pytest.raises(ReadingsFileError) as raised:
        parse_elicznik(content.encode())
    (problem,) = raised.value.problems
    assert "dzień 2024-03-31 ma 23 godziny" in problem.message


def test_a_malformed_file_names_every_problem_by_row_and_column():
    with pytest.raises(ReadingsFileError) as raised:
        parse("elicznik-malformed.csv")
    found = [(problem.row, problem.column) for problem in raised.value.problems]
    assert found == [
        (4, "Data"),
        (5, "Wartość kWh"),
        (6, "Rodzaj"),
        (7, "Data"),
        (8, "Wartość kWh"),
        (9, "Wartość kWh"),
        (10, "Data"),
    ]
    messages = [str(problem) for problem in raised.value.problems]
    assert messages[0] == (
        "Wiersz 4, kolumna Data: „03.07.2021 3:00” to nie jest data i godzina w postaci RRRR-MM-DD GG:00, "
        "np. 2021-07-03 14:00"
    )
    assert "„abc” to nie jest liczba kWh" in messages[1]
    assert "nieznany rodzaj „zużycie”" in messages[2]
    assert "godzina „2021-07-03 2:00” rodzaju „pobór” jest już w wierszu 3" in messages[3]
    assert "brak wartości" in messages[4]
    assert "nie może być ujemna" in messages[5]
    assert "od 1 do 24" in messages[6]
    assert "Wiersz 4, kolumna Data" in str(raised.value)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "Plik jest pusty."),
        (b"Data; Wartosc;Rodzaj\n2021-07-03 1:00;0,1;pob\xc3\xb3r\n", "brak kolumn: „Wartość kWh”"),
        ("Data; Wartość kWh;Rodzaj\n".encode(), "nie ma żadnych odczytów"),
        ("Data; Wartość kWh;Rodzaj\n2021-07-03 1:00,0.1,pobór\n".encode(), "za mało kolumn"),
        ("Data; Wartość kWh;Rodzaj\n2021-07-03 1:30;0,1;pobór\n".encode(), "pełne godziny"),
        ("Data; Wartość kWh;Rodzaj\n2021-02-30 1:00;0,1;pobór\n".encode(), "nie ma takiego dnia"),
        ("Data; Wartość kWh;Rodzaj\n2021-07-03 1:00;0,12345;pobór\n".encode(), "najwyżej 4 cyfry po przecinku"),
        ("Data; Wartość kWh;Rodzaj\n2021-07-03 25:00;0,1;pobór\n".encode(), "ma 24 godziny, a tu jest godzina 25"),
    ],
)
def test_a_file_that_is_not_an_elicznik_export_is_refused_with_a_reason(content, words):
    with pytest.raises(ReadingsFileError) as raised:
        parse_elicznik(content)
    assert words in str(raised.value)


def test_headers_are_read_without_their_spaces_and_case_and_other_columns_are_ignored():
    content = "\ufeffRODZAJ ; data ;Wartość kWh ;Uwagi\npobór;2021-07-03 01:00;1.5;x\n".encode()
    parsed = parse_elicznik(content)
    assert parsed.readings == [("consumption", utc(2021, 7, 2, 22), Decimal("1.5"))]


def test_the_list_of_problems_stops_at_a_hundred():
    content = "Data; Wartość kWh;Rodzaj\n" + "zła data;0,1;pobór\n" * 500
    with pytest.raises(ReadingsFileError) as raised:
        parse_elicznik(content.encode())
    assert len(raised.value.problems) == 101
    assert "Dalszych problemów nie wymieniamy" in str(raised.value.problems[-1])


# --- the fast way and the careful way read the same -------------------------------------------------------------------


def both_ways(content):
    """(fast, careful) ParsedReadings of `content`; the fast way must not give up on a file without problems."""
    text = parsing.decode(content)
    fast = parsing._parse_fast(text, None)
    assert fast is not None, "the fast way gave up on a file without problems"
    return fast, parsing._parse_checked(text, None)


def same(first, second):
    assert first.series == second.series
    assert (first.rows, first.days, first.period_start, first.period_end) == (
        second.rows,
        second.days,
        second.period_start,
        second.period_end,
    )
    assert first.totals() == second.totals() and first.ranges() == second.ranges()
    assert first.readings == second.readings


@pytest.mark.parametrize(
    "name",
    [
        "elicznik-2021-07-03.csv",
        "elicznik-2024-03-31-1-23.csv",
        "elicznik-2024-03-31-clock.csv",
        "elicznik-2024-10-27-1-25.csv",
        "elicznik-2024-10-27-clock-cp1250.csv",
    ],
)
def test_the_fast_way_reads_each_file_as_the_careful_way_does(name):
    same(*both_ways((DATA / name).read_bytes()))


def a_year(year=2024):
    """A year of hourly `pobór` and `oddanie`, numbered by the clock (March without 3:00, October with 3:00 twice),
    with CRLF line ends and varied values."""
    lines = ["Data; Wartość kWh;Rodzaj"]
    day = date(year, 1, 1)
    while day.year == year:
        hours = day_hours(day)[1]
        labels = {23: [n for n in range(1, 25) if n != 3], 25: [1, 2, 3, *range(3, 25)]}.get(hours, range(1, 25))
        for kind in ("pobór", "oddanie"):
            lines += [f"{day} {label}:00;{(day.day * label) % 7},{label:03d};{kind}" for label in labels]
        day += timedelta(days=1)
    return ("\r\n".join(lines) + "\r\n").encode()


def test_a_year_numbered_by_the_clock_is_read_the_same_both_ways_with_every_hour_once():
    fast, careful = both_ways(a_year())
    same(fast, careful)
    assert fast.rows == 2 * 8784 and len(fast.days) == 366
    for pairs in fast.series.values():
        starts = [start for start, _kwh in pairs]
        assert starts == [utc(2023, 12, 31, 23) + timedelta(hours=n) for n in range(8784)]  # no gap, no overlap


def test_quoted_cells_are_read_by_the_csv_module_to_the_same_readings():
    plain = (DATA / "elicznik-2021-07-03.csv").read_bytes()
    quoted = plain.decode().replace(";pobór", ';"pobór"').encode()
    assert parsing._parse_fast(parsing.decode(quoted), None) is None  # the careful way reads it
    same(parse_elicznik(quoted), parse_elicznik(plain))


def test_a_doubled_hour_makes_the_fast_way_give_up_and_the_careful_way_name_it():
    content = "Data; Wartość kWh;Rodzaj\n2021-07-03 1:00;0,1;pobór\n2021-07-03 1:00;0,2;pobór\n".encode()
    assert parsing._parse_fast(parsing.decode(content), None) is None
    with pytest.raises(ReadingsFileError) as raised:
        parse_elicznik(content)
    assert "jest już w wierszu 2" in str(raised.value)


def test_the_parser_reports_its_progress_now_and_then_up_to_the_last_line(monkeypatch):
    monkeypatch.setattr(parsing, "PROGRESS_ROWS", 5000)
    seen = []
    parse_elicznik(a_year(), progress=lambda done, total: seen.append((done, total)))
    total = 2 * 8784 + 1  # the lines: the header and the rows
    assert seen == [(5001, total), (10001, total), (15001, total), (total, total)]


def test_blank_lines_are_skipped_and_rows_keep_their_spreadsheet_numbers():
    content = "Data; Wartość kWh;Rodzaj\n\n2021-07-03 1:00;0,1;pobór\n;;\n2021-07-03 2:00;x;pobór\n".encode()
    with pytest.raises(ReadingsFileError) as raised:
        parse_elicznik(content)
    assert [(problem.row, problem.column) for problem in raised.value.problems] == [(5, "Wartość kWh")]
    fine = "Data; Wartość kWh;Rodzaj\n\n2021-07-03 1:00;0,1;pobór\n;;\n   \n".encode()
    same(*both_ways(fine))
