"""Who may read an uploaded file of the agreements app: the one rule (the table is in klaster/uploads.py).

Public (anyone): a document of a kind in Document.PUBLIC_FILE_KINDS (the agreement's own documents and the councils'
resolutions) and the scan of an annex whose version is published. Everything else (signature scans, declarations,
statements of withdrawal, exclusions, other documents, the annexes of drafts) is private: the coordinator reads it,
and the staff of a gmina read the files of their own gmina (its signatures and its documents). Whoever may not read a
file is told it does not exist (404).
"""

from members.access import gmina_of, is_coordinator

from .models import Annex, Document, Signature


def is_public(record):
    """Whether the file of `record` (an Annex, Document or Signature) is for anyone."""
    return isinstance(record, Annex | Document) and record.file_is_public


def may_read(user, record):
    """Whether `user` may read the file of `record` (an Annex, Document or Signature)."""
    if is_public(record) or is_coordinator(user):
        return True
    gmina = gmina_of(user)
    party_id = record.participant_id if isinstance(record, Document | Signature) else None
    return gmina is not None and party_id is not None and party_id == gmina.pk
