"""The coordinator keeps a party's record: what its public page shows and the register holds. One transaction.

Its status and membership dates follow from the agreement (a signature, an accession, a withdrawal), so they are
changed there, not here. The check that `by` is the coordinator is made again here, so no caller can skip it.
Who did it is written to the audit log by the request's audit middleware.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klaster.concurrency import check_unchanged, values_of
from klaster.uploads import delete_file_on_commit

from ..access import is_coordinator
from ..models import Participant
from .gminas import field_labels

IDENTIFIERS = ("nip", "regon", "krs", "teryt")
COMMON_FIELDS = (
    "name",
    "short_name",
    "nip",
    "regon",
    "krs",
    "street",
    "postal_code",
    "city",
    "website",
    "email",
    "phone",
    "description_pl",
    "description_en",
    "emblem_alt_pl",
    "emblem_alt_en",
)
# What else the record holds for each kind of party (a gmina is always of category "jst" and always listed).
KIND_FIELDS = {
    Participant.Kind.GMINA: (
        "teryt",
        "powiat",
        "voivodeship",
        "gmina_kind",
        "area_km2",
        "population",
        "population_date",
        "bip_url",
    ),
    Participant.Kind.COORDINATOR: ("category",),
    Participant.Kind.STAKEHOLDER: ("category", "located_in", "public_listing"),
}


def party_fields(kind):
    """The fields the coordinator edits on a party of `kind`, the emblem aside."""
    return (*COMMON_FIELDS, *KIND_FIELDS[kind])


def participant_values(participant):
    """What the party's form edits, as stored: for the form to carry and the service to compare."""
    return values_of(participant, [*party_fields(participant.kind), "emblem"])


def duplicate_identifier(participant, name, value):
    """Another party that has `value` as its identifier `name`, or None."""
    if not value:
        return None
    return Participant.objects.filter(**{name: value}).exclude(pk=participant.pk).only("name").first()


@transaction.atomic
def participant_update(*, participant, data, files, by, edited_from=None):
    """Change a party's record: `data` holds `party_fields(kind)` (`emblem` False removes the emblem), `files` new
    uploads by field name (`emblem`), already validated. `edited_from`: what the form was opened with
    (klaster.concurrency): a change saved meanwhile by someone else refuses this one."""
    if not is_coordinator(by):
        raise PermissionDenied
    participant = Participant.objects.select_for_update().get(pk=participant.pk)
    fields = party_fields(participant.kind)
    check_unchanged(
        edited_from=edited_from,
        now=participant_values(participant),
        labels=field_labels([*fields, "emblem"]),
    )
    previous_emblem = participant.emblem if participant.emblem else None
    for name in fields:
        if name in data:
            setattr(participant, name, data[name])
    if files.get("emblem"):
        participant.emblem = files["emblem"]
    elif data.get("emblem") is False:
        participant.emblem = ""
    errors = {}
    for name in IDENTIFIERS:
        other = duplicate_identifier(participant, name, getattr(participant, name))
        if other is not None:
            errors[name] = _("Ten numer ma już inna strona: %(name)s.") % {"name": other.name}
    if errors:
        raise ValidationError(errors)
    participant.clean()  # the model's rules: a gmina's TERYT and category, an emblem's text alternative
    participant.save(update_fields=[*fields, "emblem", "emblem_original_name", "updated_at"])
    if previous_emblem is not None and participant.emblem.name != previous_emblem.name:
        delete_file_on_commit(previous_emblem.storage, previous_emblem.name)
    return participant
