"""Personal data on request (RODO): everything held about a person, exported as JSON; erasing a person's contact
details while the signed records stay; and the daily removal of personal data from old rejected applications.

"A person" is found by email address: the people of the register (Person: representatives, contacts, speakers),
applications to join, messages sent through the contact form, requests for an accessible version, and portal accounts
with their invitations and login history; and what the apps above members keep (registrations for events), which they add with `register_source`
(members imports no other app).
"""

from datetime import timedelta

from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from ..access import is_coordinator
from ..models import (
    AccessibilityRequest,
    AccountEvent,
    Application,
    ApplicationEvent,
    ContactMessage,
    Invitation,
    Person,
)

ERASED = "[usunięto]"
PERSON_CONTACT_FIELDS = ("email", "phone")
APPLICATION_CONTACT_FIELDS = ("contact_name", "email", "phone")
# For a natural person the application's name and address are personal data too.
APPLICATION_PERSON_FIELDS = ("name", "street", "website")


# Personal data kept by the apps above members, each registered in its AppConfig.ready(): its key in the export and
# two functions, export(email) giving JSON-ready data and erase(email=..., by=...) giving how many records it erased.
OTHER_SOURCES = {}


def register_source(key, *, export, erase):
    OTHER_SOURCES[key] = (export, erase)


def _when(value):
    return value.isoformat() if value else None


def personal_data(email):
    """Everything held about the person with this email address, as JSON-ready data."""
    email = (email or "").strip()
    people = Person.objects.filter(email__iexact=email).prefetch_related("roles__participant")
    applications = Application.objects.filter(email__iexact=email).select_related("gmina").prefetch_related("events")
    users = get_user_model().objects.filter(email__iexact=email).select_related("membership__gmina")
    return {
        "email": email,
        "exported_at": _when(timezone.now()),
        "people": [
            {
                "first_name": person.first_name,
                "last_name": person.last_name,
                "email": person.email,
                "phone": person.phone,
                "created_at": _when(person.created_at),
                "anonymised_at": _when(person.anonymised_at),
                "roles": [
                    {
                        "organisation": role.participant.name if role.participant else None,
                        "function": role.function,
                        "represents": role.is_representative,
                        "from": _when(role.started_on),
                        "to": _when(role.ended_on),
                    }
                    for role in person.roles.all()
                ],
            }
            for person in people
        ],
        "applications": [
            {
                "name": a.name,
                "category": a.category,
                "nip": a.nip,
                "regon": a.regon,
                "krs": a.krs,
                "address": {"street": a.street, "postal_code": a.postal_code, "city": a.city},
                "gmina": a.gmina.name if a.gmina else None,
                "contact_name": a.contact_name,
                "email": a.email,
                "phone": a.phone,
                "website": a.website,
                "contribution": a.contribution,
                "planned_capacity_kw": str(a.planned_capacity_kw) if a.planned_capacity_kw is not None else None,
                "public_listing": a.public_listing,
                "consent": {"clause_version": a.consent_clause_version, "given_at": _when(a.consent_given_at)},
                "status": a.status,
                "submitted_at": _when(a.submitted_at),
                "decided_at": _when(a.decided_at),
                "decision_reason": a.decision_reason,
                "history": [{"status": e.status, "at": _when(e.at), "note": e.note} for e in a.events.all()],
            }
            for a in applications
        ],
        "accounts": [
            {
                "email": user.email,
                "date_joined": _when(user.date_joined),
                "last_login": _when(user.last_login),
                "is_active": user.is_active,
                "role": getattr(getattr(user, "membership", None), "role", None),
                "gmina": user.membership.gmina.name
                if getattr(user, "membership", None) and user.membership.gmina
                else None,
            }
            for user in users
        ],
        "invitations": [
            {"role": i.role, "created_at": _when(i.created_at), "accepted_at": _when(i.accepted_at)}
            for i in Invitation.objects.filter(email__iexact=email)
        ],
        "account_events": [
            {"kind": e.kind, "at": _when(e.at), "detail": e.detail}
            for e in AccountEvent.objects.filter(email__iexact=email).order_by("at")
        ],
        "contact_messages": [
            {
                "name": m.name,
                "email": m.email,
                "message": m.message,
                "consent": {"clause_version": m.clause_version},
                "sent_at": _when(m.created_at),
                "status": m.status,
            }
            for m in ContactMessage.objects.filter(email__iexact=email).order_by("created_at")
        ],
        "accessibility_requests": [
            {
                "name": r.name,
                "email": r.email,
                "subject": r.subject,
                "preferred_form": r.preferred_form,
                "consent": {"clause_version": r.clause_version},
                "sent_at": _when(r.created_at),
                "due_on": _when(r.due_on),
                "status": r.status,
                "handled_at": _when(r.handled_at),
            }
            for r in AccessibilityRequest.objects.filter(email__iexact=email).order_by("created_at")
        ],
        **{key: export(email) for key, (export, _erase) in OTHER_SOURCES.items()},
    }


def _redact_history(obj, fields):
    """Remove erased values from the audit history of `obj` too: the history keeps that a change happened."""
    for entry in LogEntry.objects.get_for_object(obj):
        changes = entry.changes or {}
        touched = False
        for field in fields:
            if field in changes:
                changes[field] = [ERASED if value not in (None, "", "None") else value for value in changes[field]]
                touched = True
        if touched:
            LogEntry.objects.filter(pk=entry.pk).update(changes=changes, changes_text="")


@transaction.atomic
def person_erase(*, person, by):
    """Erase a person's contact details; their name stays where it is part of a signed record."""
    if not is_coordinator(by):
        raise PermissionDenied
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.anonymised_at:
        return person
    person.email = ""
    person.phone = ""
    person.anonymised_at = timezone.now()
    person.save(update_fields=["email", "phone", "anonymised_at"])
    _redact_history(person, PERSON_CONTACT_FIELDS)
    return person


@transaction.atomic
def application_erase(*, application, by=None):
    """Erase the personal data of an application; what was decided, and the accession it led to, stay.
    `by` None is the daily clean-up."""
    if by is not None and not is_coordinator(by):
        raise PermissionDenied
    application = Application.objects.select_for_update().get(pk=application.pk)
    if application.anonymised_at:
        return application
    fields = list(APPLICATION_CONTACT_FIELDS)
    for field in fields:
        setattr(application, field, "")
    if application.category == "person" and application.participant_id is None:
        fields += list(APPLICATION_PERSON_FIELDS)
        application.name = ERASED
        application.street = ""
        application.website = ""
    application.anonymised_at = timezone.now()
    application.save(update_fields=[*fields, "anonymised_at", "updated_at"])
    ApplicationEvent.objects.create(
        application=application, status=application.status, by=by, note="dane osobowe usunięte"
    )
    _redact_history(application, fields)
    return application


def erase_everything_about(*, email, by):
    """Erase contact details of every person and application with this address, delete the contact form's messages
    and the requests for an accessible version from it (nothing signed rests on them) and erase what the other apps
    keep (OTHER_SOURCES). Returns how many people, applications and messages, and a dict of how many records of each
    other kind ("accessibility_requests" and each other source)."""
    people = [person_erase(person=p, by=by) for p in Person.objects.filter(email__iexact=email)]
    applications = [application_erase(application=a, by=by) for a in Application.objects.filter(email__iexact=email)]
    messages = contact_messages_delete(email=email, by=by)
    others = {"accessibility_requests": accessibility_requests_delete(email=email, by=by)}
    others.update({key: erase(email=email, by=by) for key, (_export, erase) in OTHER_SOURCES.items()})
    return len(people), len(applications), messages, others


@transaction.atomic
def contact_messages_delete(*, email, by):
    """Delete the contact form's messages sent from this address; returns how many."""
    if not is_coordinator(by):
        raise PermissionDenied
    deleted, _by_model = ContactMessage.objects.filter(email__iexact=email).delete()
    return deleted


@transaction.atomic
def accessibility_requests_delete(*, email, by):
    """Delete the requests for an accessible version sent from this address; returns how many."""
    if not is_coordinator(by):
        raise PermissionDenied
    deleted, _by_model = AccessibilityRequest.objects.filter(email__iexact=email).delete()
    return deleted


def expired_rejected_applications(now=None):
    """Rejected applications decided more than APPLICATION_RETENTION_DAYS ago whose personal data is still held."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.APPLICATION_RETENTION_DAYS)
    return Application.objects.filter(
        status=Application.Status.REJECTED, decided_at__lt=cutoff, anonymised_at__isnull=True
    )
