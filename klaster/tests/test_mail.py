"""A stopped mail server loses nothing: mail is queued in the database (klaster/mail.py) and the worker sends it, once,
when the server is back. Against a real SMTP server (aiosmtpd on a port of its own) that the tests stop and start."""

import io
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from klaster.mail import deliver
from klaster.testing import application_form, run_python, smtp_server
from members.models import Application


@pytest.fixture
def stopped_smtp(settings, transactional_db):
    """A real SMTP server, not yet started, that the portal sends through (queued, as in production). The worker runs
    as in production, outside any test transaction: it closes the connection between tasks (close_old_connections)."""
    with smtp_server(started=False) as server:
        for name, value in server.settings().items():
            setattr(settings, name, value)
        settings.EMAIL_RETRY_SECONDS = 0  # the next attempt is due at once: the tests say when the worker runs
        yield server


def run_worker(*options):
    """The worker over what is waiting, then it exits."""
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", *options, stdout=io.StringIO())


def waiting():
    return DBTaskResult.objects.ready().filter(task_path=deliver.module_path)


def test_an_application_sent_while_the_mail_server_is_stopped_is_accepted_and_its_message_sent_once_when_it_is_back(
    stopped_smtp, client, cluster
):
    response = client.post(reverse("members:apply"), application_form(), REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 302 and "?nowy=1" in response["Location"]
    assert Application.objects.get().email == "anna@example.org"
    assert waiting().count() == 1  # the message waits in the database

    run_worker("--max-tasks", "1")  # the server is still stopped: the attempt fails, the next one is queued
    assert stopped_smtp.messages == []
    assert DBTaskResult.objects.failed().filter(task_path=deliver.module_path).count() == 1
    retry = waiting().get()
    assert retry.args_kwargs["kwargs"]["attempt"] == 2

    stopped_smtp.start()
    run_worker()
    run_worker()  # nothing left to send: a second run sends nothing again
    assert len(stopped_smtp.messages) == 1
    envelope = stopped_smtp.messages[0]
    assert envelope.rcpt_tos == ["anna@example.org"]
    message = message_from_bytes(envelope.original_content)
    assert str(make_header(decode_header(message["Subject"]))).startswith(
        "[Klaster] Wniosek o przystąpienie do klastra"
    )
    assert "/dolacz/wniosek/" in envelope.original_content.decode()
    assert not waiting().exists()
    assert DBTaskResult.objects.successful().filter(task_path=deliver.module_path).count() == 1


def test_a_message_is_sent_once_even_when_its_task_runs_twice(stopped_smtp):
    stopped_smtp.start()
    mail.send_mail("Próba", "Treść", None, ["ktos@example.org"])
    queued = waiting().get()
    run_worker()
    deliver.enqueue(**queued.args_kwargs["kwargs"])  # the same message queued again, as after a crash
    run_worker()
    assert len(stopped_smtp.messages) == 1
    assert DBTaskResult.objects.successful().filter(task_path=deliver.module_path).count() == 2


def test_a_message_whose_worker_was_killed_mid_task_is_sent_when_that_worker_starts_again(stopped_smtp):
    stopped_smtp.start()
    mail.send_mail("Próba", "Treść", None, ["ktos@example.org"])
    mail.send_mail("Druga", "Treść", None, ["inny@example.org"])
    killed, alive = waiting().order_by("enqueued_at")
    killed.claim("worker-a")  # running when worker-a was killed: nobody will finish it
    alive.claim("worker-b")  # running on worker-b, which is alive: not ours to touch

    run_worker("--worker-id", "worker-a")
    assert [envelope.rcpt_tos for envelope in stopped_smtp.messages] == [["ktos@example.org"]]
    killed.refresh_from_db()
    alive.refresh_from_db()
    assert killed.status == "FAILED" and "worker-a stopped" in killed.traceback
    assert alive.status == "RUNNING"


def test_a_recipient_refused_for_good_is_not_retried(stopped_smtp):
    stopped_smtp.refuse = "550 5.1.1 No such mailbox"
    stopped_smtp.start()
    mail.send_mail("Próba", "Treść", None, ["nikt@example.org"])
    run_worker()
    assert stopped_smtp.messages == []
    failed = DBTaskResult.objects.failed().get(task_path=deliver.module_path)
    assert "SMTPRecipientsRefused" in failed.exception_class_path
    assert not waiting().exists()


def test_sending_mail_writes_a_task_and_sends_nothing_by_itself(stopped_smtp):
    stopped_smtp.start()
    assert mail.send_mail("Próba", "Treść", None, ["ktos@example.org"]) == 1
    assert stopped_smtp.messages == []
    assert waiting().count() == 1


def test_the_portal_queues_mail_and_the_worker_sends_it_through_smtp_when_email_host_is_set():
    done = run_python(
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_DELIVERY_BACKEND)",
        EMAIL_HOST="smtp.example.org",
    )
    assert done.stdout.split() == ["klaster.mail.QueuedEmailBackend", "django.core.mail.backends.smtp.EmailBackend"]
    done = run_python(
        "from django.conf import settings; print(settings.EMAIL_BACKEND, settings.EMAIL_DELIVERY_BACKEND)"
    )
    assert done.stdout.split() == ["klaster.mail.QueuedEmailBackend", "django.core.mail.backends.console.EmailBackend"]
