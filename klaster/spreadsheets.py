"""Tables written for people as files: CSV that Polish Excel opens in columns, XLSX with real dates. One place for the
register's export, the lists of event registrations and the energy balances.

- CSV: separated by semicolons (the list separator of Windows in Polish), in UTF-8 with a BOM (which tells Excel the
  encoding) or in Windows-1250, where a character that encoding lacks is replaced by its nearest letter, or "?".
- XLSX: written row by row (openpyxl's write-only mode), dates as dates, each column as wide as its longest value
  (within limits), the header bold and frozen.
- No cell can start a formula (`spreadsheet_safe`): text typed by a visitor ("=HYPERLINK(…)") is written with an
  apostrophe before it, and control characters are dropped.
"""

import codecs
import csv
import io
import re
import unicodedata
from datetime import date, datetime

CSV_DELIMITER = ";"
XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 8, 60
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# Letters with no decomposition to one cp1250 has, and what stands for them (klaster.slugs has the same for slugs).
_NEAREST = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ŀ": "l"})


def spreadsheet_safe(text):
    """A value as a CSV or XLSX cell: without control characters, and with an apostrophe before a formula."""
    text = _CONTROL.sub("", text)
    return "'" + text if _FORMULA.match(text) else text


def spreadsheet_value(text):
    """The value behind a cell that `spreadsheet_safe` disarmed."""
    return text[1:] if text.startswith("'") and _FORMULA.match(text) else text


def _nearest(character):
    """What stands for a character Windows-1250 lacks: the letter without its accent ("ñ" is "n", "ș" is "s"), the
    compatible form ("ﬁ" is "fi", a thin space a space), or "?"."""
    text = unicodedata.normalize("NFKD", character.translate(_NEAREST))
    text = "".join(part for part in text if not unicodedata.combining(part))
    try:
        text.encode("cp1250")
    except UnicodeEncodeError:
        return "?"
    return text or "?"


def _replace_for_cp1250(error):
    return "".join(map(_nearest, error.object[error.start : error.end])), error.end


codecs.register_error("klaster-cp1250", _replace_for_cp1250)


def _text(value):
    return spreadsheet_safe(value) if isinstance(value, str) else value


def csv_bytes(headers, rows, codec="utf-8-sig"):
    """Semicolon-separated lines in `codec` ("utf-8-sig" or "cp1250"); text cells disarmed (`spreadsheet_safe`)."""
    return b"".join(csv_chunks(headers, rows, codec))


def csv_chunks(headers, rows, codec="utf-8-sig", *, rows_per_chunk=1000):
    """The bytes of csv_bytes a chunk of rows at a time, for a long file sent while it is written (the BOM of
    "utf-8-sig" only at the start)."""
    errors = "klaster-cp1250" if codec == "cp1250" else "strict"
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow([_text(header) for header in headers])
    for number, values in enumerate(rows, start=1):
        writer.writerow([_text(value) for value in values])
        if number % rows_per_chunk == 0:
            yield buffer.getvalue().encode(codec, errors=errors)
            codec = codec.removesuffix("-sig")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode(codec, errors=errors)


def _width(value):
    """How many characters wide a cell shows: its longest line; a date its ISO form."""
    if isinstance(value, datetime):
        return len("RRRR-MM-DD GG:MM")
    if isinstance(value, date):
        return len("RRRR-MM-DD")
    value = "" if value is None else str(value)
    return max(map(len, value.splitlines())) if "\n" in value else len(value)


def xlsx_bytes(headers, rows, *, title):
    """A workbook of one sheet: text cells disarmed, dates as dates, numbers as numbers, columns fitted, the header
    bold and frozen. `rows` is read twice (widths first: a write-only sheet takes its columns before its rows)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = [list(values) for values in rows]
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    widths = [_width(text) for text in headers]
    for values in rows:
        widths = [max(width, _width(value)) for width, value in zip(widths, values, strict=True)]
    for number, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=_text(text))
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, cell_class):
    if isinstance(value, datetime):
        cell = cell_class(sheet, value=value.replace(tzinfo=None))
        cell.number_format = XLSX_DATETIME_FORMAT
        return cell
    if isinstance(value, date):
        cell = cell_class(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    if value is None or value == "":
        return None  # an empty cell is not written at all
    return _text(value)
