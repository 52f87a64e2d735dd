"""Create demo accounts for development: a coordinator and one staff member per gmina.

Refuses to run with DEBUG off: production accounts come from invitations (`add_account`).
"""

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse

from members.models import Participant, StaffMembership

DEMO_PASSWORD = "klaster-demo-2026"
DEMO_DOMAIN = "example.org"


class Command(BaseCommand):
    help = "Development only: demo accounts for the coordinator and the staff of each gmina."

    @transaction.atomic
    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("demoaccounts creates accounts with a known password; it runs only with DEBUG=1.")
        accounts = [(f"koordynator@{DEMO_DOMAIN}", StaffMembership.Role.COORDINATOR, None)]
        for gmina in Participant.objects.gminas().order_by("name"):
            accounts.append((f"{gmina.slug}@{DEMO_DOMAIN}", StaffMembership.Role.STAFF, gmina))
        for email, role, gmina in accounts:
            self._ensure(email, role, gmina)

        self.stdout.write(self.style.SUCCESS("Konta demonstracyjne (tylko do pracy lokalnej):"))
        for email, role, gmina in accounts:
            who = gmina.name if gmina else StaffMembership.Role(role).label
            self.stdout.write(f"  {email:<32} {who}")
        self.stdout.write(f"Hasło każdego konta: {DEMO_PASSWORD}")
        self.stdout.write(f"Logowanie: {settings.SITE_URL}{reverse('account_login')}")  # `make run` sets SITE_URL

    def _ensure(self, email, role, gmina):
        user, _created = get_user_model().objects.get_or_create(username=email, defaults={"email": email})
        user.email = email
        user.set_password(DEMO_PASSWORD)
        user.save()
        EmailAddress.objects.update_or_create(user=user, email=email, defaults={"verified": True, "primary": True})
        StaffMembership.objects.update_or_create(user=user, defaults={"role": role, "gmina": gmina})
