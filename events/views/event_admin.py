"""The coordinator's pages of events (/panel/wydarzenia/): the list, adding, editing and duplicating an event, the
points of its programme (added, changed, moved, removed), its photos (uploaded with their text alternative, their texts
changed, moved, removed), its materials (uploaded, changed or replaced, moved, removed) and its outcomes (the
agreement's version, annex, signature or document it brought).

Every change goes through events.services; what it refuses is shown on the page. What the public sees is
events/views/public.py.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.concurrency import EditConflict
from klaster.form_errors import add_service_errors
from members.access import coordinator_required

from .. import services
from ..forms import (
    AgendaItemForm,
    DuplicateForm,
    EventForm,
    MaterialForm,
    OutcomeForm,
    PhotoForm,
    PhotoTextForm,
    SpeakerFormSet,
    speaker_initial,
)
from ..models import AgendaItem, Event, EventMaterial, EventOutcome, EventParty, EventPhoto, Speaker

PANEL_PAGE_SIZE = 25
MOVES = {"up": -1, "down": 1}


def _event(pk):
    return get_object_or_404(Event, pk=pk)


def _item(event, item_pk):
    return get_object_or_404(AgendaItem, pk=item_pk, event=event)


def _photo(event, photo_pk):
    return get_object_or_404(event.photos, pk=photo_pk)


def _material(event, material_pk):
    return get_object_or_404(EventMaterial, pk=material_pk, event=event)


def _outcome(event, outcome_pk):
    return get_object_or_404(EventOutcome, pk=outcome_pk, event=event)


def _count_of(model):
    counted = model.objects.filter(event=OuterRef("pk")).order_by().values("event").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


@require_safe
@coordinator_required
def index(request):
    # Counted in subqueries, one per event of the page: a join of the programme and the photos would pair every point
    # with every photo of every event before grouping (15 ms at 300 events, and the page's count did it again).
    events = (
        Event.objects.select_related("proposed_by")
        .order_by("-starts_on", "-pk")
        .annotate(agenda_count=_count_of(AgendaItem), photo_count=_count_of(EventPhoto))
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
            "materials",
            Prefetch(
                "outcomes",
                queryset=EventOutcome.objects.select_related(
                    "version__agreement", "annex", "signature__participant", "signature__version", "document"
                ),
            ),
        ),
        pk=pk,
    )
    return _edit(request, event)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def duplicate(request, pk):
    """GET asks for the copy's date; a POST makes the copy (a draft) and opens it for editing."""
    event = _event(pk)
    form = DuplicateForm(request.POST or None)
    if form.is_valid():
        try:
            copy = services.event_duplicate(event=event, starts_on=form.cleaned_data["starts_on"], by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Skopiowano wydarzenie jako nieopublikowany szkic: %(title)s. Sprawdź godziny i opublikuj je.")
                % {"title": copy.title_pl},
            )
            return redirect("event-admin:edit", pk=copy.pk)
    return render(request, "events/event_admin/duplicate.html", {"event": event, "form": form})


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


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def photo_edit(request, pk, photo_pk):
    event = _event(pk)
    photo = _photo(event, photo_pk)
    form = PhotoTextForm(request.POST or None, instance=photo)
    if form.is_valid():
        try:
            services.photo_update(photo=photo, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano opis zdjęcia: %(alt)s.") % {"alt": form.cleaned_data["alt_text_pl"]})
            return redirect("event-admin:edit", pk=event.pk)
    if form.is_bound:
        photo.refresh_from_db()
    return render(request, "events/event_admin/photo_edit.html", {"event": event, "photo": photo, "form": form})


# --- materials ----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def material_new(request, pk):
    return _material_edit(request, _event(pk), None)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def material_edit(request, pk, material_pk):
    event = _event(pk)
    return _material_edit(request, event, _material(event, material_pk))


def _material_edit(request, event, material):
    adding = material is None
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        instance=material or EventMaterial(event=event),
        replacing=not adding,
    )
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if adding:
                saved = services.material_add(event=event, file=upload, data=form.cleaned_data, by=request.user)
            else:
                saved = services.material_update(
                    material=material, data=form.cleaned_data, file=upload or None, by=request.user
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if adding:
                messages.success(request, _("Dodano materiał: %(title)s.") % {"title": saved.title_pl})
            else:
                messages.success(request, _("Zapisano materiał: %(title)s.") % {"title": saved.title_pl})
            return redirect("event-admin:edit", pk=event.pk)
    if form.is_bound and not adding:
        material.refresh_from_db()
    context = {"event": event, "material": material, "form": form, "adding": adding}
    return render(request, "events/event_admin/material_form.html", context)


@require_POST
@coordinator_required
def material_move(request, pk, material_pk):
    event = _event(pk)
    material = _material(event, material_pk)
    step = MOVES.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Nieznany kierunek przesunięcia; kolejność się nie zmieniła."))
    else:
        services.material_move(material=material, step=step, by=request.user)
        messages.success(request, _("Zmieniono kolejność materiałów."))
    return redirect("event-admin:edit", pk=event.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def material_delete(request, pk, material_pk):
    """GET asks for confirmation; only a POST removes the material and its file."""
    event = _event(pk)
    material = _material(event, material_pk)
    if request.method == "POST":
        services.material_delete(material=material, by=request.user)
        messages.success(request, _("Usunięto materiał: %(title)s.") % {"title": material.title_pl})
        return redirect("event-admin:edit", pk=event.pk)
    return render(request, "events/event_admin/material_delete.html", {"event": event, "material": material})


# --- outcomes -----------------------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def outcome_new(request, pk):
    return _outcome_edit(request, _event(pk), None)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def outcome_edit(request, pk, outcome_pk):
    event = _event(pk)
    return _outcome_edit(request, event, _outcome(event, outcome_pk))


def _outcome_edit(request, event, outcome):
    adding = outcome is None
    form = OutcomeForm(request.POST or None, instance=outcome or EventOutcome(event=event))
    if form.is_valid():
        try:
            services.outcome_save(event=event, outcome=outcome, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dodano efekt wydarzenia.") if adding else _("Zapisano efekt wydarzenia."))
            return redirect("event-admin:edit", pk=event.pk)
    if form.is_bound and not adding:
        outcome.refresh_from_db()
    context = {"event": event, "outcome": outcome, "form": form, "adding": adding}
    return render(request, "events/event_admin/outcome_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def outcome_delete(request, pk, outcome_pk):
    """GET asks for confirmation; only a POST removes the link (what it pointed to stays)."""
    event = _event(pk)
    outcome = _outcome(event, outcome_pk)
    if request.method == "POST":
        services.outcome_delete(outcome=outcome, by=request.user)
        messages.success(request, _("Usunięto efekt wydarzenia: %(outcome)s.") % {"outcome": outcome})
        return redirect("event-admin:edit", pk=event.pk)
    return render(request, "events/event_admin/outcome_delete.html", {"event": event, "outcome": outcome})
