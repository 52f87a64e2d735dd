"""The personas every view test uses, their accounts and their second factor, and invitations to accounts."""

import time

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from members import services
from members.models import Invitation, Participant, StaffMembership

PASSWORD = "test-password-123"
NEW_PASSWORD = "Zielone-Lasy-Tworoga-2026"  # what a person chooses when accepting an invitation
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# Who may knock on a page: every view is tried with each (klaster/tests/test_permissions.py).
PERSONAS = ["anonymous", "staff_tworog", "staff_pawonkow", "coordinator", "coordinator_without_mfa", "superuser"]

# The account of each signed-in persona: (email, role, the gmina's slug).
_ACCOUNTS = {
    "staff_tworog": ("tworog@example.org", StaffMembership.Role.STAFF, "tworog"),
    "staff_pawonkow": ("pawonkow@example.org", StaffMembership.Role.STAFF, "pawonkow"),
    "coordinator": ("koordynator@example.org", StaffMembership.Role.COORDINATOR, None),
    "coordinator_without_mfa": ("nowy.koordynator@example.org", StaffMembership.Role.COORDINATOR, None),
    "superuser": ("admin@example.org", None, None),
}


def make_user(email, *, role=None, gmina=None, superuser=False):
    """An account with a verified address and PASSWORD; with `role`, a staff membership (of `gmina`)."""
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        StaffMembership.objects.create(user=user, role=role, gmina=gmina)
    return user


def make_persona(persona):
    """The account of `persona` (one of PERSONAS but the anonymous visitor): staff of Tworóg or Pawonków, the
    coordinator with TOTP set up (coordinator pages require it), a coordinator without it, a superuser with no role."""
    email, role, gmina = _ACCOUNTS[persona]
    user = make_user(
        email,
        role=role,
        gmina=Participant.objects.get(slug=gmina) if gmina else None,
        superuser=persona == "superuser",
    )
    if persona == "coordinator":
        from allauth.mfa.totp.internal.auth import TOTP

        TOTP.activate(user, TOTP_SECRET)
    return user


def persona_user(request, persona):
    """The user of `persona` from its fixture, None for the anonymous visitor (`request` is pytest's)."""
    return None if persona == "anonymous" else request.getfixturevalue(persona)


def log_in_as(client, request, persona):
    """Sign the test client in as `persona` (nobody for the anonymous visitor); the user, or None."""
    user = persona_user(request, persona)
    if user is not None:
        client.force_login(user)
    return user


def totp_code(secret=TOTP_SECRET):
    """The current one-time code for `secret`, as an authenticator app would show it."""
    return totp_code_of_period(0, secret)


def totp_code_of_period(offset, secret=TOTP_SECRET):
    """The code of the 30-second period `offset` periods from now (-1: the one before)."""
    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + offset))


def invite_with_link(email, gmina=None, *, role=StaffMembership.Role.STAFF, by=None, **options):
    """An invitation made through the service without mail (`options` are the service's): (invitation, its link)."""
    return services.invitation_create(email=email, role=role, gmina=gmina, by=by, send=False, **options)


def invite(email, gmina=None, *, role=StaffMembership.Role.STAFF, by=None, **fields):
    """An invitation made through the service; `fields` (accepted_at, revoked_at, expires_at) set afterwards."""
    invitation, _link = invite_with_link(email, gmina, role=role, by=by)
    if fields:
        Invitation.objects.filter(pk=invitation.pk).update(**fields)
        invitation.refresh_from_db()
    return invitation


def accept_invitation(client, path, password=NEW_PASSWORD, password2=None, **kwargs):
    """Send the form of the invitation link at `path` with the new password (typed twice, or then `password2`)."""
    return client.post(path, {"password1": password, "password2": password2 or password}, **kwargs)
