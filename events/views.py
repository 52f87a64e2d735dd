"""The public pages of events: the list, newest first, and one event with its programme and photos."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from klaster.public import public_page

from .models import AgendaItem, Event

EVENTS_PAGE_SIZE = 20


@require_safe
@public_page
def event_list(request):
    events = Event.objects.latest().with_photo_count()
    page = Paginator(events, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page})


@require_safe
@public_page
def event_detail(request, slug):
    agenda = AgendaItem.objects.select_related("speaker__person", "speaker__participant")
    event = get_object_or_404(
        Event.objects.public().prefetch_related(Prefetch("agenda", queryset=agenda), "photos"), slug=slug
    )
    return render(request, "events/event_detail.html", {"event": event})
