"""The register of a day as a file (CSV, XLSX or JSON), through the import's own resource, so that an exported register
imports back unchanged. CSV and XLSX cells cannot start a formula."""

import csv
import io
import json

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from ..models import Participant
from .files import spreadsheet_safe
from .resource import RegisterResource

FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
}


def register_parties(day):
    """The parties on `day` (Participant.objects.parties_on): the coordinator, the gminas, then the stakeholders."""
    order = Case(
        When(kind=Participant.Kind.COORDINATOR, then=Value(0)),
        When(kind=Participant.Kind.GMINA, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Participant.objects.parties_on(day).select_related("located_in").order_by(order, "name", "pk")


def register_file_export(*, day, file_format):
    """The register of `day` as (bytes, content type, file name). CSV and XLSX cells cannot start a formula."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    dataset = RegisterResource().export(register_parties(day))
    content_type, extension = FORMATS[file_format]
    filename = f"rejestr-{day.isoformat()}.{extension}"
    if file_format == "json":
        return json.dumps(dataset.dict, ensure_ascii=False, indent=1).encode(), content_type, filename
    rows = [[spreadsheet_safe(value) for value in values] for values in dataset]
    if file_format == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(dataset.headers)
        writer.writerows(rows)
        return ("\ufeff" + buffer.getvalue()).encode(), content_type, filename  # the BOM tells Excel it is UTF-8
    return _xlsx(dataset.headers, rows, title=_("Rejestr %(day)s") % {"day": day.isoformat()}), content_type, filename


def _xlsx(headers, rows, *, title):
    """A workbook written row by row (openpyxl's write-only mode: tablib's export took 11 s for 10,000 parties),
    every cell text, the header bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for values in rows:
        sheet.append([value or None for value in values])  # an empty cell is not written at all
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
