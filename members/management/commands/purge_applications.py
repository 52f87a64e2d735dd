"""Remove personal data from applications rejected more than a year ago. Meant to run daily (cron, systemd timer):

python manage.py purge_applications [--dry-run]
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from members.services.personal_data import application_erase, expired_rejected_applications


class Command(BaseCommand):
    help = "Usuwa dane osobowe z wniosków odrzuconych dawniej niż APPLICATION_RETENTION_DAYS dni temu."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Tylko pokaż, ile wniosków by objęło.")

    def handle(self, *args, dry_run=False, **options):
        applications = list(expired_rejected_applications())
        if dry_run:
            self.stdout.write(f"Do usunięcia danych: {len(applications)} wniosków (bez zmian, --dry-run).")
            return
        for application in applications:
            application_erase(application=application)
        self.stdout.write(
            self.style.SUCCESS(
                f"Usunięto dane osobowe z {len(applications)} wniosków odrzuconych ponad "
                f"{settings.APPLICATION_RETENTION_DAYS} dni temu."
            )
        )
