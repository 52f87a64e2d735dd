"""Write one backup file of the database and of the uploaded and kept files (klaster/backup.py).

python manage.py backup                       # var/backups/klaster-YYYY-MM-DD-HHMMSS.tar.gz
python manage.py backup -o /srv/backups/klaster.tar.gz
"""

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from klaster.backup import backup


class Command(BaseCommand):
    help = "Kopia zapasowa bazy danych i plików (przesłanych i wydanych PDF) w jednym pliku."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="Plik kopii (domyślnie var/backups/klaster-DATA.tar.gz).")

    def handle(self, *args, output=None, **options):
        if output:
            path = Path(output)
        else:
            path = settings.VAR_DIR / "backups" / f"klaster-{datetime.now():%Y-%m-%d-%H%M%S}.tar.gz"
        path.parent.mkdir(parents=True, exist_ok=True)
        manifest = backup(path)
        files = manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Kopia zapisana: {path} (baza {manifest['engine']}, pliki przesłane: {files['media']}, "
                f"pliki prywatne: {files['private']})."
            )
        )
