"""The register's columns, and how django-import-export reads each row onto a party and checks it.

Speed (10,000 rows within 10 s): every party, slug and gmina is read once before the rows (`before_import`, with
`matching.match_rows`); each row is validated by the model (`full_clean` on what the file sets, without its per-row
queries: uniqueness is checked against what was read, foreign keys by lookup); the writes are a few statements for
the new parties and for the changed fields of the others, with their history written through auditlog (`rows`).

Nothing is written from a file with any problem: the preview is a dry run that writes nothing, and the confirmed import
runs in one transaction that is rolled back when any row is refused.
"""

import copy
import functools

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import router
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy
from import_export import resources
from import_export.fields import Field

from klaster import identifiers

from ..models import Participant
from .files import header_key
from .matching import IDENTIFIERS, match_rows
from .rows import history_write, insert_rows, update_rows
from .widgets import (
    READ_IN,
    ChoiceWidget,
    DayWidget,
    GminaWidget,
    IdentifierWidget,
    TextWidget,
    WebsiteWidget,
    YesNoWidget,
)

PROGRESS_EVERY = 1000
ALWAYS_SET = ("kind", "slug", "cluster")  # what the import sets on a new party whatever columns the file has
REQUIRED_COLUMNS = ("nazwa", "kategoria", "status", "data_przystapienia")
IDENTIFIER_COLUMNS = IDENTIFIERS  # a file has at least one of them; a row may fill in any one
COLUMN_HELP = {
    "rodzaj": gettext_lazy("stakeholder (interesariusz, domyślnie), gmina albo coordinator (koordynator)"),
    "nazwa": gettext_lazy("pełna nazwa albo imię i nazwisko"),
    "nazwa_skrocona": gettext_lazy("nazwa skrócona"),
    "kategoria": gettext_lazy(
        "nazwa kategorii, np. przedsiębiorstwo, spółdzielnia, osoba fizyczna, gmina, albo jej kod: company, "
        "cooperative, person, jst"
    ),
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
    "status": gettext_lazy(
        "członek, złożył wniosek, wystąpił albo wykluczony, albo kod: active, applied, withdrawn, excluded"
    ),
    "data_przystapienia": gettext_lazy("data przystąpienia, RRRR-MM-DD"),
    "data_zakonczenia": gettext_lazy("data wystąpienia albo wykluczenia, RRRR-MM-DD"),
    "powod_zakonczenia": gettext_lazy("powód zakończenia członkostwa"),
    "opis": gettext_lazy("opis (po polsku)"),
}
# Names people give a category besides its own (the category of a gmina is "gmina lub inna jednostka samorządu
# terytorialnego"; an office calls it "gmina").
CATEGORY_ALIASES = {
    "gmina": Participant.Category.JST,
    "jednostka samorządu terytorialnego": Participant.Category.JST,
    "stowarzyszenie": Participant.Category.NGO,
    "fundacja": Participant.Category.NGO,
    "uczelnia": Participant.Category.SCIENCE,
}
# A column's title in a file for people (CSV, XLSX) is its model field's name, but where that would mislead.
TITLES = {"gmina_teryt": gettext_lazy("gmina siedziby (kod TERYT)"), "opis": gettext_lazy("opis")}


def column_title(key):
    """The title of the column `key` in the active language, as an export for people writes it ("Data
    przystąpienia" for data_przystapienia)."""
    if key in TITLES:
        return capfirst(str(TITLES[key]))
    resource_field = next(f for f in RegisterResource.fields.values() if f.column_name == key)
    return capfirst(str(Participant._meta.get_field(resource_field.attribute).verbose_name))


@functools.cache
def _titles_read():
    """header_key of each column's title in each language of READ_IN, to the column."""
    keys = {}
    for language in READ_IN:
        with translation.override(language):
            for key in COLUMN_HELP:
                keys.setdefault(header_key(column_title(key)), key)
    return keys


def column_key(header):
    """The column a header names: its key written in any way header_key reads ("Data_przystapienia"), or its title in
    Polish or English ("Data przystąpienia", "Date of joining"); None when it names none."""
    key = header_key(header)
    return key if key in COLUMN_HELP else _titles_read().get(key)


class RegisterResource(resources.ModelResource):
    """The register's columns, and how a row finds its party and is checked (see the module's docstring)."""

    kind = Field("kind", "rodzaj", ChoiceWidget(Participant.Kind, empty=Participant.Kind.STAKEHOLDER))
    name = Field("name", "nazwa", TextWidget())
    short_name = Field("short_name", "nazwa_skrocona", TextWidget())
    category = Field("category", "kategoria", ChoiceWidget(Participant.Category, aliases=CATEGORY_ALIASES))
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
        self.saved = []  # (instance, its original or None when created, model fields its history compares)
        self.present = []
        self.audited = frozenset()  # the model fields a created party's history holds
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
        self.audited = frozenset([*(self.fields[name].attribute for name in self.present), *ALWAYS_SET])
        self.prototype = Participant(cluster=self.cluster, kind=Participant.Kind.STAKEHOLDER)
        parties = list(Participant.objects.select_related("located_in"))
        self.fields["located_in"].widget.gminas = {
            party.teryt: party for party in parties if party.kind == Participant.Kind.GMINA
        }
        self.states = match_rows(
            dataset, numbers=self.row_numbers, parties=parties, cluster=self.cluster, clean=self._quiet
        )

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
        """The model's own checks (Participant.clean: also the rules for a status and its dates) without their
        queries: uniqueness was checked in before_import, foreign keys by lookup. A column whose cell could not be
        read keeps only that problem."""
        errors = {key: list(messages) for key, messages in (import_validation_errors or {}).items()}
        try:
            instance.full_clean(exclude=self.unchecked | set(errors), validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                if key not in errors or key == NON_FIELD_ERRORS:
                    errors.setdefault(key, []).extend(messages)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if is_create:
            self.saved.append((instance, None, self.audited))
        else:
            changed = [self.fields[name].attribute for name in self.changed_fields[self.current]]
            self.saved.append((instance, self.originals[self.current], frozenset(changed)))
            self.pending_updates.append((instance, changed))
        super().save_instance(instance, is_create, row, **kwargs)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        """The new parties in a few statements (`rows.insert_rows`), then their ids by slug. A preview writes nothing."""
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
        """Only the fields each row changes (`rows.update_rows`, grouped by those fields). A preview writes nothing."""
        try:
            if not dry_run:
                groups = {}
                for instance, changed in self.pending_updates:
                    groups.setdefault(tuple(changed), []).append(instance)
                for changed, instances in groups.items():
                    update_rows(Participant, instances, changed)
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
        """The history of what was written: an entry for each created or changed party, with who imported which
        file."""
        super().after_import(dataset, result, **kwargs)
        if not kwargs.get("dry_run") and not result.has_errors() and not result.has_validation_errors():
            history_write(self.saved, actor=self.actor, additional_data={"import": self.source})

    # --- export ---

    def get_export_order(self):
        return self._meta.fields

    def export_resource(self, instance, selected_fields=None, **kwargs):
        """A party's cells. import-export looks each field up again for every cell, which made a 10,000-party
        export take seconds; the fields are the same for every row."""
        if not hasattr(self, "_export_fields"):
            self._export_fields = [self.fields[name] for name in self._meta.fields]
        return [resource_field.export(instance) for resource_field in self._export_fields]
