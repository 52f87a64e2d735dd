"""Workflows of a gmina's staff on their own gmina: its public profile and its contacts. Each is one transaction.

Every function checks again that `by` may change the gmina, so a caller outside the views cannot skip access.
Who did it is written to the audit log by the request's audit middleware.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klaster.uploads import delete_file_on_commit

from ..access import can_change_gmina
from ..models import Participant, Person, Role

# What staff may change on their gmina; name, TERYT, kind, status and membership dates are the coordinator's.
PROFILE_FIELDS = (
    "description_pl",
    "description_en",
    "website",
    "bip_url",
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "emblem_alt_pl",
    "emblem_alt_en",
)
PERSON_FIELDS = ("first_name", "last_name", "email", "phone")
ROLE_FIELDS = ("function_pl", "function_en", "is_representative")


def _check_may_change(by, gmina):
    if not can_change_gmina(by, gmina):
        raise PermissionDenied


@transaction.atomic
def gmina_profile_update(*, gmina, data, files, by):
    """Change the editable profile of `gmina`.

    `data`: the profile values (PROFILE_FIELDS; `emblem` False removes the emblem); `files`: new uploads by field
    name (`emblem`), already validated. An emblem needs its text alternative in Polish.
    """
    _check_may_change(by, gmina)
    gmina = Participant.objects.select_for_update().get(pk=gmina.pk)
    previous_emblem = gmina.emblem if gmina.emblem else None
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(gmina, name, data[name])
    if files.get("emblem"):
        gmina.emblem = files["emblem"]
    elif data.get("emblem") is False:
        gmina.emblem = ""
    gmina.clean()  # the model's rules, the emblem's text alternative among them
    gmina.save(update_fields=[*PROFILE_FIELDS, "emblem", "updated_at"])
    if previous_emblem is not None and gmina.emblem.name != previous_emblem.name:
        delete_file_on_commit(previous_emblem.storage, previous_emblem.name)
    return gmina


@transaction.atomic
def contact_save(*, gmina, data, by, role=None):
    """Add a contact person of `gmina` (a new Person with a Role), or change `role` and its person."""
    _check_may_change(by, gmina)
    if role is None:
        person = Person.objects.create(**{name: data[name] for name in PERSON_FIELDS})
        return Role.objects.create(person=person, participant=gmina, **{name: data[name] for name in ROLE_FIELDS})
    if role.participant_id != gmina.pk:
        raise PermissionDenied
    for name in PERSON_FIELDS:
        setattr(role.person, name, data[name])
    role.person.save()
    for name in ROLE_FIELDS:
        setattr(role, name, data[name])
    role.save()
    return role


def contact_delete_refusal(role):
    """Why the contact `role` cannot be removed (it is part of the record), or None."""
    if role.signatures.exists():
        return _("Ta osoba podpisała porozumienie w imieniu gminy, dlatego nie można jej usunąć z kontaktów.")
    if role.agenda_items.exists():
        return _("Ta osoba występuje w programie wydarzenia, dlatego nie można jej usunąć z kontaktów.")
    return None


@transaction.atomic
def contact_delete(*, role, by):
    """Remove a contact of a gmina; the person goes too unless they hold another function."""
    _check_may_change(by, role.participant)
    refusal = contact_delete_refusal(role)
    if refusal:
        raise ValidationError(refusal)
    person = role.person
    role.delete()
    if not person.roles.exists():
        person.delete()
