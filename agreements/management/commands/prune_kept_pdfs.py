"""Keep the kept PDFs within KEPT_PDF_MAX_FILES and KEPT_PDF_MAX_BYTES, the oldest that no page points to removed
first, and remove files no record names. Meant to run daily (cron, systemd timer):

python manage.py prune_kept_pdfs [--max-files N] [--max-bytes N]
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.template.defaultfilters import filesizeformat
from django.utils import timezone

from agreements.pdf import bounds


class Command(BaseCommand):
    help = (
        "Usuwa najstarsze zachowane pliki PDF ponad KEPT_PDF_MAX_FILES i KEPT_PDF_MAX_BYTES (nigdy aktualnych; ich "
        "rekordy zostają, więc kopie nadal można zweryfikować) oraz pliki, których nie wskazuje żaden rekord."
    )

    def add_arguments(self, parser):
        parser.add_argument("--max-files", type=int, help="Najwięcej plików (domyślnie KEPT_PDF_MAX_FILES).")
        parser.add_argument("--max-bytes", type=int, help="Najwięcej bajtów (domyślnie KEPT_PDF_MAX_BYTES).")

    def handle(self, *args, max_files=None, max_bytes=None, **options):
        removed, freed = bounds.prune(max_files=max_files, max_bytes=max_bytes)
        orphans = bounds.remove_orphans(older_than=timezone.now() - timedelta(hours=1))
        files, size = bounds.usage()
        self.stdout.write(
            self.style.SUCCESS(
                f"Usunięto {removed} zachowanych plików PDF ({filesizeformat(freed)}) i {orphans} plików bez rekordu; "
                f"zostało {files} plików ({filesizeformat(size)})."
            )
        )
