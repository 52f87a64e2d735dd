"""The register of parties in files: import and export through django-import-export.

One file format for the whole register: the stakeholders, the gminas and the coordinator, a row each, under stable
Polish column names (COLUMN_HELP). The file is a data contract, the same whichever language the coordinator reads the
portal in: values are codes ("company", "active"; Polish labels are accepted on import), dates are RRRR-MM-DD. A file
of stakeholders needs no `rodzaj` column; an export holds the whole register, so it imports back unchanged.

Reading: CSV (UTF-8 with or without BOM, or Windows-1250, separated by commas or semicolons, as Polish Excel saves
it), XLSX and JSON. These readers, not tablib's loaders, build the dataset, so that every problem names the row a
spreadsheet shows (the header is row 1; empty rows are skipped but still counted). In JSON, row N is the N-th record.

Matching: a stakeholder is found by its NIP, REGON or KRS (whichever is filled in) or, when it has none of them (a
person), by its exact name among the stakeholders that have none either; a gmina by its TERYT code (an import never
creates a gmina without a valid one); the coordinator is the cluster's one and is never created. A new party gets a
unique slug from its name.

Speed (10,000 rows within 10 s): every party, slug and gmina is read once before the rows (`before_import`); each row
is validated by the model (`full_clean` on what the file sets, without its per-row queries: uniqueness is checked here
against what was read, foreign keys by lookup); the writes are one executemany per 500 rows (`insert_rows`,
`update_rows`), because bulk_create's per-value preparation and bulk_update's CASE expressions were most of the time.
Those writes bypass auditlog's signals, so this module writes the auditlog entry of each created or changed party
itself, in auditlog's own format, with the actor and the file's name.

Nothing is written from a file with any problem: the preview is a dry run that writes nothing, and the confirmed import
runs in one transaction that is rolled back when any row is refused.
"""

import contextlib
import copy
import csv
import io
import json
import re
import secrets
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import attrgetter
from types import SimpleNamespace

import tablib
from auditlog import get_logentry_model
from auditlog.cid import get_cid
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connections, router, transaction
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import resources, widgets
from import_export.fields import Field
from import_export.results import RowResult

from klaster import identifiers

from .models import Cluster, Participant
from .signals import data_changed

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
PROGRESS_EVERY = 1000
UPLOADS_DIR = "imports"
UPLOAD_MAX_AGE = timedelta(hours=24)
FORMATS = {
    "csv": ("text/csv; charset=utf-8", "csv"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "json": ("application/json; charset=utf-8", "json"),
}

# A spreadsheet reads a cell starting with one of = + - @ (or a tab or carriage return) as a formula. Exports put an
# apostrophe before such a cell, and before one that already starts with apostrophes and then one of those, so that
# an import can take exactly one apostrophe off again and get the value back.
_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def spreadsheet_safe(text):
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
    """A header as the column it names: lower case, without Polish letters, spaces as underscores."""
    text = unicodedata.normalize("NFKD", str(text or "").replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c)).strip().lower()
    return re.sub(r"[\s-]+", "_", text)


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


# --- columns and what they hold ------------------------------------------------------------------------------------


def _choice_lookup(choices):
    """Codes and Polish labels of TextChoices, lower case, to their codes."""
    with translation.override("pl"):
        table = {}
        for value, label in choices.choices:
            table[str(label).lower()] = value
            table[value.lower()] = value
    return table


class TextWidget(widgets.CharWidget):
    def render(self, value, obj=None, **kwargs):
        return "" if value is None else str(value)


class ChoiceWidget(TextWidget):
    """A TextChoices code; its Polish label is accepted too. An empty cell is `empty`, or a problem without one."""

    def __init__(self, choices, empty=None):
        super().__init__()
        self.choices = choices
        self.empty = empty
        self._lookup = None

    def lookup(self, value):
        if self._lookup is None:
            self._lookup = _choice_lookup(self.choices)
        return self._lookup.get((value or "").strip().lower())

    def clean(self, value, row=None, **kwargs):
        allowed = ", ".join(self.choices.values)
        if not value:
            if self.empty is not None:
                return self.empty
            raise ValueError(_("Podaj jedną z wartości: %(allowed)s.") % {"allowed": allowed})
        code = self.lookup(value)
        if code is None:
            raise ValueError(
                _("Nieznana wartość „%(value)s”; dozwolone: %(allowed)s.") % {"value": value, "allowed": allowed}
            )
        return code


class IdentifierWidget(TextWidget):
    """NIP, REGON, KRS or TERYT as people type them; the normalised digits, or the model's message why not."""

    def __init__(self, normalize):
        super().__init__()
        self.normalize = normalize

    def clean(self, value, row=None, **kwargs):
        try:
            return self.normalize(value or "")
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None


class WebsiteWidget(TextWidget):
    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip()
        if value and "://" not in value:
            value = "https://" + value  # "www.firma.pl" as people write it
        return value


class DayWidget(widgets.Widget):
    FORMATS = ("%Y-%m-%d", "%d.%m.%Y")

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        if isinstance(value, date):
            return value
        for pattern in self.FORMATS:
            try:
                return datetime.strptime(value.strip(), pattern).date()
            except ValueError:
                continue
        raise ValueError(_("„%(value)s” nie jest datą; podaj ją jako RRRR-MM-DD, np. 2024-03-31.") % {"value": value})

    def render(self, value, obj=None, **kwargs):
        return value.isoformat() if value else ""


class YesNoWidget(widgets.Widget):
    TRUE = {"tak", "t", "yes", "y", "true", "1", "x", "prawda"}
    FALSE = {"nie", "n", "no", "false", "0", "fałsz", ""}

    def clean(self, value, row=None, **kwargs):
        text = (value or "").strip().lower()
        if text in self.TRUE:
            return True
        if text in self.FALSE:
            return False
        raise ValueError(_("Wpisz „tak” albo „nie”."))

    def render(self, value, obj=None, **kwargs):
        return "tak" if value else "nie"


class GminaWidget(widgets.Widget):
    """The gmina a party is located in, by its TERYT code, among the gminas read before the rows."""

    def __init__(self):
        super().__init__()
        self.gminas = {}

    def clean(self, value, row=None, **kwargs):
        if not value:
            return None
        try:
            teryt = identifiers.normalize_teryt(value)
        except ValidationError as error:
            raise ValueError(" ".join(error.messages)) from None
        try:
            return self.gminas[teryt]
        except KeyError:
            raise ValueError(_("W rejestrze nie ma gminy o kodzie TERYT %(teryt)s.") % {"teryt": teryt}) from None

    def render(self, value, obj=None, **kwargs):
        return value.teryt if value else ""


IDENTIFIERS = ("nip", "regon", "krs")
REQUIRED_COLUMNS = ("nazwa", "kategoria", "nip", "regon", "krs", "status", "data_przystapienia")
COLUMN_HELP = {
    "rodzaj": gettext_lazy("stakeholder (interesariusz, domyślnie), gmina albo coordinator (koordynator)"),
    "nazwa": gettext_lazy("pełna nazwa albo imię i nazwisko"),
    "nazwa_skrocona": gettext_lazy("nazwa skrócona"),
    "kategoria": gettext_lazy("kod kategorii, np. company, cooperative, ngo, person"),
    "nip": gettext_lazy("NIP; może być z myślnikami i przedrostkiem PL"),
    "regon": gettext_lazy("REGON, 9 albo 14 cyfr"),
    "krs": gettext_lazy("numer KRS"),
    "teryt": gettext_lazy("kod TERYT – tylko w wierszu gminy; po nim rozpoznajemy gminę"),
    "ulica": gettext_lazy("ulica i numer"),
    "kod_pocztowy": gettext_lazy("kod pocztowy"),
    "miejscowosc": gettext_lazy("miejscowość"),
    "gmina_teryt": gettext_lazy("kod TERYT gminy klastra, w której leży siedziba"),
    "strona_www": gettext_lazy("adres strony internetowej"),
    "email": gettext_lazy("adres e-mail"),
    "telefon": gettext_lazy("telefon"),
    "zgoda_katalog": gettext_lazy("tak albo nie: zgoda na publikację w katalogu"),
    "status": gettext_lazy("applied, active, withdrawn albo excluded"),
    "data_przystapienia": gettext_lazy("data przystąpienia, RRRR-MM-DD"),
    "data_zakonczenia": gettext_lazy("data wystąpienia albo wykluczenia, RRRR-MM-DD"),
    "powod_zakonczenia": gettext_lazy("powód zakończenia członkostwa"),
    "opis": gettext_lazy("opis (po polsku)"),
}


def name_key(name):
    return " ".join((name or "").split()).casefold()


def unique_slug(name, taken):
    """A slug for `name` that is not in `taken` (which it joins): the name's, then with -2, -3 ..."""
    base = slugify(name.replace("ł", "l").replace("Ł", "L"))[:110].strip("-") or "strona"
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    taken.add(slug)
    return slug


@dataclass
class _RowState:
    number: int
    target: Participant | None = None
    slug: str = ""
    errors: dict = field(default_factory=dict)

    def add(self, key, message):
        self.errors.setdefault(key, []).append(message)


class RegisterResource(resources.ModelResource):
    """The register's columns, and how a row finds its party and is checked (see the module's docstring)."""

    kind = Field("kind", "rodzaj", ChoiceWidget(Participant.Kind, empty=Participant.Kind.STAKEHOLDER))
    name = Field("name", "nazwa", TextWidget())
    short_name = Field("short_name", "nazwa_skrocona", TextWidget())
    category = Field("category", "kategoria", ChoiceWidget(Participant.Category))
    nip = Field("nip", "nip", IdentifierWidget(identifiers.normalize_nip))
    regon = Field("regon", "regon", IdentifierWidget(identifiers.normalize_regon))
    krs = Field("krs", "krs", IdentifierWidget(identifiers.normalize_krs))
    teryt = Field("teryt", "teryt", IdentifierWidget(identifiers.normalize_teryt))
    street = Field("street", "ulica", TextWidget())
    postal_code = Field("postal_code", "kod_pocztowy", TextWidget())
    city = Field("city", "miejscowosc", TextWidget())
    located_in = Field("located_in", "gmina_teryt", GminaWidget())
    website = Field("website", "strona_www", WebsiteWidget())
    email = Field("email", "email", TextWidget())
    phone = Field("phone", "telefon", TextWidget())
    public_listing = Field("public_listing", "zgoda_katalog", YesNoWidget())
    status = Field("status", "status", ChoiceWidget(Participant.Status))
    joined_on = Field("joined_on", "data_przystapienia", DayWidget())
    left_on = Field("left_on", "data_zakonczenia", DayWidget())
    left_reason = Field("left_reason", "powod_zakonczenia", TextWidget())
    description_pl = Field("description_pl", "opis", TextWidget())

    class Meta:
        model = Participant
        fields = (
            "kind",
            "name",
            "short_name",
            "category",
            "nip",
            "regon",
            "krs",
            "teryt",
            "street",
            "postal_code",
            "city",
            "located_in",
            "website",
            "email",
            "phone",
            "public_listing",
            "status",
            "joined_on",
            "left_on",
            "left_reason",
            "description_pl",
        )
        use_bulk = True
        batch_size = 1000
        skip_diff = True  # unchanged rows are found by comparing with a copy taken in get_instance
        report_skipped = True
        clean_model_instances = True
        use_transactions = True

    def __init__(self, *, cluster=None, actor=None, source="", row_numbers=None, progress=None):
        super().__init__()
        self.cluster = cluster
        self.actor = actor
        self.source = source
        self.row_numbers = row_numbers or []
        self.progress = progress
        self.states = {}
        self.originals = {}
        self.outcomes = []  # (row number, import type, name, changed columns)
        self.changed_fields = {}  # dataset row -> resource fields the row changes
        self.pending_updates = []  # (instance, model fields to update)
        self.saved = []  # (instance, created, original)
        self.present = []
        self.current = None
        self.cleaned = {}
        self.prototype = None
        self.unchecked = set()
        self.attnames = {
            name: Participant._meta.get_field(resource_field.attribute).attname
            for name, resource_field in self.fields.items()
        }

    # Cells whose cleaning is remembered, and fields whose widget already checked what the model would check.
    REMEMBERED = frozenset({"nip", "regon", "krs", "teryt", "located_in", "kind"})
    CHECKED_BY_WIDGET = frozenset(
        {"nip", "regon", "krs", "teryt", "located_in", "public_listing", "joined_on", "left_on"}
    )

    # --- before the rows: read what the rows will be checked against ---

    def column_of(self, key):
        for resource_field in self.fields.values():
            if resource_field.attribute == key:
                return resource_field.column_name
        return None if key == NON_FIELD_ERRORS else key

    def _clean(self, name, value):
        """(the cleaned value of a cell, None) or (None, why it is not valid). Identifiers and gminas are looked at
        twice (to match rows, then to import them) and their checksums cost: those answers are remembered."""
        key = (name, value)
        if key in self.cleaned:
            return self.cleaned[key]
        try:
            answer = self.fields[name].widget.clean(value), None
        except ValueError as error:
            answer = None, str(error)
        if name in self.REMEMBERED:
            self.cleaned[key] = answer
        return answer

    def _quiet(self, name, value):
        """The cleaned value of a cell, or None when it is not valid (the row's import reports why)."""
        return self._clean(name, value)[0]

    def before_import(self, dataset, **kwargs):
        headers = set(dataset.headers)
        self.present = [name for name, f in self.fields.items() if f.column_name in headers]
        # full_clean looks only at what the file sets and no widget has checked: the rest is what the party had.
        checked = {self.fields[name].attribute for name in self.present if name not in self.CHECKED_BY_WIDGET}
        self.unchecked = {f.name for f in Participant._meta.fields} - checked
        self.prototype = Participant(cluster=self.cluster, kind=Participant.Kind.STAKEHOLDER)
        parties = list(Participant.objects.select_related("located_in"))
        index = {name: {} for name in (*IDENTIFIERS, "teryt")}
        nameless = {}
        for party in parties:
            for name in index:
                if getattr(party, name):
                    index[name][getattr(party, name)] = party
            if party.kind == Participant.Kind.STAKEHOLDER and not any(getattr(party, n) for n in IDENTIFIERS):
                nameless.setdefault(name_key(party.name), []).append(party)
        self.fields["located_in"].widget.gminas = {
            party.teryt: party for party in parties if party.kind == Participant.Kind.GMINA
        }
        coordinator = next(
            (p for p in parties if p.kind == Participant.Kind.COORDINATOR and p.cluster_id == self.cluster.pk), None
        )
        taken = {party.slug for party in parties}
        in_file = {name: {} for name in index}
        by_target, by_name = {}, {}

        for number, values in enumerate(dataset, start=1):
            row = dict(zip(dataset.headers, values, strict=True))
            state = self.states[number] = _RowState(number=self.row_numbers[number - 1])
            kind = self._quiet("kind", row.get("rodzaj")) or Participant.Kind.STAKEHOLDER
            ids = {name: self._quiet(name, row.get(name)) for name in index if name in headers}
            ids = {name: value for name, value in ids.items() if value}
            if kind != Participant.Kind.GMINA:
                ids.pop("teryt", None)  # only a gmina has one; the model says so for the row
            for name, value in ids.items():
                in_file[name].setdefault(value, []).append(number)
            hits = {name: index[name][value] for name, value in ids.items() if value in index[name]}
            self._match(state, kind, hits, ids, coordinator, nameless.get(name_key(row.get("nazwa"))))
            if state.target is not None:
                by_target.setdefault(state.target.pk, []).append(number)
                if state.target.kind != kind:
                    state.add(
                        "kind",
                        _("„%(name)s” jest w rejestrze jako %(kind)s; rodzaju strony nie zmienia się importem.")
                        % {"name": state.target.name, "kind": state.target.get_kind_display()},
                    )
            else:
                state.slug = unique_slug(row.get("nazwa") or "", taken)
                if kind == Participant.Kind.STAKEHOLDER and not any(n in ids for n in IDENTIFIERS):
                    by_name.setdefault(name_key(row.get("nazwa")), []).append(number)
        self._same_in_file(in_file, by_target, by_name)

    def _match(self, state, kind, hits, ids, coordinator, same_name):
        """Which party the row describes, and a problem when its identifiers point at different ones."""
        if kind == Participant.Kind.GMINA:
            state.target = hits.get("teryt")
        elif kind == Participant.Kind.COORDINATOR:
            state.target = coordinator
            if coordinator is None:
                state.add(NON_FIELD_ERRORS, _("Klaster nie ma jeszcze koordynatora, a import go nie tworzy."))
        else:
            found = {party.pk: party for party in hits.values()}
            if len(found) > 1:
                matches = "; ".join(f"{name.upper()} – „{party.name}”" for name, party in hits.items())
                state.add(
                    NON_FIELD_ERRORS,
                    _("Numery w tym wierszu należą do różnych stron rejestru: %(matches)s.") % {"matches": matches},
                )
                return
            if found:
                state.target = next(iter(found.values()))
            elif not ids and same_name and len(same_name) == 1:
                state.target = same_name[0]
            elif not ids and same_name:
                state.add(
                    "name",
                    _(
                        "W rejestrze jest kilka stron o tej nazwie bez NIP, REGON i KRS; podaj numer, żeby było "
                        "wiadomo, o którą chodzi."
                    ),
                )
        for name, party in hits.items():
            if state.target is None or party.pk != state.target.pk:
                state.add(name, _("Ten numer ma już inna strona rejestru: „%(name)s”.") % {"name": party.name})

    def _same_in_file(self, in_file, by_target, by_name):
        """Problems for rows that describe the same party as another row of the file."""
        linked = {}

        def others_text(rows, number):
            others = [self.states[other].number for other in rows if other != number]
            return len(others), ", ".join(map(str, others))

        for name, groups in in_file.items():
            for rows in groups.values():
                if len(rows) < 2:
                    continue
                for number in rows:
                    linked.setdefault(number, set()).update(rows)
                    count, text = others_text(rows, number)
                    message = ngettext(
                        "Ten sam numer jest też w wierszu %(rows)s.",
                        "Ten sam numer jest też w wierszach %(rows)s.",
                        count,
                    )
                    self.states[number].add(name, message % {"rows": text})
        for rows in by_target.values():
            for number in rows:
                rest = [other for other in rows if other not in linked.get(number, {number})]
                if rest:
                    count, text = others_text(rest, number)
                    message = ngettext(
                        "Ta sama strona („%(name)s”) jest też w wierszu %(rows)s.",
                        "Ta sama strona („%(name)s”) jest też w wierszach %(rows)s.",
                        count,
                    )
                    state = self.states[number]
                    state.add(NON_FIELD_ERRORS, message % {"name": state.target.name, "rows": text})
        for rows in by_name.values():
            if len(rows) > 1:
                for number in rows:
                    count, text = others_text(rows, number)
                    message = ngettext(
                        "Ta sama nazwa bez NIP, REGON i KRS jest też w wierszu %(rows)s.",
                        "Ta sama nazwa bez NIP, REGON i KRS jest też w wierszach %(rows)s.",
                        count,
                    )
                    self.states[number].add("name", message % {"rows": text})

    # --- each row ---

    def before_import_row(self, row, **kwargs):
        self.current = kwargs["row_number"]

    def get_instance(self, instance_loader, row):
        target = self.states[self.current].target
        if target is not None:
            self.originals[self.current] = copy.copy(target)
        return target

    def init_instance(self, row=None):
        instance = copy.copy(self.prototype)  # a copy of a new Participant is several times quicker than a new one
        instance.slug = self.states[self.current].slug
        return instance

    def import_instance(self, instance, row, **kwargs):
        """Each cell of the row onto the party, collecting every cell's problem (import-export's own loop, without
        its per-cell overhead: this is the inner loop of a 10,000-row import)."""
        errors = {}
        for name in self.present:
            resource_field = self.fields[name]
            value, error = self._clean(name, row[resource_field.column_name])
            if error is None:
                setattr(instance, resource_field.attribute, value)
            else:
                errors[resource_field.attribute] = [error]
        for key, messages in self.states[self.current].errors.items():
            errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def _changed(self, original, instance):
        """The resource fields whose value the row changes. An empty cell and an empty value (None in the nullable
        translated description) are the same: the party keeps what it had."""
        changed = []
        for name in self.present:
            attname = self.attnames[name]
            before, after = getattr(original, attname), getattr(instance, attname)
            if before in (None, "") and after in (None, ""):
                setattr(instance, attname, before)
            elif before != after:
                changed.append(name)
        return changed

    def skip_row(self, instance, original, row, import_validation_errors=None):
        original = self.originals.get(self.current)
        if import_validation_errors or original is None:
            return False
        changed = self._changed(original, instance)
        self.changed_fields[self.current] = changed
        return not changed

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own checks without their queries: uniqueness was checked in before_import, foreign keys by
        lookup. Then the register's rules for statuses and dates."""
        errors = {key: list(messages) for key, messages in (import_validation_errors or {}).items()}
        try:
            instance.full_clean(exclude=self.unchecked | set(errors), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                if key not in errors or key == NON_FIELD_ERRORS:
                    errors.setdefault(key, []).extend(messages)
        if not errors:
            errors = membership_problems(instance)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        self.saved.append((instance, is_create, self.originals.get(self.current)))
        if not is_create:
            changed = [self.fields[name].attribute for name in self.changed_fields[self.current]]
            self.pending_updates.append((instance, changed))
        super().save_instance(instance, is_create, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The new parties in a few statements (`insert_rows`), then their ids by slug. A preview writes nothing."""
        try:
            if not dry_run and self.create_instances:
                insert_rows(Participant, self.create_instances)
                ids = {}
                slugs = [instance.slug for instance in self.create_instances]
                for start in range(0, len(slugs), 500):
                    ids.update(
                        Participant.objects.filter(slug__in=slugs[start : start + 500]).values_list("slug", "pk")
                    )
                for instance in self.create_instances:
                    instance.pk = ids[instance.slug]
                    instance._state.adding, instance._state.db = False, router.db_for_write(Participant)
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """Only the fields each row changes (`update_rows`, grouped by those fields). A preview writes nothing."""
        try:
            if not dry_run:
                groups = {}
                for instance, changed in self.pending_updates:
                    groups.setdefault(tuple(changed), []).append(instance)
                for changed, instances in groups.items():
                    update_rows(Participant, instances, [*changed, "updated_at"])
        except Exception as error:
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.update_instances.clear()
            self.pending_updates.clear()

    def after_import_row(self, row, row_result, **kwargs):
        self.outcomes.append(
            (
                self.states[self.current].number,
                row_result.import_type,
                row.get("nazwa") or "",
                [self.fields[name].column_name for name in self.changed_fields.get(self.current, [])],
            )
        )
        if self.progress and self.current % PROGRESS_EVERY == 0:
            self.progress(self.current, len(self.states))

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            self._write_history()

    def _write_history(self):
        """One auditlog entry per created or changed party, as auditlog's signals would have written it."""
        LogEntry = get_logentry_model()
        content_type = ContentType.objects.get_for_model(Participant)
        audited = [Participant._meta.get_field(self.fields[name].attribute) for name in self.present]
        audited += [
            Participant._meta.get_field(name) for name in ("kind", "slug", "cluster") if name not in self.present
        ]
        # The rows of auditlog's table as plain values: 10,000 model instances would take longer than the insert.
        common = {f.attname: f.get_default() for f in LogEntry._meta.concrete_fields}
        common.update(
            content_type_id=content_type.pk,
            actor_id=getattr(self.actor, "pk", None),
            actor_email=getattr(self.actor, "email", None),
            cid=get_cid(),
            timestamp=timezone.now(),
            additional_data={"import": self.source},
        )
        attnames = [(model_field.name, model_field.attname) for model_field in audited]
        entries = []
        for instance, created, original in self.saved:
            changes = {}
            for name, attname in attnames:  # as auditlog's get_field_value writes them: str(), None as "None"
                after = str(getattr(instance, attname))
                before = "None" if created else str(getattr(original, attname))
                if before != after and not (created and after in ("", "None")):
                    changes[name] = [before, after]
            if changes:
                entries.append(
                    SimpleNamespace(
                        **{
                            **common,
                            "object_pk": str(instance.pk),
                            "object_id": instance.pk,
                            "object_repr": str(instance),
                            "action": LogEntry.Action.CREATE if created else LogEntry.Action.UPDATE,
                            "changes": changes,
                        }
                    )
                )
        insert_rows(LogEntry, entries)

    # --- export ---

    def get_export_order(self):
        return self._meta.fields

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """A party's cells. import-export looks each field up again for every cell, which made a 10,000-party
        export take seconds; the fields are the same for every row."""
        if not hasattr(self, "_export_fields"):
            self._export_fields = [self.fields[name] for name in self._meta.fields]
        return [resource_field.export(instance) for resource_field in self._export_fields]


# The field types whose Python value is what every database adapter takes as it is.
_AS_IS = frozenset(
    {
        "CharField",
        "SlugField",
        "EmailField",
        "URLField",
        "TextField",
        "BooleanField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "BigIntegerField",
        "SmallIntegerField",
        "ForeignKey",
    }
)


def _db_values(model_fields, connection, *, add):
    """For each field, a function from an object to the value the database gets: the attribute itself for text,
    numbers, booleans and foreign keys (full_clean has checked them), or what the field prepares (dates, files, JSON,
    auto_now timestamps), as the ORM does."""

    def prepared(model_field):
        return lambda obj: model_field.get_db_prep_save(model_field.pre_save(obj, add), connection)

    return [attrgetter(f.attname) if f.get_internal_type() in _AS_IS else prepared(f) for f in model_fields]


# Only the model's own table and column names, quoted by the backend, go into the SQL below; values are parameters.


def insert_rows(model, objs, *, batch_size=500):
    """INSERT `objs` with one executemany per batch. bulk_create prepares each value through several layers of the
    ORM, which was most of a 10,000-row import's time. Ids are not set; no signals are sent (the caller writes the
    history)."""
    connection = connections[router.db_for_write(model)]
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    table, columns = quote(model._meta.db_table), ", ".join(quote(f.column) for f in fields)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"  # noqa: S608
    getters = _db_values(fields, connection, add=True)
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs[start : start + batch_size]])
    if objs:
        data_changed.send(sender=Participant)  # no model signals were sent: say that the data changed


def update_rows(model, objs, field_names, *, batch_size=500):
    """UPDATE `field_names` of each of `objs`, by primary key, with one executemany per batch. (bulk_update builds a
    CASE expression over the whole batch for every field: 10,000 changed rows took a minute.)"""
    connection = connections[router.db_for_write(model)]
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    assignments = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    primary_key = model._meta.pk
    sql = f"UPDATE {quote(model._meta.db_table)} SET {assignments} WHERE {quote(primary_key.column)} = %s"  # noqa: S608
    getters = [*_db_values(fields, connection, add=False), attrgetter(primary_key.attname)]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            cursor.executemany(sql, [tuple(get(obj) for get in getters) for obj in objs[start : start + batch_size]])
    if objs:
        data_changed.send(sender=Participant)  # no model signals were sent: say that the data changed


def membership_problems(party):
    """The register's rules for a status and its dates (the model already checks that leaving comes after joining)."""
    errors = {}
    status = party.status
    if status == Participant.Status.APPLIED and (party.joined_on or party.left_on):
        errors["status"] = [
            _("Strona z datą przystąpienia albo zakończenia nie ma statusu „applied” (złożył wniosek).")
        ]
    if status == Participant.Status.ACTIVE:
        if not party.joined_on:
            errors["joined_on"] = [_("Członek klastra (status „active”) ma datę przystąpienia.")]
        if party.left_on:
            errors["left_on"] = [_("Członek klastra (status „active”) nie ma daty zakończenia; zmień też status.")]
    if status in (Participant.Status.WITHDRAWN, Participant.Status.EXCLUDED) and not party.left_on:
        errors["left_on"] = [_("Podaj datę wystąpienia albo wykluczenia.")]
    return errors


# --- import ----------------------------------------------------------------------------------------------------------


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
    """Whole-file problems with the header: missing required columns, a column twice. And the columns ignored."""
    keys = [header_key(header) for header in table.headers]
    known = set(COLUMN_HELP)
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
    for key in dict.fromkeys(keys):
        if key in known and keys.count(key) > 1:
            problems.append(Problem(None, key, _("Ta kolumna jest w pliku więcej niż raz.")))
    ignored = [header for header, key in zip(table.headers, keys, strict=True) if key and key not in known]
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

    keys = [header_key(header) for header in table.headers]
    columns = [index for index, key in enumerate(keys) if key in COLUMN_HELP]
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
    report.problems = sorted(problems, key=lambda p: (p.row or 0, order.get(p.column, -1) if p.column else -1))
    for number, import_type, name, changed in resource.outcomes:
        if import_type == RowResult.IMPORT_TYPE_NEW:
            report.created.append(RowSummary(number, name))
        elif import_type == RowResult.IMPORT_TYPE_UPDATE:
            report.updated.append(RowSummary(number, name, changed))
        elif import_type == RowResult.IMPORT_TYPE_SKIP:
            report.unchanged += 1
    report.written = not dry_run and report.ok
    return report


# --- files kept between the preview and the confirmation -------------------------------------------------------------


def upload_name(token):
    """The storage name of an upload: only ever built from a token this module made."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ValueError("not an upload token")
    return f"{UPLOADS_DIR}/{token}"


def upload_save(content):
    """Keep an uploaded file until it is confirmed; returns its token."""
    uploads_purge()
    token = secrets.token_urlsafe(24)
    name = storages["private"].save(upload_name(token), ContentFile(content))
    if name != upload_name(token):  # the storage chose another name: never hand out a path it did not make
        storages["private"].delete(name)
        raise OSError("upload stored under an unexpected name")
    return token


def upload_read(token):
    """The content of an upload, or None when it is gone (imported, discarded or expired) or the token is bad."""
    try:
        name = upload_name(token)
    except ValueError:
        return None
    if not storages["private"].exists(name):
        return None
    if timezone.now() - storages["private"].get_modified_time(name) > UPLOAD_MAX_AGE:
        storages["private"].delete(name)
        return None
    with storages["private"].open(name, "rb") as stored:
        return stored.read()


def upload_discard(token):
    with contextlib.suppress(ValueError):
        storages["private"].delete(upload_name(token))


def uploads_purge(max_age=UPLOAD_MAX_AGE):
    """Delete uploads nobody confirmed in time."""
    try:
        _dirs, files = storages["private"].listdir(UPLOADS_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - max_age
    for name in files:
        path = f"{UPLOADS_DIR}/{name}"
        try:
            if storages["private"].get_modified_time(path) < cutoff:
                storages["private"].delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


class UploadGone(Exception):
    """The upload was imported already, discarded, or it expired."""


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


# --- export ----------------------------------------------------------------------------------------------------------


def register_parties(day):
    """The parties on `day` (Participant.objects.parties_on): the coordinator, the gminas, then the stakeholders."""
    order = Case(
        When(kind=Participant.Kind.COORDINATOR, then=Value(0)),
        When(kind=Participant.Kind.GMINA, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return Participant.objects.parties_on(day).select_related("located_in").order_by(order, "name", "pk")


def register_export(*, day, file_format):
    """The register of `day` as (bytes, content type, file name). CSV and XLSX cells cannot start a formula."""
    if file_format not in FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    dataset = RegisterResource().export(register_parties(day))
    content_type, extension = FORMATS[file_format]
    filename = f"rejestr-{day.isoformat()}.{extension}"
    if file_format == "json":
        return json.dumps(dataset.dict, ensure_ascii=False, indent=1).encode(), content_type, filename
    rows = [[spreadsheet_safe(_CONTROL.sub("", value)) for value in values] for values in dataset]
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
