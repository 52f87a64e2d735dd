"""The programme of an event: points with their time, title, description and speakers; added, changed, moved and
removed by the coordinator."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import check_unchanged, values_of
from members.access import is_coordinator

from ..models import AgendaItem, Event, Speaker
from .ordering import swap_with_neighbour

AGENDA_FIELDS = ["kind", "starts_at", "ends_at", "title_pl", "title_en", "description_pl", "description_en"]
SPEAKER_FIELDS = ["name", "function_pl", "function_en", "organisation", "participant"]


def _check(by):
    if not is_coordinator(by):
        raise PermissionDenied


def _speakers_key(item):
    if item.pk is None:
        return ""
    return "; ".join(
        " / ".join(filter(None, [speaker.name, speaker.function_pl, speaker.organisation_name]))
        for speaker in item.speakers.select_related("participant")
    )


def agenda_item_values(item):
    """What the edit form is opened with and what a save compares (klaster.concurrency)."""
    return {**values_of(item, AGENDA_FIELDS), "speakers": _speakers_key(item)}


def _labels():
    return {
        **{name: AgendaItem._meta.get_field(name).verbose_name for name in AGENDA_FIELDS},
        "speakers": _("prelegenci"),
    }


def _set_speakers(item, speakers):
    current = [[getattr(s, name) for name in SPEAKER_FIELDS] for s in item.speakers.all()]
    wanted = [[speaker.get(name) or ("" if name != "participant" else None) for name in SPEAKER_FIELDS]
              for speaker in speakers]  # fmt: skip
    if current == wanted:
        return
    previous = {(s.name, s.participant_id): s.role_id for s in item.speakers.all()}
    item.speakers.all().delete()
    for position, values in enumerate(wanted, start=1):
        speaker = Speaker(agenda_item=item, position=position, **dict(zip(SPEAKER_FIELDS, values, strict=True)))
        # A speaker kept by name and party keeps the link to their function in the register.
        speaker.role_id = previous.get((speaker.name, speaker.participant_id))
        speaker.full_clean()
        speaker.save()


@transaction.atomic
def agenda_item_save(*, event, item=None, data, speakers, by, edited_from=None):
    """Add a point to the end of `event`'s programme (`item` None) or change `item`, from `data` (AGENDA_FIELDS) and
    `speakers` (dicts of name, function_pl, function_en, organisation, participant; in order). The model's rules are
    checked (ValidationError, nothing saved); a change saved meanwhile by someone else refuses this one."""
    _check(by)
    event = Event.objects.select_for_update().get(pk=event.pk)
    if item is None:
        last = event.agenda.aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem(event=event, position=last + 1)
    else:
        item = AgendaItem.objects.select_for_update().get(pk=item.pk, event=event)
        check_unchanged(edited_from=edited_from, now=agenda_item_values(item), labels=_labels())
    for name in AGENDA_FIELDS:
        if name in data:
            setattr(item, name, data[name])
    item.full_clean()
    item.save()
    _set_speakers(item, speakers)
    return item


@transaction.atomic
def agenda_item_move(*, item, step, by):
    """Swap the point with its neighbour `step` (-1 earlier, +1 later) places away in the programme."""
    _check(by)
    items = list(AgendaItem.objects.select_for_update().filter(event_id=item.event_id).order_by("position"))
    return swap_with_neighbour(items, item, step)


@transaction.atomic
def agenda_item_delete(*, item, by):
    """Remove the point and its speakers from the programme."""
    _check(by)
    item.delete()
