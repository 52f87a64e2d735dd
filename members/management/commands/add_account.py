"""Invite a person to an account from the command line and print the one-time link to set the password.

The first coordinator's account is made this way; no password ever appears on the command line. If the address
already has an account, the same link gives it the new role and a new password once opened.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils import timezone

from members import services
from members.models import Participant, StaffMembership


def find_gmina(value):
    """The gmina named by its name, short name, slug or TERYT code; CommandError naming the choices otherwise."""
    value = value.strip()
    gminas = Participant.objects.gminas().order_by("name")
    by_name = Q(name__iexact=value) | Q(short_name__iexact=value) | Q(slug__iexact=value)
    try:
        found = gminas.filter(Q(teryt=value) if value.isdigit() else by_name).first()
    except ValidationError:  # digits that cannot be a TERYT code
        found = None
    if found is None:
        choices = (
            "\n".join(f"  {gmina.teryt}  {gmina.name}" for gmina in gminas) or "  (brak gmin: uruchom loadcluster)"
        )
        raise CommandError(f"Nie ma gminy „{value}”. Podaj nazwę lub kod TERYT jednej z gmin:\n{choices}")
    return found


class Command(BaseCommand):
    help = "Zaproszenie do konta: drukuje jednorazowy link do ustawienia hasła (ważny przez kilka dni)."

    def add_arguments(self, parser):
        parser.add_argument("email", help="adres e-mail osoby")
        parser.add_argument("--role", required=True, choices=StaffMembership.Role.values, help="coordinator lub staff")
        parser.add_argument("--gmina", help="nazwa lub kod TERYT gminy (wymagane dla roli staff)")
        parser.add_argument("--language", default="pl", choices=[code for code, _name in settings.LANGUAGES])

    def handle(self, *args, email, role, gmina=None, language="pl", **options):
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"„{email}” nie jest poprawnym adresem e-mail.") from None
        if role == StaffMembership.Role.STAFF and not gmina:
            raise CommandError("Pracownik gminy (--role staff) musi mieć wskazaną gminę: --gmina NAZWA_LUB_TERYT.")
        if role == StaffMembership.Role.COORDINATOR and gmina:
            raise CommandError("Koordynator klastra nie jest przypisany do gminy: pomiń --gmina.")
        place = find_gmina(gmina) if gmina else None

        invitation, link = services.invitation_create(
            email=email, role=role, gmina=place, language=language, base_url=settings.SITE_URL, send=False
        )
        who = f"pracownik: {place.name}" if place else StaffMembership.Role(role).label
        self.stdout.write(self.style.SUCCESS(f"Zaproszenie dla {email} ({who})."))
        if get_user_model().objects.filter(email__iexact=email).exists():
            self.stdout.write("Konto z tym adresem już istnieje: po otwarciu linku dostanie tę rolę i nowe hasło.")
        expires = timezone.localtime(invitation.expires_at).strftime("%Y-%m-%d %H:%M")
        self.stdout.write(f"Link do ustawienia hasła (działa jeden raz, do {expires}):")
        self.stdout.write(link)
