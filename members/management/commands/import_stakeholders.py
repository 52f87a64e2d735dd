"""Import the register of parties from a file (CSV, XLSX or JSON), as the coordinator's import page does:

python manage.py import_stakeholders FILE [--dry-run]

Exit status 0 when the file was imported (or, with --dry-run, would be), 1 when it is refused: then every problem is
printed by row and column, and nothing is written. Long files show progress on stderr.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from members.register import MAX_UPLOAD_BYTES, register_import


class Command(BaseCommand):
    help = (
        "Importuje rejestr stron (interesariusze, gminy) z pliku CSV, XLSX albo JSON; błędny plik niczego nie zmienia."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="plik CSV (UTF-8 albo Windows-1250), XLSX albo JSON")
        parser.add_argument("--dry-run", action="store_true", help="tylko sprawdź plik i pokaż, co by się zmieniło")

    def handle(self, *args, file, dry_run=False, **options):
        path = Path(file)
        try:
            if path.stat().st_size > MAX_UPLOAD_BYTES:
                raise CommandError(f"Plik {path} jest za duży (najwięcej {MAX_UPLOAD_BYTES // (1024 * 1024)} MB).")
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Nie można odczytać pliku {path}: {error.strerror or error}") from None

        def progress(done, total):
            self.stderr.write(f"Sprawdzono {done} z {total} wierszy…")

        report = register_import(content=content, dry_run=dry_run, source=path.name, progress=progress)
        if report.description:
            self.stdout.write(f"Plik: {report.description}, wierszy z danymi: {report.rows}.")
        for column in report.ignored_columns:
            self.stdout.write(f"Pominięto nieznaną kolumnę: {column}")
        if not report.ok:
            for problem in report.problems:
                self.stderr.write(str(problem))
            raise CommandError(
                f"Plik odrzucony, problemów: {len(report.problems)}. Niczego nie zapisano.", returncode=1
            )
        counts = f"nowe: {len(report.created)}, zmienione: {len(report.updated)}, bez zmian: {report.unchanged}"
        if dry_run:
            self.stdout.write(f"Plik jest poprawny ({counts}); --dry-run: niczego nie zapisano.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Zaimportowano ({counts})."))
