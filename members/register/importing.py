"""Importing a register file: check it (the preview, a dry run that writes nothing) or import it in one transaction
that is rolled back when any row is refused; an ImportReport says what was, or would be, created and changed, and
every problem by row and column."""

import dataclasses
from dataclasses import dataclass, field

import tablib
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.results import RowResult

from ..models import Cluster
from .files import Problem, RegisterFileError, read_table
from .resource import COLUMN_HELP, IDENTIFIER_COLUMNS, REQUIRED_COLUMNS, RegisterResource, column_key
from .uploads import UploadGone, upload_discard, upload_read


@dataclass
class RowSummary:
    row: int
    name: str
    columns: list = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did, or would do: rows to create, to update, unchanged, and every problem."""

    source: str = ""
    description: str = ""
    rows: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: int = 0
    problems: list = field(default_factory=list)
    ignored_columns: list = field(default_factory=list)
    written: bool = False

    @property
    def ok(self):
        return not self.problems


def check_columns(table):
    """Whole-file problems with the header: missing required columns, none of the identifiers, a column twice. And
    the columns ignored. A column is named by its key or its title (resource.column_key)."""
    keys = [column_key(header) for header in table.headers]
    problems = []
    missing = [column for column in REQUIRED_COLUMNS if column not in keys]
    if missing:
        problems.append(
            Problem(
                None,
                None,
                ngettext(
                    "Brakuje wymaganej kolumny: %(columns)s.", "Brakuje wymaganych kolumn: %(columns)s.", len(missing)
                )
                % {"columns": ", ".join(missing)},
            )
        )
    if not any(column in keys for column in IDENTIFIER_COLUMNS):
        problems.append(
            Problem(
                None,
                None,
                _("Brakuje kolumny z numerem strony: %(columns)s (wystarczy jedna z nich).")
                % {"columns": ", ".join(IDENTIFIER_COLUMNS)},
            )
        )
    repeated = set()
    for header, key in zip(table.headers, keys, strict=True):
        if key and keys.count(key) > 1 and key not in repeated:
            repeated.add(key)
            problems.append(Problem(None, header, _("Ta kolumna jest w pliku więcej niż raz.")))
    ignored = [header for header, key in zip(table.headers, keys, strict=True) if header and key is None]
    return problems, ignored


def file_problems(content):
    """Problems that refuse the file before any row is looked at (for the upload form): [] when it can be read."""
    try:
        table = read_table(content)
    except RegisterFileError as error:
        return [Problem(None, None, error.message)]
    return check_columns(table)[0]


def register_import(*, content, dry_run=True, actor=None, source="", progress=None):
    """Check (dry_run) or import a register file; returns an ImportReport. Any problem and nothing is written."""
    report = ImportReport(source=source)
    try:
        table = read_table(content)
    except RegisterFileError as error:
        report.problems = [Problem(None, None, error.message)]
        return report
    report.description, report.rows = table.description, len(table.rows)
    report.problems, report.ignored_columns = check_columns(table)
    cluster = Cluster.objects.main()
    if cluster is None:
        report.problems.append(Problem(None, None, _("W bazie nie ma jeszcze klastra (polecenie loadcluster).")))
    if report.problems:
        return report

    keys = [column_key(header) for header in table.headers]
    columns = [index for index, key in enumerate(keys) if key is not None]
    dataset = tablib.Dataset(headers=[keys[index] for index in columns])
    for cells in table.rows:
        dataset.append([cells[index] for index in columns])
    resource = RegisterResource(
        cluster=cluster, actor=actor, source=source, row_numbers=table.numbers, progress=progress
    )
    result = resource.import_data(
        dataset,
        dry_run=dry_run or bool(table.problems),
        use_transactions=True,
        rollback_on_validation_errors=True,
    )

    problems = list(table.problems)
    for invalid in result.invalid_rows:
        number = table.numbers[invalid.number - 1]
        for key, messages in invalid.error_dict.items():
            problems.extend(Problem(number, resource.column_of(key), message) for message in messages)
    for error_row in result.error_rows:
        number = table.numbers[error_row.number - 1]
        problems.extend(
            Problem(number, None, _("Nie udało się zapisać wiersza: %(error)s") % {"error": error.error})
            for error in error_row.errors
        )
    problems.extend(
        Problem(None, None, _("Nie udało się zapisać: %(error)s") % {"error": error.error})
        for error in result.base_errors
    )
    order = {column: position for position, column in enumerate(COLUMN_HELP)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1) if p.column else -1))
    # A column is named as the file's header names it ("Data przystąpienia", or data_przystapienia).
    named = {keys[index]: table.headers[index] for index in reversed(columns)}
    report.problems = [dataclasses.replace(p, column=named.get(p.column, p.column)) for p in problems]
    for number, import_type, name, changed in resource.outcomes:
        if import_type == RowResult.IMPORT_TYPE_NEW:
            report.created.append(RowSummary(number, name))
        elif import_type == RowResult.IMPORT_TYPE_UPDATE:
            report.updated.append(RowSummary(number, name, changed))
        elif import_type == RowResult.IMPORT_TYPE_SKIP:
            report.unchanged += 1
    report.written = not dry_run and report.ok
    return report


def register_import_upload(*, token, actor=None, source=""):
    """Import a previewed upload for real, in one transaction; the stored file is deleted once it is in.

    Confirmations are serialised on the cluster's row, so a second confirmation of the same file (a double click, a
    second tab) finds the file gone and raises UploadGone: nothing is imported twice."""
    with transaction.atomic():
        Cluster.objects.select_for_update().order_by("pk").first()
        content = upload_read(token)
        if content is None:
            raise UploadGone
        report = register_import(content=content, dry_run=False, actor=actor, source=source)
        if report.written:
            upload_discard(token)
    return report
