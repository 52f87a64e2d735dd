"""The coordinator's workflow on installations and storage: adding one and changing one, in one transaction that
checks again that `by` acts as the coordinator."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from members.access import is_coordinator

from ..models import Installation
from .records import save_record

FIELDS = (
    "party",
    "name",
    "technology",
    "capacity_kw",
    "storage_kwh",
    "renewable",
    "status",
    "commissioned_on",
    "metering_point",
    "gmina",
)


@transaction.atomic
def installation_save(*, installation=None, data, by, edited_from=None):
    """A new installation (`installation` None) or a change of `installation`, from `data` (FIELDS)."""
    if not is_coordinator(by):
        raise PermissionDenied
    return save_record(Installation, installation, FIELDS, data, edited_from)
