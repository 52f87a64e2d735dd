"""The coordinator's audit history: who changed what and when (django-auditlog), and what happened to accounts."""

from dataclasses import dataclass

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from klaster.spreadsheets import csv_bytes

from ..access import coordinator_required
from ..models import AccountEvent

PAGE_SIZE = 50
ACCOUNT_EVENTS_SHOWN = 20
ACTIONS = {
    LogEntry.Action.CREATE: gettext_lazy("utworzenie"),
    LogEntry.Action.UPDATE: gettext_lazy("zmiana"),
    LogEntry.Action.DELETE: gettext_lazy("usunięcie"),
    LogEntry.Action.ACCESS: gettext_lazy("odczyt"),
}
# A spreadsheet treats a cell starting with one of these as a formula (CSV injection).


def registered_models():
    """The models whose history is kept, by their label ("members.participant"), sorted by name."""
    models = {model._meta.label_lower: model for model in auditlog.get_models()}
    return dict(sorted(models.items(), key=lambda item: str(item[1]._meta.verbose_name_plural)))


class HistoryFilterForm(forms.Form):
    model = forms.ChoiceField(label=gettext_lazy("Rodzaj danych"), required=False)
    date_from = forms.DateField(
        label=gettext_lazy("Od dnia"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=gettext_lazy("Do dnia"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (label, model._meta.verbose_name_plural.capitalize()) for label, model in registered_models().items()
        ]
        self.fields["model"].choices = [("", _("wszystkie"))] + choices

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("Data początkowa nie może być późniejsza niż końcowa."))
        return data

    def _dates(self, queryset, field):
        data = self.cleaned_data
        if data["date_from"]:
            queryset = queryset.filter(**{f"{field}__date__gte": data["date_from"]})
        if data["date_to"]:
            queryset = queryset.filter(**{f"{field}__date__lte": data["date_to"]})
        return queryset

    def log_entries(self):
        """The history of the registered models, newest first, narrowed by the valid filters."""
        models = registered_models()
        queryset = LogEntry.objects.select_related("actor", "content_type").order_by("-timestamp", "-pk")
        if not self.is_valid():
            return queryset.filter(content_type__in=ContentType.objects.get_for_models(*models.values()).values())
        if self.cleaned_data["model"]:
            models = {self.cleaned_data["model"]: models[self.cleaned_data["model"]]}
        queryset = queryset.filter(content_type__in=ContentType.objects.get_for_models(*models.values()).values())
        return self._dates(queryset, "timestamp")

    def account_events(self):
        queryset = AccountEvent.objects.select_related("user", "actor")
        return self._dates(queryset, "at") if self.is_valid() else queryset


@dataclass
class FieldChange:
    field: str
    before: str
    after: str


def _value_display(field, value):
    if value is None or value == "None":
        return ""
    if field is None:
        return str(value)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if field.many_to_one or field.one_to_one:
        related = field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else str(value)
    return str(value)


def field_changes(entry):
    """Each changed field of a log entry with its label, the value before and the value after."""
    model = entry.content_type.model_class()
    changes = []
    for name, values in entry.changes_dict.items():
        try:
            field = model._meta.get_field(name) if model else None
        except FieldDoesNotExist:
            field = None
        if field is not None and not field.concrete:  # a reverse relation named like a field
            field = None
        label = str(field.verbose_name) if field is not None else name
        if isinstance(values, dict):  # many-to-many: {"type": "m2m", "operation": "add", "objects": [...]}
            operation = _("dodano") if values.get("operation") == "add" else _("usunięto")
            changes.append(FieldChange(label, "", f"{operation}: {', '.join(map(str, values.get('objects', [])))}"))
            continue
        before, after = (_value_display(field, value) for value in values)
        if before != after:  # a new object also lists its empty fields
            changes.append(FieldChange(label, before, after))
    return changes


def actor_display(entry):
    if entry.actor is not None:
        return entry.actor.email or entry.actor.get_username()
    return entry.actor_email or _("system")


def _decorate(entry):
    """The entry with what pages and exports show of it: its action, who did it, and the kind of object."""
    entry.action_display = ACTIONS.get(entry.action, entry.action)
    entry.actor_display = actor_display(entry)
    entry.model_name = entry.content_type.model_class()._meta.verbose_name.capitalize()
    return entry


def _query_without_page(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


@require_safe
@coordinator_required
def index(request):
    form = HistoryFilterForm(request.GET or None)
    page = Paginator(form.log_entries(), PAGE_SIZE).get_page(request.GET.get("page"))
    for entry in page.object_list:
        _decorate(entry)
    context = {
        "form": form,
        "page": page,
        "query": _query_without_page(request),
        "account_events": form.account_events()[:ACCOUNT_EVENTS_SHOWN],
    }
    return render(request, "members/audit/index.html", context)


@require_safe
@coordinator_required
def object_history(request, app_label, model, pk):
    try:
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model_class = content_type.model_class()
    if model_class is None or not auditlog.contains(model_class):
        raise Http404
    entries = list(
        LogEntry.objects.filter(content_type=content_type, object_pk=pk)
        .select_related("actor", "content_type")
        .order_by("-timestamp", "-pk")
    )
    try:
        obj = model_class._base_manager.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError):
        obj = None
    if obj is None and not entries:
        raise Http404
    for entry in entries:
        _decorate(entry)
        entry.field_changes = field_changes(entry)
    context = {
        "entries": entries,
        "object": obj,
        "object_repr": str(obj) if obj is not None else entries[0].object_repr,
        "model_name": model_class._meta.verbose_name,
    }
    return render(request, "members/audit/object.html", context)


def _csv_response(filename, header, rows):
    """The rows as CSV for Polish Excel (klaster.spreadsheets: semicolons, UTF-8 with a BOM, no cell a formula)."""
    rows = [["" if cell is None else str(cell) for cell in row] for row in rows]
    response = HttpResponse(csv_bytes(header, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _when(moment):
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M:%S")


@require_safe
@coordinator_required
def export(request):
    form = HistoryFilterForm(request.GET or None)
    header = [_("Kiedy"), _("Kto"), _("Działanie"), _("Typ obiektu"), _("Obiekt"), _("Pole"), _("Przed"), _("Po")]

    def rows():
        for entry in map(_decorate, form.log_entries().iterator(chunk_size=500)):
            start = [_when(entry.timestamp), entry.actor_display, entry.action_display, entry.model_name]
            changes = field_changes(entry) or [FieldChange("", "", "")]
            for change in changes:
                yield [*start, entry.object_repr, change.field, change.before, change.after]

    return _csv_response("historia-zmian.csv", header, rows())


@require_safe
@coordinator_required
def account_events_export(request):
    form = HistoryFilterForm(request.GET or None)
    header = [_("Kiedy"), _("Zdarzenie"), _("Konto"), _("Wykonane przez"), _("Szczegóły")]

    def rows():
        for event in form.account_events().iterator(chunk_size=500):
            details = "; ".join(f"{key}: {value}" for key, value in sorted(event.detail.items()))
            actor = event.actor.email if event.actor else ""
            yield [_when(event.at), event.get_kind_display(), event.email, actor, details]

    return _csv_response("zdarzenia-kont.csv", header, rows())
