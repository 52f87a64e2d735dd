"""Load clearly marked sample energy data for trying the portal out, or remove it (`--remove`): energy.services.sample.

While the sample is stored, every energy page (public and in the panel) says its figures are not the cluster's."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from energy.services.sample import SampleRefused, sample_load, sample_present, sample_remove


class Command(BaseCommand):
    help = (
        "Wczytuje oznaczone dane przykładowe o energii (punkty poboru, instalacje, rok odczytów godzinowych) "
        "albo je usuwa (--remove). Dopóki są w portalu, każda strona o energii mówi, że to nie są dane klastra."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, help="Rok odczytów (domyślnie poprzedni rok).")
        parser.add_argument("--remove", action="store_true", help="Usuń dane przykładowe.")

    def handle(self, *args, year=None, remove=False, **options):
        if remove:
            if not sample_present():
                self.stdout.write("Nie ma danych przykładowych; nic nie usunięto.")
                return
            count = sample_remove()
            self.stdout.write(self.style.SUCCESS(f"Usunięto dane przykładowe: punkty poboru {count} z odczytami."))
            return
        year = year or timezone.localdate().year - 1
        if not 2000 <= year <= 2100:
            raise CommandError("Podaj rok między 2000 a 2100.")
        try:
            points = sample_load(year=year)
        except SampleRefused as refusal:
            raise CommandError(str(refusal)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Wczytano dane przykładowe za {year} r.: punkty poboru {len(points)} z instalacjami i odczytami. "
                "Strony o energii mówią, że to nie są dane klastra; usuń je poleceniem load_energy_sample --remove."
            )
        )
