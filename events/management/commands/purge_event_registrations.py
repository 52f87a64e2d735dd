"""Remove the personal data of participants of events over more than EVENT_REGISTRATION_RETENTION_DAYS days ago.
Meant to run daily (cron, systemd timer), beside purge_applications:

python manage.py purge_event_registrations [--dry-run]
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from events.services.registrations import expired_registrations, registrations_purge


class Command(BaseCommand):
    help = "Usuwa dane osobowe uczestników wydarzeń zakończonych ponad EVENT_REGISTRATION_RETENTION_DAYS dni temu."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Tylko pokaż, ile zgłoszeń by objęło.")

    def handle(self, *args, dry_run=False, **options):
        if dry_run:
            count = len(expired_registrations())
            self.stdout.write(f"Do usunięcia danych: {count} zgłoszeń (bez zmian, --dry-run).")
            return
        count = registrations_purge()
        self.stdout.write(
            self.style.SUCCESS(
                f"Usunięto dane osobowe z {count} zgłoszeń na wydarzenia zakończone ponad "
                f"{settings.EVENT_REGISTRATION_RETENTION_DAYS} dni temu."
            )
        )
