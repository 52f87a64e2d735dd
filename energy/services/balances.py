"""The hourly aggregate (HourlyBalance): per party, gmina, direction and hour (UTC), the sum of the readings of the
party's metering points in that gmina. The import refreshes the hours it wrote, in the same transaction; the balance
pages read only the aggregates.

Two more aggregates follow it, so that the balance pages read a few thousand rows however many parties and points
there are (issue 16: 200 points, 3.5 million readings a year, the pages within 100 ms): ClusterHourlyBalance, the
cluster's hours (per direction and hour, the sum over every party and gmina), and MonthlyBalance (per party, gmina,
direction and month of Warsaw's calendar). Keeping them in step file by file would cost each import as many row
updates as its file has hours (17,520 for a year in two directions), which 200 files cannot afford; so the import
only marks the years it touched as stale (StaleBalanceYear, one statement), and `balances_settle` sums those years
again from the hourly aggregate, in one INSERT … SELECT each: the balance pages call it before they read (it costs
them one query when nothing is stale), and the task that imports a large file (energy.services.jobs) does it ahead
of them.

On PostgreSQL one INSERT … SELECT sums the readings in the database; elsewhere (SQLite) the ORM sums them and
bulk_create writes the sums. Both give the same rows (the tests compare them with sums computed by hand).
Warsaw's offset from UTC is a whole number of hours, so an hour in UTC is an hour on Warsaw's clock too.
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection, transaction
from django.db.models import Sum
from django.db.models.functions import TruncHour, TruncMonth

from ..models import ClusterHourlyBalance, HourlyBalance, MeteringPoint, MonthlyBalance, Reading, StaleBalanceYear

WARSAW = ZoneInfo("Europe/Warsaw")
SETTLE_LOCK = 0x6B6C_6273  # pg_advisory_xact_lock's key for settling the cluster's hours ("klbs")

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
    """Sum again the hours from `start` to `end` (widened to whole hours) of a party's points in a gmina, and mark
    their years stale for the cluster's hours and the monthly sums. Call it in the transaction that changed the
    readings, holding the party's lock (energy.services.readings)."""
    start, end = _floor_hour(start), _ceil_hour(end)
    raw_delete(HourlyBalance.objects.filter(party_id=party_id, gmina_id=gmina_id, hour__gte=start, hour__lt=end))
    if connection.vendor == "postgresql":
        _insert_sums_postgresql(party_id, gmina_id, start, end)
    else:
        _insert_sums(party_id, gmina_id, start, end)
    _mark_stale(range(start.astimezone(WARSAW).year, (end - HOUR).astimezone(WARSAW).year + 1))


def _insert_sums(party_id, gmina_id, start, end):
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


def _mark_stale(years):
    table = connection.ops.quote_name(StaleBalanceYear._meta.db_table)
    with connection.cursor() as cursor:
        for year in years:
            cursor.execute(
                f"""INSERT INTO {table} (year, version) VALUES (%s, 1)
                ON CONFLICT (year) DO UPDATE SET version = {table}.version + 1""",  # noqa: S608 (the model's table)
                [year],
            )


def balances_settle():
    """Sum again the cluster's hours and the monthly sums of every year marked stale. One query when none is."""
    stale = list(StaleBalanceYear.objects.values_list("year", "version"))
    if not stale:
        return []
    with transaction.atomic():
        if connection.vendor == "postgresql":  # two pages settling at once take turns; the second finds little left
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SETTLE_LOCK])
            stale = list(StaleBalanceYear.objects.values_list("year", "version"))
        for year, version in stale:
            _settle_year(year)
            # A year marked again meanwhile (its version grew) stays stale for the next settling.
            raw_delete(StaleBalanceYear.objects.filter(year=year, version=version))
    return [year for year, _version in stale]


def _settle_year(year):
    start = datetime(year, 1, 1, tzinfo=WARSAW)
    end = datetime(year + 1, 1, 1, tzinfo=WARSAW)
    raw_delete(ClusterHourlyBalance.objects.filter(hour__gte=start, hour__lt=end))
    raw_delete(MonthlyBalance.objects.filter(month__gte=date(year, 1, 1), month__lte=date(year, 12, 1)))
    hours = HourlyBalance.objects.filter(hour__gte=start, hour__lt=end)
    quote = connection.ops.quote_name
    cluster, balance = (quote(model._meta.db_table) for model in (ClusterHourlyBalance, HourlyBalance))
    with connection.cursor() as cursor:
        cursor.execute(
            f"""INSERT INTO {cluster} (direction, hour, energy_kwh, parts)
            SELECT direction, hour, SUM(energy_kwh), COUNT(*) FROM {balance} WHERE hour >= %s AND hour < %s
            GROUP BY direction, hour""",  # noqa: S608 (the tables' names come from the models; the values are parameters)
            [connection.ops.adapt_datetimefield_value(moment) for moment in (start, end)],
        )
    MonthlyBalance.objects.bulk_create(
        (
            MonthlyBalance(
                party_id=row["party_id"],
                gmina_id=row["gmina_id"],
                direction=row["direction"],
                month=_month_start(row["month"]) if isinstance(row["month"], datetime) else row["month"],
                energy_kwh=row["total"],
            )
            for row in hours.annotate(month=TruncMonth("hour", tzinfo=WARSAW))
            .values("party_id", "gmina_id", "direction", "month")
            .annotate(total=Sum("energy_kwh"))
            .order_by()
            .iterator()
        ),
        batch_size=BULK_SIZE,
    )


def _month_start(moment):
    local = moment.astimezone(WARSAW)
    return date(local.year, local.month, 1)


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
    raw_delete(ClusterHourlyBalance.objects.all())
    raw_delete(MonthlyBalance.objects.all())
    pairs = MeteringPoint.objects.filter(readings__isnull=False).values_list("party_id", "gmina_id").distinct()
    for party_id, gmina_id in pairs.order_by():
        bounds = Reading.objects.filter(metering_point__party_id=party_id, metering_point__gmina_id=gmina_id)
        first = bounds.order_by("start").values_list("start", flat=True).first()
        last = bounds.order_by("-start").values_list("start", flat=True).first()
        balances_refresh(party_id=party_id, gmina_id=gmina_id, start=first, end=last + HOUR)
    balances_settle()
