"""Requests for an accessible version of something on the portal (ustawa z 4 kwietnia 2019 r. o dostępności cyfrowej,
art. 18): sent through the form under the accessibility statement (the page is klaster's), answered by the coordinator
within 7 days. They are here, in members, beside the contact form's messages and for the same reason: they are personal
data that the export and erasure on request (services.personal_data) must reach. A request records the version of the
information clause the sender agreed to (LegalText)."""

from datetime import timedelta

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# The statute's time to meet a request (art. 18 ust. 4): without delay, no later than 7 days after it was made.
ANSWER_DAYS = 7


class AccessibilityRequestQuerySet(models.QuerySet):
    def open(self):
        """The requests not handled yet, the nearest deadline first."""
        return self.filter(status=AccessibilityRequest.Status.NEW).order_by("due_on", "created_at", "pk")

    def overdue(self, today=None):
        """Open requests whose 7 days have passed."""
        return self.open().filter(due_on__lt=today or timezone.localdate())


class AccessibilityRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", _("do załatwienia")
        HANDLED = "handled", _("załatwione")

    class Form(models.TextChoices):
        DOCUMENT = "document", _("dokument dostępny cyfrowo (np. PDF z tekstem lub DOCX)")
        TEXT = "text", _("zwykły tekst w wiadomości e-mail")
        EASY = "easy", _("tekst łatwy do czytania i rozumienia (ETR)")
        AUDIO = "audio", _("nagranie dźwiękowe")
        SIGN = "sign", _("nagranie w polskim języku migowym")
        PRINT = "print", _("wydruk powiększoną czcionką lub w alfabecie Braille’a")
        OTHER = "other", _("inny (opisz w treści żądania)")

    name = models.CharField(_("imię i nazwisko"), max_length=200)
    email = models.EmailField(_("adres e-mail"))
    subject = models.TextField(_("czego dotyczy żądanie"), max_length=3000)
    preferred_form = models.CharField(_("preferowany sposób udostępnienia"), max_length=20, choices=Form.choices)
    clause_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=20)
    language = models.CharField(_("język"), max_length=5, default="pl")
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(_("wysłano"), default=timezone.now)
    due_on = models.DateField(_("termin załatwienia"))
    handled_at = models.DateTimeField(_("załatwiono"), null=True, blank=True)

    objects = AccessibilityRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("żądanie zapewnienia dostępności")
        verbose_name_plural = _("żądania zapewnienia dostępności")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="members_a11y_request_due_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="new", handled_at__isnull=True) | models.Q(status="handled"),
                name="members_a11y_request_open_not_handled",
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"

    @staticmethod
    def due_for(sent_at):
        """The last day to answer a request sent at `sent_at` (Warsaw time)."""
        return timezone.localdate(sent_at) + timedelta(days=ANSWER_DAYS)

    def is_overdue(self, today=None):
        return self.status == self.Status.NEW and self.due_on < (today or timezone.localdate())
