"""The records of members, one module per subject: the cluster, the parties, people and roles, accounts, applications, the
privacy policy and information clauses (texts), the contact form's messages, requests for an accessible version.
Every model is named here, so `from members.models import Participant` reads as before."""

from auditlog.registry import auditlog

from .accessibility import ANSWER_DAYS, AccessibilityRequest, AccessibilityRequestQuerySet
from .accounts import AccountEvent, Invitation, InvitationQuerySet, StaffMembership
from .applications import Application, ApplicationEvent, ApplicationQuerySet
from .cluster import Benefit, Cluster, ClusterQuerySet
from .contact import ContactMessage
from .parties import SLUG_MAX_LENGTH, Participant, ParticipantQuerySet, PreviousSlug
from .people import Person, Role, RoleQuerySet
from .texts import LegalText, LegalTextQuerySet

__all__ = [
    "ANSWER_DAYS",
    "AccessibilityRequest",
    "AccessibilityRequestQuerySet",
    "AccountEvent",
    "Application",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "Benefit",
    "Cluster",
    "ClusterQuerySet",
    "ContactMessage",
    "Invitation",
    "InvitationQuerySet",
    "LegalText",
    "LegalTextQuerySet",
    "Participant",
    "ParticipantQuerySet",
    "Person",
    "PreviousSlug",
    "Role",
    "RoleQuerySet",
    "SLUG_MAX_LENGTH",
    "StaffMembership",
]

auditlog.register(Cluster)
auditlog.register(Benefit)
auditlog.register(LegalText)
# Only the status: the text and the sender are personal data the history must not copy.
auditlog.register(ContactMessage, include_fields=["status"])
auditlog.register(AccessibilityRequest, include_fields=["status", "due_on", "handled_at"])
auditlog.register(Participant)
auditlog.register(Person)
auditlog.register(Role)
auditlog.register(StaffMembership)
auditlog.register(Invitation, exclude_fields=["token_hash"])
auditlog.register(Application, exclude_fields=["access_key"])
