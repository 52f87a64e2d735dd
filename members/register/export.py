"""The register of a day as a file (CSV, XLSX or JSON), through the import's own resource, so that an exported register
imports back unchanged.

CSV and XLSX are for people, in the language of the request: columns under their titles ("Data przystąpienia"), a
choice by its name ("przedsiębiorstwo", "członek"), yes or no as "tak" or "nie"; the import reads all of them back.
CSV is what Polish Excel opens in columns: separated by semicolons, in UTF-8 with a BOM (the default) or in
Windows-1250, where a character that encoding lacks is replaced by its nearest letter, or a question mark. XLSX has
dates as dates, columns as wide as what they hold and the bold header frozen. CSV and XLSX cells cannot start a
formula. JSON is for programs: the columns' keys and the choices' codes, whatever the language.
"""

import json
from datetime import date

from django.db.models import Case, IntegerField, Value, When
from django.utils.translation import gettext as _

from klaster.spreadsheets import csv_bytes, xlsx_bytes

from ..models import Participant
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
        return csv_bytes(headers, rows, codec), f"{content_type}; charset={charset}", filename
    return xlsx_bytes(headers, rows, title=_("Rejestr %(day)s") % {"day": day.isoformat()}), content_type, filename


def _readable(resource, dataset, *, dates):
    """The rows of `dataset` (the cells its widgets wrote) for a person: choices and yes or no by their names, text
    as written (klaster.spreadsheets disarms a formula); dates as dates when `dates`, else as RRRR-MM-DD."""
    fields = {resource_field.column_name: resource_field for resource_field in resource.fields.values()}
    cells = []
    for key in dataset.headers:
        widget = fields[key].widget
        if isinstance(widget, ChoiceWidget):
            names = {value: widget.readable(value) for value in widget.choices.values}
            cells.append(lambda text, names=names: names.get(text, text))
        elif isinstance(widget, YesNoWidget):
            names = {"tak": widget.readable(True), "nie": widget.readable(False)}
            cells.append(lambda text, names=names: names.get(text, text))
        elif isinstance(widget, DayWidget) and dates:
            cells.append(lambda text: date.fromisoformat(text) if text else "")
        else:
            cells.append(str)
    return [[cell(value) for cell, value in zip(cells, values, strict=True)] for values in dataset]
