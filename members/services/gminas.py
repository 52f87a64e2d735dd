"""Workflows of a gmina's staff on their own gmina: its public profile (its people: services/people.py). One
transaction each.

Every function checks again that `by` may change the gmina, so a caller outside the views cannot skip access.
Who did it is written to the audit log by the request's audit middleware.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from klaster.concurrency import check_unchanged, values_of
from klaster.uploads import delete_file_on_commit

from ..access import can_change_gmina
from ..models import Participant

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


def field_labels(names):
    """The Polish names of Participant's fields, for a refusal that says what changed."""
    return {name: Participant._meta.get_field(name).verbose_name for name in names}


def _check_may_change(by, gmina):
    if not can_change_gmina(by, gmina):
        raise PermissionDenied


@transaction.atomic
def gmina_profile_update(*, gmina, data, files, by, edited_from=None):
    """Change the editable profile of `gmina`.

    `data`: the profile values (PROFILE_FIELDS; `emblem` False removes the emblem); `files`: new uploads by field
    name (`emblem`), already validated. An emblem needs its text alternative in Polish. `edited_from`: what the form
    was opened with (klaster.concurrency): a change saved meanwhile by someone else refuses this one.
    """
    _check_may_change(by, gmina)
    gmina = Participant.objects.select_for_update().get(pk=gmina.pk)
    fields = [*PROFILE_FIELDS, "emblem"]
    check_unchanged(edited_from=edited_from, now=values_of(gmina, fields), labels=field_labels(fields))
    previous_emblem = gmina.emblem if gmina.emblem else None
    for name in PROFILE_FIELDS:
        if name in data:
            setattr(gmina, name, data[name])
    if files.get("emblem"):
        gmina.emblem = files["emblem"]
    elif data.get("emblem") is False:
        gmina.emblem = ""
    gmina.clean()  # the model's rules, the emblem's text alternative among them
    gmina.save(update_fields=[*PROFILE_FIELDS, "emblem", "emblem_original_name", "updated_at"])
    if previous_emblem is not None and gmina.emblem.name != previous_emblem.name:
        delete_file_on_commit(previous_emblem.storage, previous_emblem.name)
    return gmina
