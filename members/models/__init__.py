"""The records of members, one module per subject: the cluster, the parties, people and roles, accounts, applications, the
privacy policy and information clauses (texts).
Every model is named here, so `from members.models import Participant` reads as before."""

from auditlog.registry import auditlog

from .accounts import AccountEvent, Invitation, InvitationQuerySet, StaffMembership
from .applications import Application, ApplicationEvent, ApplicationQuerySet
from .cluster import Benefit, Cluster, ClusterQuerySet
from .parties import SLUG_MAX_LENGTH, Participant, ParticipantQuerySet, PreviousSlug
from .people import Person, Role, RoleQuerySet
from .texts import LegalText, LegalTextQuerySet

__all__ = [
    "AccountEvent",
    "Application",
    "ApplicationEvent",
    "ApplicationQuerySet",
    "Benefit",
    "Cluster",
    "ClusterQuerySet",
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
auditlog.register(Participant)
auditlog.register(Person)
auditlog.register(Role)
auditlog.register(StaffMembership)
auditlog.register(Invitation, exclude_fields=["token_hash"])
auditlog.register(Application, exclude_fields=["access_key"])
