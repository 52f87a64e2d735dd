"""Workflows on applications to join: submitting one, its private status link, starting the review and rejecting it.
Accepting one is an accession to the agreement: agreements.services.application_accept."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..access import is_coordinator
from ..models import Application, ApplicationEvent

APPLICATION_STATUS_SALT = "members.application-status"


def application_status_link(application, *, base_url=None):
    """The applicant's private status link: signed (pk and a random key), valid APPLICATION_STATUS_LINK_DAYS."""
    token = signing.dumps({"a": application.pk, "k": application.access_key}, salt=APPLICATION_STATUS_SALT)
    with translation.override(application.language):
        path = reverse("members:application-status", kwargs={"token": token})
    return (base_url or settings.SITE_URL).rstrip("/") + path


def application_for_token(token):
    """The application a status link points to. Raises signing.SignatureExpired for an old link and
    Application.DoesNotExist for a forged or unknown one."""
    try:
        data = signing.loads(
            token, salt=APPLICATION_STATUS_SALT, max_age=timedelta(days=settings.APPLICATION_STATUS_LINK_DAYS)
        )
    except signing.SignatureExpired:
        raise
    except signing.BadSignature:
        raise Application.DoesNotExist from None
    if not isinstance(data, dict):
        raise Application.DoesNotExist
    return Application.objects.select_related("gmina").get(pk=data.get("a"), access_key=data.get("k"))


def _recent_twin(fields):
    """The same application sent again within a few minutes (a double click, a reload): return the first one."""
    since = timezone.now() - timedelta(minutes=10)
    return (
        Application.objects.filter(
            submitted_at__gte=since,
            email__iexact=fields.get("email", ""),
            name=fields["name"],
            nip=fields.get("nip", ""),
            regon=fields.get("regon", ""),
            krs=fields.get("krs", ""),
        )
        .order_by("pk")
        .first()
    )


@transaction.atomic
def application_submit(*, cluster, fields, language="pl", base_url=None, send=True):
    """Record an application from the public form (`fields`: the form's cleaned data without the consent box).

    Consent to the information clause is recorded with the clause's version and the time. Returns
    (application, created): a double submit returns the application already made. The applicant gets an email with
    the status link when they gave an address."""
    twin = _recent_twin(fields)
    if twin is not None:
        return twin, False
    application = Application.objects.create(
        cluster=cluster,
        **fields,
        language=language,
        consent_clause_version=settings.APPLICATION_CLAUSE_VERSION,
        consent_given_at=timezone.now(),
        access_key=secrets.token_urlsafe(24),
    )
    ApplicationEvent.objects.create(application=application, status=Application.Status.RECEIVED)
    if send and application.email:
        link = application_status_link(application, base_url=base_url)
        transaction.on_commit(lambda: application_notify(application=application, link=link))
    return application, True


def application_notify(*, application, link):
    """Email the applicant where their application stands, with the status link (plain text and HTML)."""
    with translation.override(application.language):
        context = {
            "application": application,
            "link": link,
            "valid_days": settings.APPLICATION_STATUS_LINK_DAYS,
        }
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + _("Wniosek o przystąpienie do klastra: %(status)s") % {
            "status": application.get_status_display()
        }
        message = EmailMultiAlternatives(
            subject=subject,
            body=render_to_string("members/email/application_status.txt", context),
            to=[application.email],
        )
        message.attach_alternative(render_to_string("members/email/application_status.html", context), "text/html")
        message.send()


def _application_locked(application):
    """The application re-read under a row lock: a decision is taken on what is in the database now."""
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def application_start_review(*, application, by):
    if not is_coordinator(by):
        raise PermissionDenied
    application = _application_locked(application)
    if application.status != Application.Status.RECEIVED:
        return application
    application.status = Application.Status.UNDER_REVIEW
    application.save(update_fields=["status", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=application.status, by=by)
    return application


@transaction.atomic
def application_reject(*, application, reason, by, base_url=None, send=True):
    """Reject an open application with a reason the applicant will read. A decided application stays as decided:
    a second coordinator deciding at the same moment gets a ValidationError saying what happened."""
    if not is_coordinator(by):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Podaj uzasadnienie odrzucenia; wnioskodawca je zobaczy."))
    application = _application_locked(application)
    if not application.is_open:
        raise ValidationError(application_already_decided_message(application))
    application.status = Application.Status.REJECTED
    application.decided_at = timezone.now()
    application.decided_by = by
    application.decision_reason = reason
    application.save(update_fields=["status", "decided_at", "decided_by", "decision_reason", "updated_at"])
    ApplicationEvent.objects.create(application=application, status=application.status, by=by, note=reason)
    if send and application.email:
        link = application_status_link(application, base_url=base_url)
        transaction.on_commit(lambda: application_notify(application=application, link=link))
    return application


def application_already_decided_message(application):
    return _("Ten wniosek został już rozstrzygnięty (%(status)s, %(when)s); nic nie zmieniono.") % {
        "status": application.get_status_display(),
        "when": timezone.localtime(application.decided_at).strftime("%d.%m.%Y %H:%M") if application.decided_at else "",
    }
