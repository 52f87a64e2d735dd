"""The privacy policy and the information clauses, in versions. A consent records the version of the clause it agreed
to (an application's `consent_clause_version`, a contact message's `clause_version`); publishing a new version keeps
every earlier one readable at its own address. A version is never changed once published: a change is a new version."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LegalTextQuerySet(models.QuerySet):
    def current(self, kind):
        """The version in force of `kind` (the last published), or None before loadcluster has loaded one."""
        return self.filter(kind=kind).order_by("-published_at", "-pk").first()


class LegalText(models.Model):
    class Kind(models.TextChoices):
        PRIVACY = "privacy", _("polityka prywatności")
        APPLICATION_CLAUSE = "application_clause", _("klauzula informacyjna wniosku o przystąpienie")
        CONTACT_CLAUSE = "contact_clause", _("klauzula informacyjna formularza kontaktowego")
        EVENT_CLAUSE = "event_clause", _("klauzula informacyjna zapisów na wydarzenia")

    kind = models.CharField(_("rodzaj"), max_length=30, choices=Kind.choices)
    version = models.CharField(
        _("wersja"), max_length=20, help_text=_("Data publikacji, z numerem, gdy było ich kilka.")
    )
    body = models.TextField(_("treść"), help_text=_("Markdown jak w porozumieniu."))
    published_at = models.DateTimeField(_("opublikowano"), auto_now_add=True)

    objects = LegalTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("tekst prawny")
        verbose_name_plural = _("teksty prawne")
        ordering = ["kind", "-published_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="members_legaltext_unique_version"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.version}"

    def get_absolute_url(self):
        return reverse("legal-text", kwargs={"pk": self.pk})
