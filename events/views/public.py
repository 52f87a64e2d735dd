"""The public pages of events: the list (upcoming soonest first, then past ones latest first, filtered by year and kind
with a plain GET form) and one event with its programme, speakers and photos."""

from urllib.parse import urlencode

from django import forms
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from klaster.public import public_page

from ..models import AgendaItem, Event, EventParty, Speaker
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
        ),
        slug=slug,
    )
    return render(request, "events/event_detail.html", {"event": event, **registration_context(request, event)})
