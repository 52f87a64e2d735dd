"""Time the import of N generated, valid stakeholder rows, then roll it back (the database is left as it was):

python manage.py bench_import [--rows 10000]

Prints JSON: {"rows": ..., "seconds": ..., "preview_seconds": ...}; "seconds" is the confirmed import (reading the
CSV, checking every row, writing the parties and their history), "preview_seconds" the dry run the preview makes.
"""

import csv
import json
import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from stdnum.pl import nip as stdnum_nip
from stdnum.pl import regon as stdnum_regon

from members.models import Participant
from members.register import register_import

CATEGORIES = ["company", "cooperative", "ngo", "energy_company", "science"]


def nip_with_check_digit(nine):
    """Nine digits and the NIP check digit, or None when the digits cannot start a NIP (the digit would be 10)."""
    digit = sum(weight * int(n) for weight, n in zip((6, 5, 7, 2, 3, 4, 5, 6, 7), nine, strict=True)) % 11
    return None if digit == 10 else nine + str(digit)


def generated_rows(count, gminas, taken):
    """`count` valid rows with NIPs, REGONs and KRS numbers that no party has."""
    number = 100_000_000
    for index in range(1, count + 1):
        while True:
            number += 7
            nip = nip_with_check_digit(f"{number:09d}")
            regon = f"{number % 10**8:08d}" + stdnum_regon.calc_check_digit(f"{number % 10**8:08d}")
            if nip and stdnum_nip.is_valid(nip) and nip not in taken and regon not in taken:
                break
        yield {
            "nazwa": f"Przedsiębiorstwo Próbne {index:05d} sp. z o.o.",
            "kategoria": CATEGORIES[index % len(CATEGORIES)],
            "nip": nip,
            "regon": regon,
            "krs": f"{9_000_000_000 + index:010d}",
            "ulica": f"ul. Słoneczna {index % 200 + 1}",
            "kod_pocztowy": "42-600",
            "miejscowosc": "Tworóg",
            "gmina_teryt": gminas[index % len(gminas)] if gminas else "",
            "email": f"biuro{index}@example.org",
            "telefon": f"+48 600 {index % 1000:03d} {index % 997:03d}",
            "zgoda_katalog": "tak" if index % 2 else "nie",
            "status": "active",
            "data_przystapienia": "2024-01-15",
        }


class Command(BaseCommand):
    help = "Mierzy czas importu N wygenerowanych wierszy (domyślnie 10 000) i wycofuje go; baza się nie zmienia."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000, help="liczba wierszy (domyślnie 10000)")

    def handle(self, *args, rows=10_000, **options):
        if rows < 1:
            raise CommandError("Podaj dodatnią liczbę wierszy.")
        gminas = list(Participant.objects.gminas().values_list("teryt", flat=True))
        taken = set()
        for values in Participant.objects.values_list("nip", "regon", "krs"):
            taken.update(values)
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "bench.csv"
            data = list(generated_rows(rows, gminas, taken))
            with path.open("w", encoding="utf-8", newline="") as target:
                writer = csv.DictWriter(target, fieldnames=list(data[0]))
                writer.writeheader()
                writer.writerows(data)

            started = time.perf_counter()
            preview = register_import(content=path.read_bytes(), dry_run=True, source=path.name)
            preview_seconds = time.perf_counter() - started

            with transaction.atomic():
                started = time.perf_counter()
                report = register_import(content=path.read_bytes(), dry_run=False, source=path.name)
                seconds = time.perf_counter() - started
                transaction.set_rollback(True)
        if not report.ok or not preview.ok:
            problems = "\n".join(str(problem) for problem in (report.problems or preview.problems)[:10])
            raise CommandError(f"Wygenerowany plik został odrzucony:\n{problems}")
        self.stdout.write(
            json.dumps(
                {
                    "rows": rows,
                    "seconds": round(seconds, 2),
                    "preview_seconds": round(preview_seconds, 2),
                    "created": len(report.created),
                }
            )
        )
