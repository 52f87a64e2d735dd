"""The balances of a year as files for people: month by month or hour by hour, per gmina or per party, in CSV or XLSX.

Written by the portal's one spreadsheet writer (klaster.spreadsheets), so they open in Polish Excel as the register does: CSV separated
by semicolons in UTF-8 with a BOM, decimals with a comma; XLSX with real dates and numbers and the header frozen.
Hours are named by their start on Warsaw's clock, with the offset from UTC beside it: the 25-hour October day has
its 2:00 twice (UTC+02:00, then UTC+01:00), the 23-hour March day none.

Who gets what: the public page offers the balances per gmina only, every party of a gmina summed; the coordinator
also per party. A per-party file is never offered to the public: a party that did not consent to be listed
(Participant.objects.listed) must not be named, and a listed one's metering data is still its own.

One query however long the year: the hourly aggregate (HourlyBalance) grouped by gmina (and party) and hour or month,
the four directions pivoted into columns, read with iterator() so an hourly file is streamed, not held.
"""

from dataclasses import dataclass
from datetime import UTC

from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from klaster.spreadsheets import XLSX_CONTENT_TYPE, csv_chunks, xlsx_bytes

from ..models import HourlyBalance, Reading, plain_decimal
from .indicators import WARSAW, Period

MONTHLY, HOURLY = "miesiace", "godziny"
PER_GMINA, PER_PARTY = "gminy", "strony"
RESOLUTIONS = (MONTHLY, HOURLY)
GROUPINGS = (PER_GMINA, PER_PARTY)
FILE_FORMATS = ("csv", "xlsx")
XLSX_MAX_ROWS = 1_048_575  # Excel's limit, less the header
DIRECTIONS = [
    Reading.Direction.CONSUMPTION,
    Reading.Direction.FEED_IN,
    Reading.Direction.CONSUMPTION_BALANCED,
    Reading.Direction.FEED_IN_BALANCED,
]


class ExportTooLarge(Exception):
    """An XLSX would have more rows than Excel opens."""


@dataclass(frozen=True)
class BalanceExport:
    year: int
    resolution: str  # MONTHLY or HOURLY
    grouping: str  # PER_GMINA or PER_PARTY

    def __post_init__(self):
        if self.resolution not in RESOLUTIONS or self.grouping not in GROUPINGS:
            raise ValueError("unknown resolution or grouping")

    @property
    def period(self):
        return Period.year(self.year)

    @property
    def per_party(self):
        return self.grouping == PER_PARTY

    @property
    def hourly(self):
        return self.resolution == HOURLY

    def filename(self, file_format):
        return f"bilans-{self.resolution}-{self.grouping}-{self.year}.{file_format}"

    def headers(self):
        columns = [_("Gmina")]
        if self.per_party:
            columns.append(_("Strona"))
        if self.hourly:
            columns += [_("Początek godziny (czas warszawski)"), _("Przesunięcie względem UTC")]
        else:
            columns.append(_("Miesiąc"))
        labels = dict(Reading.Direction.choices)
        columns += [_("%(direction)s (kWh)") % {"direction": labels[direction]} for direction in DIRECTIONS]
        return columns

    def queryset(self):
        period = self.period
        keys = ["gmina__name"] + (["party__name"] if self.per_party else [])
        rows = HourlyBalance.objects.filter(hour__gte=period.start, hour__lt=period.end)
        if self.hourly:
            moment = "hour"
        else:
            rows = rows.annotate(month=TruncMonth("hour", tzinfo=WARSAW))
            moment = "month"
        sums = {f"kwh_{direction}": Sum("energy_kwh", filter=Q(direction=direction)) for direction in DIRECTIONS}
        return rows.values(*keys, moment).annotate(**sums).order_by(*keys, moment)

    def count(self):
        return self.queryset().count()

    def rows(self, *, for_xlsx):
        """Each row's cells: names, the moment (a naive Warsaw datetime or date in XLSX, text in CSV), the energies
        (numbers in XLSX, Polish decimals with a comma in CSV; empty where a direction has no reading)."""
        for row in self.queryset().iterator(chunk_size=5000):
            cells = [row["gmina__name"]]  # text is disarmed by the writer (klaster.spreadsheets.spreadsheet_safe)
            if self.per_party:
                cells.append(row["party__name"])
            if self.hourly:
                local = row["hour"].astimezone(UTC).astimezone(WARSAW)
                offset = local.strftime("%z")
                offset = f"UTC{offset[:3]}:{offset[3:]}"  # not "+02:00": Excel would read a leading + as a formula
                naive = local.replace(tzinfo=None)
                cells += [naive if for_xlsx else naive.strftime("%Y-%m-%d %H:%M"), offset]
            else:
                month = row["month"].astimezone(WARSAW).date()
                cells.append(month if for_xlsx else month.strftime("%Y-%m"))
            for direction in DIRECTIONS:
                kwh = plain_decimal(row[f"kwh_{direction}"])
                if kwh is None:
                    cells.append("")
                else:
                    cells.append(kwh if for_xlsx else f"{kwh:f}".replace(".", ","))
            yield cells


def balances_file(export, file_format):
    """(content, content type, file name) of `export` in `file_format` ("csv" or "xlsx"). The CSV's content is an
    iterator of bytes (stream it); the XLSX's is bytes. ExportTooLarge when an XLSX would not open in Excel."""
    if file_format not in FILE_FORMATS:
        raise ValueError(f"unknown format {file_format!r}")
    if file_format == "csv":
        content = csv_chunks(export.headers(), export.rows(for_xlsx=False), "utf-8-sig")
        return content, "text/csv; charset=utf-8", export.filename("csv")
    if export.hourly and export.count() > XLSX_MAX_ROWS:
        raise ExportTooLarge
    title = _("Bilans %(year)s") % {"year": export.year}
    content = xlsx_bytes(export.headers(), export.rows(for_xlsx=True), title=title)
    return content, XLSX_CONTENT_TYPE, export.filename("xlsx")
