"""The coordinator's workflows on metering points (PPE): adding one and changing one. One transaction each; each
checks again that `by` acts as the coordinator, so a caller outside the views cannot skip access. Who did it is
written to the audit log by the request's audit middleware.

A point moved to another party or gmina takes its readings with it: the hourly aggregate of both the old and the new
party and gmina is summed again over the point's readings (energy.services.balances).
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Min

from klaster.concurrency import check_unchanged, values_of
from members.access import is_coordinator
from members.models import Participant

from ..models import MeteringPoint
from .balances import balances_refresh

FIELDS = (
    "party",
    "code",
    "old_code",
    "direction",
    "tariff_group",
    "street",
    "postal_code",
    "city",
    "gmina",
    "valid_from",
    "valid_to",
)


def field_labels():
    return {name: MeteringPoint._meta.get_field(name).verbose_name for name in FIELDS}


def _check_may_change(by):
    if not is_coordinator(by):
        raise PermissionDenied


def _assign(point, data):
    for name in FIELDS:
        if name in data:
            setattr(point, name, data[name])


@transaction.atomic
def metering_point_create(*, data, by):
    """A new metering point from `data` (FIELDS), checked by the model."""
    _check_may_change(by)
    point = MeteringPoint()
    _assign(point, data)
    point.full_clean()
    point.save()
    return point


@transaction.atomic
def metering_point_update(*, point, data, by, edited_from=None):
    """Change `point` to `data` (FIELDS). `edited_from`: what the form was opened with (klaster.concurrency): a
    change saved meanwhile by someone else refuses this one."""
    _check_may_change(by)
    point = MeteringPoint.objects.select_for_update().get(pk=point.pk)
    check_unchanged(edited_from=edited_from, now=values_of(point, FIELDS), labels=field_labels())
    before = (point.party_id, point.gmina_id)
    _assign(point, data)
    point.full_clean()
    point.save()
    after = (point.party_id, point.gmina_id)
    if before != after:
        _move_readings(point, before, after)
    return point


def _move_readings(point, before, after):
    """Sum again the hours of the point's readings under its old and its new party and gmina."""
    span = point.readings.aggregate(first=Min("start"), last=Max("start"))
    if span["first"] is None:
        return
    # The parties' rows in a fixed order: an import for either party waits, and two moves cannot deadlock.
    list(Participant.objects.select_for_update().filter(pk__in={before[0], after[0]}).order_by("pk").values_list("pk"))
    interval = point.readings.order_by("-start").values_list("interval_minutes", flat=True).first()
    end = span["last"] + timedelta(minutes=interval)
    for party_id, gmina_id in (before, after):
        balances_refresh(party_id=party_id, gmina_id=gmina_id, start=span["first"], end=end)
