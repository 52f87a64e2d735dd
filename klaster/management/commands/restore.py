"""Restore a backup written by `manage.py backup`: the database is replaced, the files written back.

Stop the portal and the worker first. `--noinput` skips the question.

    python manage.py restore var/backups/klaster-2026-11-29-030000.tar.gz
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from klaster.backup import read_manifest, restore


class Command(BaseCommand):
    help = "Odtwarza kopię zapasową: zastępuje bazę danych i zapisuje z powrotem pliki."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Plik kopii zapisany przez manage.py backup.")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file, interactive=True, **options):
        try:
            manifest = read_manifest(file)
            if interactive:
                answer = input(
                    f"Kopia z {manifest['created']}: baza danych zostanie zastąpiona. Wpisz „tak”, aby kontynuować: "
                )
                if answer.strip().lower() != "tak":
                    raise CommandError("Przerwano: nic nie zmieniono.")
            manifest = restore(file)
        except ValidationError as error:
            raise CommandError(error.messages[0]) from None
        files = manifest["files"]
        self.stdout.write(
            self.style.SUCCESS(
                f"Kopia z {manifest['created']} odtworzona (pliki przesłane: {files['media']}, "
                f"pliki prywatne: {files['private']})."
            )
        )
