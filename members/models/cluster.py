"""The cluster itself (one row today; the portal may host more) and the benefits it lists."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ClusterQuerySet(models.QuerySet):
    def main(self):
        """The cluster this portal serves (one row today), or None before `loadcluster` has run."""
        return self.select_related("coordinator").order_by("pk").first()


class Cluster(models.Model):
    name = models.CharField(_("nazwa"), max_length=200)
    slug = models.SlugField(_("identyfikator w adresie"), max_length=100, unique=True)
    tagline = models.CharField(_("krótki opis"), max_length=300, blank=True)
    about = models.TextField(_("czym jest klaster"), blank=True)
    joining = models.TextField(
        _("jak dołączyć do klastra"), blank=True, help_text=_("Na stronie głównej; Markdown jak w porozumieniu.")
    )
    # The accessibility statement's parts the coordinator keeps (the rest is the statutory template).
    accessibility_published_on = models.DateField(_("data publikacji strony"), null=True, blank=True)
    accessibility_updated_on = models.DateField(
        _("data ostatniej aktualizacji deklaracji dostępności"),
        null=True,
        blank=True,
        help_text=_("Deklarację przegląda się co roku do 31 marca."),
    )
    accessibility_notes = models.TextField(
        _("treści niedostępne i wyłączenia"),
        blank=True,
        help_text=_("W deklaracji dostępności, pod stanem dostępności. Markdown jak w porozumieniu."),
    )
    # Who answers about accessibility: left empty until the coordinator names someone (never invented); the statement
    # then gives the coordinator's own e-mail and phone.
    accessibility_contact_name = models.CharField(
        _("osoba kontaktowa w sprawie dostępności"), max_length=200, blank=True
    )
    accessibility_contact_email = models.EmailField(_("e-mail w sprawie dostępności"), blank=True)
    accessibility_contact_phone = models.CharField(_("telefon w sprawie dostępności"), max_length=40, blank=True)
    accessibility_architecture = models.TextField(
        _("dostępność architektoniczna"),
        blank=True,
        help_text=_("Siedziba koordynatora: wejście, schody, winda, toalety, parking. Markdown jak w porozumieniu."),
    )
    founded_on = models.DateField(_("data utworzenia"), null=True, blank=True)
    founded_place = models.CharField(_("miejsce utworzenia"), max_length=200, blank=True)
    coordinator = models.ForeignKey(
        "Participant",
        verbose_name=_("koordynator"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("adres e-mail"), blank=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = ClusterQuerySet.as_manager()

    class Meta:
        verbose_name = _("klaster")
        verbose_name_plural = _("klastry")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Benefit(models.Model):
    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="benefits", verbose_name=_("klaster"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    text = models.CharField(_("korzyść"), max_length=400)

    class Meta:
        verbose_name = _("korzyść")
        verbose_name_plural = _("korzyści")
        ordering = ["cluster", "position"]
        constraints = [
            models.UniqueConstraint(fields=["cluster", "position"], name="members_benefit_unique_position"),
        ]

    def __str__(self):
        return self.text
