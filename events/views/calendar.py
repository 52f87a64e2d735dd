"""Events for calendar programs: one .ics of all public events (to subscribe to) and one .ics of each event (its
"Dodaj do kalendarza" link)."""

from urllib.parse import urlsplit

from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from klaster.addresses import site_url
from klaster.public import public_page
from members.models import Cluster

from ..calendar import calendar_of
from ..models import AgendaItem, Event, Speaker

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _events():
    agenda = AgendaItem.objects.prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.select_related("participant", "role__participant"))
    )
    return Event.objects.public().prefetch_related(Prefetch("agenda", queryset=agenda))


def _response(request, events, *, name, filename, attachment):
    # The site's own address (SITE_URL in production), never the Host header of whoever asked first: a calendar is a
    # kept page, served as it was made to every later visitor (klaster.addresses).
    base = site_url(request)
    body = calendar_of(
        events, name=name, url_of=lambda event: base + event.get_absolute_url(), domain=urlsplit(base).hostname,
    )  # fmt: skip
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


@require_safe
@public_page
def calendar_feed(request):
    cluster = Cluster.objects.main()
    name = _("Wydarzenia – %(name)s") % {"name": cluster.name if cluster else _("Klaster energii")}
    events = _events().order_by("starts_on", "pk")
    return _response(request, events, name=name, filename="wydarzenia.ics", attachment=False)


@require_safe
@public_page
def event_calendar(request, slug):
    event = get_object_or_404(_events(), slug=slug)
    return _response(request, [event], name=event.title, filename=f"{event.slug}.ics", attachment=True)
