"""The hourly aggregate (HourlyBalance): per party, gmina, direction and hour (UTC), the sum of the readings of the
party's metering points in that gmina. The import refreshes the hours it wrote, in the same transaction; the balance
pages read only the aggregate.

On PostgreSQL one INSERT … SELECT sums the readings in the database; elsewhere (SQLite) the ORM sums them and
bulk_create writes the sums. Both give the same rows (the tests compare them with sums computed by hand).
Warsaw's offset from UTC is a whole number of hours, so an hour in UTC is an hour on Warsaw's clock too.
"""

from datetime import UTC, timedelta

from django.db import connection
from django.db.models import Sum
from django.db.models.functions import TruncHour

from ..models import HourlyBalance, MeteringPoint, Reading

HOUR = timedelta(hours=1)
BULK_SIZE = 5_000


def _floor_hour(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


def _ceil_hour(moment):
    floor = _floor_hour(moment)
    return floor if floor == moment else floor + HOUR


def raw_delete(queryset):
    """Delete the rows of `queryset` in one DELETE, without loading them: klaster.revision listens to every model's
    post_delete, which would make Django fetch and signal each of a year's 35,000 readings one by one. Nothing refers
    to a reading or an hourly sum, so nothing else is to be deleted with them; the import's ImportBatch raises the
    data revision once. Returns the number of rows deleted."""
    return queryset._raw_delete(queryset.db)


def balances_refresh(*, party_id, gmina_id, start, end):
    """Sum again the hours from `start` to `end` (widened to whole hours) of a party's points in a gmina. Call it in the
    transaction that changed the readings, holding the party's lock (energy.services.readings)."""
    start, end = _floor_hour(start), _ceil_hour(end)
    raw_delete(HourlyBalance.objects.filter(party_id=party_id, gmina_id=gmina_id, hour__gte=start, hour__lt=end))
    if connection.vendor == "postgresql":
        _insert_sums_postgresql(party_id, gmina_id, start, end)
        return
    sums = (
        Reading.objects.filter(
            metering_point__party_id=party_id, metering_point__gmina_id=gmina_id, start__gte=start, start__lt=end
        )
        .annotate(hour=TruncHour("start", tzinfo=UTC))
        .values("direction", "hour")
        .annotate(total=Sum("energy_kwh"))
        .order_by()
    )
    HourlyBalance.objects.bulk_create(
        (
            HourlyBalance(
                party_id=party_id,
                gmina_id=gmina_id,
                direction=row["direction"],
                hour=row["hour"],
                energy_kwh=row["total"],
            )
            for row in sums.iterator()
        ),
        batch_size=BULK_SIZE,
    )


def _insert_sums_postgresql(party_id, gmina_id, start, end):
    quote = connection.ops.quote_name
    balance, reading, point = (quote(model._meta.db_table) for model in (HourlyBalance, Reading, MeteringPoint))
    sql = f"""
        INSERT INTO {balance} (party_id, gmina_id, direction, hour, energy_kwh)
        SELECT %s, %s, r.direction, date_trunc('hour', r.start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC', SUM(r.energy_kwh)
        FROM {reading} r JOIN {point} p ON p.id = r.metering_point_id
        WHERE p.party_id = %s AND p.gmina_id = %s AND r.start >= %s AND r.start < %s
        GROUP BY r.direction, date_trunc('hour', r.start AT TIME ZONE 'UTC')
    """  # noqa: S608 (the tables' names come from the models; every value is a parameter)
    with connection.cursor() as cursor:
        cursor.execute(sql, [party_id, gmina_id, party_id, gmina_id, start, end])


def balances_rebuild():
    """Sum every hour again from the readings: after a metering point moved to another party or gmina, or to check the
    aggregate. Run it in a transaction."""
    raw_delete(HourlyBalance.objects.all())
    pairs = MeteringPoint.objects.filter(readings__isnull=False).values_list("party_id", "gmina_id").distinct()
    for party_id, gmina_id in pairs.order_by():
        bounds = Reading.objects.filter(metering_point__party_id=party_id, metering_point__gmina_id=gmina_id)
        first = bounds.order_by("start").values_list("start", flat=True).first()
        last = bounds.order_by("-start").values_list("start", flat=True).first()
        balances_refresh(party_id=party_id, gmina_id=gmina_id, start=first, end=last + HOUR)
