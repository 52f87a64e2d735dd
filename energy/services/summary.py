"""What the public energy page shows, from the installations and the hourly aggregate: a few grouped queries,
however many readings there are."""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Max, Min, Sum

from ..models import ClusterHourlyBalance, Installation, MeteringPoint, Reading
from .balances import balances_settle


@dataclass
class EnergySummary:
    metering_points: int
    capacity: list  # (technology label, number of installations, kW), operating installations
    energy: list  # (direction label, kWh), over the whole period with readings
    first_hour: object
    last_hour: object

    @property
    def period_end(self):
        """The end of the last hour with readings."""
        return self.last_hour + timedelta(hours=1) if self.last_hour else None

    @property
    def is_empty(self):
        return not (self.metering_points or self.capacity or self.energy)


def energy_summary():
    balances_settle()
    technologies = dict(Installation.Technology.choices)
    capacity = [
        (technologies[row["technology"]], row["count"], row["kw"])
        for row in Installation.objects.filter(status=Installation.Status.OPERATING)
        .values("technology")
        .annotate(count=Count("pk"), kw=Sum("capacity_kw"))
        .order_by("technology")
    ]
    directions = dict(Reading.Direction.choices)
    totals = {
        row["direction"]: row
        for row in ClusterHourlyBalance.objects.values("direction")
        .annotate(kwh=Sum("energy_kwh"), first=Min("hour"), last=Max("hour"))
        .order_by()
    }
    energy = [(directions[direction], totals[direction]["kwh"]) for direction in directions if direction in totals]
    return EnergySummary(
        metering_points=MeteringPoint.objects.count(),
        capacity=capacity,
        energy=energy,
        first_hour=min((row["first"] for row in totals.values()), default=None),
        last_hour=max((row["last"] for row in totals.values()), default=None),
    )
