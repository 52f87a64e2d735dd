"""Charts drawn on the server as SVG, for pages that work without JavaScript.

Each chart is an image with a name and a description for assistive technology (role="img", <title>, <desc>,
aria-labelledby); the page puts the table of the same figures beside it, so the chart adds nothing a screen reader
misses. A bar chart writes each bar's value beside it; the series of a column chart differ by pattern as well as
colour (solid, hatched, dotted) and are named in a legend in words, so colour is never the only cue. The colours reach 4.5:1 on white (text) and
3:1 against the white background and each other's patterns (WCAG 1.4.3, 1.4.11).

Every piece of text goes through format_html, so a name typed by a person (a gmina, a technology) is escaped.
"""

from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe

INK = "#1a1a1a"
GRID = "#6b6b6b"
# (fill, pattern) of each series: a dark green solid, a dark blue hatched, a brown dotted.
SERIES = (("#1b5e20", None), ("#0b4f8a", "hatch"), ("#8a4b00", "dots"))
FONT = 'font-family="system-ui, sans-serif" font-size="13"'


def plain_number(value, places=1):
    """A number as a Polish reader writes it (decimal comma, spaces between thousands)."""
    if value is None:
        return "–"
    return number_format(
        Decimal(value).quantize(Decimal(1).scaleb(-places)), places, use_l10n=True, force_grouping=True
    )


def _px(value):
    """A coordinate, to a tenth of a pixel."""
    return f"{float(value):.1f}"


def _patterns(chart_id):
    """The fills of the series: a solid colour, or a pattern of white lines or dots over the colour."""
    defs = []
    for index, (colour, pattern) in enumerate(SERIES):
        if pattern == "hatch":
            defs.append(
                format_html(
                    '<pattern id="{}-s{}" patternUnits="userSpaceOnUse" width="6" height="6" '
                    'patternTransform="rotate(45)"><rect width="6" height="6" fill="{}"/>'
                    '<line x1="0" y1="0" x2="0" y2="6" stroke="#ffffff" stroke-width="2"/></pattern>',
                    chart_id,
                    index,
                    colour,
                )
            )
        elif pattern == "dots":
            defs.append(
                format_html(
                    '<pattern id="{}-s{}" patternUnits="userSpaceOnUse" width="6" height="6">'
                    '<rect width="6" height="6" fill="{}"/><circle cx="3" cy="3" r="1.3" fill="#ffffff"/></pattern>',
                    chart_id,
                    index,
                    colour,
                )
            )
    return format_html("<defs>{}</defs>", mark_safe("".join(defs)))  # noqa: S308 (each part made by format_html)


def _fill(chart_id, index):
    colour, pattern = SERIES[index % len(SERIES)]
    return f"url(#{chart_id}-s{index % len(SERIES)})" if pattern else colour


def _frame(chart_id, title, description, width, height, body):
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 {} {}" '
        'aria-labelledby="{}-title {}-desc"><title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        _patterns(chart_id),
        body,
    )


def bar_chart(*, chart_id, title, description, rows, unit, maximum=None):
    """Horizontal bars, one per row (label, value, series index), each labelled with its value and `unit`.
    `maximum`: the value of a full bar (100 for shares in per cent); the largest value when None."""
    label_width, bar_width, row_height, width = 300, 300, 30, 720
    values = [Decimal(value or 0) for _label, value, _series in rows]
    top = Decimal(maximum) if maximum is not None else max(values, default=Decimal(0))
    parts = []
    for index, ((label, value, series), number) in enumerate(zip(rows, values, strict=True)):
        y = 10 + index * row_height
        length = float(min(number, top) / top * bar_width) if top > 0 else 0.0
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" fill="{}" {}>{}</text>'
                '<rect x="{}" y="{}" width="{}" height="20" fill="{}" stroke="{}" stroke-width="1"/>'
                '<text x="{}" y="{}" fill="{}" {}>{} {}</text>',
                label_width - 8,
                y + 15,
                INK,
                mark_safe(FONT),  # noqa: S308 (a constant)
                label,
                label_width,
                y,
                _px(length),
                _fill(chart_id, series),
                INK,
                _px(label_width + length + 6),
                y + 15,
                INK,
                mark_safe(FONT),  # noqa: S308 (a constant)
                plain_number(value),
                unit,
            )
        )
    if maximum is not None:
        parts.append(
            format_html(
                '<line x1="{}" y1="4" x2="{}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>',
                label_width + bar_width,
                label_width + bar_width,
                14 + len(rows) * row_height,
                GRID,
            )
        )
    height = 20 + len(rows) * row_height
    return _frame(chart_id, title, description, width, height, mark_safe("".join(parts)))  # noqa: S308


def column_chart(*, chart_id, title, description, categories, series, unit):
    """Columns grouped by category (a month), one per series (name, values), with a legend in words; the largest
    value and zero are marked on the axis."""
    legend = 8 + 22 * len(series)  # one line of the legend per series, above the plot
    width, left, top_margin = 720, 70, legend + 20
    bottom = top_margin + 220
    height = bottom + 30
    plot_width = width - left - 10
    values = [Decimal(value or 0) for _name, series_values in series for value in series_values]
    top = max(values, default=Decimal(0))
    group = plot_width / max(len(categories), 1)
    column = (group - 6) / max(len(series), 1)
    parts = [
        format_html('<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>', left, bottom, width - 10, bottom, INK),
        format_html(
            '<text x="{}" y="{}" text-anchor="end" fill="{}" {}>0</text>',
            left - 6,
            bottom + 4,
            INK,
            mark_safe(FONT),  # noqa: S308
        ),
    ]
    if top > 0:
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}" {}>{}</text>',
                left,
                top_margin,
                width - 10,
                top_margin,
                GRID,
                left - 6,
                top_margin + 4,
                INK,
                mark_safe(FONT),  # noqa: S308 (a constant)
                plain_number(top, 0),
            )
        )
    for index, (name, series_values) in enumerate(series):
        y = 8 + index * 22
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="16" height="16" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" fill="{}" {}>{} ({})</text>',
                left,
                y,
                _fill(chart_id, index),
                INK,
                left + 22,
                y + 13,
                INK,
                mark_safe(FONT),  # noqa: S308 (a constant)
                name,
                unit,
            )
        )
        for position, value in enumerate(series_values):
            number = Decimal(value or 0)
            bar = float(number / top * (bottom - top_margin)) if top > 0 else 0.0
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                    'stroke-width="0.5"><title>{}: {} {}</title></rect>',
                    _px(left + position * group + 3 + index * column),
                    _px(bottom - bar),
                    _px(column),
                    _px(bar),
                    _fill(chart_id, index),
                    INK,
                    name,
                    plain_number(value),
                    unit,
                )
            )
    for position, category in enumerate(categories):
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="{}" {}>{}</text>',
                _px(left + position * group + group / 2),
                bottom + 18,
                INK,
                mark_safe(FONT),  # noqa: S308 (a constant)
                category,
            )
        )
    return _frame(chart_id, title, description, width, height, mark_safe("".join(parts)))  # noqa: S308
