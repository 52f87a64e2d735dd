"""People and their functions in a party (wójt, prezes, a contact person, a representative), with dates. The
coordinator keeps them for every party; a gmina's staff for their own gmina. Each function is one transaction and
checks again that `by` may change the party, so a caller outside the views cannot skip access.
Who did it is written to the audit log by the request's audit middleware.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klaster.concurrency import check_unchanged, values_of

from ..access import can_change_party
from ..models import Person, Role

PERSON_FIELDS = ("first_name", "last_name", "email", "phone", "contact_public")
ROLE_FIELDS = ("function_pl", "function_en", "is_representative", "started_on", "ended_on")


def contact_values(role):
    """What a contact's form edits, as stored: for the form to carry and the service to compare."""
    return {**values_of(role.person, PERSON_FIELDS), **values_of(role, ROLE_FIELDS)}


def _labels():
    labels = {name: Person._meta.get_field(name).verbose_name for name in PERSON_FIELDS}
    labels.update({name: Role._meta.get_field(name).verbose_name for name in ROLE_FIELDS})
    return labels


def _check_dates(data):
    started, ended = data.get("started_on"), data.get("ended_on")
    if started and ended and ended < started:
        raise ValidationError({"ended_on": _("Funkcja nie może się skończyć, zanim się zaczęła.")})


@transaction.atomic
def contact_save(*, participant, data, by, role=None, edited_from=None):
    """Add a person with a function in `participant` (a new Person with a Role), or change `role` and its person.

    `data`: PERSON_FIELDS and ROLE_FIELDS (absent ones keep their value or default); `edited_from`: what the form
    was opened with (klaster.concurrency): a change saved meanwhile by someone else refuses this one.
    """
    if not can_change_party(by, participant):
        raise PermissionDenied
    _check_dates(data)
    if role is None:
        person = Person.objects.create(**{name: data[name] for name in PERSON_FIELDS if name in data})
        return Role.objects.create(
            person=person, participant=participant, **{name: data[name] for name in ROLE_FIELDS if name in data}
        )
    if role.participant_id != participant.pk:
        raise PermissionDenied
    role = Role.objects.select_for_update().select_related("person").get(pk=role.pk)  # locks the person's row too
    check_unchanged(edited_from=edited_from, now=contact_values(role), labels=_labels())
    for name in PERSON_FIELDS:
        if name in data:
            setattr(role.person, name, data[name])
    role.person.save()
    for name in ROLE_FIELDS:
        if name in data:
            setattr(role, name, data[name])
    role.save()
    return role


def contact_delete_refusal(role):
    """Why the contact `role` cannot be removed (it is part of the record), or None."""
    if role.signatures.exists():
        return _("Ta osoba podpisała porozumienie w imieniu strony, dlatego nie można jej usunąć z kontaktów.")
    if role.event_speakers.exists():
        return _("Ta osoba występuje w programie wydarzenia, dlatego nie można jej usunąć z kontaktów.")
    return None


@transaction.atomic
def contact_delete(*, role, by):
    """Remove a person's function in a party; the person goes too unless they hold another function."""
    if not can_change_party(by, role.participant):
        raise PermissionDenied
    refusal = contact_delete_refusal(role)
    if refusal:
        raise ValidationError(refusal)
    person = role.person
    role.delete()
    if not person.roles.exists():
        person.delete()
