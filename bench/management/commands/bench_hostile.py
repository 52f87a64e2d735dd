"""Time how long the portal takes to refuse the files made to hurt it, the same files the tests refuse:

python manage.py bench_hostile

Register imports (a JSON nested 10,000 deep, an XLSX unpacking to a gigabyte, XML entities, a CSV of a million empty
lines or of a million columns) and copies sent to the public verification page (a PDF inflating to 50 MB, a PDF of
2,000 pages). Each is refused for real, inside a transaction rolled back afterwards. Prints JSON: {name: {"seconds":
..., "refused": true}}; the unit tests check what is answered, this measures how fast.
"""

import json
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from agreements.pdf.verification import Unreadable, check_upload
from klaster.testing.files import (
    REGISTER_HEADER,
    deep_json,
    pdf_bomb,
    pdf_of_pages,
    xlsx_bomb,
    xlsx_with_entities,
)
from members.register.files import MAX_LINES
from members.register.importing import register_import


def register_files():
    header = ",".join(REGISTER_HEADER).encode()
    return {
        "register_json_nested_10000_deep": deep_json(10_000),
        "register_xlsx_unpacking_to_1_gb": xlsx_bomb(1024**3),
        "register_xlsx_with_xml_entities": xlsx_with_entities(),
        "register_csv_of_empty_lines": header + b"\n" * (5 * MAX_LINES),
        "register_csv_of_a_million_columns": b"," * 1_000_000 + b"x\n" + b"a\n",
    }


def verification_files():
    return {"verify_pdf_inflating_to_50_mb": pdf_bomb(50 * 1024 * 1024), "verify_pdf_of_2000_pages": pdf_of_pages(2000)}


class Command(BaseCommand):
    help = "Mierzy czas odmowy dla plików przygotowanych, by zaszkodzić serwerowi; baza się nie zmienia."

    def handle(self, *args, **options):
        results = {}
        for name, content in register_files().items():
            with transaction.atomic():
                started = time.perf_counter()
                report = register_import(content=content, dry_run=False, source=name)
                seconds = time.perf_counter() - started
                transaction.set_rollback(True)
            if report.ok:
                raise CommandError(f"{name} was accepted")
            results[name] = {"seconds": round(seconds, 3), "refused": True}
        for name, content in verification_files().items():
            started = time.perf_counter()
            try:
                check_upload(SimpleUploadedFile("kopia.pdf", content, content_type="application/pdf"))
            except Unreadable:
                refused = True
            else:
                refused = False
            seconds = time.perf_counter() - started
            if not refused:
                raise CommandError(f"{name} was read")
            results[name] = {"seconds": round(seconds, 3), "refused": True}
        self.stdout.write(json.dumps(results))
