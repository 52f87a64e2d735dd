"""The coordinator's pages of events (/panel/wydarzenia/): the list, adding and editing an event, the points of its
programme (added, changed, moved, removed) and its photos (uploaded with their text alternative, moved, removed).

Every change goes through events.services; what it refuses is shown on the page. What the public sees is
events/views/public.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.concurrency import EditConflict
from klaster.form_errors import add_service_errors
from members.access import coordinator_required

from .. import services
from ..forms import AgendaItemForm, EventForm, PhotoForm, SpeakerFormSet, speaker_initial
from ..models import AgendaItem, Event, EventParty, Speaker

PANEL_PAGE_SIZE = 25
MOVES = {"up": -1, "down": 1}


def _event(pk):
    return get_object_or_404(Event, pk=pk)


def _item(event, item_pk):
    return get_object_or_404(AgendaItem, pk=item_pk, event=event)


def _photo(event, photo_pk):
    return get_object_or_404(event.photos, pk=photo_pk)


@require_safe
@coordinator_required
def index(request):
    events = Event.objects.order_by("-starts_on", "-pk").annotate(
        agenda_count=Count("agenda", distinct=True), photo_count=Count("photos", distinct=True)
    )
    page = Paginator(events, PANEL_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_admin/index.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def new(request):
    return _edit(request, Event())


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def edit(request, pk):
    event = get_object_or_404(
        Event.objects.prefetch_related(
            Prefetch("parties", queryset=EventParty.objects.select_related("participant")),
            Prefetch("agenda", queryset=AgendaItem.objects.prefetch_related("speakers")),
            "photos",
        ),
        pk=pk,
    )
    return _edit(request, event)


def _edit(request, event):
    adding = event.pk is None
    form = EventForm(request.POST or None, instance=event, edited_from=None if adding else services.event_values(event))
    if form.is_valid():
        try:
            saved = services.event_save(
                event=None if adding else event,
                data=form.cleaned_data,
                by=request.user,
                edited_from=form.cleaned_data["edited_from"],
            )
        except EditConflict as error:
            event.refresh_from_db()
            form.show_conflict(error, services.event_values(event))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if adding:
                messages.success(
                    request,
                    _("Dodano wydarzenie: %(title)s. Teraz można dodać jego program i zdjęcia.")
                    % {"title": saved.title_pl},
                )
            else:
                messages.success(request, _("Zapisano wydarzenie: %(title)s.") % {"title": saved.title_pl})
            return redirect("event-admin:edit", pk=saved.pk)
    if form.is_bound and not adding:
        event.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    return render(request, "events/event_admin/form.html", {"form": form, "event": event, "adding": adding})


# --- the programme ----------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def agenda_new(request, pk):
    return _agenda_edit(request, _event(pk), None)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def agenda_edit(request, pk, item_pk):
    event = _event(pk)
    return _agenda_edit(request, event, _item(event, item_pk))


def _agenda_edit(request, event, item):
    adding = item is None
    form = AgendaItemForm(
        request.POST or None,
        instance=item or AgendaItem(event=event),
        edited_from=None if adding else services.agenda_item_values(item),
    )
    speakers = SpeakerFormSet(
        request.POST or None, prefix="speakers", initial=None if adding else speaker_initial(item)
    )
    if request.method == "POST" and form.is_valid() and speakers.is_valid():
        try:
            saved = services.agenda_item_save(
                event=event,
                item=item,
                data=form.cleaned_data,
                speakers=speakers.speakers(),
                by=request.user,
                edited_from=form.cleaned_data["edited_from"],
            )
        except EditConflict as error:
            item.refresh_from_db()
            form.show_conflict(error, services.agenda_item_values(item))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if adding:
                messages.success(request, _("Dodano punkt programu: %(title)s.") % {"title": saved})
            else:
                messages.success(request, _("Zapisano punkt programu: %(title)s.") % {"title": saved})
            return redirect("event-admin:edit", pk=event.pk)
    context = {"event": event, "item": item, "form": form, "speakers": speakers, "adding": adding}
    return render(request, "events/event_admin/agenda_form.html", context)


@require_POST
@coordinator_required
def agenda_move(request, pk, item_pk):
    event = _event(pk)
    item = _item(event, item_pk)
    step = MOVES.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Nieznany kierunek przesunięcia; kolejność się nie zmieniła."))
    else:
        services.agenda_item_move(item=item, step=step, by=request.user)
        messages.success(request, _("Zmieniono kolejność programu."))
    return redirect("event-admin:edit", pk=event.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def agenda_delete(request, pk, item_pk):
    """GET asks for confirmation; only a POST removes the point and its speakers."""
    event = _event(pk)
    item = _item(event, item_pk)
    if request.method == "POST":
        services.agenda_item_delete(item=item, by=request.user)
        messages.success(request, _("Usunięto punkt programu: %(title)s.") % {"title": item})
        return redirect("event-admin:edit", pk=event.pk)
    speakers = Speaker.objects.filter(agenda_item=item)
    return render(
        request, "events/event_admin/agenda_delete.html", {"event": event, "item": item, "speakers": speakers}
    )


# --- photos -------------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def photo_new(request, pk):
    event = _event(pk)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.photo_add(
                event=event,
                image=data["image"],
                alt_text=data["alt_text"],
                caption=data["caption"],
                credit=data["credit"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dodano zdjęcie: %(alt)s.") % {"alt": data["alt_text"]})
            return redirect("event-admin:edit", pk=event.pk)
    return render(request, "events/event_admin/photo_form.html", {"event": event, "form": form})


@require_POST
@coordinator_required
def photo_move(request, pk, photo_pk):
    event = _event(pk)
    photo = _photo(event, photo_pk)
    step = MOVES.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Nieznany kierunek przesunięcia; kolejność się nie zmieniła."))
    else:
        services.photo_move(photo=photo, step=step, by=request.user)
        messages.success(request, _("Zmieniono kolejność zdjęć."))
    return redirect("event-admin:edit", pk=event.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def photo_delete(request, pk, photo_pk):
    """GET asks for confirmation; only a POST removes the photo and its file."""
    event = _event(pk)
    photo = _photo(event, photo_pk)
    if request.method == "POST":
        services.photo_delete(photo=photo, by=request.user)
        messages.success(request, _("Usunięto zdjęcie: %(alt)s.") % {"alt": photo.alt_text_pl})
        return redirect("event-admin:edit", pk=event.pk)
    return render(request, "events/event_admin/photo_delete.html", {"event": event, "photo": photo})
