"""The workflows of members, one module each: accounts (invitations, deactivation), applications (submit, the
status link), benefits (the cluster's list of benefits), texts (versions of the privacy policy and information
clauses), gminas (a gmina's profile), parties (the coordinator's edit of any party), people (a party's people
and their functions) and personal_data (export and erasure on request). Each function is one transaction, named <entity>_<action>, with keyword-only arguments. The common ones are named here, so that
`services.invitation_create(...)` reads as before."""

from .accounts import (
    InvitationUnusable,
    account_event_record,
    account_set_active,
    invitation_accept,
    invitation_create,
    invitation_for_token,
    invitation_link,
    invitation_revoke,
    invitation_send,
    invitation_state,
    token_hash,
)
from .applications import (
    APPLICATION_STATUS_SALT,
    application_for_token,
    application_notify,
    application_status_link,
    application_status_path,
    application_submit,
)
from .benefits import benefit_delete, benefit_move, benefit_save
from .texts import legal_text_publish, legal_text_values, site_texts_save

__all__ = [
    "APPLICATION_STATUS_SALT",
    "InvitationUnusable",
    "account_event_record",
    "account_set_active",
    "application_for_token",
    "application_notify",
    "application_status_link",
    "application_status_path",
    "application_submit",
    "benefit_delete",
    "benefit_move",
    "benefit_save",
    "invitation_accept",
    "invitation_create",
    "invitation_for_token",
    "invitation_link",
    "invitation_revoke",
    "invitation_send",
    "invitation_state",
    "legal_text_publish",
    "legal_text_values",
    "site_texts_save",
    "token_hash",
]
