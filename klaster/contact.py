"""Messages from the public contact form: kept in the database (members.ContactMessage, which the export and erasure
of personal data reach) for the coordinator's panel, and sent by e-mail.

Only a message's status (new, read, handled) goes to the audit history: the text and the sender's address are personal
data that the history must not copy. A message does not raise the data revision: nothing public shows it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as gettext_now

from members.models import ContactMessage


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
