"""The cluster agreement and who signed it.

Versions, annexes and documents come with the agreement issue; this holds what the portal shows
today: the agreement, its date and place, and its parties.
"""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from klaster.uploads import validate_pdf
from members.models import Cluster, Participant, Role


class AgreementQuerySet(models.QuerySet):
    def current(self):
        """The agreement in force for a cluster (one per cluster today)."""
        return self.filter(status=Agreement.Status.IN_FORCE).select_related("cluster")


class Agreement(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("projekt")
        IN_FORCE = "in_force", _("obowiązuje")
        TERMINATED = "terminated", _("rozwiązane")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="agreements", verbose_name=_("klaster"))
    title = models.CharField(_("tytuł"), max_length=400)
    slug = models.SlugField(_("identyfikator w adresie"), max_length=100, unique=True)
    signed_on = models.DateField(_("data podpisania"), null=True, blank=True)
    signed_place = models.CharField(_("miejsce podpisania"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    summary = models.TextField(
        _("streszczenie"),
        blank=True,
        help_text=_("Co wiadomo o porozumieniu; pełny tekst wprowadza koordynator."),
    )
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = AgreementQuerySet.as_manager()

    class Meta:
        verbose_name = _("porozumienie")
        verbose_name_plural = _("porozumienia")
        ordering = ["-signed_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster"], condition=Q(status="in_force"), name="agreements_agreement_one_in_force"
            ),
        ]

    def __str__(self):
        return self.title

    def signatures_for_display(self):
        return self.signatures.select_related("participant", "representative__person").order_by(
            "signed_on", "participant__kind", "participant__name"
        )


class Signature(models.Model):
    class Basis(models.TextChoices):
        FOUNDING = "founding", _("strona założycielska")
        ACCESSION = "accession", _("przystąpienie")

    agreement = models.ForeignKey(
        Agreement, on_delete=models.CASCADE, related_name="signatures", verbose_name=_("porozumienie")
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.PROTECT, related_name="signatures", verbose_name=_("strona")
    )
    basis = models.CharField(_("podstawa"), max_length=20, choices=Basis.choices)
    signed_on = models.DateField(_("data podpisania"))
    signed_place = models.CharField(_("miejsce podpisania"), max_length=200, blank=True)
    representative = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("reprezentowany przez"),
    )
    ended_on = models.DateField(_("koniec związania porozumieniem"), null=True, blank=True)
    end_reason = models.TextField(_("powód"), blank=True)

    class Meta:
        verbose_name = _("podpis")
        verbose_name_plural = _("podpisy")
        ordering = ["signed_on", "participant__name"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "participant"], name="agreements_signature_unique_party"),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("signed_on")),
                name="agreements_signature_ended_after_signed",
            ),
        ]

    def __str__(self):
        return f"{self.participant} – {self.agreement}"


class DocumentQuerySet(models.QuerySet):
    def resolutions(self):
        return self.filter(kind=Document.Kind.RESOLUTION)


class Document(models.Model):
    """A document of the agreement or of a party: rules, letter of intent, declarations, council resolutions."""

    class Kind(models.TextChoices):
        AGREEMENT = "porozumienie", _("porozumienie")
        RULES = "regulamin", _("regulamin")
        ANNEX = "aneks", _("aneks")
        ACCESSION = "deklaracja", _("deklaracja przystąpienia")
        RESOLUTION = "uchwala", _("uchwała rady gminy")
        LETTER_OF_INTENT = "list_intencyjny", _("list intencyjny")
        WITHDRAWAL = "wystapienie", _("oświadczenie o wystąpieniu")

    kind = models.CharField(_("rodzaj"), max_length=30, choices=Kind.choices)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("strona"),
    )
    agreement = models.ForeignKey(
        Agreement,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("porozumienie"),
    )
    number = models.CharField(_("numer"), max_length=100, blank=True)
    date = models.DateField(_("data"))
    title = models.CharField(_("tytuł"), max_length=500)
    url = models.URLField(_("adres w BIP lub w sieci"), blank=True)
    file = models.FileField(_("plik PDF"), upload_to="documents/%Y/", blank=True, validators=[validate_pdf])
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
        ordering = ["-date", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "number"],
                condition=Q(kind="uchwala") & ~Q(number=""),
                name="agreements_document_unique_resolution_number",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}".strip() + f": {self.title}"


auditlog.register(Agreement)
auditlog.register(Signature)
auditlog.register(Document)
