"""Measure the PDF pipeline and print the figures as JSON.

- the first download of the seed agreement (rendered, then kept);
- the same PDF served from the kept file through the download view (mean of 20 requests), and the speed-up;
- a 30-page agreement with 200 more parties: its first download, and its kept file served.

Everything it creates (the seed if missing, 200 parties, a long version, the kept PDFs and their rows) is made inside a
transaction that is rolled back at the end and in a temporary media folder that is removed: the database and the media
files are left as they were. Targets (issue 4): seed under 2 s, 30 pages with 200 parties under 6 s, kept PDF served
at least 50 times faster than rendering it.
"""

import datetime
import io
import json
import os
import statistics
import tempfile
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from agreements.models import Agreement, Annex, Section, Signature, Version
from klaster.revision import Revision
from members.models import Cluster, Participant, Person, Role

REQUESTS = 20
PARTIES = 200
SECTIONS = 40  # with the 206 parties: a document of at least 30 pages
TARGETS = {"seed_s": 2.0, "long_s": 6.0, "speedup": 50.0}
# Benchmark text only (rolled back, never shown): plain Polish sentences, no facts about the real cluster.
SENTENCE = (
    "Strony współdziałają w zakresie wytwarzania, magazynowania i zużycia energii ze źródeł odnawialnych, "
    "a koordynator prowadzi rejestr punktów poboru energii i informuje strony o zmianach „bez zbędnej zwłoki”. "
)


class Command(BaseCommand):
    help = "Measures rendering and serving the agreement PDFs; prints JSON. Leaves the database and media unchanged."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=REQUESTS, help="Downloads of a kept PDF to average.")

    def handle(self, *args, requests, **options):
        self.client = Client(headers={"host": self._host()})
        with (
            tempfile.TemporaryDirectory(prefix="bench-pdf-") as media,
            override_settings(MEDIA_ROOT=media),
            transaction.atomic(),
        ):
            figures = self._measure(requests)
            transaction.set_rollback(True)
        self.stdout.write(json.dumps(figures, indent=2, ensure_ascii=False))

    def _measure(self, requests):
        call_command("loadcluster", stdout=io.StringIO())  # a no-op where the cluster is loaded
        agreement = Agreement.objects.current().get()

        self._progress("first download of the seed agreement")
        seed_s, seed = self._download()
        self._progress(f"{requests} downloads of the kept file")
        kept_s = self._mean_download(requests, seed)

        self._progress(f"a long agreement with {PARTIES} more parties")
        self._make_long_agreement(agreement)
        long_s, long = self._download()
        long_kept_s = self._mean_download(requests, long)

        figures = {
            "seed_agreement": {"first_rendering_s": round(seed_s, 3), "pages": _pages(seed), "bytes": len(seed)},
            "kept_pdf_served": {"requests": requests, "mean_s": round(kept_s, 5)},
            "speedup_kept_vs_rendering": round(seed_s / kept_s, 1),
            "long_agreement": {
                "first_rendering_s": round(long_s, 3),
                "pages": _pages(long),
                "parties": len(agreement.parties()),
                "bytes": len(long),
                "kept_mean_s": round(long_kept_s, 5),
                "speedup_kept_vs_rendering": round(long_s / long_kept_s, 1),
            },
            # The figures depend on the machine and on what else it runs at the time.
            "machine": {"cpus": os.cpu_count(), "load_average_1_min": round(os.getloadavg()[0], 2)},
            "targets": {
                "seed_under_2_s": seed_s < TARGETS["seed_s"],
                "long_under_6_s": long_s < TARGETS["long_s"],
                "long_has_30_pages_and_200_parties": _pages(long) >= 30 and len(agreement.parties()) >= 200,
                "kept_at_least_50x_faster": seed_s / kept_s >= TARGETS["speedup"],
            },
        }
        return figures

    def _download(self):
        started = time.perf_counter()
        response = self.client.get(reverse("agreements:pdf"), secure=True)
        data = b"".join(response.streaming_content)
        elapsed = time.perf_counter() - started
        if response.status_code != 200 or not data.startswith(b"%PDF-"):
            raise RuntimeError(f"The agreement PDF did not download: HTTP {response.status_code}.")
        return elapsed, data

    def _mean_download(self, requests, expected):
        timings = []
        for _ in range(requests):
            elapsed, data = self._download()
            if data != expected:
                raise RuntimeError("A kept PDF was served with other bytes than the first download.")
            timings.append(elapsed)
        return statistics.mean(timings)

    def _make_long_agreement(self, agreement):
        """Version 2 with enough sections for about 30 pages, and 200 stakeholders that acceded to it."""
        cluster = Cluster.objects.main()
        on = datetime.date(2024, 1, 1)
        annex = Annex.objects.create(agreement=agreement, number="BENCH/1", signed_on=on, subject="Pomiar wydajności")
        version = Version.objects.create(
            agreement=agreement,
            number=agreement.versions.count() + 1,
            status=Version.Status.PUBLISHED,
            effective_on=on,
            annex=annex,
            published_at=timezone.now(),
        )
        body = "\n\n".join([SENTENCE * 3, "1. " + SENTENCE, "2. " + SENTENCE, "3. **Zażółć gęślą jaźń** – " + SENTENCE])
        Section.objects.bulk_create(
            Section(version=version, number=number, heading=f"Paragraf testowy {number}", body=body)
            for number in range(1, SECTIONS + 1)
        )
        parties = Participant.objects.bulk_create(
            Participant(
                cluster=cluster,
                kind=Participant.Kind.STAKEHOLDER,
                category=Participant.Category.COMPANY,
                name=f"Przedsiębiorstwo Energetyczne „Źródło {number}” sp. z o.o.",
                slug=f"bench-pdf-{number}",
                status=Participant.Status.ACTIVE,
                public_listing=True,
                joined_on=on,
            )
            for number in range(1, PARTIES + 1)
        )
        people = Person.objects.bulk_create(
            Person(first_name="Małgorzata", last_name=f"Świątek-{number}") for number in range(1, PARTIES + 1)
        )
        roles = Role.objects.bulk_create(
            Role(person=person, participant=party, function="prezes zarządu", is_representative=True)
            for person, party in zip(people, parties, strict=True)
        )
        Signature.objects.bulk_create(
            Signature(
                version=version,
                participant=party,
                basis=Signature.Basis.ACCESSION,
                signed_on=on,
                signed_place="Tworóg",
                representative=role,
            )
            for party, role in zip(parties, roles, strict=True)
        )
        Revision.bump()  # bulk_create sends no signals

    def _host(self):
        hosts = [host.lstrip(".") for host in settings.ALLOWED_HOSTS if host != "*"]
        return hosts[0] if hosts else "testserver"

    def _progress(self, message):
        self.stderr.write(f"… {message}")


def _pages(data):
    return len(PdfReader(io.BytesIO(data)).pages)
