"""Reading a register file: CSV (UTF-8 with or without BOM, or Windows-1250, separated by commas or semicolons, as
Polish Excel saves it), XLSX and JSON, into a Table of text cells. These readers, not tablib's loaders, build the
dataset, so that every problem names the row a spreadsheet shows (the header is row 1; empty rows are skipped but still
counted). In JSON, row N is the N-th record.

A cell disarmed against formulas (klaster.spreadsheets.spreadsheet_safe) is read back as typed
(`spreadsheet_value`).

A file is read within limits, so that a hostile one is refused as quickly and as plainly as any bad file, before
anything is written: at most MAX_LINES records (empty ones included) and MAX_COLUMNS columns in every format; in JSON,
values nested at most MAX_JSON_DEPTH deep (Python's parser gives up on its own long before a nesting of 10,000); an
XLSX (a zip) is opened only when the sizes its parts declare and the sizes they really unpack to stay within
MAX_XLSX_UNPACKED_BYTES, and its XML is parsed by defusedxml (openpyxl uses it when installed), which refuses entity
declarations: no "billion laughs", no external entities. Every cell is cleaned by klaster.text.clean_text, like
everything typed into a form.
"""

import csv
import io
import itertools
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from klaster.slugs import slugify
from klaster.spreadsheets import spreadsheet_safe, spreadsheet_value  # noqa: F401 (spreadsheet_safe: re-exported)
from klaster.text import clean_text

MAX_ROWS = 50_000
MAX_LINES = 2 * MAX_ROWS  # records read, the empty ones included
MAX_COLUMNS = 100
MAX_JSON_DEPTH = 4  # the list, a record, a value, and a list or object inside a value
MAX_XLSX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_XLSX_PARTS = 1_000

# A spreadsheet reads a cell starting with one of = + - @ (or a tab or carriage return) as a formula. Exports put an
# apostrophe before such a cell, and before one that already starts with apostrophes and then one of those, so that
# an import can take exactly one apostrophe off again and get the value back.
_XLSX_READ_CHUNK = 1024 * 1024


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
    text = clean_text(str(value), multiline=True).replace("\u00a0", " ").strip()
    return spreadsheet_value(text) if spreadsheet else text


def _filled(values):
    """Whether any of `values` is more than blank (read as they are: a row may have a million)."""
    return any(value is not None and str(value).strip() for value in values)


def _too_many_rows():
    return RegisterFileError(
        _("Plik ma więcej niż %(max)s wierszy; podziel go na mniejsze części.") % {"max": MAX_ROWS}
    )


def _table(records, description, *, spreadsheet):
    """A Table from (row number, cells) pairs, the first being the header."""
    records = iter(records)
    try:
        _number, header = next(records)
    except StopIteration:
        raise RegisterFileError(_("Plik jest pusty.")) from None
    headers = [_cell(value, spreadsheet=False) for value in header[: MAX_COLUMNS + 1]]
    while headers and not headers[-1]:
        headers.pop()
    if len(headers) > MAX_COLUMNS or _filled(header[MAX_COLUMNS + 1 :]):
        raise RegisterFileError(
            _("Plik ma więcej niż %(max)s kolumn. Usuń kolumny, których nie importujesz.") % {"max": MAX_COLUMNS}
        )
    if not headers:
        raise RegisterFileError(_("Pierwszy wiersz pliku musi zawierać nazwy kolumn."))
    table = Table(headers=headers, rows=[], numbers=[], description=description)
    width = len(headers)
    for read, (number, values) in enumerate(records, start=2):
        if read > MAX_LINES:
            raise _too_many_rows()
        cells = [_cell(value, spreadsheet=spreadsheet) for value in values[:width]]
        overflow = _filled(values[width:])
        if not any(cells) and not overflow:
            continue
        if overflow:
            table.problems.append(
                Problem(
                    number,
                    None,
                    _(
                        "Wiersz ma więcej wypełnionych komórek (%(cells)s) niż nagłówek kolumn (%(width)s). Wartości "
                        "z przecinkiem albo średnikiem muszą być w cudzysłowie."
                    )
                    % {"cells": len(values), "width": width},
                )
            )
        table.rows.append((cells + [""] * width)[:width])
        table.numbers.append(number)
        if len(table.rows) > MAX_ROWS:
            raise _too_many_rows()
    if not table.rows:
        raise RegisterFileError(_("Plik nie zawiera żadnego wiersza z danymi, tylko nagłówek."))
    return table


# Polish letters in UTF-8 (two bytes each): in a file that is not UTF-8 as a whole, a part of it is.
_UTF8_POLISH = re.compile(rb"\xc3[\x93\xb3]|\xc4[\x84-\x87\x98\x99]|\xc5[\x81-\x84\x9a\x9b\xb9-\xbc]")
# What ISO-8859-2's own bytes of ą, ś, ź, Ą, Ś, Ź read as in Windows-1250, and Windows-1250's own letters for them.
_LATIN2_AS_CP1250 = frozenset("±¶Ľˇ¦¬")
_CP1250_OWN = frozenset("ąśźĄŚŹ")
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _line_of(content, position):
    return content.count(b"\n", 0, position) + 1


def _decode(content):
    """Text of a CSV or JSON file: UTF-8 (with or without BOM) first, then Windows-1250. Refused: a binary file, UTF-16,
    a file partly in UTF-8 and partly not, and one whose Polish letters are ISO-8859-2's (they would be read wrong)."""
    if b"\x00" in content:  # UTF-16 or a binary file
        raise _unreadable()
    try:
        text, encoding = content.decode("utf-8-sig"), "UTF-8"
    except UnicodeDecodeError as error:
        text, encoding = _decode_cp1250(content, error.start), "Windows-1250"
    if len(_TEXT_CONTROL.findall(text[:100_000])) > 10:  # a few may be typed by mistake; many are not a text file
        raise _unreadable()
    return text, encoding


def _decode_cp1250(content, not_utf8):
    """Text of a file that is not UTF-8 (its first byte that is not at `not_utf8`), read as Windows-1250."""
    if _UTF8_POLISH.search(content):
        raise RegisterFileError(
            _(
                "Plik jest zapisany częściowo w UTF-8, a częściowo w innym kodowaniu (pierwszy znak spoza UTF-8 "
                "jest w wierszu %(line)s), więc polskie litery zostałyby odczytane błędnie. Zapisz cały plik "
                "jeszcze raz jako CSV UTF-8 i wgraj go ponownie."
            )
            % {"line": _line_of(content, not_utf8)}
        )
    try:
        text = content.decode("cp1250")
    except UnicodeDecodeError:
        raise _unreadable() from None
    letters = set(text)
    if letters & _LATIN2_AS_CP1250 and not letters & _CP1250_OWN:
        raise RegisterFileError(
            _(
                "Plik wygląda na zapisany w kodowaniu ISO-8859-2, którego nie odczytujemy: polskie litery "
                "zostałyby zmienione. Zapisz go jako CSV UTF-8 albo Windows-1250 i wgraj go ponownie."
            )
        )
    return text


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
    records = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    description = _("CSV, kodowanie %(encoding)s, separator: %(delimiter)s") % {
        "encoding": encoding,
        "delimiter": DELIMITER_NAMES[delimiter],
    }
    return _table(_csv_records(records, delimiter), description, spreadsheet=True)


def _csv_records(records, delimiter):
    """(row number, cells) of a CSV file; a quotation mark out of place refuses the file, naming the row where it is:
    rather than read a row into another, or a value into the wrong column."""
    number = 0
    try:
        for number, cells in enumerate(records, start=1):
            yield number, cells
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _unreadable() from None
        raise RegisterFileError(
            _(
                "To nie jest poprawny plik CSV: w wierszu %(row)s cudzysłów nie jest zamknięty albo po nim nie ma "
                "separatora (%(delimiter)s). Wartość w cudzysłowie zaczyna się i kończy cudzysłowem, a cudzysłów w "
                'niej pisze się podwójnie ("").'
            )
            % {"row": number + 1, "delimiter": DELIMITER_NAMES[delimiter]}
        ) from None


def _refusing(records, *errors):
    """The records, read one by one: a reading error on the way (a CSV field too long, XML that is not allowed in an
    XLSX's sheet) refuses the file like any it cannot read."""
    try:
        yield from records
    except errors:
        raise _unreadable() from None


def _check_xlsx_sizes(content):
    """Refuse an XLSX whose parts unpack to more than MAX_XLSX_UNPACKED_BYTES (a zip bomb), by what the zip declares
    and then by what its parts really unpack to (read in chunks, never more than the limit), before openpyxl reads it.
    """
    import zipfile

    too_large = RegisterFileError(
        _("Plik XLSX po rozpakowaniu miałby ponad %(max)s; rejestr tej wielkości nie potrzebuje. Sprawdź plik.")
        % {"max": filesizeformat(MAX_XLSX_UNPACKED_BYTES)}
    )
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
            if len(parts) > MAX_XLSX_PARTS:
                raise _unreadable()
            if sum(part.file_size for part in parts) > MAX_XLSX_UNPACKED_BYTES:
                raise too_large
            unpacked = 0
            for part in parts:
                with archive.open(part) as stream:
                    while chunk := stream.read(_XLSX_READ_CHUNK):
                        unpacked += len(chunk)
                        if unpacked > MAX_XLSX_UNPACKED_BYTES:
                            raise too_large
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError):
        raise _unreadable() from None


def _read_xlsx(content):
    import zipfile
    from xml.etree.ElementTree import ParseError

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    _check_xlsx_sizes(content)
    # defusedxml's refusals (an entity declared) are ValueErrors; expat's own are ParseErrors.
    unreadable = (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError, ParseError, TypeError)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except unreadable:
        raise _unreadable() from None
    try:
        sheet = workbook.worksheets[0]
        # A sheet may claim any width: no more than the columns a register can have is read of each row.
        rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1)
        description = _("XLSX, arkusz „%(sheet)s”") % {"sheet": sheet.title}
        return _table(_refusing(enumerate(rows, start=1), *unreadable), description, spreadsheet=True)
    except IndexError:
        raise _unreadable() from None
    finally:
        workbook.close()


def _too_deep():
    return RegisterFileError(
        _("Plik JSON jest zagnieżdżony zbyt głęboko. Rejestr to lista obiektów: jeden obiekt na jedną stronę rejestru.")
    )


def _check_json_depth(data):
    """Refuse values nested deeper than MAX_JSON_DEPTH (the list of records is level 1)."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))


def _read_json(text):
    try:
        data = json.loads(text)
    except RecursionError:  # nested thousands deep: Python's parser stops at its recursion limit
        raise _too_deep() from None
    except ValueError:
        raise RegisterFileError(_("To nie jest poprawny plik JSON: sprawdź nawiasy, przecinki i cudzysłowy.")) from None
    if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
        raise RegisterFileError(_("Plik JSON musi zawierać listę obiektów: jeden obiekt na jedną stronę rejestru."))
    if len(data) > MAX_LINES:
        raise _too_many_rows()
    _check_json_depth(data)
    headers = list(dict.fromkeys(key for item in data for key in item))
    headers = headers[: MAX_COLUMNS + 1]  # more than that is refused by _table, after the header
    records = itertools.chain(
        [(0, headers)], ((number, [item.get(key) for key in headers]) for number, item in enumerate(data, 1))
    )
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
