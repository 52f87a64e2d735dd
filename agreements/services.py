"""Workflows on the documents of the agreement and its parties. Each is one transaction.

Each function checks again that `by` may change the gmina; who did it is written to the audit log by the request's
audit middleware.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from members.access import can_change_gmina

from .models import Document


def _delete_file_on_commit(storage, name):
    """Remove a replaced or deleted upload once the change is committed: /media/ is public, nothing should linger."""
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def resolution_save(*, gmina, form, by):
    """Save a council resolution of `gmina` from a valid ResolutionForm (a new one, or a change)."""
    if not can_change_gmina(by, gmina):
        raise PermissionDenied
    document = form.instance
    previous = Document.objects.filter(pk=document.pk).values_list("file", flat=True).first() if document.pk else ""
    document = form.save(commit=False)
    document.kind = Document.Kind.RESOLUTION
    document.participant = gmina
    document.save()
    if previous and document.file.name != previous:
        _delete_file_on_commit(document.file.storage, previous)
    return document


@transaction.atomic
def resolution_delete(*, document, by):
    if document.kind != Document.Kind.RESOLUTION or not can_change_gmina(by, document.participant):
        raise PermissionDenied
    file = document.file
    document.delete()
    if file:
        _delete_file_on_commit(file.storage, file.name)
