"""For each page the benchmark loads: SQL queries per request, the time to render it and its weight, as an anonymous
visitor (bench.pages.PAGES) and as the account each panel page names (PANEL_PAGES, signed in with force_login):

python manage.py bench_queries [--renders 3]

Prints JSON {label: {"queries_rendered", "queries_kept", "render_ms", "bytes", "status"}}:
- queries_rendered: a request that renders the page (public pages are not kept: PAGE_CACHE_SECONDS=0);
- queries_kept: the next request, with keeping on (one query for kept pages; for the PDF, a kept file; a panel page is
  never kept: it renders again);
- render_ms: the median time of --renders renderings through Django's test client (no HTTP, no cache);
- bytes: the body as gunicorn would send it (uncompressed).
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

from bench.management.commands.bench_data import bench_account
from bench.pages import PAGES, PANEL_PAGES


class Command(BaseCommand):
    help = "Counts the SQL queries of each benchmarked page, times its rendering and weighs it; prints JSON."

    def add_arguments(self, parser):
        parser.add_argument("--renders", type=int, default=3)

    def handle(self, *args, renders, **options):
        host = settings.ALLOWED_HOSTS[0] if settings.ALLOWED_HOSTS else "localhost"
        anonymous = Client(headers={"host": host, "x-forwarded-proto": "https"})
        clients = {}
        figures = {}
        for label, path, *persona in PAGES + PANEL_PAGES:
            if persona:
                if persona[0] not in clients:
                    clients[persona[0]] = Client(headers={"host": host, "x-forwarded-proto": "https"})
                    clients[persona[0]].force_login(bench_account(persona[0]))
                    clients[persona[0]].get(path)  # the session's first request records it (allauth's usersessions)
                client = clients[persona[0]]
            else:
                client = anonymous
            figures[label] = self._measure(client, label, path, renders)
        self.stdout.write(json.dumps(figures, indent=2))

    def _measure(self, client, label, path, renders):
        with override_settings(PAGE_CACHE_SECONDS=0):
            status, rendered, size = self._get(client, path)
            timings = []
            for _ in range(renders):
                started = time.perf_counter()
                self._get(client, path)
                timings.append((time.perf_counter() - started) * 1000)
        self._get(client, path)  # keep it
        _status, kept, _size = self._get(client, path)
        if status != 200:
            raise CommandError(f"{label} ({path}) answered {status}.")
        return {
            "status": status,
            "queries_rendered": rendered,
            "queries_kept": kept,
            "render_ms": round(statistics.median(timings), 1),
            "bytes": size,
        }

    @staticmethod
    def _get(client, path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
            body = b"".join(response.streaming_content) if response.streaming else response.content
        return response.status_code, len(queries), len(body)
