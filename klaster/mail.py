"""Mail that a stopped mail server cannot lose: every message is queued in the database and sent by the worker.

EMAIL_BACKEND is QueuedEmailBackend: sending a message (an application's status link, an invitation, allauth's
messages) writes one task of the portal's one task queue (django-tasks with its database backend, django-tasks-db) and
returns at once, so the action that sends mail succeeds whatever the mail server does. The worker
(`manage.py worker`, klaster/management/commands/worker.py) runs `deliver`, which hands the message as it was written
to EMAIL_DELIVERY_BACKEND (SMTP in production, the console in development).

- Retried: when the server does not answer or answers "try later" (4xx), the attempt is recorded as failed, with the
  error, and a new attempt is queued after a growing delay (EMAIL_RETRY_SECONDS, doubled each time, at most an hour;
  MAX_ATTEMPTS attempts, about two days). A refusal for good (5xx for the sender, the recipients or the content) is not
  retried: it stays as a failed task with the server's answer.
- Idempotent: a message is known by its Message-ID; an attempt finds a message already sent by an earlier attempt and
  does nothing. Only a worker killed between the server's "250 OK" and recording the success sends a message twice.
- A worker killed mid-task leaves its task "running": the worker queues such tasks again when it starts
  (klaster/management/commands/worker.py, by its worker id).
"""

import base64
import logging
import smtplib
from datetime import timedelta
from email import message_from_bytes
from email.message import Message

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 60
LONGEST_DELAY = timedelta(hours=1)


class QueuedEmailBackend(BaseEmailBackend):
    """Queues each message as a `deliver` task, in the current transaction when there is one."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            recipients = message.recipients()
            if not recipients:
                continue
            try:
                mime = message.message()  # as the SMTP backend would write it, Message-ID included
                deliver.enqueue(
                    message_id=mime["Message-ID"],
                    from_email=message.from_email,
                    recipients=recipients,
                    raw=base64.b64encode(mime.as_bytes(linesep="\r\n")).decode("ascii"),
                )
            except Exception:
                if not self.fail_silently:
                    raise
                continue
            queued += 1
        return queued


class _WrittenMime(Message):
    """The MIME message as it was written, byte for byte, with the interface Django's backends use (as_bytes with a
    line separator, as Django's own MIME classes have)."""

    def as_bytes(self, unixfrom=False, linesep="\n"):
        return self.raw.replace(b"\r\n", linesep.encode())


class _WrittenMessage(EmailMessage):
    """A message already written (its MIME bytes with CRLF), for any Django email backend to send as it is."""

    def __init__(self, *, from_email, recipients, raw):
        super().__init__(from_email=from_email)
        self._recipients = recipients
        self._raw = raw

    def recipients(self):
        return self._recipients

    def message(self):
        mime = message_from_bytes(self._raw, _class=_WrittenMime)
        mime.raw = self._raw
        return mime


def _sent_before(message_id):
    return (
        DBTaskResult.objects.successful()
        .filter(task_path=deliver.module_path, args_kwargs__kwargs__message_id=message_id)
        .exists()
    )


def worth_retrying(error):
    """A failure that may pass: the server unreachable, cut off, or answering 4xx (not a refusal for good)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(400 <= code < 500 for code, _text in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500:
        return isinstance(error, smtplib.SMTPAuthenticationError)  # a password that the administrator will fix
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return False
    return isinstance(error, OSError)  # refused, timed out, disconnected, TLS (smtplib's errors are OSErrors)


def retry_delay(attempt):
    return min(timedelta(seconds=settings.EMAIL_RETRY_SECONDS * 2 ** (attempt - 1)), LONGEST_DELAY)


@task()
def deliver(*, message_id, from_email, recipients, raw, attempt=1):
    """Send one queued message through EMAIL_DELIVERY_BACKEND, once; on a failure that may pass, queue the next
    attempt and fail this one (the failed task keeps the error)."""
    if _sent_before(message_id):
        return "sent before"
    message = _WrittenMessage(from_email=from_email, recipients=recipients, raw=base64.b64decode(raw))
    try:
        with get_connection(settings.EMAIL_DELIVERY_BACKEND) as connection:
            connection.send_messages([message])
    except Exception as error:
        if attempt < MAX_ATTEMPTS and worth_retrying(error):
            when = timezone.now() + retry_delay(attempt)
            deliver.using(run_after=when).enqueue(
                message_id=message_id, from_email=from_email, recipients=recipients, raw=raw, attempt=attempt + 1
            )
            logger.warning("Mail %s not sent (%s); attempt %d at %s", message_id, error, attempt + 1, when)
        else:
            logger.error("Mail %s not sent, not retried: %s", message_id, error)
        raise
    return "sent"
