"""Workflows on the agreement, its versions, signatures and documents, and on its parties. Each is one transaction.

Each function checks again that `by` may do it (change the gmina, or be the coordinator); who did it is written to
the audit log by the request's audit middleware. One module per workflow; callers use `from agreements import
services` and `services.<name>(...)`, so the public names are gathered here.
"""

from .applications import (
    ACCESSION_FIELDS,
    application_accept,
    application_already_decided_message,
    application_reject,
    application_start_review,
    stakeholder_add,
)
from .documents import (
    COORDINATOR_DOCUMENT_KINDS,
    document_delete,
    document_save,
    document_values,
    resolution_delete,
    resolution_save,
)
from .signatures import (
    PARTY_END_KINDS,
    SIGNATURE_BASES_RECORDED,
    annex_signatures_record,
    current_parties,
    party_end,
    signature_record,
    signature_representative_set,
)
from .versions import (
    AGREEMENT_FIELDS,
    agreement_update,
    annex_draft_create,
    version_discard,
    version_publish,
    version_publish_problems,
    version_text_save,
)

__all__ = [
    "ACCESSION_FIELDS",
    "AGREEMENT_FIELDS",
    "COORDINATOR_DOCUMENT_KINDS",
    "PARTY_END_KINDS",
    "SIGNATURE_BASES_RECORDED",
    "agreement_update",
    "annex_draft_create",
    "annex_signatures_record",
    "application_accept",
    "application_already_decided_message",
    "application_reject",
    "application_start_review",
    "current_parties",
    "document_delete",
    "document_save",
    "document_values",
    "party_end",
    "resolution_delete",
    "resolution_save",
    "signature_record",
    "signature_representative_set",
    "stakeholder_add",
    "version_discard",
    "version_publish",
    "version_publish_problems",
    "version_text_save",
]
