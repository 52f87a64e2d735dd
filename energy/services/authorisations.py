"""The coordinator's workflow on the authorisations to read metering data (art. 38aa of the RES act): adding and
changing one, its scanned document included. One transaction; checks again that `by` acts as the coordinator; a
change saved meanwhile by someone else refuses this one (klaster.concurrency); a replaced document is removed from
the storage once the change is committed."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from klaster.concurrency import check_unchanged, values_of
from klaster.uploads import delete_file_on_commit
from members.access import is_coordinator

from ..models import MeteringAuthorisation
from .records import labels_of

FIELDS = ("party", "metering_point", "signed_on", "withdrawn_on", "document")


@transaction.atomic
def authorisation_save(*, form, by, edited_from=None):
    """Save an authorisation from a valid AuthorisationForm (a new one, or a change)."""
    if not is_coordinator(by):
        raise PermissionDenied
    authorisation = form.instance
    previous = ""
    if authorisation.pk:
        stored = MeteringAuthorisation.objects.select_for_update().get(pk=authorisation.pk)
        check_unchanged(
            edited_from=edited_from, now=values_of(stored, FIELDS), labels=labels_of(MeteringAuthorisation, FIELDS)
        )
        previous = stored.document.name
    authorisation = form.save()
    if previous and authorisation.document.name != previous:
        delete_file_on_commit(authorisation.document.storage, previous)
    return authorisation
