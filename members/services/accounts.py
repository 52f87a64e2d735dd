"""Workflows on accounts: invitations, their acceptance, deactivation. Each is one transaction."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import AccountEvent, Invitation, StaffMembership


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_event_record(*, kind, email, user=None, actor=None, **detail):
    return AccountEvent.objects.create(kind=kind, email=email, user=user, actor=actor, detail=detail)


def invitation_link(token: str, *, language="pl", base_url=None) -> str:
    with translation.override(language):
        path = reverse("invitation-accept", kwargs={"token": token})
    return (base_url or settings.SITE_URL).rstrip("/") + path


@transaction.atomic
def invitation_create(*, email, role, gmina=None, by=None, language="pl", base_url=None, send=True):
    """Invite `email` as staff of `gmina` or as a coordinator; earlier pending invitations to it are revoked.

    Returns (invitation, link). The link holds a random token; only its hash is stored.
    """
    email = email.strip().lower()
    if role == StaffMembership.Role.STAFF and gmina is None:
        raise ValidationError(_("Pracownik gminy musi mieć wskazaną gminę."))
    if role == StaffMembership.Role.COORDINATOR:
        gmina = None
    now = timezone.now()
    for earlier in Invitation.objects.pending().filter(email__iexact=email).select_for_update():
        earlier.revoked_at = now
        earlier.save(update_fields=["revoked_at"])
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        role=role,
        gmina=gmina,
        language=language,
        invited_by=by,
        token_hash=token_hash(token),
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    link = invitation_link(token, language=language, base_url=base_url)
    account_event_record(
        kind=AccountEvent.Kind.INVITED, email=email, actor=by, role=role, gmina=gmina.name if gmina else ""
    )
    if send:
        transaction.on_commit(lambda: invitation_send(invitation=invitation, link=link))
    return invitation, link


def invitation_send(*, invitation, link):
    with translation.override(invitation.language):
        context = {"invitation": invitation, "link": link, "valid_days": settings.INVITATION_VALID_DAYS}
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Zaproszenie do portalu klastra energii")
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("members/email/invitation.txt", context),
            to=[invitation.email],
        )
        message.attach_alternative(render_to_string("members/email/invitation.html", context), "text/html")
        message.send()


def invitation_for_token(token):
    """The invitation a link names, or None; whether it is still usable is the caller's question."""
    return Invitation.objects.select_related("gmina").filter(token_hash=token_hash(token)).first()


class InvitationUnusable(Exception):
    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def invitation_state(invitation):
    """'ok', 'accepted', 'revoked' or 'expired'."""
    if invitation.accepted_at:
        return "accepted"
    if invitation.revoked_at:
        return "revoked"
    if invitation.expires_at <= timezone.now():
        return "expired"
    return "ok"


@transaction.atomic
def invitation_accept(*, invitation, password):
    """Create or update the invitee's account with `password` and the invited role. Works once.

    The row is locked, so two submits of the same link cannot both succeed.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    state = invitation_state(invitation)
    if state != "ok":
        raise InvitationUnusable(state)
    User = get_user_model()
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is None:
        user = User(username=invitation.email, email=invitation.email)
    user.set_password(password)
    user.is_active = True
    user.save()
    EmailAddress.objects.filter(user=user).exclude(email__iexact=invitation.email).update(primary=False)
    EmailAddress.objects.update_or_create(
        user=user, email=invitation.email, defaults={"verified": True, "primary": True}
    )
    previous = StaffMembership.objects.filter(user=user).first()
    StaffMembership.objects.update_or_create(user=user, defaults={"role": invitation.role, "gmina": invitation.gmina})
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    account_event_record(kind=AccountEvent.Kind.INVITATION_ACCEPTED, email=invitation.email, user=user, actor=user)
    if previous and (previous.role, previous.gmina_id) != (invitation.role, invitation.gmina_id):
        account_event_record(
            kind=AccountEvent.Kind.ROLE_CHANGED,
            email=invitation.email,
            user=user,
            actor=invitation.invited_by,
            before=previous.get_role_display(),
            after=invitation.get_role_display(),
        )
    return user


@transaction.atomic
def invitation_revoke(*, invitation, by):
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation_state(invitation) != "ok":
        raise InvitationUnusable(invitation_state(invitation))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    account_event_record(kind=AccountEvent.Kind.INVITATION_REVOKED, email=invitation.email, actor=by)
    return invitation


@transaction.atomic
def account_set_active(*, user, active, by):
    """Deactivate (or reactivate) an account; a deactivated user is signed out of every session."""
    if user.pk == by.pk and not active:
        raise ValidationError(_("Nie możesz wyłączyć własnego konta."))
    user.is_active = active
    user.save(update_fields=["is_active"])
    if not active:
        from allauth.usersessions.models import UserSession

        for session in UserSession.objects.filter(user=user):
            session.end()
    kind = AccountEvent.Kind.REACTIVATED if active else AccountEvent.Kind.DEACTIVATED
    account_event_record(kind=kind, email=user.email, user=user, actor=by)
    return user
