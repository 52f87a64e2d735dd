"""Applications to join the cluster and the history of each one's status."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klaster import identifiers

from .cluster import Cluster
from .parties import Participant


class ApplicationQuerySet(models.QuerySet):
    def open(self):
        """Waiting for a decision: received or under review."""
        return self.filter(status__in=[Application.Status.RECEIVED, Application.Status.UNDER_REVIEW])

    def from_gmina(self, gmina):
        return self.filter(gmina=gmina)

    def for_queue(self):
        return self.select_related("gmina", "decided_by", "participant")


class Application(models.Model):
    """What a would-be stakeholder submitted through "Dołącz do klastra", and the decision on it.

    No account is needed: the applicant follows a signed, expiring status link. Consent to the information clause is
    recorded with the clause's version and the time; personal contact data is erased on request (`anonymised_at`)
    and, for rejected applications, a year after the decision.
    """

    class Status(models.TextChoices):
        RECEIVED = "received", _("złożony")
        UNDER_REVIEW = "under_review", _("w trakcie rozpatrywania")
        ACCEPTED = "accepted", _("przyjęty")
        REJECTED = "rejected", _("odrzucony")

    cluster = models.ForeignKey(
        Cluster, on_delete=models.PROTECT, related_name="applications", verbose_name=_("klaster")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    category = models.CharField(_("kategoria"), max_length=30, choices=Participant.Category.choices)
    name = models.CharField(_("nazwa lub imię i nazwisko"), max_length=300)
    nip = identifiers.NIPField(_("NIP"))
    regon = identifiers.REGONField(_("REGON"))
    krs = identifiers.KRSField(_("KRS"))
    street = models.CharField(_("ulica i numer"), max_length=200, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=120)
    gmina = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        limit_choices_to={"kind": Participant.Kind.GMINA},
        related_name="applications_from_here",
        verbose_name=_("gmina"),
    )
    contact_name = models.CharField(_("osoba do kontaktu"), max_length=200, blank=True)
    email = models.EmailField(_("adres e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    contribution = models.TextField(
        _("co wnosi do klastra"),
        help_text=_("Na przykład planowane instalacje, ich moc, zużycie energii, doświadczenie."),
    )
    planned_capacity_kw = models.DecimalField(
        _("planowana moc instalacji (kW)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    public_listing = models.BooleanField(_("zgoda na publikację w katalogu"), default=False)
    consent_clause_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=20)
    consent_given_at = models.DateTimeField(_("zgoda wyrażona"))
    access_key = models.CharField(max_length=32, unique=True, editable=False)
    language = models.CharField(_("język"), max_length=5, choices=settings.LANGUAGES, default="pl")

    submitted_at = models.DateTimeField(_("złożono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)
    decided_at = models.DateTimeField(_("rozstrzygnięto"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("rozstrzygnął"),
    )
    decision_reason = models.TextField(_("uzasadnienie"), blank=True)
    participant = models.OneToOneField(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
        verbose_name=_("strona porozumienia"),
    )
    anonymised_at = models.DateTimeField(_("dane osobowe usunięto"), null=True, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("wniosek o przystąpienie")
        verbose_name_plural = _("wnioski o przystąpienie")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["received", "under_review"]) | Q(decided_at__isnull=False),
                name="members_application_decided_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(decision_reason=""),
                name="members_application_rejected_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted") | Q(participant__isnull=False),
                name="members_application_accepted_has_party",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_open(self):
        return self.status in (self.Status.RECEIVED, self.Status.UNDER_REVIEW)


class ApplicationEvent(models.Model):
    """One step in an application's history: submitted, taken for review, accepted, rejected, anonymised."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events", verbose_name=_("wniosek")
    )
    status = models.CharField(_("status"), max_length=20, choices=Application.Status.choices)
    at = models.DateTimeField(_("kiedy"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("kto"),
    )
    note = models.TextField(_("uwagi"), blank=True)

    class Meta:
        verbose_name = _("zdarzenie wniosku")
        verbose_name_plural = _("historia wniosku")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.application}: {self.get_status_display()}"
