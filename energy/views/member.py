"""A gmina's energy in its workspace panel: its own metering points, the year's readings of each and its share of the
cluster's consumption and production. Its staff see only their gmina's (members.access.get_gmina_for_user: another
gmina's panel is refused), the coordinator every gmina's."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from members.access import get_gmina_for_user, member_required, membership_ended_on

from ..services import Period, chosen_year, years_with_readings
from ..services.member import member_energy


@require_safe
@member_required
def gmina_energy(request, slug):
    gmina = get_gmina_for_user(request.user, slug)
    years = years_with_readings()
    year = chosen_year(request.GET.get("rok"), years)
    context = {
        "gmina": gmina,
        "year": year,
        "years": years,
        "energy": member_energy(gmina, Period.year(year)),
        "ended_on": membership_ended_on(gmina),
    }
    return render(request, "energy/gmina/index.html", context)
