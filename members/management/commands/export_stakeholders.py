"""Export the register of parties on a day, as the coordinator's register page does:

python manage.py export_stakeholders --format csv|xlsx|json [--encoding utf-8|windows-1250] [--as-of RRRR-MM-DD]
    [-o FILE]

Without -o the file goes to standard output. CSV (semicolons; UTF-8 with a BOM unless --encoding windows-1250) and
XLSX are written in Polish, as the register page writes them; their cells that a spreadsheet would read as formulas
are disarmed with a leading apostrophe, which an import takes off again.
"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from members.register import ENCODINGS, FORMATS, register_file_export


def parse_day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"„{value}” nie jest datą; podaj dzień jako RRRR-MM-DD, np. 2024-03-31.") from None


class Command(BaseCommand):
    help = "Eksportuje rejestr stron porozumienia w danym dniu do CSV, XLSX albo JSON."

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=sorted(FORMATS), default="csv", help="format pliku (domyślnie csv)")
        parser.add_argument(
            "--encoding", choices=list(ENCODINGS), default="utf-8", help="kodowanie pliku CSV (domyślnie utf-8 z BOM)"
        )
        parser.add_argument("--as-of", help="rejestr na ten dzień, RRRR-MM-DD (domyślnie dziś)")
        parser.add_argument("-o", "--output", help="zapisz do tego pliku (domyślnie: standardowe wyjście)")

    def handle(self, *args, format="csv", encoding="utf-8", as_of=None, output=None, **options):
        day = parse_day(as_of) if as_of else timezone.localdate()
        with translation.override("pl"):
            content, _content_type, _filename = register_file_export(day=day, file_format=format, encoding=encoding)
        if output:
            try:
                with open(output, "wb") as target:
                    target.write(content)
            except OSError as error:
                raise CommandError(f"Nie można zapisać pliku {output}: {error.strerror or error}") from None
            self.stderr.write(f"Zapisano rejestr na dzień {day.isoformat()} do {output}.")
            return
        buffer = getattr(self.stdout._out, "buffer", None)
        if format == "xlsx":
            if buffer is None or self.stdout._out.isatty():
                raise CommandError("XLSX to plik binarny: podaj plik wynikowy, np. -o rejestr.xlsx.")
        elif buffer is None:  # a text stream: the text, whatever it will be encoded in
            self.stdout.write(content.decode(ENCODINGS[encoding][0]), ending="")
            return
        buffer.write(content)  # the bytes as they are, in the encoding chosen
        buffer.flush()
