"""The charts of the energy pages: the indicators of a period (energy.services.indicators) drawn by energy.charts, each
named and described in words (the description says the figures the chart shows; the table beside it holds them all)."""

from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from ..charts import bar_chart, column_chart, plain_number


def _described(rows, unit):
    return "; ".join(f"{label}: {plain_number(value)} {unit}" for label, value, _series in rows)


def _bars(chart_id, title, rows, unit, maximum=None):
    return bar_chart(
        chart_id=chart_id,
        title=title,
        description=_described(rows, unit),
        rows=rows,
        unit=unit,
        maximum=maximum,
    )


def _columns(chart_id, title, months, series, unit):
    categories = [date_format(month.month, "b") for month in months]
    description = " ".join(
        _("%(series)s w kolejnych miesiącach: %(values)s.")
        % {
            "series": name,
            "values": "; ".join(
                f"{date_format(month.month, 'F')} {plain_number(value)} {unit}"
                for month, value in zip(months, values, strict=True)
            ),
        }
        for name, values in series
    )
    return column_chart(
        chart_id=chart_id, title=title, description=description, categories=categories, series=series, unit=unit
    )


def indicator_charts(indicators, capacity):
    """The SVG charts of the public energy page, by name: of the installations operating now (`capacity`) and of a
    period's energy (`indicators`); a chart with nothing to show is left out."""
    charts = {}
    ind = indicators
    if capacity.by_technology:
        charts["technology"] = _bars(
            "chart-technology",
            _("Moc działających instalacji według technologii (kW)"),
            [(label, kw, 0) for label, _count, kw in capacity.by_technology],
            "kW",
        )
    if capacity.by_gmina:
        charts["gmina"] = _bars(
            "chart-gmina",
            _("Moc działających źródeł energii według gmin (kW)"),
            [(name, kw, 0) for name, kw, _storage in capacity.by_gmina],
            "kW",
        )
    if capacity.storage_kw:
        charts["storage"] = _bars(
            "chart-storage",
            _("Moc magazynów energii wobec mocy źródeł (kW)"),
            [(_("Moc źródeł"), capacity.sources_kw, 0), (_("Moc magazynów"), capacity.storage_kw, 1)],
            "kW",
        )
    if not ind.has_readings:
        return charts
    months = ind.months
    charts["energy"] = _columns(
        "chart-energy",
        _("Zapotrzebowanie i produkcja członków w kolejnych miesiącach (kWh)"),
        months,
        [
            (_("Zapotrzebowanie (pobór)"), [month.consumption_kwh for month in months]),
            (_("Produkcja (oddanie do sieci)"), [month.production_kwh for month in months]),
        ],
        "kWh",
    )
    coverage = [
        (_("Pokrycie roczne"), ind.demand_coverage, 0),
        (_("Pokrycie godzina po godzinie"), ind.hourly_coverage, 1),
    ]
    known = [value for _label, value, _series in coverage if value is not None]
    if known:
        charts["coverage"] = _bars(
            "chart-coverage", _("Pokrycie zapotrzebowania członków (%)"), coverage, "%", maximum=max([100, *known])
        )
    charts["hourly"] = _columns(
        "chart-hourly",
        _("Zapotrzebowanie i energia zużyta w godzinie jej wytworzenia, w kolejnych miesiącach (kWh)"),
        months,
        [
            (_("Zapotrzebowanie (pobór)"), [month.consumption_kwh for month in months]),
            (_("Wytworzona i zużyta w tej samej godzinie"), [month.matched_kwh for month in months]),
        ],
        "kWh",
    )
    if ind.production_kwh:
        charts["renewable"] = _bars(
            "chart-renewable",
            _("Energia oddana do sieci według źródła (kWh)"),
            [
                (_("Z odnawialnych źródeł"), ind.renewable_kwh, 0),
                (_("Z innych lub nieznanych źródeł"), ind.other_kwh, 1),
            ],
            "kWh",
        )
    if ind.factor is not None:
        charts["co2"] = _columns(
            "chart-co2",
            _("Uniknięta emisja CO₂ w kolejnych miesiącach (kg)"),
            months,
            [(_("Uniknięta emisja CO₂"), [month.co2_kg for month in months])],
            "kg",
        )
    return charts
