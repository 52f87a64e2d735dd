"""Reading a register file: CSV (UTF-8 with or without BOM, or Windows-1250, separated by commas or semicolons, as
Polish Excel saves it), XLSX and JSON, into a Table of text cells. These readers, not tablib's loaders, build the
dataset, so that every problem names the row a spreadsheet shows (the header is row 1; empty rows are skipped but still
counted). In JSON, row N is the N-th record.

Also what keeps a cell from being read as a formula by a spreadsheet (`spreadsheet_safe`) and undoes it on import
(`spreadsheet_value`).
"""

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klaster.slugs import slugify

MAX_ROWS = 50_000

# A spreadsheet reads a cell starting with one of = + - @ (or a tab or carriage return) as a formula. Exports put an
# apostrophe before such a cell, and before one that already starts with apostrophes and then one of those, so that
# an import can take exactly one apostrophe off again and get the value back.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def spreadsheet_safe(text):
    """A value as a CSV or XLSX cell: without control characters, and with an apostrophe before a formula."""
    text = _CONTROL.sub("", text)
    return "'" + text if _FORMULA.match(text) else text


def spreadsheet_value(text):
    """The value behind a cell that `spreadsheet_safe` disarmed."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


# --- problems ------------------------------------------------------------------------------------------------------


@dataclass
class Problem:
    """One reason a file is refused: in a row (as a spreadsheet numbers it) and a column, or in the whole file."""

    row: int | None
    column: str | None
    message: str

    def __str__(self):
        values = {"row": self.row, "column": self.column, "message": self.message}
        if self.row and self.column:
            return _("Wiersz %(row)s, kolumna %(column)s: %(message)s") % values
        if self.row:
            return _("Wiersz %(row)s: %(message)s") % values
        if self.column:
            return _("Kolumna %(column)s: %(message)s") % values
        return self.message


class RegisterFileError(Exception):
    """The file as a whole cannot be read; the message says why, for the user."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def _unreadable():
    return RegisterFileError(
        _(
            "Nie umiemy odczytać tego pliku. Zapisz go jako CSV (UTF-8 albo Windows-1250, z przecinkami albo "
            "średnikami), XLSX albo JSON i wgraj go ponownie."
        )
    )


# --- reading files -------------------------------------------------------------------------------------------------


@dataclass
class Table:
    headers: list  # as written in the file
    rows: list  # lists of cleaned strings, as long as `headers`
    numbers: list  # the row number of each row, as a spreadsheet shows it
    description: str  # what the file turned out to be, for the preview
    problems: list = field(default_factory=list)


def header_key(text):
    """A header as the column it names: lower case, Polish letters transliterated (klaster.slugs), words joined by
    underscores ("Data przystąpienia" is data_przystapienia)."""
    return slugify(text, max_length=200, fallback="").replace("-", "_")


def _cell(value, *, spreadsheet):
    """A cell as text: numbers without a decimal point when they are whole, dates as RRRR-MM-DD, booleans tak/nie."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    text = _CONTROL.sub("", str(value)).replace("\u00a0", " ").strip()
    return spreadsheet_value(text) if spreadsheet else text


def _table(records, description, *, spreadsheet):
    """A Table from (row number, cells) pairs, the first being the header."""
    records = iter(records)
    try:
        _number, header = next(records)
    except StopIteration:
        raise RegisterFileError(_("Plik jest pusty.")) from None
    headers = [_cell(value, spreadsheet=False) for value in header]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise RegisterFileError(_("Pierwszy wiersz pliku musi zawierać nazwy kolumn."))
    table = Table(headers=headers, rows=[], numbers=[], description=description)
    width = len(headers)
    for number, values in records:
        cells = [_cell(value, spreadsheet=spreadsheet) for value in values]
        if not any(cells):
            continue
        if any(cells[width:]):
            table.problems.append(
                Problem(
                    number,
                    None,
                    _(
                        "Wiersz ma więcej wypełnionych komórek (%(cells)s) niż nagłówek kolumn (%(width)s). Wartości "
                        "z przecinkiem albo średnikiem muszą być w cudzysłowie."
                    )
                    % {"cells": len(cells), "width": width},
                )
            )
        table.rows.append((cells + [""] * width)[:width])
        table.numbers.append(number)
        if len(table.rows) > MAX_ROWS:
            raise RegisterFileError(
                _("Plik ma więcej niż %(max)s wierszy; podziel go na mniejsze części.") % {"max": MAX_ROWS}
            )
    if not table.rows:
        raise RegisterFileError(_("Plik nie zawiera żadnego wiersza z danymi, tylko nagłówek."))
    return table


def _decode(content):
    """Text of a CSV or JSON file: UTF-8 (with or without BOM) first, then Windows-1250."""
    if b"\x00" in content:  # UTF-16 or a binary file
        raise _unreadable()
    try:
        return content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return content.decode("cp1250"), "Windows-1250"
    except UnicodeDecodeError:
        raise _unreadable() from None


DELIMITER_NAMES = {",": gettext_lazy("przecinek"), ";": gettext_lazy("średnik"), "\t": gettext_lazy("tabulator")}


def _read_csv(text, encoding):
    first_line, _newline, rest = text.partition("\n")
    delimiter = None
    if first_line.strip().lower().startswith("sep=") and len(first_line.strip()) == 5:  # Excel's hint line
        delimiter, text = first_line.strip()[4], rest
        first_line = text.partition("\n")[0]
    if delimiter is None:
        counts = {candidate: first_line.count(candidate) for candidate in DELIMITER_NAMES}
        delimiter = max(counts, key=counts.get) if any(counts.values()) else ","
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        raise _unreadable() from None
    description = _("CSV, kodowanie %(encoding)s, separator: %(delimiter)s") % {
        "encoding": encoding,
        "delimiter": DELIMITER_NAMES[delimiter],
    }
    return _table(enumerate(records, start=1), description, spreadsheet=True)


def _read_xlsx(content):
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise _unreadable() from None
    try:
        sheet = workbook.worksheets[0]
        records = enumerate(sheet.iter_rows(values_only=True), start=1)
        description = _("XLSX, arkusz „%(sheet)s”") % {"sheet": sheet.title}
        return _table(records, description, spreadsheet=True)
    finally:
        workbook.close()


def _read_json(text):
    try:
        data = json.loads(text)
    except ValueError:
        raise RegisterFileError(_("To nie jest poprawny plik JSON: sprawdź nawiasy, przecinki i cudzysłowy.")) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise RegisterFileError(_("Plik JSON musi zawierać listę obiektów: jeden obiekt na jedną stronę rejestru."))
    headers = list(dict.fromkeys(key for item in data for key in item))
    records = [(0, headers)] + [(number, [item.get(key) for key in headers]) for number, item in enumerate(data, 1)]
    return _table(records, "JSON", spreadsheet=False)


def read_table(content):
    """The file as a Table, whatever it is of CSV, XLSX and JSON; RegisterFileError when it is none of them."""
    if not content or not content.strip():
        raise RegisterFileError(_("Plik jest pusty."))
    if content.startswith(b"PK\x03\x04"):
        return _read_xlsx(content)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        raise RegisterFileError(_("To plik w dawnym formacie Excela (XLS). Zapisz go jako XLSX albo CSV."))
    text, encoding = _decode(content)
    if text.lstrip()[:1] in ("[", "{"):
        return _read_json(text.lstrip())
    return _read_csv(text, encoding)
