from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from klaster.public import public_page

from ..services import (
    Period,
    chosen_year,
    cluster_indicators,
    energy_summary,
    installed_capacity_on,
    years_with_readings,
)
from .charts import indicator_charts


@require_safe
@public_page
def index(request):
    summary = energy_summary()
    context = {"summary": summary}
    if not summary.is_empty:
        years = years_with_readings()
        year = chosen_year(request.GET.get("rok"), years)
        indicators = cluster_indicators(Period.year(year))
        capacity = installed_capacity_on(timezone.localdate())
        context.update(
            {
                "year": year,
                "years": years,
                "indicators": indicators,
                "capacity": capacity,
                "charts": indicator_charts(indicators, capacity),
            }
        )
    return render(request, "energy/index.html", context)
