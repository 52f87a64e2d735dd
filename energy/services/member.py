"""What a member sees of its own energy in its panel: its metering points, the year's readings of each, and its share
of the cluster's consumption and production. A gmina's staff see their gmina's (the party's own points: those of
other parties in its area are theirs, not the gmina's).

Three queries however many points and readings: the points, their readings summed per point and direction over the
year, and the aggregate's totals of the cluster with the member's part of them.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Min, Q, Sum

from ..models import HourlyBalance, MeteringPoint, Reading
from .indicators import CONSUMPTION, FEED_IN, percent

ZERO = Decimal(0)


@dataclass
class PointSummary:
    point: MeteringPoint
    consumption_kwh: Decimal | None = None
    feed_in_kwh: Decimal | None = None
    readings: int = 0
    first: object = None
    last: object = None


@dataclass
class MemberEnergy:
    party: object
    period: object
    points: list = field(default_factory=list)  # PointSummary
    consumption_kwh: Decimal = ZERO
    feed_in_kwh: Decimal = ZERO
    cluster_consumption_kwh: Decimal = ZERO
    cluster_production_kwh: Decimal = ZERO

    @property
    def consumption_share(self):
        return percent(self.consumption_kwh, self.cluster_consumption_kwh)

    @property
    def production_share(self):
        return percent(self.feed_in_kwh, self.cluster_production_kwh)

    @property
    def has_readings(self):
        return any(summary.readings for summary in self.points)


def member_energy(party, period):
    """The MemberEnergy of `party` (a Participant) in `period` (indicators.Period)."""
    result = MemberEnergy(party=party, period=period)
    points = list(MeteringPoint.objects.filter(party=party).select_related("gmina").order_by("code"))
    summaries = {point.pk: PointSummary(point=point) for point in points}
    read = (
        Reading.objects.filter(metering_point__party=party, start__gte=period.start, start__lt=period.end)
        .filter(direction__in=(CONSUMPTION, FEED_IN))
        .values("metering_point_id", "direction")
        .annotate(kwh=Sum("energy_kwh"), count=Count("pk"), first=Min("start"), last=Max("start"))
        .order_by()
    )
    for row in read:
        summary = summaries.get(row["metering_point_id"])
        if summary is None:
            continue
        if row["direction"] == CONSUMPTION:
            summary.consumption_kwh = row["kwh"]
        else:
            summary.feed_in_kwh = row["kwh"]
        summary.readings += row["count"]
        summary.first = min(filter(None, (summary.first, row["first"])))
        summary.last = max(filter(None, (summary.last, row["last"])))
    result.points = list(summaries.values())
    totals = (
        HourlyBalance.objects.filter(hour__gte=period.start, hour__lt=period.end, direction__in=(CONSUMPTION, FEED_IN))
        .values("direction")
        .annotate(total=Sum("energy_kwh"), own=Sum("energy_kwh", filter=Q(party=party)))
        .order_by()
    )
    for row in totals:
        if row["direction"] == CONSUMPTION:
            result.cluster_consumption_kwh, result.consumption_kwh = row["total"] or ZERO, row["own"] or ZERO
        else:
            result.cluster_production_kwh, result.feed_in_kwh = row["total"] or ZERO, row["own"] or ZERO
    return result
