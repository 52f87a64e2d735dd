"""Requests for an accessible version of something (the form under the accessibility statement): kept in the database
(members.AccessibilityRequest, which the export and erasure of personal data reach) with the day they are due, 7 days
after they were sent, and e-mailed to the coordinator; the coordinator marks them handled in the panel.

Only a request's status, deadline and handling go to the audit history: what was asked and who asked are personal data
that the history must not copy. A request does not raise the data revision: nothing public shows it.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as gettext_now

from members.models import AccessibilityRequest


@transaction.atomic
def accessibility_request_submit(
    *, name, email, subject, preferred_form, language, clause_version, recipient, panel_url
):
    """Keep the request with its deadline and, once committed, send it to `recipient` (nobody when empty)."""
    now = timezone.now()
    kept = AccessibilityRequest.objects.create(
        name=name,
        email=email,
        subject=subject,
        preferred_form=preferred_form,
        language=language,
        clause_version=clause_version,
        created_at=now,
        due_on=AccessibilityRequest.due_for(now),
    )
    if recipient:
        transaction.on_commit(
            lambda: accessibility_request_send(request=kept, recipient=recipient, panel_url=panel_url)
        )
    return kept


def accessibility_request_send(*, request, recipient, panel_url):
    """E-mail the request to the coordinator, in Polish (the coordinator's language), with its deadline."""
    with translation.override("pl"):
        subject = settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + gettext_now("Żądanie zapewnienia dostępności: %(name)s") % {
            "name": request.name
        }
        body = render_to_string("klaster/email/accessibility_request.txt", {"request": request, "panel_url": panel_url})
    EmailMessage(subject=subject, body=body, to=[recipient], reply_to=[request.email]).send()


@transaction.atomic
def accessibility_request_set_status(*, request, status):
    """Mark a request handled (now) or back to be handled."""
    request = AccessibilityRequest.objects.select_for_update().get(pk=request.pk)
    if request.status == status:
        return request
    request.status = status
    request.handled_at = timezone.now() if status == AccessibilityRequest.Status.HANDLED else None
    request.save(update_fields=["status", "handled_at"])
    return request
