"""Documents: a gmina's council resolutions (its staff's) and the agreement's other documents (the coordinator's).
A replaced or deleted file is removed from the storage once the change is committed. A change of a stored document is
refused when someone saved it after the form was opened (klaster.concurrency: the form carries `edited_from`)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from klaster.concurrency import check_unchanged, values_of
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
# What each form edits, as the form carries it and the service compares it (klaster.concurrency).
RESOLUTION_FIELDS = ("number", "date", "title", "url", "file")
DOCUMENT_FIELDS = ("kind", "date", "number", "title", "url", "file")


def _edited_fields(document):
    return RESOLUTION_FIELDS if document.kind == Document.Kind.RESOLUTION else DOCUMENT_FIELDS


def document_values(document):
    """What the form of `document` edits, as stored: for the form to carry and the service to compare."""
    return values_of(document, _edited_fields(document))


@transaction.atomic
def resolution_save(*, gmina, form, by, edited_from=None):
    """Save a council resolution of `gmina` from a valid ResolutionForm (a new one, or a change). `edited_from`: what
    the form of a stored resolution was opened with; a change saved meanwhile by someone else refuses this one."""
    if not can_change_gmina(by, gmina):
        raise PermissionDenied
    stored_in = Document.objects.resolutions().filter(participant=gmina)
    return _document_form_save(form, stored_in, edited_from, kind=Document.Kind.RESOLUTION, participant=gmina)


def _document_form_save(form, stored_in, edited_from, **fields):
    """Save a document from a valid form with `fields` set. A stored one must be among `stored_in` (else
    PermissionDenied); it is locked and compared first (what its form edits against `edited_from`: EditConflict), and
    its replaced or removed file is deleted once the change is committed."""
    document = form.instance
    previous = ""
    if document.pk:
        stored = stored_in.select_for_update().filter(pk=document.pk).first()
        if stored is None:
            raise PermissionDenied
        labels = {name: Document._meta.get_field(name).verbose_name for name in _edited_fields(stored)}
        check_unchanged(edited_from=edited_from, now=document_values(stored), labels=labels)
        previous = stored.file.name
    document = form.save(commit=False)
    for name, value in fields.items():
        setattr(document, name, value)
    if not document.file:  # removed: its uploaded name goes with it
        document.file_original_name = ""
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
def document_save(*, agreement, form, by, edited_from=None):
    """Save a document of the agreement from a valid AgreementDocumentForm (a new one, or a change). `edited_from`:
    what the form of a stored document was opened with; a change saved meanwhile by someone else refuses this one."""
    check_coordinator(by)
    if form.cleaned_data.get("kind", form.instance.kind) not in COORDINATOR_DOCUMENT_KINDS:
        raise ValidationError({"kind": _("Uchwały rad gmin dodają gminy w swoim panelu.")}, code="kind")
    stored_in = agreement.documents.filter(kind__in=COORDINATOR_DOCUMENT_KINDS)
    return _document_form_save(form, stored_in, edited_from, agreement=agreement)


@transaction.atomic
def document_delete(*, document, by):
    """Delete a document of the agreement and, once committed, its file."""
    check_coordinator(by)
    if document.kind not in COORDINATOR_DOCUMENT_KINDS:
        raise PermissionDenied
    file = document.file
    document.delete()
    delete_file_on_commit(file.storage, file.name)
