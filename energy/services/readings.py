"""Importing a file of readings for one metering point: all or nothing, and a re-import replaces.

The file is parsed and checked first (energy.parsing: a file with any problem is refused whole). Then, in one
transaction holding the party's row lock (so two imports for the same party's points take turns, and their refreshes
of the hourly aggregate do not meet): the readings of the same point, direction and period as the file's are deleted,
the file's readings written (PostgreSQL's COPY through psycopg; bulk_create elsewhere), the hourly aggregate of the
party's points in that gmina summed again for those hours, and the ImportBatch (audited) records who imported which
file, its period and how many readings it replaced. An error anywhere rolls all of it back.
"""

import hashlib
from dataclasses import dataclass, field

from django.db import connection, transaction

from members.models import Participant

from ..models import ImportBatch, MeteringPoint, Reading
from ..parsing import ParsedReadings, ReadingsFileError, parse_elicznik
from .balances import balances_refresh, raw_delete

BULK_SIZE = 5_000
COPY_CHUNK = 20_000
_COPY_COLUMNS = ("metering_point_id", "direction", "interval_minutes", "start", "energy_kwh", "source", "batch_id")


def readings_import(*, metering_point, parsed, content, file_name="", actor=None, source=Reading.Source.IMPORT):
    """Write the readings of `parsed` (energy.parsing.ParsedReadings, from the file `content`) for `metering_point`,
    replacing what the point had in the file's period for each direction it holds. Returns the ImportBatch.
    `source`: what the readings are (an import from a file; the sample data say they are sample)."""
    if not parsed.series:
        raise ValueError("nothing to import")
    with transaction.atomic():
        list(Participant.objects.select_for_update().filter(pk=metering_point.party_id).values_list("pk"))
        point = MeteringPoint.objects.get(pk=metering_point.pk)
        replaced = 0
        for direction, (start, end) in parsed.ranges().items():
            replaced += raw_delete(
                Reading.objects.filter(metering_point=point, direction=direction, start__gte=start, start__lt=end)
            )
        batch = ImportBatch.objects.create(
            metering_point=point,
            file_format=parsed.file_format,
            file_name=file_name[:200],
            sha256=hashlib.sha256(content).hexdigest(),
            period_start=parsed.period_start,
            period_end=parsed.period_end,
            reading_count=parsed.count,
            replaced_count=replaced,
            imported_by=actor if actor is not None and actor.is_authenticated else None,
        )
        if connection.vendor == "postgresql":
            _copy(point, batch, parsed, source)
        else:
            Reading.objects.bulk_create(
                (
                    Reading(
                        metering_point=point,
                        direction=direction,
                        interval_minutes=parsed.interval_minutes,
                        start=start,
                        energy_kwh=energy,
                        source=source,
                        batch=batch,
                    )
                    for direction, start, energy in parsed.readings
                ),
                batch_size=BULK_SIZE,
            )
        balances_refresh(
            party_id=point.party_id, gmina_id=point.gmina_id, start=parsed.period_start, end=parsed.period_end
        )
    return batch


class _Instants(dict):
    """An instant -> its text for COPY (ISO 8601 with the offset), each worked out once."""

    def __missing__(self, moment):
        if len(self) > INSTANTS_KEPT:
            self.clear()
        text = self[moment] = moment.isoformat()
        return text


INSTANTS_KEPT = 200_000
_INSTANTS = _Instants()


def _copy(point, batch, parsed, source):
    """COPY … FROM STDIN in PostgreSQL's text format, written in chunks: the values are digits, the English stored
    choices and ISO instants, none of which needs escaping. Each instant's text is worked out once (_INSTANTS) and a
    kWh value is written as Decimal's str(), which PostgreSQL's numeric reads whatever its exponent."""
    quote = connection.ops.quote_name
    columns = ", ".join(quote(column) for column in _COPY_COLUMNS)
    statement = f"COPY {quote(Reading._meta.db_table)} ({columns}) FROM STDIN"
    suffix = f"\t{source}\t{batch.pk}\n"
    instants = _INSTANTS
    with connection.cursor() as cursor, cursor.copy(statement) as copy:
        for direction, pairs in parsed.series.items():
            prefix = f"{point.pk}\t{direction}\t{parsed.interval_minutes}\t"
            for chunk in range(0, len(pairs), COPY_CHUNK):
                copy.write(
                    "".join(
                        [
                            f"{prefix}{instants[start]}\t{energy!s}{suffix}"
                            for start, energy in pairs[chunk : chunk + COPY_CHUNK]
                        ]
                    )
                )


@dataclass
class ImportPreview:
    """What importing a file for a metering point would do: the parsed readings and how many readings of the point it
    would replace, or the file's problems (then nothing can be imported)."""

    metering_point: MeteringPoint
    parsed: ParsedReadings | None = None
    problems: list = field(default_factory=list)
    replaced: int = 0


def readings_preview(*, metering_point, content, progress=None):
    """Parse an eLicznik file for `metering_point` and say what importing it would change; writes nothing.
    `progress`: see energy.parsing.parse_elicznik."""
    try:
        parsed = parse_elicznik(content, progress=progress)
    except ReadingsFileError as error:
        return ImportPreview(metering_point=metering_point, problems=error.problems)
    replaced = sum(
        Reading.objects.filter(
            metering_point=metering_point, direction=direction, start__gte=start, start__lt=end
        ).count()
        for direction, (start, end) in parsed.ranges().items()
    )
    return ImportPreview(metering_point=metering_point, parsed=parsed, replaced=replaced)


def readings_import_file(*, metering_point, content, file_name="", actor=None):
    """Parse and import an eLicznik file: (ImportBatch, None), or (None, the preview with its problems) when the file
    cannot be imported, with nothing written."""
    preview = readings_preview(metering_point=metering_point, content=content)
    if preview.problems:
        return None, preview
    batch = readings_import(
        metering_point=metering_point, parsed=preview.parsed, content=content, file_name=file_name, actor=actor
    )
    return batch, None
