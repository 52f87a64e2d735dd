"""Messages from the public contact form: kept in the database for the coordinator's panel and sent by e-mail.

A message records the version of the information clause the sender agreed to (members.models.LegalText). Only its
status (new, read, handled) goes to the audit history: the text and the sender's address are personal data that the
history must not copy. A message does not raise the data revision (klaster/revision.py): nothing public shows it.
"""

from auditlog.registry import auditlog
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import models, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _


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

    class Meta:
        verbose_name = _("wiadomość z formularza kontaktowego")
        verbose_name_plural = _("wiadomości z formularza kontaktowego")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="klaster_contact_status_idx")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


@transaction.atomic
def contact_message_submit(*, name, email, message, language, clause_version, recipient, panel_url):
    """Keep the message and, once committed, send it to `recipient` (the coordinator's address; nobody when empty)
    with the sender as the address to reply to."""
    kept = ContactMessage.objects.create(
        name=name,
        email=email,
        message=message,
        language=language,
        clause_version=clause_version,
    )
    if recipient:
        transaction.on_commit(lambda: contact_message_send(message=kept, recipient=recipient, panel_url=panel_url))
    return kept


def contact_message_send(*, message, recipient, panel_url):
    """E-mail the message to the coordinator, in Polish (the coordinator's language)."""
    with translation.override("pl"):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + gettext_now(
            "Wiadomość z formularza kontaktowego: %(name)s"
        ) % {"name": message.name}
        body = render_to_string("klaster/email/contact_message.txt", {"message": message, "panel_url": panel_url})
    EmailMessage(subject=subject, body=body, to=[recipient], reply_to=[message.email]).send()


def contact_message_set_status(*, message, status):
    message.status = status
    message.save(update_fields=["status"])


auditlog.register(ContactMessage, include_fields=["status"])
