"""Queue the sending of the reminders due now (the day before each event) for the worker; run it hourly (cron, a
systemd timer). Each reminder leaves once, whatever how often this runs: a registration records that it was reminded.

python manage.py send_event_reminders           # queued: the worker sends them
python manage.py send_event_reminders --now     # sent from this process (the messages still go through the mail queue)
"""

from django.core.management.base import BaseCommand

from events.tasks import send_event_reminders


class Command(BaseCommand):
    help = "Wysyła przypomnienia o jutrzejszych wydarzeniach zapisanym uczestnikom (każde raz)."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Wyślij w tym procesie zamiast przez kolejkę zadań.")

    def handle(self, *args, now=False, **options):
        if now:
            sent = send_event_reminders.call()
            self.stdout.write(self.style.SUCCESS(f"Wysłano przypomnień: {sent}."))
            return
        result = send_event_reminders.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Zlecono wysłanie przypomnień (zadanie {result.id})."))
