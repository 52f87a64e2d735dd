"""Time the import of a year of hourly eLicznik readings for N metering points (issue 16: 200 points in both
directions, about 3.5 million rows), then the balance pages at that size; then roll it all back (the database is left
as it was):

python manage.py bench_energy_import [--points 200] [--year 2025] [--renders 3]

The files are made first and not timed: one eLicznik CSV per point (the format names no point), a year of hours with
`pobór` and `oddanie` for each, the two clock-change days numbered by the clock (March without 3:00, October with 3:00
twice), values with a decimal comma. Each point belongs to a party of its own in one of the cluster's gminas.

Timed: each file as the coordinator's confirmation imports it (energy.services.readings_import_file: reading and
checking the file, counting what it would replace, then in one transaction the COPY, the hourly aggregate refreshed and
the ImportBatch). Then the public energy page and the coordinator's readiness page are rendered through Django's test
client without the page cache (the median of --renders renderings after a first one).

Prints JSON: {"points", "rows", "seconds", "parse_seconds", "write_seconds", "rows_per_second", "hourly_sums",
"pages": {label: {"path", "render_ms", "queries", "status"}}}.
"""

import json
import random
import statistics
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from stdnum import ean

from bench.management.commands.bench_data import bench_account
from bench.pages import COORDINATOR
from energy.models import HourlyBalance, MeteringPoint, Reading
from energy.parsing import day_hours
from energy.services import readings_preview
from energy.services.readings import readings_import
from members.models import Cluster, Participant

PREFIX = "bench-energy-"
TAURON = "5903224"
PAGES = [("energy_public", "/energia/", None), ("energy_readiness", "/panel/energia/gotowosc/", COORDINATOR)]


def point_code(index):
    body = f"{TAURON}{8_000_000_000 + index:010d}"
    return body + ean.calc_check_digit(body)


def hour_labels(day):
    """The hour labels eLicznik gives `day`, by the clock at the hour's end: 1…24, in March without 3, in October
    with 3 twice."""
    hours = day_hours(day)[1]
    if hours == 23:
        return [label for label in range(1, 25) if label != 3]
    if hours == 25:
        return [1, 2, 3, *range(3, 25)]
    return list(range(1, 25))


def elicznik_file(year, seed):
    """A year of hourly `pobór` and `oddanie` of one point, as eLicznik exports it (bytes)."""
    generator = random.Random(seed)  # noqa: S311 (made-up figures)
    lines = ["Data; Wartość kWh;Rodzaj"]
    day = date(year, 1, 1)
    while day.year == year:
        labels = hour_labels(day)
        stamp = day.isoformat()
        use = [generator.randrange(50, 3000) for _label in labels]
        made = [generator.randrange(0, 5000) if 8 <= label <= 18 else 0 for label in labels]
        for kind, values in (("pobór", use), ("oddanie", made)):
            lines.extend(
                f"{stamp} {label}:00;{value // 1000},{value % 1000:03d};{kind}"
                for label, value in zip(labels, values, strict=True)
            )
        day += timedelta(days=1)
    return ("\n".join(lines) + "\n").encode()


class Command(BaseCommand):
    help = "Mierzy czas importu rocznych odczytów godzinowych N punktów (domyślnie 200) i stron bilansu; wycofuje go."

    def add_arguments(self, parser):
        parser.add_argument("--points", type=int, default=200, help="liczba punktów poboru (domyślnie 200)")
        parser.add_argument("--year", type=int, default=2025)
        parser.add_argument("--renders", type=int, default=3)

    def handle(self, *args, points, year, renders, **options):
        if points < 1:
            raise CommandError("Podaj dodatnią liczbę punktów.")
        gminas = list(Participant.objects.gminas().order_by("pk"))
        if not gminas:
            raise CommandError("Nie ma gmin: najpierw wczytaj klaster (loadcluster).")
        files = [elicznik_file(year, seed=index) for index in range(points)]
        with transaction.atomic():
            metering_points = self._points(gminas, points, year)
            parse_seconds = write_seconds = 0.0
            rows = 0
            started = time.perf_counter()
            for point, content in zip(metering_points, files, strict=True):
                began = time.perf_counter()
                preview = readings_preview(metering_point=point, content=content)
                parsed_at = time.perf_counter()
                if preview.problems:
                    problems = "\n".join(str(problem) for problem in preview.problems[:10])
                    raise CommandError(f"Wygenerowany plik został odrzucony:\n{problems}")
                batch = readings_import(
                    metering_point=point, parsed=preview.parsed, content=content, file_name=f"{point.code}.csv"
                )
                parse_seconds += parsed_at - began
                write_seconds += time.perf_counter() - parsed_at
                rows += batch.reading_count
            seconds = time.perf_counter() - started
            stored = Reading.objects.filter(metering_point__in=metering_points).count()
            if stored != rows:
                raise CommandError(f"Zapisano {stored} odczytów zamiast {rows}.")
            hourly_sums = HourlyBalance.objects.filter(party__slug__startswith=PREFIX).count()
            pages = self._pages(renders)
            transaction.set_rollback(True)
        self.stdout.write(
            json.dumps(
                {
                    "points": points,
                    "rows": rows,
                    "seconds": round(seconds, 2),
                    "parse_seconds": round(parse_seconds, 2),
                    "write_seconds": round(write_seconds, 2),
                    "rows_per_second": round(rows / seconds),
                    "hourly_sums": hourly_sums,
                    "pages": pages,
                }
            )
        )

    def _points(self, gminas, count, year):
        cluster = Cluster.objects.main()
        parties = Participant.objects.bulk_create(
            Participant(
                cluster=cluster,
                kind=Participant.Kind.STAKEHOLDER,
                category=Participant.Category.COMPANY,
                name=f"Odbiorca testowy energii {index:04d}",
                slug=f"{PREFIX}{index:04d}",
                located_in=gminas[index % len(gminas)],
                status=Participant.Status.ACTIVE,
            )
            for index in range(count)
        )
        return MeteringPoint.objects.bulk_create(
            MeteringPoint(
                party=party,
                code=point_code(index),
                direction=MeteringPoint.Direction.BOTH,
                gmina=gminas[index % len(gminas)],
                valid_from=date(year, 1, 1),
            )
            for index, party in enumerate(parties)
        )

    def _pages(self, renders):
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        figures = {}
        for label, path, persona in PAGES:
            client = Client(headers={"host": host, "x-forwarded-proto": "https"})
            if persona:
                client.force_login(bench_account(persona))
            with override_settings(PAGE_CACHE_SECONDS=0):
                response = client.get(path)  # the first rendering: the session recorded, the templates loaded
                timings = []
                for _ in range(renders):
                    with CaptureQueriesContext(connection) as queries:
                        began = time.perf_counter()
                        response = client.get(path)
                        timings.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                raise CommandError(f"{path} odpowiedziała {response.status_code}.")
            figures[label] = {
                "path": path,
                "status": response.status_code,
                "render_ms": round(statistics.median(timings), 1),
                "queries": len(queries),
            }
        return figures
