"""For each page the benchmark loads: SQL queries per request and the time to render it, as an anonymous visitor.

python manage.py bench_queries [--renders 3]

Prints JSON {label: {"queries_rendered", "queries_kept", "render_ms", "status"}}:
- queries_rendered: a request that renders the page (public pages are not kept: PAGE_CACHE_SECONDS=0);
- queries_kept: the next request, with keeping on (one query for kept pages; for the PDF, a kept file);
- render_ms: the median time of --renders renderings through Django's test client (no HTTP, no cache).
The first PDF request renders and keeps the PDF, so the HTTP benchmark that follows serves the kept file.
"""

import json
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

from bench.pages import PAGES


class Command(BaseCommand):
    help = "Counts the SQL queries of each benchmarked page and times its rendering; prints JSON."

    def add_arguments(self, parser):
        parser.add_argument("--renders", type=int, default=3)

    def handle(self, *args, renders, **options):
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        client = Client(headers={"host": host, "x-forwarded-proto": "https"})
        figures = {}
        for label, path in PAGES:
            with override_settings(PAGE_CACHE_SECONDS=0):
                status, rendered = self._get(client, path)
                timings = []
                for _ in range(renders):
                    started = time.perf_counter()
                    self._get(client, path)
                    timings.append((time.perf_counter() - started) * 1000)
            self._get(client, path)  # keep it
            _status, kept = self._get(client, path)
            if status != 200:
                raise CommandError(f"{label} ({path}) answered {status}.")
            figures[label] = {
                "status": status,
                "queries_rendered": rendered,
                "queries_kept": kept,
                "render_ms": round(statistics.median(timings), 1),
            }
        self.stdout.write(json.dumps(figures, indent=2))

    @staticmethod
    def _get(client, path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            if response.streaming:
                b"".join(response.streaming_content)
        return response.status_code, len(queries)
