"""Workflows on applications to join: submitting one, its private status link, telling the applicant where it stands.
The decision on it (review, acceptance as an accession, rejection) is agreements.services.applications'."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..models import Application, ApplicationEvent, LegalText

APPLICATION_STATUS_SALT = "members.application-status"


def application_status_path(application):
    """The path of the applicant's private status page: signed (pk and a random key), valid
    APPLICATION_STATUS_LINK_DAYS. A redirect inside the site uses it as it is."""
    token = signing.dumps({"a": application.pk, "k": application.access_key}, salt=APPLICATION_STATUS_SALT)
    with translation.override(application.language):
        return reverse("members:application-status", kwargs={"token": token})


def application_status_link(application, *, base_url=None):
    """The status link sent to the applicant: the status path at `base_url` (klaster.addresses.site_url of the
    request), or at SITE_URL without one."""
    return (base_url or settings.SITE_URL).rstrip("/") + application_status_path(application)


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


def application_clause_version():
    """The version of the information clause in force, which a consent given now agrees to (the setting's before
    loadcluster has loaded the clause)."""
    clause = LegalText.objects.current(LegalText.Kind.APPLICATION_CLAUSE)
    return clause.version if clause else settings.APPLICATION_CLAUSE_VERSION


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
        consent_clause_version=application_clause_version(),
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
