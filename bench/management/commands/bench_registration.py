"""The event the registration rush of the benchmark registers for, and what the rush left:

python manage.py bench_registration --open 50   # an upcoming training with registration open for 50 places
python manage.py bench_registration --count     # how the registrations of that event ended

--open prints JSON {"path": the registration form's address, "capacity": N}; it empties the event's registrations, so
the rush can be run again. --count prints {"confirmed", "waiting", "cancelled", "registrations", "distinct_emails"}.
"""

import datetime
import json

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from events.models import Event, Registration, RegistrationSettings
from members.models import Cluster

SLUG = "bench-szkolenie-zapisy"


class Command(BaseCommand):
    help = "Wydarzenie z otwartymi zapisami dla testu obciążenia zapisów (--open N) i wynik zapisów (--count)."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--open", type=int, metavar="PLACES")
        group.add_argument("--count", action="store_true")

    def handle(self, *args, open=None, count=False, **options):  # noqa: A002 (the option's name)
        if count:
            self.stdout.write(json.dumps(self._count()))
            return
        if open < 1:
            raise CommandError("Podaj dodatnią liczbę miejsc.")
        event, _created = Event.objects.update_or_create(
            slug=SLUG,
            defaults={
                "cluster": Cluster.objects.get(),
                "title": "Szkolenie testowe z zapisami",
                "kind": Event.Kind.TRAINING,
                "starts_on": timezone.localdate() + datetime.timedelta(days=30),
                "starts_at": datetime.time(10, 0),
                "ends_at": datetime.time(14, 0),
                "place": "Sala testowa",
                "status": Event.Status.PLANNED,
                "published": True,
            },
        )
        Registration.objects.filter(event=event).delete()
        RegistrationSettings.objects.update_or_create(
            event=event, defaults={"is_open": True, "capacity": open, "deadline": None, "questions": []}
        )
        path = reverse("events:register", kwargs={"slug": SLUG})
        self.stdout.write(json.dumps({"path": path, "capacity": open}))

    @staticmethod
    def _count():
        registrations = Registration.objects.filter(event__slug=SLUG)
        by_status = dict(registrations.values_list("status").annotate(n=Count("pk")).order_by())
        return {
            "confirmed": by_status.get(Registration.Status.CONFIRMED, 0),
            "waiting": by_status.get(Registration.Status.WAITING, 0),
            "cancelled": by_status.get(Registration.Status.CANCELLED, 0),
            "registrations": registrations.count(),
            "distinct_emails": registrations.values("email").distinct().count(),
        }
