"""The cluster's energy indicators for a year (or any run of whole days), from the hourly aggregate (HourlyBalance) and
the installations, and the register's conditions (Rule) compared with them.

What the meters say, and so what "production" means here: a member's generation is known as the energy its points
fed into the grid (`feed_in`); demand is what its points drew from it (`consumption`). Energy a source made and its
owner used behind the same meter is in neither, so the figures are the ones the operator settles. The balanced kinds
(`… po zbilansowaniu`) are the same energy netted again, and are left out so nothing is counted twice.

- Coverage of demand over the period: production / consumption (may pass 100%).
- Self-sufficiency hour by hour: the energy produced and used by members in the same hour, Σ over hours of
  min(production, consumption), over the consumption. Hours are the aggregate's UTC hours, so the 25-hour October day
  has its two hours 2:00–3:00 apart.
- Renewable share of the energy fed in: each party's feed-in in a gmina (the aggregate's key) is split between
  renewable and other sources in proportion to the capacity of the operating installations feeding that party's
  points there (storage and heat pumps make no energy of their own and are left out of the split). Feed-in of a party
  and gmina with no installation recorded on its points is counted as not renewable and named (`unattributed`).
- Storage: the power of operating storage over the capacity of the operating sources (neither storage nor heat pumps).
- CO₂ avoided: the renewable energy fed in × the emission factor of the period's year (or the latest earlier year
  with one), with the factor's year and source shown.

`cluster_indicators` makes the same four queries however many readings there are: the sums per hour (the cluster's
hourly aggregate, at most 8,784 rows a year), the feed-in per party, gmina and month (the monthly aggregate), the
installations grouped, the emission factor.

Each Rule's formula (a stored choice, Rule.Formula) names the function of FORMULAS that computes its value; the
threshold, its period and its source stay data the coordinator enters.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from ..models import (
    ClusterHourlyBalance,
    EmissionFactor,
    HourlyBalance,
    Installation,
    MonthlyBalance,
    Reading,
    Rule,
)
from .balances import balances_settle

WARSAW = ZoneInfo("Europe/Warsaw")
ZERO = Decimal(0)
HUNDRED = Decimal(100)
ONE_PLACE = Decimal("0.1")
CONSUMPTION = Reading.Direction.CONSUMPTION
FEED_IN = Reading.Direction.FEED_IN
# Installations that make no energy of their own: left out of the sources' capacity and of the renewable split.
NOT_SOURCES = (Installation.Technology.STORAGE, Installation.Technology.HEAT_PUMP)


def percent(part, whole):
    """part / whole in per cent, to one decimal place; None when the whole is nothing (the share cannot be known)."""
    if whole is None or part is None or whole <= 0:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(ONE_PLACE)


def _midnight(day):
    return datetime(day.year, day.month, day.day, tzinfo=WARSAW).astimezone(UTC)


@dataclass(frozen=True)
class Period:
    """Whole days of Warsaw, first_day to last_day included; `start` and `end` (exclusive) are the instants in UTC."""

    first_day: date
    last_day: date

    @classmethod
    def year(cls, year):
        return cls(date(year, 1, 1), date(year, 12, 31))

    @property
    def start(self):
        return _midnight(self.first_day)

    @property
    def end(self):
        return _midnight(self.last_day + timedelta(days=1))

    @property
    def hours(self):
        """How many hours the period has on Warsaw's clock (8,784 in a leap year; a day of March 23, of October 25)."""
        return int((self.end - self.start) / timedelta(hours=1))

    @property
    def is_year(self):
        return (
            self.first_day.year == self.last_day.year
            and (self.first_day.month, self.first_day.day) == (1, 1)
            and (self.last_day.month, self.last_day.day) == (12, 31)
        )

    def months(self):
        """The first day of each month the period touches."""
        month, last = self.first_day.replace(day=1), self.last_day.replace(day=1)
        found = []
        while month <= last:
            found.append(month)
            month = (month + timedelta(days=32)).replace(day=1)
        return found


@dataclass
class Month:
    """One month's energy: drawn by members, fed in, produced and used in the same hour, of it renewable, CO₂ avoided."""

    month: date
    consumption_kwh: Decimal = ZERO
    production_kwh: Decimal = ZERO
    matched_kwh: Decimal = ZERO
    renewable_kwh: Decimal = ZERO
    co2_kg: Decimal | None = None
    hours: int = 0

    @property
    def hourly_share(self):
        return percent(self.matched_kwh, self.consumption_kwh)


@dataclass
class Capacity:
    """The operating installations on a day (commissioned by then, when the date is known)."""

    day: date
    by_technology: list = field(default_factory=list)  # (label, installations, kW)
    by_gmina: list = field(default_factory=list)  # (gmina name, kW of sources, kW of storage)
    sources_kw: Decimal = ZERO
    renewable_kw: Decimal = ZERO
    storage_kw: Decimal = ZERO
    storage_kwh: Decimal = ZERO
    installations: int = 0
    # Per (party, gmina) of the points the sources feed: [renewable kW, all kW], for the renewable split.
    split: dict = field(default_factory=dict, repr=False)

    @property
    def storage_share(self):
        return percent(self.storage_kw, self.sources_kw)

    @property
    def installed_mw(self):
        return (self.sources_kw / 1000).quantize(Decimal("0.001")) if self.installations else None


@dataclass
class Indicators:
    period: Period
    consumption_kwh: Decimal = ZERO
    production_kwh: Decimal = ZERO
    matched_kwh: Decimal = ZERO
    renewable_kwh: Decimal = ZERO
    hours_with_readings: int = 0
    months: list = field(default_factory=list)  # Month, each month of the period
    unattributed: list = field(default_factory=list)  # (party name, gmina name, kWh fed in with no installation)
    capacity: Capacity | None = None  # on the period's last day
    factor: EmissionFactor | None = None

    @property
    def has_readings(self):
        return self.hours_with_readings > 0

    @property
    def months_without_readings(self):
        return [month.month for month in self.months if not month.hours]

    @property
    def unattributed_kwh(self):
        return sum((kwh for _party, _gmina, kwh in self.unattributed), ZERO)

    @property
    def other_kwh(self):
        """Energy fed in from sources that are not renewable, or not recorded."""
        return self.production_kwh - self.renewable_kwh

    @property
    def demand_coverage(self):
        return percent(self.production_kwh, self.consumption_kwh)

    @property
    def hourly_coverage(self):
        return percent(self.matched_kwh, self.consumption_kwh)

    @property
    def renewable_share(self):
        return percent(self.renewable_kwh, self.production_kwh)

    @property
    def storage_share(self):
        return self.capacity.storage_share

    @property
    def installed_mw(self):
        return self.capacity.installed_mw

    @property
    def co2_avoided_kg(self):
        if self.factor is None:
            return None
        return (self.renewable_kwh * self.factor.kg_per_kwh).quantize(ONE_PLACE)


def _hourly_sums(period):
    """(UTC hour, kWh drawn, kWh fed in) of every hour of the period with a reading, the cluster's parties together
    (the cluster's hours: at most 8,784 rows a year)."""
    return (
        ClusterHourlyBalance.objects.filter(
            hour__gte=period.start, hour__lt=period.end, direction__in=(CONSUMPTION, FEED_IN)
        )
        .values("hour")
        .annotate(
            drawn=Sum("energy_kwh", filter=Q(direction=CONSUMPTION)),
            fed=Sum("energy_kwh", filter=Q(direction=FEED_IN)),
        )
        .order_by()
        .values_list("hour", "drawn", "fed")
    )


def _feed_in_by_party(period):
    """The feed-in per party, gmina and month: from the monthly aggregate when the period is made of whole months (a
    year always is), else summed from the hours."""
    fields = ("party_id", "gmina_id", "party__name", "gmina__name", "month")
    if period.first_day.day == 1 and (period.last_day + timedelta(days=1)).day == 1:
        return (
            MonthlyBalance.objects.filter(month__gte=period.first_day, month__lte=period.last_day, direction=FEED_IN)
            .values(*fields)
            .annotate(kwh=Sum("energy_kwh"))
            .order_by()
        )
    return (
        HourlyBalance.objects.filter(hour__gte=period.start, hour__lt=period.end, direction=FEED_IN)
        .annotate(month=TruncMonth("hour", tzinfo=WARSAW))
        .values(*fields)
        .annotate(kwh=Sum("energy_kwh"))
        .order_by()
    )


def _installations(day):
    """The operating installations (commissioned by `day`, when the date is known), grouped."""
    return (
        Installation.objects.filter(status=Installation.Status.OPERATING)
        .filter(Q(commissioned_on__isnull=True) | Q(commissioned_on__lte=day))
        .values("technology", "renewable", "gmina__name", "metering_point__party_id", "metering_point__gmina_id")
        .annotate(count=Count("pk"), kw=Sum("capacity_kw"), kwh=Sum("storage_kwh"))
        .order_by()
    )


def _monthly_sums_postgresql(period, months):
    """Fill each Month of `months` from the cluster's hours, summed in the database: per hour the energy drawn, fed in
    and produced and used in the same hour (the lesser of the two), then per month of Warsaw's calendar; a dozen rows
    come back instead of 8,784 instants to convert (what _hourly_sums gives the loop on other databases)."""
    firsts = list(months)
    ends = [min(period.end, _midnight((first + timedelta(days=32)).replace(day=1))) for first in firsts]
    case = " ".join("WHEN h.hour < %s THEN %s" for _end in ends)
    table = connection.ops.quote_name(ClusterHourlyBalance._meta.db_table)
    sql = f"""
        SELECT CASE {case} END, SUM(h.drawn), SUM(h.fed), SUM(LEAST(COALESCE(h.drawn, 0), COALESCE(h.fed, 0))), COUNT(*)
        FROM (
            SELECT hour, SUM(energy_kwh) FILTER (WHERE direction = %s) AS drawn,
                SUM(energy_kwh) FILTER (WHERE direction = %s) AS fed
            FROM {table} WHERE hour >= %s AND hour < %s AND direction IN (%s, %s) GROUP BY hour
        ) h
        GROUP BY 1
    """  # noqa: S608 (the table's name comes from the model; every value is a parameter)
    parameters = [value for index, end in enumerate(ends) for value in (end, index)]
    parameters += [CONSUMPTION, FEED_IN, period.start, period.end, CONSUMPTION, FEED_IN]
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)
        for index, drawn, fed, matched, hours in cursor.fetchall():
            month = months[firsts[index]]
            month.consumption_kwh, month.production_kwh = drawn or ZERO, fed or ZERO
            month.matched_kwh, month.hours = matched or ZERO, hours


def cluster_indicators(period):
    """The Indicators of `period` (a Period)."""
    balances_settle()
    result = Indicators(period=period)
    months = {month: Month(month=month) for month in period.months()}

    if connection.vendor == "postgresql":
        _monthly_sums_postgresql(period, months)
    else:
        for hour, drawn, fed in _hourly_sums(period):
            drawn, fed = drawn or ZERO, fed or ZERO
            local = hour.astimezone(WARSAW)
            month = months[date(local.year, local.month, 1)]
            month.consumption_kwh += drawn
            month.production_kwh += fed
            month.matched_kwh += min(drawn, fed)
            month.hours += 1
    for month in months.values():
        result.consumption_kwh += month.consumption_kwh
        result.production_kwh += month.production_kwh
        result.matched_kwh += month.matched_kwh
        result.hours_with_readings += month.hours

    result.capacity = installed_capacity_on(period.last_day)
    _add_renewable(result, months, result.capacity.split, _feed_in_by_party(period))

    # The factor of the period's year, or of the latest earlier year with one (KOBiZE publishes a year's factor later).
    result.factor = EmissionFactor.objects.filter(year__lte=period.last_day.year).order_by("-year").first()
    if result.factor is not None:
        for month in months.values():
            month.co2_kg = (month.renewable_kwh * result.factor.kg_per_kwh).quantize(ONE_PLACE)
    result.months = list(months.values())
    return result


def installed_capacity_on(day):
    """The Capacity of the operating installations on `day` (one query)."""
    capacity = Capacity(day=day)
    technologies = dict(Installation.Technology.choices)
    by_technology = defaultdict(lambda: [0, ZERO])
    by_gmina = defaultdict(lambda: [ZERO, ZERO])
    split = defaultdict(lambda: [ZERO, ZERO])
    for row in _installations(day):
        kw = row["kw"] or ZERO
        capacity.installations += row["count"]
        by_technology[row["technology"]][0] += row["count"]
        by_technology[row["technology"]][1] += kw
        if row["technology"] == Installation.Technology.STORAGE:
            capacity.storage_kw += kw
            capacity.storage_kwh += row["kwh"] or ZERO
            by_gmina[row["gmina__name"]][1] += kw
            continue
        if row["technology"] in NOT_SOURCES:
            continue
        capacity.sources_kw += kw
        by_gmina[row["gmina__name"]][0] += kw
        if row["renewable"]:
            capacity.renewable_kw += kw
        if row["metering_point__party_id"] is not None:
            pair = split[(row["metering_point__party_id"], row["metering_point__gmina_id"])]
            pair[1] += kw
            if row["renewable"]:
                pair[0] += kw
    capacity.by_technology = [
        (technologies[technology], count, kw)
        for technology, (count, kw) in sorted(by_technology.items(), key=lambda item: (-item[1][1], item[0]))
    ]
    capacity.by_gmina = [(name, kw, storage) for name, (kw, storage) in sorted(by_gmina.items())]
    capacity.split = dict(split)
    return capacity


def _add_renewable(result, months, split, rows):
    unattributed = defaultdict(lambda: ZERO)
    for row in rows:
        kwh = row["kwh"] or ZERO
        renewable_kw, all_kw = split.get((row["party_id"], row["gmina_id"]), (ZERO, ZERO))
        if not all_kw:
            unattributed[(row["party__name"], row["gmina__name"])] += kwh
            continue
        renewable = kwh * renewable_kw / all_kw
        month = row["month"].astimezone(WARSAW) if isinstance(row["month"], datetime) else row["month"]
        months[date(month.year, month.month, 1)].renewable_kwh += renewable
        result.renewable_kwh += renewable
    result.renewable_kwh = result.renewable_kwh.quantize(Decimal("0.0001"))
    for month in months.values():
        month.renewable_kwh = month.renewable_kwh.quantize(Decimal("0.0001"))
    result.unattributed = [(party, gmina, kwh) for (party, gmina), kwh in sorted(unattributed.items())]


# --- the register's conditions ----------------------------------------------------------------------------------------


def demand_coverage(indicators):
    return indicators.demand_coverage


def hourly_coverage(indicators):
    return indicators.hourly_coverage


def renewable_share(indicators):
    return indicators.renewable_share


def storage_share(indicators):
    return indicators.storage_share


def installed_capacity(indicators):
    return indicators.installed_mw


# Each stored formula (Rule.formula) names its function; a formula added to Rule.Formula without one fails a test.
FORMULAS = {
    Rule.Formula.DEMAND_COVERAGE: demand_coverage,
    Rule.Formula.HOURLY_COVERAGE: hourly_coverage,
    Rule.Formula.RENEWABLE_SHARE: renewable_share,
    Rule.Formula.STORAGE_SHARE: storage_share,
    Rule.Formula.INSTALLED_CAPACITY: installed_capacity,
}
# Formulas measured in energy over the period: a period with months or points without readings leaves them unknown.
ENERGY_FORMULAS = {Rule.Formula.DEMAND_COVERAGE, Rule.Formula.HOURLY_COVERAGE, Rule.Formula.RENEWABLE_SHARE}


def rule_applies(rule, period):
    """Whether `rule`'s period of application overlaps `period`."""
    return (rule.applies_from is None or rule.applies_from <= period.last_day) and (
        rule.applies_to is None or rule.applies_to >= period.first_day
    )


def rule_value(rule, indicators):
    """The cluster's value of `rule`'s formula, or None when it cannot be computed."""
    return FORMULAS[rule.formula](indicators)


def rule_met(rule, value):
    """True or False, or None when the value is not known."""
    if value is None:
        return None
    if rule.comparison == Rule.Comparison.AT_MOST:
        return value <= rule.threshold
    return value >= rule.threshold


def years_with_readings():
    """The years (on Warsaw's clock) that have readings in the hourly aggregate, latest first."""
    balances_settle()
    return [
        moment.year for moment in ClusterHourlyBalance.objects.datetimes("hour", "year", order="DESC", tzinfo=WARSAW)
    ]


def chosen_year(asked, years, today=None):
    """The year a page shows: `asked` (a query parameter) when it has readings, else the latest with readings, else the
    current one."""
    try:
        asked = int(asked)
    except (TypeError, ValueError):
        asked = None
    if asked in years:
        return asked
    return years[0] if years else (today or timezone.localdate()).year
