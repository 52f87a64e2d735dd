"""Messages from the public contact form (the page is klaster's, /kontakt/). They are here, in members, because they are
personal data that the export and erasure on request (services.personal_data) must reach. A message records the
version of the information clause the sender agreed to (LegalText)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ContactMessageQuerySet(models.QuerySet):
    def unread(self):
        """The messages nobody has opened yet (status "new")."""
        return self.filter(status=ContactMessage.Status.NEW)


class ContactMessage(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("nowa")
        READ = "read", _("przeczytana")
        HANDLED = "handled", _("załatwiona")

    name = models.CharField(_("imię i nazwisko"), max_length=200)
    email = models.EmailField(_("adres e-mail"))
    message = models.TextField(_("wiadomość"), max_length=5000)
    clause_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=20)
    language = models.CharField(_("język"), max_length=5, default="pl")
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("wysłano"), auto_now_add=True)

    objects = ContactMessageQuerySet.as_manager()

    class Meta:
        verbose_name = _("wiadomość z formularza kontaktowego")
        verbose_name_plural = _("wiadomości z formularza kontaktowego")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="members_contact_status_idx")]

    def __str__(self):
        return f"{self.name} <{self.email}>"
