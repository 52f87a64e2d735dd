"""Adding, changing and duplicating an event: its facts, its organisers and partners. The coordinator only."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import check_unchanged, values_of
from klaster.slugs import unique_slug
from members.access import can_change_gmina, is_coordinator
from members.models import Cluster

from ..models import Event, EventParty
from . import registrations

EVENT_FIELDS = [
    "title_pl",
    "title_en",
    "kind",
    "status",
    "cancellation_reason_pl",
    "cancellation_reason_en",
    "starts_on",
    "starts_at",
    "ends_on",
    "ends_at",
    "all_day",
    "place_pl",
    "place_en",
    "address",
    "map_url",
    "venue_accessibility_pl",
    "venue_accessibility_en",
    "host",
    "summary_pl",
    "summary_en",
    "published",
]
# What a gmina's staff give when they propose an event (event_propose); the coordinator completes the rest.
PROPOSAL_FIELDS = [
    "title_pl",
    "kind",
    "starts_on",
    "starts_at",
    "ends_on",
    "ends_at",
    "all_day",
    "place_pl",
    "address",
    "summary_pl",
]
PARTY_LISTS = {
    EventParty.Role.ORGANISER: ("organisers", "organiser_names"),
    EventParty.Role.PARTNER: ("partners", "partner_names"),
}


def _parties_key(event):
    """The event's organisers and partners in order, as one comparable value."""
    if event.pk is None:
        return ""
    return "; ".join(
        f"{party.get_role_display()}: {party.display_name}"
        for party in event.parties.select_related("participant").order_by("role", "position")
    )


def event_values(event):
    """What the edit form is opened with and what a save compares (klaster.concurrency)."""
    return {**values_of(event, EVENT_FIELDS), "parties": _parties_key(event)}


def event_labels():
    return {
        **{name: Event._meta.get_field(name).verbose_name for name in EVENT_FIELDS},
        "parties": _("organizatorzy i partnerzy"),
    }


def _new_slug(title):
    return unique_slug(title, set(Event.objects.values_list("slug", flat=True)), max_length=120, fallback="wydarzenie")


def _set_parties(event, data):
    wanted = []
    for role, (participants_key, names_key) in PARTY_LISTS.items():
        wanted += [(role, participant, "") for participant in data.get(participants_key) or []]
        wanted += [(role, None, name) for name in data.get(names_key) or []]
    current = [(party.role, party.participant, party.name) for party in event.parties.order_by("role", "position")]
    if current == wanted:
        return
    event.parties.all().delete()
    positions = {}
    for role, participant, name in wanted:
        positions[role] = positions.get(role, 0) + 1
        party = EventParty(event=event, role=role, position=positions[role], participant=participant, name=name)
        party.full_clean()
        party.save()


@transaction.atomic
def event_save(*, event, data, by, edited_from=None):
    """Add (`event` None) or change an event from `data` (EVENT_FIELDS; `organisers` and `partners`: parties of the
    cluster; `organiser_names` and `partner_names`: outside organisations). The model's rules are checked again
    (ValidationError, nothing saved). `edited_from`: what the form was opened with; a change saved meanwhile by
    someone else refuses this one (EditConflict). Calling the event off tells everyone registered, once the change is
    committed (registrations.event_cancelled_notify)."""
    if not is_coordinator(by):
        raise PermissionDenied
    if event is None or event.pk is None:
        cluster = Cluster.objects.main()
        event = Event(cluster=cluster, slug=_new_slug(data["title_pl"]))
    else:
        event = Event.objects.select_for_update().get(pk=event.pk)
        check_unchanged(edited_from=edited_from, now=event_values(event), labels=event_labels())
    was_cancelled = event.pk is not None and event.status == Event.Status.CANCELLED
    for name in EVENT_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.full_clean()
    event.save()
    _set_parties(event, data)
    if event.status == Event.Status.CANCELLED and not was_cancelled:
        registrations.after_commit(registrations.event_cancelled_notify, event=event)
    return event


# What a copy does not take over from its original: where it is in time and what happened to it.
NOT_DUPLICATED = {"starts_on", "ends_on", "status", "cancellation_reason_pl", "cancellation_reason_en", "published"}


@transaction.atomic
@transaction.atomic
def event_propose(*, gmina, data, by):
    """A gmina's staff propose an event (PROPOSAL_FIELDS of `data`): kept unpublished, hosted by the gmina and marked
    as its proposal, until the coordinator publishes it (event_save with `published`). The model's rules are checked
    (ValidationError, nothing saved)."""
    if not can_change_gmina(by, gmina):
        raise PermissionDenied
    event = Event(
        cluster=Cluster.objects.main(),
        slug=_new_slug(data["title_pl"]),
        status=Event.Status.PLANNED,
        published=False,
        host=gmina,
        proposed_by=gmina,
        proposed_at=timezone.now(),
    )
    for name in PROPOSAL_FIELDS:
        if name in data:
            setattr(event, name, data[name])
    event.full_clean()
    event.save()
    return event


def event_duplicate(*, event, starts_on, by):
    """A new draft (unpublished, planned) copied from `event`: its facts, hours, venue, host, organisers and partners,
    and its programme with the speakers, on `starts_on` (a multi-day event keeps its length). Not its photos,
    materials, outcomes or registrations: those belong to what happened. The model's rules are checked again
    (ValidationError, nothing saved)."""
    if not is_coordinator(by):
        raise PermissionDenied
    copy = Event(cluster_id=event.cluster_id, slug=_new_slug(event.title_pl), status=Event.Status.PLANNED)
    for name in EVENT_FIELDS:
        if name not in NOT_DUPLICATED:
            setattr(copy, name, getattr(event, name))
    copy.starts_on = starts_on
    copy.ends_on = starts_on + (event.ends_on - event.starts_on) if event.ends_on else None
    copy.published = False
    copy.cancellation_reason_pl = copy.cancellation_reason_en = ""
    copy.full_clean()
    copy.save()
    for party in event.parties.order_by("role", "position"):
        EventParty.objects.create(
            event=copy, role=party.role, position=party.position, participant_id=party.participant_id, name=party.name
        )
    for item in event.agenda.prefetch_related("speakers").order_by("position"):
        speakers = list(item.speakers.all())
        item.pk, item.id, item.event = None, None, copy
        item._state.adding = True
        item.save()
        for speaker in speakers:
            speaker.pk, speaker.id, speaker.agenda_item = None, None, item
            speaker._state.adding = True
            speaker.save()
    return copy
