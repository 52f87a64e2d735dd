"""The coordinator's corrections of the energy records: readings typed in by hand, and deleting a metering point, an
installation, an authorisation or an import with its readings. One transaction each; each checks again that `by`
acts as the coordinator. Who did it is written to the audit log by the request's audit middleware: the deleted
records are audited models, and readings typed in are recorded as an ImportBatch of the format "manual" (the
readings themselves, written by the million by imports, are not audited one by one).

Readings and the hourly aggregate change together: whatever writes or deletes readings sums the aggregate again for
the hours it touched, holding the party's row lock as the import does (energy.services.readings).
"""

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from members.access import is_coordinator
from members.models import Participant

from ..models import ImportBatch, Installation, MeteringAuthorisation, MeteringPoint, Reading
from .balances import balances_refresh, raw_delete
from .indicators import WARSAW

HOUR = timedelta(hours=1)
# The directions a point's readings may have, by the point's own direction.
DIRECTIONS_OF_POINT = {
    MeteringPoint.Direction.CONSUMPTION: {Reading.Direction.CONSUMPTION, Reading.Direction.CONSUMPTION_BALANCED},
    MeteringPoint.Direction.FEED_IN: {Reading.Direction.FEED_IN, Reading.Direction.FEED_IN_BALANCED},
    MeteringPoint.Direction.BOTH: set(Reading.Direction.values),
}


def _check_coordinator(by):
    if not is_coordinator(by):
        raise PermissionDenied


def _lock_party(party_id):
    """The party's row lock: an import or another correction of the same party's points waits its turn."""
    list(Participant.objects.select_for_update().filter(pk=party_id).values_list("pk"))


def hours_of_day(day):
    """How many hours `day` has on Warsaw's clock: 24, 23 on the last Sunday of March, 25 on the last of October."""
    start = datetime(day.year, day.month, day.day, tzinfo=WARSAW).astimezone(UTC)
    following = day + timedelta(days=1)
    end = datetime(following.year, following.month, following.day, tzinfo=WARSAW).astimezone(UTC)
    return int((end - start) / HOUR)


def hour_start(day, number):
    """The start (UTC) of the `number`-th hour of `day` on Warsaw's clock (1 is 0:00–1:00), as the operator's files
    number them: the 25-hour October day has hours 1 to 25."""
    midnight = datetime(day.year, day.month, day.day, tzinfo=WARSAW).astimezone(UTC)
    return midnight + (number - 1) * HOUR


@dataclass(frozen=True)
class ManualEntry:
    """What the coordinator typed: a point, a direction, a day and its hours first to last (both included), and the
    energy of each of those hours."""

    metering_point: MeteringPoint
    direction: str
    day: date
    first_hour: int
    last_hour: int
    energy_kwh: Decimal

    @property
    def start(self):
        return hour_start(self.day, self.first_hour)

    @property
    def end(self):
        return hour_start(self.day, self.last_hour) + HOUR

    @property
    def hours(self):
        return self.last_hour - self.first_hour + 1


def manual_entry_problems(entry):
    """What is wrong with `entry`, by field (Polish messages); empty when it can be written."""
    problems = {}
    allowed = DIRECTIONS_OF_POINT[entry.metering_point.direction]
    if entry.direction not in allowed:
        problems["direction"] = _(
            "Ten punkt poboru ma kierunek „%(direction)s”: nie zapisuje energii tego rodzaju."
        ) % {"direction": entry.metering_point.get_direction_display()}
    hours = hours_of_day(entry.day)
    for name in ("first_hour", "last_hour"):
        if not 1 <= getattr(entry, name) <= hours:
            problems[name] = _("Podaj godzinę od 1 do %(hours)s: tyle godzin ma ten dzień na zegarze warszawskim.") % {
                "hours": hours
            }
    if "first_hour" not in problems and "last_hour" not in problems and entry.last_hour < entry.first_hour:
        problems["last_hour"] = _("Ostatnia godzina nie może być wcześniejsza niż pierwsza.")
    if entry.energy_kwh < 0:
        problems["energy_kwh"] = _("Energia nie może być ujemna.")
    point = entry.metering_point
    if entry.day < point.valid_from or (point.valid_to is not None and entry.day > point.valid_to):
        problems["day"] = _("Punkt poboru nie obowiązywał tego dnia.")
    return problems


@transaction.atomic
def readings_enter_manual(*, entry, by):
    """Write the readings of `entry` (a ManualEntry), one per hour, with the source "manual", replacing whatever the
    point had in that direction in those hours (an import's or an earlier correction's), and sum the hourly aggregate
    again for them. Returns the ImportBatch (format "manual") that records it. ValidationError when the entry is
    wrong; then nothing is written."""
    _check_coordinator(by)
    problems = manual_entry_problems(entry)
    if problems:
        raise ValidationError(problems)
    _lock_party(entry.metering_point.party_id)
    point = MeteringPoint.objects.get(pk=entry.metering_point.pk)
    replaced = raw_delete(
        Reading.objects.filter(
            metering_point=point, direction=entry.direction, start__gte=entry.start, start__lt=entry.end
        )
    )
    described = f"{point.pk}:{entry.direction}:{entry.start.isoformat()}:{entry.end.isoformat()}:{entry.energy_kwh}"
    batch = ImportBatch.objects.create(
        metering_point=point,
        file_format=ImportBatch.Format.MANUAL,
        file_name="",
        sha256=hashlib.sha256(described.encode()).hexdigest(),
        period_start=entry.start,
        period_end=entry.end,
        reading_count=entry.hours,
        replaced_count=replaced,
        imported_by=by if by.is_authenticated else None,
    )
    Reading.objects.bulk_create(
        Reading(
            metering_point=point,
            direction=entry.direction,
            interval_minutes=Reading.Interval.HOUR,
            start=entry.start + number * HOUR,
            energy_kwh=entry.energy_kwh,
            source=Reading.Source.MANUAL,
            batch=batch,
        )
        for number in range(entry.hours)
    )
    balances_refresh(party_id=point.party_id, gmina_id=point.gmina_id, start=entry.start, end=entry.end)
    return batch


# --- deleting ---------------------------------------------------------------------------------------------------------


def metering_point_blockers(point):
    """Why `point` cannot be deleted: (what, how many) of the records that name it; empty when it can be."""
    counts = [
        (_("odczyty"), point.readings.count()),
        (_("importy odczytów"), point.import_batches.count()),
        (_("upoważnienia do danych pomiarowych"), point.authorisations.count()),
        (_("instalacje"), point.installations.count()),
    ]
    return [(label, count) for label, count in counts if count]


@transaction.atomic
def metering_point_delete(*, point, by):
    """Delete a metering point that nothing names (no readings, imports, authorisations or installations);
    ValidationError saying what still names it otherwise, and nothing is deleted."""
    _check_coordinator(by)
    point = MeteringPoint.objects.select_for_update().get(pk=point.pk)
    blockers = metering_point_blockers(point)
    if blockers:
        named = ", ".join(f"{label}: {count}" for label, count in blockers)
        raise ValidationError(
            _("Punktu poboru nie można usunąć, bo mają go jeszcze: %(records)s.") % {"records": named}
        )
    point.delete()


@transaction.atomic
def installation_delete(*, installation, by):
    _check_coordinator(by)
    Installation.objects.select_for_update().get(pk=installation.pk).delete()


@transaction.atomic
def authorisation_delete(*, authorisation, by):
    """Delete an authorisation and its scanned document, once the record is gone."""
    _check_coordinator(by)
    authorisation = MeteringAuthorisation.objects.select_for_update().get(pk=authorisation.pk)
    document = authorisation.document
    authorisation.delete()
    if document:
        name, storage = document.name, document.storage
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def import_batch_delete(*, batch, by):
    """Delete an import (or a manual entry) with the readings it wrote, and sum the hourly aggregate again for their
    hours. Returns how many readings were deleted."""
    _check_coordinator(by)
    batch = ImportBatch.objects.select_related("metering_point").get(pk=batch.pk)
    point = batch.metering_point
    _lock_party(point.party_id)
    readings = Reading.objects.filter(batch=batch)
    span = readings.aggregate(first=Min("start"), last=Max("start"))
    deleted = raw_delete(readings)
    if span["first"] is not None:
        balances_refresh(party_id=point.party_id, gmina_id=point.gmina_id, start=span["first"], end=span["last"] + HOUR)
    batch.delete()
    return deleted
