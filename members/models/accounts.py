"""Accounts of the portal: who is staff of which gmina or the coordinator, invitations to accounts, the account history."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .parties import Participant


class StaffMembership(models.Model):
    """What a user does in the portal: the coordinator's office, or the staff of one gmina."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("koordynator")
        STAFF = "staff", _("pracownik gminy")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("użytkownik")
    )
    role = models.CharField(_("rola"), max_length=20, choices=Role.choices)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Participant.Kind.GMINA},
        related_name="staff",
        verbose_name=_("gmina"),
    )

    class Meta:
        verbose_name = _("rola użytkownika")
        verbose_name_plural = _("role użytkowników")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="staff") & Q(gmina__isnull=False)) | (Q(role="coordinator") & Q(gmina__isnull=True)),
                name="members_staffmembership_staff_has_gmina",
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()})"


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        from django.utils import timezone

        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())

    def expired_within(self, days):
        """Not accepted nor revoked, and expired in the last `days` days."""
        from django.utils import timezone

        now = timezone.now()
        return self.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__lte=now,
            expires_at__gt=now - timedelta(days=days),
        )


class Invitation(models.Model):
    """An invitation to an account: staff of one gmina, or a coordinator. The link works once, for 7 days.

    Only the SHA-256 of the link's token is stored, so a copy of the database cannot be used to log in.
    """

    email = models.EmailField(_("adres e-mail"))
    role = models.CharField(_("rola"), max_length=20, choices=StaffMembership.Role.choices)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        limit_choices_to={"kind": Participant.Kind.GMINA},
        related_name="invitations",
        verbose_name=_("gmina"),
    )
    language = models.CharField(_("język wiadomości"), max_length=5, choices=settings.LANGUAGES, default="pl")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("zaprasza"),
    )
    created_at = models.DateTimeField(_("wysłano"), auto_now_add=True)
    expires_at = models.DateTimeField(_("ważne do"))
    accepted_at = models.DateTimeField(_("przyjęto"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("konto"),
    )
    revoked_at = models.DateTimeField(_("odwołano"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("zaproszenie")
        verbose_name_plural = _("zaproszenia")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(role="staff") & Q(gmina__isnull=False)) | (Q(role="coordinator") & Q(gmina__isnull=True)),
                name="members_invitation_staff_has_gmina",
            ),
            models.CheckConstraint(
                condition=Q(accepted_at__isnull=True) | Q(revoked_at__isnull=True),
                name="members_invitation_accepted_or_revoked",
            ),
        ]

    def __str__(self):
        return f"{self.email} ({self.get_role_display()})"


class AccountEvent(models.Model):
    """What happened to accounts: logins, failed logins, invitations, role changes, deactivations."""

    class Kind(models.TextChoices):
        LOGIN = "login", _("logowanie")
        LOGIN_FAILED = "login_failed", _("nieudane logowanie")
        LOGOUT = "logout", _("wylogowanie")
        INVITED = "invited", _("wysłano zaproszenie")
        INVITATION_REVOKED = "invitation_revoked", _("odwołano zaproszenie")
        INVITATION_ACCEPTED = "invitation_accepted", _("przyjęto zaproszenie")
        ROLE_CHANGED = "role_changed", _("zmiana roli")
        DEACTIVATED = "deactivated", _("wyłączono konto")
        REACTIVATED = "reactivated", _("włączono konto")

    kind = models.CharField(_("zdarzenie"), max_length=30, choices=Kind.choices)
    email = models.EmailField(_("konto"), help_text=_("Adres konta, którego dotyczy zdarzenie."))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="account_events",
        verbose_name=_("użytkownik"),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("wykonał"),
    )
    detail = models.JSONField(_("szczegóły"), default=dict, blank=True)
    at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("zdarzenie konta")
        verbose_name_plural = _("zdarzenia kont")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.email}"
