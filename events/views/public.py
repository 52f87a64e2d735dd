"""The public pages of events: the list (upcoming soonest first, then past ones latest first, filtered by year and kind
with a plain GET form), one event with its programme, speakers, materials, photos and outcomes, and the file of a
material (to download: klaster.uploads.file_response)."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from klaster.public import public_page
from klaster.uploads import file_response
from members.access import is_coordinator

from ..models import AgendaItem, Event, EventMaterial, EventOutcome, EventParty, Speaker
from .registrations import registration_context

EVENTS_PAGE_SIZE = 20


class EventFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Rok"), coerce=int, required=False, empty_value=None)
    kind = forms.ChoiceField(label=_("Rodzaj"), required=False)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("wszystkie lata")), *[(year, str(year)) for year in years]]
        self.fields["kind"].choices = [("", _("wszystkie rodzaje")), *Event.Kind.choices]

    def filter(self, events):
        """`events` narrowed to what was chosen; a value that is not on the list is ignored."""
        if not self.is_valid():
            return events
        if self.cleaned_data["year"]:
            events = events.filter(starts_on__year=self.cleaned_data["year"])
        if self.cleaned_data["kind"]:
            events = events.filter(kind=self.cleaned_data["kind"])
        return events

    def query(self):
        """The chosen filters as a query string, for the links to other pages of the list."""
        if not self.is_valid():
            return ""
        return urlencode({name: value for name, value in self.cleaned_data.items() if value})


@require_safe
@public_page
def event_list(request):
    form = EventFilterForm(request.GET or None, years=Event.objects.public().years())
    upcoming = list(form.filter(Event.objects.upcoming().with_photo_count()))
    past = Paginator(form.filter(Event.objects.past().with_photo_count()), EVENTS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "form": form,
        "upcoming": upcoming if past.number == 1 else [],
        "page": past,
        "query": form.query(),
        "filtered": form.is_bound and form.is_valid() and any(form.cleaned_data.values()),
    }
    return render(request, "events/event_list.html", context)


@require_safe
@public_page
def event_detail(request, slug):
    agenda = AgendaItem.objects.prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.select_related("participant", "role__participant"))
    )
    event = get_object_or_404(
        Event.objects.public().prefetch_related(
            Prefetch("agenda", queryset=agenda),
            Prefetch("parties", queryset=EventParty.objects.select_related("participant")),
            "photos",
            Prefetch("materials", queryset=EventMaterial.objects.public(), to_attr="public_materials"),
            Prefetch(
                "outcomes",
                queryset=EventOutcome.objects.select_related(
                    "version__agreement", "annex__version", "signature__participant", "signature__version", "document"
                ),
            ),
        ),
        slug=slug,
    )
    outcomes = [outcome for outcome in event.outcomes.all() if outcome.is_public]
    context = {"event": event, "outcomes": outcomes, **registration_context(request, event)}
    return render(request, "events/event_detail.html", context)


@require_safe
def material_file(request, slug, pk):
    """A material's file to download (attachment, nosniff): anyone's when the material is public and its event
    published; the coordinator's otherwise. For everyone else it does not exist."""
    material = get_object_or_404(EventMaterial.objects.select_related("event"), pk=pk, event__slug=slug)
    public = material.is_public and material.event.published
    if not (public or is_coordinator(request.user)):
        raise Http404
    try:
        return file_response(material.file, original_name=material.file_original_name, public=public)
    except FileNotFoundError:
        raise Http404 from None
