from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import AgendaItem, Event

EVENTS_PAGE_SIZE = 20


@require_GET
def event_list(request):
    events = Event.objects.latest()
    page = Paginator(events, EVENTS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_list.html", {"page": page})


@require_GET
def event_detail(request, slug):
    agenda = AgendaItem.objects.select_related("speaker__person", "speaker__participant")
    event = get_object_or_404(Event.objects.public().prefetch_related(Prefetch("agenda", queryset=agenda)), slug=slug)
    return render(request, "events/event_detail.html", {"event": event})
