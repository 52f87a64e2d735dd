"""Workflows on events: the event itself, its programme, its photos, materials and outcomes. Each is one transaction and checks again that
`by` may do it (the coordinator); who did it is written to the audit log by the request's audit middleware (outside a
request, wrap the call in `auditlog.context.set_actor(by)`). One module per workflow; callers use
`from events import services` and `services.<name>(...)`, so the public names are gathered here.
"""

from .events import (
    EVENT_FIELDS,
    PROPOSAL_FIELDS,
    event_duplicate,
    event_labels,
    event_propose,
    event_save,
    event_values,
)
from .materials import MATERIAL_FIELDS, material_add, material_delete, material_move, material_update
from .outcomes import OUTCOME_FIELDS, outcome_delete, outcome_save
from .photos import PHOTO_TEXT_FIELDS, photo_add, photo_delete, photo_move, photo_update
from .programme import AGENDA_FIELDS, agenda_item_delete, agenda_item_move, agenda_item_save, agenda_item_values
from .registrations import (
    AlreadyRegistered,
    LinkExpired,
    RegistrationClosed,
    cancel_path,
    event_cancelled_notify,
    member_details,
    registration_attendance,
    registration_cancel,
    registration_create,
    registration_for_token,
    registration_settings_save,
    registrations_purge,
    registrations_write,
    reminders_send,
)

__all__ = [
    "AGENDA_FIELDS",
    "AlreadyRegistered",
    "LinkExpired",
    "RegistrationClosed",
    "cancel_path",
    "event_cancelled_notify",
    "member_details",
    "registration_attendance",
    "registration_cancel",
    "registration_create",
    "registration_for_token",
    "registration_settings_save",
    "registrations_purge",
    "registrations_write",
    "reminders_send",
    "EVENT_FIELDS",
    "PROPOSAL_FIELDS",
    "event_propose",
    "MATERIAL_FIELDS",
    "OUTCOME_FIELDS",
    "PHOTO_TEXT_FIELDS",
    "event_duplicate",
    "material_add",
    "material_delete",
    "material_move",
    "material_update",
    "outcome_delete",
    "outcome_save",
    "photo_update",
    "agenda_item_delete",
    "agenda_item_move",
    "agenda_item_save",
    "agenda_item_values",
    "event_labels",
    "event_save",
    "event_values",
    "photo_add",
    "photo_delete",
    "photo_move",
]
