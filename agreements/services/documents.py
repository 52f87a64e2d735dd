"""Documents: a gmina's council resolutions (its staff's) and the agreement's other documents (the coordinator's).
A replaced or deleted file is removed from the storage once the change is committed."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klaster.uploads import delete_file_on_commit
from members.access import can_change_gmina

from ..models import Document
from .access import check_coordinator

# Council resolutions are the gminas' (resolution_save); the coordinator manages the other documents.
COORDINATOR_DOCUMENT_KINDS = (
    Document.Kind.RULES,
    Document.Kind.LETTER_OF_INTENT,
    Document.Kind.ANNEX,
    Document.Kind.ACCESSION,
    Document.Kind.WITHDRAWAL,
    Document.Kind.EXCLUSION,
    Document.Kind.OTHER,
)


@transaction.atomic
def resolution_save(*, gmina, form, by):
    """Save a council resolution of `gmina` from a valid ResolutionForm (a new one, or a change)."""
    if not can_change_gmina(by, gmina):
        raise PermissionDenied
    return _document_form_save(form, kind=Document.Kind.RESOLUTION, participant=gmina)


def _document_form_save(form, **fields):
    """Save a document from a valid form with `fields` set; a replaced file is removed once committed."""
    document = form.instance
    previous = Document.objects.filter(pk=document.pk).values_list("file", flat=True).first() if document.pk else ""
    document = form.save(commit=False)
    for name, value in fields.items():
        setattr(document, name, value)
    document.save()
    if previous and document.file.name != previous:
        delete_file_on_commit(document.file.storage, previous)
    return document


@transaction.atomic
def resolution_delete(*, document, by):
    if document.kind != Document.Kind.RESOLUTION or not can_change_gmina(by, document.participant):
        raise PermissionDenied
    file = document.file
    document.delete()
    delete_file_on_commit(file.storage, file.name)


@transaction.atomic
def document_save(*, agreement, form, by):
    """Save a document of the agreement from a valid AgreementDocumentForm (a new one, or a change)."""
    check_coordinator(by)
    if form.cleaned_data.get("kind", form.instance.kind) not in COORDINATOR_DOCUMENT_KINDS:
        raise ValidationError({"kind": _("Uchwały rad gmin dodają gminy w swoim panelu.")}, code="kind")
    return _document_form_save(form, agreement=agreement)


@transaction.atomic
def document_delete(*, document, by):
    """Delete a document of the agreement and, once committed, its file."""
    check_coordinator(by)
    if document.kind not in COORDINATOR_DOCUMENT_KINDS:
        raise PermissionDenied
    file = document.file
    document.delete()
    delete_file_on_commit(file.storage, file.name)
