"""What an event produced: links from the event to the agreement's version, an annex, a signature or a document it
brought, each with a short description. The coordinator only."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from members.access import is_coordinator

from ..models import Event, EventOutcome

OUTCOME_FIELDS = ["version", "annex", "signature", "document", "description_pl", "description_en"]


@transaction.atomic
def outcome_save(*, event, outcome=None, data, by):
    """Add an outcome to the end of `event`'s list (`outcome` None) or change `outcome`, from `data` (OUTCOME_FIELDS:
    exactly one of version, annex, signature, document; the description in Polish and English). The model's rules
    are checked (ValidationError, nothing saved): one target, and not one the event already lists."""
    if not is_coordinator(by):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    if outcome is None:
        last = event.outcomes.aggregate(last=Max("position"))["last"] or 0
        outcome = EventOutcome(event=event, position=last + 1)
    else:
        outcome = EventOutcome.objects.select_for_update().get(pk=outcome.pk, event=event)
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name in OUTCOME_FIELDS:
            if name in data:
                value = data[name]
                setattr(outcome, name, value.strip() if isinstance(value, str) else value)
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def outcome_delete(*, outcome, by):
    """Remove the link (what it pointed to stays as it is)."""
    if not is_coordinator(by):
        raise PermissionDenied
    outcome.delete()
