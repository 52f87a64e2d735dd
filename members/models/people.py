"""People and their roles in a party: representatives, contacts, speakers. People are not organisations."""

from django.db import models
from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from .parties import Participant


class Person(models.Model):
    """A person: a representative, a speaker or a contact. People are not organisations."""

    first_name = models.CharField(_("imię"), max_length=100)
    last_name = models.CharField(_("nazwisko"), max_length=100)
    email = models.EmailField(_("adres e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    contact_public = models.BooleanField(
        _("zgoda na publikację danych kontaktowych"),
        default=False,
        help_text=_("Osoba zgodziła się, aby jej adres e-mail i telefon były widoczne na publicznej stronie."),
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    anonymised_at = models.DateTimeField(
        _("dane kontaktowe usunięto"),
        null=True,
        blank=True,
        help_text=_("Na żądanie osoby; podpisane dokumenty z jej nazwiskiem pozostają."),
    )

    class Meta:
        verbose_name = _("osoba")
        verbose_name_plural = _("osoby")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def public_email(self):
        """The e-mail a visitor may see: only with the person's consent."""
        return self.email if self.contact_public and not self.anonymised_at else ""

    @property
    def public_phone(self):
        return self.phone if self.contact_public and not self.anonymised_at else ""


class RoleQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def public(self):
        """The functions in which a visitor may see the person named: in a party a visitor may see named
        (ParticipantQuerySet.listed, the rule of members.models.parties) or in an organisation outside the cluster."""
        return self.filter(Q(participant__isnull=True) | Q(participant__in=Participant.objects.listed()))

    def representatives(self):
        return self.current().filter(is_representative=True).select_related("person")

    def signatories(self, cluster):
        """The people who represent a party of `cluster`, past ones too: a signature may be recorded years later
        (the forms check that the function covered the day of signing: Role.covers)."""
        return (
            self.filter(participant__cluster=cluster, is_representative=True)
            .select_related("person", "participant")
            .order_by("participant__name", "person__last_name", "pk")
        )

    def of_party(self, participant):
        """A party's people in the panel: current functions first, then past ones by when they ended."""
        return (
            self.filter(participant=participant)
            .select_related("person")
            .order_by(models.F("ended_on").desc(nulls_first=True), "person__last_name", "person__first_name", "pk")
        )


class Role(models.Model):
    """Ties a person to an organisation with a function ("prezes Zarządu", "wójt", "kontakt")."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles", verbose_name=_("osoba"))
    participant = models.ForeignKey(
        Participant,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("uczestnik klastra"),
        help_text=_("Puste, gdy osoba działa w instytucji spoza klastra (np. jako prelegent)."),
    )
    function = models.CharField(_("funkcja"), max_length=400)
    is_representative = models.BooleanField(_("reprezentuje uczestnika"), default=False)
    started_on = models.DateField(_("od"), null=True, blank=True)
    ended_on = models.DateField(_("do"), null=True, blank=True)

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("funkcja osoby")
        verbose_name_plural = _("funkcje osób")
        ordering = ["person__last_name", "person__first_name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="members_role_ended_after_started",
            ),
        ]

    def __str__(self):
        return f"{self.person}, {self.function}"

    @property
    def is_public(self):
        """A visitor may see the person named in this function (RoleQuerySet.public)."""
        return self.participant_id is None or self.participant.is_listed

    @property
    def period(self):
        """When the person held the function, as a reader sees it ("1 stycznia 2019 – …"), or "" when not known."""
        if not (self.started_on or self.ended_on):
            return ""
        start = formats.date_format(self.started_on, "j E Y") if self.started_on else "…"
        end = formats.date_format(self.ended_on, "j E Y") if self.ended_on else "…"
        return f"{start} – {end}"

    def covers(self, day):
        """The person held this function on `day` (an unknown start or end does not exclude it)."""
        return (self.started_on is None or self.started_on <= day) and (self.ended_on is None or self.ended_on >= day)
