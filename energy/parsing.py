"""Reading the distribution operator's files of readings into intervals in UTC, before anything is written.

eLicznik (Tauron Dystrybucja's customer portal), CSV export (domain.md, "Energy data"):

    Data; Wartość kWh;Rodzaj
    2021-07-03 1:00;0,116;pobór
    2021-07-03 1:00;0;oddanie
    ...
    2021-07-03 24:00;0,208;pobór

Semicolon-separated; the header of the value column has a leading space (" Wartość kWh"; headers are read without
surrounding spaces and case-insensitively); the value has a decimal comma (a dot is taken too, as a spreadsheet may
save it); one row per hour and kind (`pobór`, `oddanie`, `pobrana po zbilansowaniu`, `oddana po zbilansowaniu`), the
hour numbered 1–24 and marking the END of the hour in Warsaw time: "2021-07-03 14:00" is 13:00–14:00 on 3 July, and
"2021-07-03 24:00" the last hour of that day. Other columns are ignored. Encoding: UTF-8 (with or without BOM) or
Windows-1250.

The days the clock changes. The sources we hold (domain.md) do not say how eLicznik names the hours of the 23-hour
last Sunday of March and the 25-hour last Sunday of October, and note that a known client of the portal probably
drops the doubled October hour. So each day is read by how many hours it has in Europe/Warsaw, and both ways an
export can number them are accepted when they leave no doubt:

- numbered in order, 1…23 in March and 1…25 in October: hour N is the N-th hour of the day;
- numbered by the clock at the hour's end: in March 23 hours out of 1…24, one of 2 or 3 left out (the hour that
  ends when the clock jumps from 2:00 to 3:00 may be named either way); in October 25 rows for 1…24 with 2 or 3
  given twice, the first of the two in the file being the earlier hour (summer time).

Either way the hours are the day's hours in order, and hour N starts N − 1 hours after the day's midnight (in UTC).
A day of March or October with any other set of hours is refused, naming the day: an October day with 24 rows has
lost one of its two hours between 2:00 and 3:00, and guessing which would put wrong numbers into the balances. On an
ordinary day any hours 1–24 may be given, each once (a file may end before a day does).

Every problem names its row (as a spreadsheet numbers it: the header is row 1) and its column, in Polish; a file with
any problem raises one ReadingsFileError listing them all (up to MAX_PROBLEMS), and the caller writes nothing.
"""

import csv
import io
import re
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from operator import itemgetter
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from members.register.files import Problem

from .models import Reading

WARSAW = ZoneInfo("Europe/Warsaw")
MAX_ROWS = 500_000  # over ten years of hourly readings of one point, in all four kinds
MAX_PROBLEMS = 100
MAX_DECIMAL_PLACES = 4  # Reading.energy_kwh
MAX_KWH = Decimal("1e9")

ELICZNIK_KINDS = {
    "pobór": Reading.Direction.CONSUMPTION,
    "oddanie": Reading.Direction.FEED_IN,
    "pobrana po zbilansowaniu": Reading.Direction.CONSUMPTION_BALANCED,
    "oddana po zbilansowaniu": Reading.Direction.FEED_IN_BALANCED,
}
COLUMN_DATE, COLUMN_VALUE, COLUMN_KIND = "Data", "Wartość kWh", "Rodzaj"
_DATE_HOUR = re.compile(r"(\d{4})-(\d{2})-(\d{2}) +(\d{1,2}):(\d{2})(?::00)?")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
PROGRESS_ROWS = 50_000  # the parser reports its progress (parse_elicznik's `progress`) every so many rows
_first, _second = itemgetter(0), itemgetter(1)


class ReadingsFileError(Exception):
    """The file cannot be imported: `problems` says why, each naming its row and column where it has them."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class ParsedReadings:
    """What a file holds: per direction, its readings as (interval start in UTC, kWh) sorted by start, and what the
    preview shows. Made from `series` (the parser) or from `readings`, a list of (direction, start, kWh)."""

    def __init__(self, *, interval_minutes, file_format, readings=None, series=None, rows=0, days=None):
        self.interval_minutes = interval_minutes
        self.file_format = file_format
        self.rows = rows
        self.days = days if days is not None else set()
        if series is None:
            grouped = defaultdict(list)
            for direction, start, kwh in readings or ():
                grouped[direction].append((start, kwh))
            series = {direction: sorted(pairs, key=_first) for direction, pairs in grouped.items()}
        self.series = {direction: series[direction] for direction in sorted(series) if series[direction]}
        self._readings = None

    @property
    def readings(self):
        """(direction, start, kWh), sorted by direction and start."""
        if self._readings is None:
            self._readings = [
                (direction, start, kwh) for direction, pairs in self.series.items() for start, kwh in pairs
            ]
        return self._readings

    @property
    def count(self):
        return sum(len(pairs) for pairs in self.series.values())

    @property
    def period_start(self):
        return min((pairs[0][0] for pairs in self.series.values()), default=None)

    @property
    def period_end(self):
        """The end of the last interval (exclusive)."""
        if not self.series:
            return None
        return max(pairs[-1][0] for pairs in self.series.values()) + timedelta(minutes=self.interval_minutes)

    def ranges(self):
        """Per direction: (first interval start, end of the last interval), the period a re-import replaces."""
        step = timedelta(minutes=self.interval_minutes)
        return {direction: (pairs[0][0], pairs[-1][0] + step) for direction, pairs in self.series.items()}

    def totals(self):
        """Per direction: (number of readings, kWh in all), in the order of Reading.Direction."""
        return [
            (direction, len(self.series[direction]), sum(map(_second, self.series[direction]), Decimal(0)))
            for direction in Reading.Direction
            if direction in self.series
        ]


def decode(content):
    """Text of a file in UTF-8 (with or without BOM) or Windows-1250."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return content.decode("cp1250", errors="replace")


@lru_cache(maxsize=8192)
def day_hours(day):
    """Midnight of `day` in Warsaw as a UTC instant, and how many hours the day has there (23, 24 or 25)."""
    start = datetime(day.year, day.month, day.day, tzinfo=WARSAW).astimezone(UTC)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=WARSAW).astimezone(UTC)
    return start, int((end - start) / timedelta(hours=1))


class _Problems(list):
    def add(self, row, column, message):
        if len(self) < MAX_PROBLEMS:
            self.append(Problem(row, column, message))
        elif len(self) == MAX_PROBLEMS:
            self.append(Problem(None, None, _("Dalszych problemów nie wymieniamy: popraw te i wgraj plik ponownie.")))

    @property
    def full(self):
        return len(self) > MAX_PROBLEMS


def _header_index(header):
    return {cell.replace("\ufeff", "").strip().lower(): index for index, cell in enumerate(header)}


def _parse_energy(text):
    """kWh from "0,116" (or "0.116"); raises ValueError with the message for the user."""
    if not text:
        raise ValueError(_("brak wartości"))
    if text.startswith("-"):
        raise ValueError(_("energia nie może być ujemna (podano „%(value)s”)") % {"value": text})
    if not _NUMBER.fullmatch(text):
        raise ValueError(_("„%(value)s” to nie jest liczba kWh, np. 0,116") % {"value": text})
    try:
        value = Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValueError(_("„%(value)s” to nie jest liczba kWh, np. 0,116") % {"value": text}) from None
    if -value.as_tuple().exponent > MAX_DECIMAL_PLACES:
        raise ValueError(
            _("najwyżej %(places)s cyfry po przecinku (podano „%(value)s”)")
            % {"places": MAX_DECIMAL_PLACES, "value": text}
        )
    if value >= MAX_KWH:
        raise ValueError(_("„%(value)s” kWh w jednej godzinie to za dużo jak na punkt poboru") % {"value": text})
    return value


def _parse_date_hour(text):
    """(day, hour label) from "2021-07-03 14:00"; raises ValueError with the message for the user."""
    match = _DATE_HOUR.fullmatch(text)
    if not match:
        raise ValueError(
            _("„%(value)s” to nie jest data i godzina w postaci RRRR-MM-DD GG:00, np. 2021-07-03 14:00")
            % {"value": text}
        )
    year, month, day_number, hour, minute = (int(part) for part in match.groups())
    try:
        day = date(year, month, day_number)
    except ValueError:
        raise ValueError(_("nie ma takiego dnia: „%(value)s”") % {"value": text}) from None
    if minute != 0:
        raise ValueError(_("plik eLicznika podaje pełne godziny (GG:00), a tu jest „%(value)s”") % {"value": text})
    if not 1 <= hour <= 25:
        raise ValueError(
            _("godziny są numerowane od 1 do 24 (godzina oznacza koniec okresu), a tu jest „%(value)s”")
            % {"value": text}
        )
    return day, hour


def _positions(labels, hours):
    """The positions (1…hours) in the day of the rows whose hour labels are `labels` (in file order), or None when
    the labels do not name the day's hours without doubt (see the module's description)."""
    ordered = sorted(range(len(labels)), key=lambda index: labels[index])  # stable: a doubled hour keeps file order
    positions = [0] * len(labels)
    for rank, index in enumerate(ordered, start=1):
        positions[index] = rank
    distinct = set(labels)
    if hours == 24:
        return labels if len(distinct) == len(labels) and max(labels) <= 24 else None
    if len(labels) != hours:
        return None
    if distinct == set(range(1, hours + 1)):  # numbered in order: 1…23 or 1…25
        return labels
    if hours == 23 and len(distinct) == 23 and set(range(1, 25)) - distinct in ({2}, {3}):
        return positions
    if hours == 25 and distinct == set(range(1, 25)):
        doubled = [label for label, count in Counter(labels).items() if count == 2]
        if doubled in ([2], [3]):
            return positions
    return None


def _day_problem(day, hours, kind_label, labels):
    values = {"day": day.isoformat(), "kind": kind_label, "count": len(labels)}
    if hours == 23:
        return (
            _(
                "dzień %(day)s ma 23 godziny (zmiana czasu na letni), a plik podaje dla rodzaju „%(kind)s” %(count)s "
                "wierszy, których godziny nie wskazują jednoznacznie godzin doby; oczekiwano godzin 1–23 albo 1–24 "
                "bez godziny 2 lub 3"
            )
            % values
        )
    if hours == 25 and len(labels) == 24:
        return (
            _(
                "dzień %(day)s ma 25 godzin (zmiana czasu na zimowy), a plik podaje dla rodzaju „%(kind)s” tylko 24: "
                "brakuje jednej z dwóch godzin między 2:00 a 3:00; pobierz plik ponownie albo uzupełnij brakujący wiersz"
            )
            % values
        )
    return (
        _(
            "dzień %(day)s ma 25 godzin (zmiana czasu na zimowy), a plik podaje dla rodzaju „%(kind)s” %(count)s "
            "wierszy, których godziny nie wskazują jednoznacznie godzin doby; oczekiwano godzin 1–25 albo 1–24 "
            "z godziną 2 lub 3 podaną dwa razy"
        )
        % values
    )


def parse_elicznik(content, progress=None):
    """The readings of an eLicznik CSV export (bytes), or ReadingsFileError listing every problem. `progress`, when
    given, is called now and then with (rows read, rows in the file), the rows counted as lines."""
    text = decode(content)
    parsed = _parse_fast(text, progress)
    if parsed is None:
        parsed = _parse_checked(text, progress)
    return parsed


# --- the fast way: a file without problems ---------------------------------------------------------------------------
#
# Most files are well formed, and in a year's file the same few thousand strings come back again and again: the 8,784
# hours of the year (each once per kind), the values, the kinds. So each distinct string is read once, by the same
# functions the careful parser uses, and remembered; a row costs a split and three dictionary look-ups. The hour of a
# day with 24 hours is looked up straight to its start in UTC (day_starts); only the rows of the two clock-change days
# go through the numbering rules (_positions). At the first sign of a problem (a string that does not read, a doubled
# hour, a clock-change day that does not add up, too many rows, quotes in the file) the fast way gives up and the
# careful parser below reads the file again, naming every problem as it always did.

_CACHE_MAX = 200_000
_WHEN = {}  # the text of a "Data" cell -> the interval start in UTC, or (day, hour label) on a 23- or 25-hour day
_ENERGY = {}  # the text of a "Wartość kWh" cell -> Decimal
_KIND = {}  # the text of a "Rodzaj" cell -> Reading.Direction


class _DaysOfStarts(dict):
    """An interval start in UTC -> its day in Warsaw: remembered by day_starts, worked out for any other."""

    def __missing__(self, start):
        return start.astimezone(WARSAW).date()


_DAY_OF_START = _DaysOfStarts()
_BAD = object()


@lru_cache(maxsize=8192)
def day_starts(day):
    """The starts in UTC of the hours of `day` in Warsaw, in order (23, 24 or 25 of them)."""
    midnight, hours = day_hours(day)
    starts = tuple(midnight + timedelta(hours=position) for position in range(hours))
    if len(_DAY_OF_START) > _CACHE_MAX:
        _DAY_OF_START.clear()
    for start in starts:
        _DAY_OF_START[start] = day
    return starts


def _remember(cache, key, value):
    if len(cache) > _CACHE_MAX:
        cache.clear()
    cache[key] = value
    return value


def _learn_when(text):
    try:
        day, label = _parse_date_hour(text.strip())
    except ValueError:
        return _BAD
    starts = day_starts(day)
    if len(starts) == 24:
        return _remember(_WHEN, text, starts[label - 1]) if label <= 24 else _BAD
    return _remember(_WHEN, text, (day, label))


def _learn_energy(text):
    try:
        return _remember(_ENERGY, text, _parse_energy(text.strip()))
    except ValueError:
        return _BAD


def _learn_kind(text):
    direction = ELICZNIK_KINDS.get(" ".join(text.strip().lower().split()))
    return _BAD if direction is None else _remember(_KIND, text, direction)


def _learn(cells, date_at, value_at, kind_at, width):
    """Read the cells of a row whose strings are not all remembered: True when the row is blank (skipped), False when
    it has a problem (the careful parser will name it), None when its strings are now remembered."""
    if not any(cell.strip() for cell in cells):
        return True
    if len(cells) < width:
        return False
    for cache, at, learn in ((_WHEN, date_at, _learn_when), (_ENERGY, value_at, _learn_energy),
                             (_KIND, kind_at, _learn_kind)):  # fmt: skip
        if cells[at] not in cache and learn(cells[at]) is _BAD:
            return False
    return None


def _header(records):
    """(row number, cells) of the first record that is not blank, or None."""
    for number, record in enumerate(records, start=1):
        if any(cell.strip() for cell in record):
            return number, record
    return None


def _parse_fast(text, progress):
    """ParsedReadings of a file with no problem, or None (the careful parser then reads it and names the problems)."""
    if '"' in text or "\0" in text:
        return None  # quoted cells: the csv module's job
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if lines and lines[-1] == "":
        lines.pop()  # the end of the last line, not a line
    found = _header(line.split(";") for line in lines)
    if found is None:
        return None
    header_row, header = found
    index = _header_index(header)
    if any(name.lower() not in index for name in (COLUMN_DATE, COLUMN_VALUE, COLUMN_KIND)):
        return None
    date_at, value_at, kind_at = (index[name.lower()] for name in (COLUMN_DATE, COLUMN_VALUE, COLUMN_KIND))
    width = max(date_at, value_at, kind_at) + 1

    series = {direction: [] for direction in Reading.Direction}
    clock_days = []  # (direction, day, label, row, kWh) on the days with 23 or 25 hours, in file order
    when_of, energy_of, kind_of = _WHEN, _ENERGY, _KIND
    rows, total = 0, len(lines)
    for chunk_start in range(header_row, total, PROGRESS_ROWS):
        for position in range(chunk_start, min(chunk_start + PROGRESS_ROWS, total)):
            cells = lines[position].split(";")
            try:
                when, energy, direction = when_of[cells[date_at]], energy_of[cells[value_at]], kind_of[cells[kind_at]]
            except (KeyError, IndexError):
                learned = _learn(cells, date_at, value_at, kind_at, width)
                if learned:
                    continue
                if learned is False:
                    return None
                when, energy, direction = when_of[cells[date_at]], energy_of[cells[value_at]], kind_of[cells[kind_at]]
            rows += 1
            if when.__class__ is tuple:
                clock_days.append((direction, when[0], when[1], position + 1, energy))
            else:
                series[direction].append((when, energy))
        if rows > MAX_ROWS:
            return None
        if progress is not None:
            progress(min(chunk_start + PROGRESS_ROWS, total), total)
    if rows == 0:
        return None

    days = set()
    for pairs in series.values():
        if len(set(map(_first, pairs))) != len(pairs):
            return None  # an hour given twice: the careful parser names both rows
        days.update(map(_DAY_OF_START.__getitem__, map(_first, pairs)))
    groups = defaultdict(list)
    for direction, day, label, _row, energy in clock_days:
        groups[(day, direction)].append((label, energy))
    for (day, direction), entries in groups.items():
        starts = day_starts(day)
        positions = _positions([label for label, _energy in entries], len(starts))
        if positions is None:
            return None
        series[direction].extend(
            (starts[at - 1], energy) for at, (_label, energy) in zip(positions, entries, strict=True)
        )
        days.add(day)
    for pairs in series.values():
        pairs.sort(key=_first)
    return ParsedReadings(
        interval_minutes=Reading.Interval.HOUR, file_format="elicznik", series=series, rows=rows, days=days
    )


# --- the careful way: every problem named by row and column ----------------------------------------------------------


def _parse_checked(text, progress):
    """ParsedReadings of the file, or ReadingsFileError naming every problem (up to MAX_PROBLEMS)."""
    problems = _Problems()
    records = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    header, header_row = None, 0
    for number, record in enumerate(records, start=1):
        if any(cell.strip() for cell in record):
            header, header_row = record, number
            break
    if header is None:
        raise ReadingsFileError([Problem(None, None, _("Plik jest pusty."))])
    index = _header_index(header)
    missing = [name for name in (COLUMN_DATE, COLUMN_VALUE, COLUMN_KIND) if name.lower() not in index]
    if missing:
        raise ReadingsFileError(
            [
                Problem(
                    header_row,
                    None,
                    _(
                        "brak kolumn: %(missing)s. Plik eLicznika ma w pierwszym wierszu kolumny „Data”, „Wartość kWh” "
                        "i „Rodzaj”, rozdzielone średnikami."
                    )
                    % {"missing": ", ".join(f"„{name}”" for name in missing)},
                )
            ]
        )
    date_at, value_at, kind_at = (index[name.lower()] for name in (COLUMN_DATE, COLUMN_VALUE, COLUMN_KIND))
    width = max(date_at, value_at, kind_at) + 1

    # (day, direction) -> [(hour label, row, kWh)] in file order
    groups = defaultdict(list)
    seen = {}  # (day, direction, label) -> row, for an ordinary day's repeated hour
    rows = 0
    for number, record in enumerate(records, start=header_row + 1):
        if problems.full:
            break
        if not any(cell.strip() for cell in record):
            continue
        rows += 1
        if rows > MAX_ROWS:
            raise ReadingsFileError(
                [Problem(None, None, _("Plik ma ponad %(max)s wierszy: podziel go na mniejsze.") % {"max": MAX_ROWS})]
            )
        if len(record) < width:
            problems.add(number, None, _("wiersz ma za mało kolumn (czy kolumny są rozdzielone średnikami?)"))
            continue
        cells = {"date": record[date_at].strip(), "value": record[value_at].strip(), "kind": record[kind_at].strip()}
        day = label = energy = direction = None
        try:
            day, label = _parse_date_hour(cells["date"])
        except ValueError as error:
            problems.add(number, COLUMN_DATE, str(error))
        try:
            energy = _parse_energy(cells["value"])
        except ValueError as error:
            problems.add(number, COLUMN_VALUE, str(error))
        direction = ELICZNIK_KINDS.get(" ".join(cells["kind"].lower().split()))
        if direction is None:
            problems.add(
                number,
                COLUMN_KIND,
                _(
                    "nieznany rodzaj „%(value)s”: oczekiwano „pobór”, „oddanie”, „pobrana po zbilansowaniu” "
                    "albo „oddana po zbilansowaniu”"
                )
                % {"value": cells["kind"]},
            )
        if day is None or direction is None:
            continue
        key = (day, direction, label)
        if key in seen and day_hours(day)[1] == 24:
            problems.add(
                number,
                COLUMN_DATE,
                _("godzina „%(value)s” rodzaju „%(kind)s” jest już w wierszu %(row)s")
                % {"value": cells["date"], "kind": cells["kind"], "row": seen[key]},
            )
            continue
        seen.setdefault(key, number)
        groups[(day, direction)].append((label, number, energy))

    if rows == 0 and not problems:
        problems.add(None, None, _("Plik nie ma żadnych odczytów, tylko nagłówek."))

    kind_labels = {direction: label for label, direction in ELICZNIK_KINDS.items()}
    readings = []
    for (day, direction), entries in sorted(groups.items()):
        midnight, hours = day_hours(day)
        labels = [label for label, _row, _energy in entries]
        positions = _positions(labels, hours)
        if positions is None:
            if hours == 24:
                for label, row, _energy in entries:
                    if label > 24:
                        problems.add(
                            row,
                            COLUMN_DATE,
                            _("doba %(day)s ma 24 godziny, a tu jest godzina %(hour)s")
                            % {"day": day.isoformat(), "hour": label},
                        )
            else:
                problems.add(entries[0][1], COLUMN_DATE, _day_problem(day, hours, kind_labels[direction], labels))
            continue
        for position, (_label, _row, energy) in zip(positions, entries, strict=True):
            if energy is not None:
                readings.append((direction, midnight + timedelta(hours=position - 1), energy))

    if problems:
        raise ReadingsFileError(problems)
    if progress is not None:
        progress(rows, rows)
    return ParsedReadings(
        interval_minutes=Reading.Interval.HOUR,
        file_format="elicznik",
        readings=readings,
        rows=rows,
        days={day for day, _direction in groups},
    )
