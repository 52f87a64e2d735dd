"""The register of a day as a file (CSV, XLSX or JSON), through the import's own resource, so that an exported register
imports back unchanged.

CSV and XLSX are for people, in the language of the request: columns under their titles ("Data przystąpienia"), a
choice by its name ("przedsiębiorstwo", "członek"), yes or no as "tak" or "nie"; the import reads all of them back.
CSV is what Polish Excel opens in columns: separated by semicolons, in UTF-8 with a BOM (the default) or in
Windows-1250, where a character that encoding lacks is replaced by its nearest letter, or a question mark. XLSX has
dates as dates, columns as wide as what they hold and the bold header frozen. CSV and XLSX cells cannot start a
formula. JSON is for programs: the columns' keys and the choices' codes, whatever the language.
"""

import codecs
import csv
import io
import json
import unicodedata
from datetime import date

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from ..models import Participant
from .files import spreadsheet_safe
from .resource import RegisterResource, column_title
from .widgets import ChoiceWidget, DayWidget, YesNoWidget

FORMATS = {
    "csv": ("text/csv", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
}
# A CSV's encodings, by the name in the export's address: (Python's codec, the charset of the response).
ENCODINGS = {"utf-8": ("utf-8-sig", "utf-8"), "windows-1250": ("cp1250", "windows-1250")}
DEFAULT_ENCODING = "utf-8"
CSV_DELIMITER = ";"  # the list separator of Windows in Polish: Excel opens such a file in columns

XLSX_DATE_FORMAT = "yyyy-mm-dd"
XLSX_MIN_WIDTH, XLSX_MAX_WIDTH = 8, 60

# Letters with no decomposition to one cp1250 has, and what stands for them (klaster.slugs has the same for slugs).
_NEAREST = str.maketrans({"ø": "o", "Ø": "O", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ı": "i", "ŀ": "l"})


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


def register_parties(day):
    """The entries of the register on `day` (Participant.objects.register_on), each with `is_agreement_party`
    (ParticipantQuerySet.with_party_flag: an entry that is not a party yet is shown as such): the coordinator, the
    gminas, then the stakeholders."""
    order = Case(
        When(kind=Participant.Kind.COORDINATOR, then=Value(0)),
        When(kind=Participant.Kind.GMINA, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Participant.objects.register_on(day)
        .with_party_flag(day)
        .select_related("located_in")
        .order_by(order, "name", "pk")
    )


def register_file_export(*, day, file_format, encoding=DEFAULT_ENCODING):
    """The register of `day` as (bytes, content type, file name), for people in the active language (CSV, XLSX) or
    for programs (JSON). `encoding`: of a CSV, one of ENCODINGS."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    if encoding not in ENCODINGS:
        raise ValueError(f"unknown encoding {encoding!r}")
    resource = RegisterResource()
    dataset = resource.export(register_parties(day))
    content_type, extension = FORMATS[file_format]
    filename = f"rejestr-{day.isoformat()}.{extension}"
    if file_format == "json":
        return json.dumps(dataset.dict, ensure_ascii=False, indent=1).encode(), content_type, filename
    headers = [column_title(key) for key in dataset.headers]
    rows = _readable(resource, dataset, dates=file_format == "xlsx")
    if file_format == "csv":
        codec, charset = ENCODINGS[encoding]
        return _csv(headers, rows, codec), f"{content_type}; charset={charset}", filename
    return _xlsx(headers, rows, title=_("Rejestr %(day)s") % {"day": day.isoformat()}), content_type, filename


def _readable(resource, dataset, *, dates):
    """The rows of `dataset` (the cells its widgets wrote) for a person: choices and yes or no by their names, text
    that cannot start a formula; dates as dates when `dates`, else as RRRR-MM-DD."""
    fields = {resource_field.column_name: resource_field for resource_field in resource.fields.values()}
    cells = []
    for key in dataset.headers:
        widget = fields[key].widget
        if isinstance(widget, ChoiceWidget):
            names = {value: widget.readable(value) for value in widget.choices.values}
            cells.append(lambda text, names=names: spreadsheet_safe(names.get(text, text)))
        elif isinstance(widget, YesNoWidget):
            names = {"tak": widget.readable(True), "nie": widget.readable(False)}
            cells.append(lambda text, names=names: names.get(text, text))
        elif isinstance(widget, DayWidget) and dates:
            cells.append(lambda text: date.fromisoformat(text) if text else "")
        else:
            cells.append(spreadsheet_safe)
    return [[cell(value) for cell, value in zip(cells, values, strict=True)] for values in dataset]


def _csv(headers, rows, codec):
    """Semicolon-separated lines, in `codec`: UTF-8 with its BOM (which tells Excel the encoding), or Windows-1250
    with what it lacks replaced (`_nearest`)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=CSV_DELIMITER)
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode(codec, errors="klaster-cp1250" if codec == "cp1250" else "strict")


def _width(value):
    """How many characters wide a cell (text or a date) shows: its longest line."""
    if isinstance(value, date):
        return len("RRRR-MM-DD")
    return max(map(len, value.splitlines())) if "\n" in value else len(value)


def _xlsx(headers, rows, *, title):
    """A workbook written row by row (openpyxl's write-only mode: tablib's export took 11 s for 10,000 parties): text
    cells, dates as dates, each column as wide as its longest value (within limits), the header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    widths = [_width(text) for text in headers]
    for values in rows:
        widths = [max(width, _width(value)) for width, value in zip(widths, values, strict=True)]
    for number, width in enumerate(widths, start=1):  # a write-only sheet takes its columns before its rows
        sheet.column_dimensions[get_column_letter(number)].width = min(max(width + 2, XLSX_MIN_WIDTH), XLSX_MAX_WIDTH)
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append([_xlsx_cell(sheet, value, WriteOnlyCell) for value in values])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_cell(sheet, value, cell_class):
    if isinstance(value, date):
        cell = cell_class(sheet, value=value)
        cell.number_format = XLSX_DATE_FORMAT
        return cell
    return value or None  # an empty cell is not written at all
