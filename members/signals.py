"""Recording logins, logouts and failed logins in the account history (AccountEvent); raising the data revision
when members or agreements data changes (what kept documents are checked against)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal, receiver

from .models import AccountEvent, Revision
from .services import account_event_record

EMAIL_MAX_LENGTH = AccountEvent._meta.get_field("email").max_length

data_changed = Signal()
"""Sent after writes that send no model signals (a bulk import, for one), with the model written as the sender; the
data revision listens to it."""


@receiver(user_logged_in, dispatch_uid="members_record_login")
def record_login(sender, request, user, **kwargs):
    account_event_record(kind=AccountEvent.Kind.LOGIN, email=user.email, user=user, actor=user)


@receiver(user_logged_out, dispatch_uid="members_record_logout")
def record_logout(sender, request, user, **kwargs):
    if user is not None:  # logging out without a session
        account_event_record(kind=AccountEvent.Kind.LOGOUT, email=user.email, user=user, actor=user)


@receiver(user_login_failed, dispatch_uid="members_record_login_failed")
def record_login_failed(sender, credentials, request=None, **kwargs):
    """The address tried (never the password), and its account if there is one."""
    tried = credentials.get("email") or credentials.get("username") or credentials.get("login") or ""
    tried = str(tried).strip()[:EMAIL_MAX_LENGTH]
    user = get_user_model().objects.filter(email__iexact=tried).first() if tried else None
    account_event_record(kind=AccountEvent.Kind.LOGIN_FAILED, email=tried, user=user)


# Not workflow logic: only "something changed". The labels are strings so that members never imports agreements or
# events. Kept PDFs and kept public pages (klaster/page_cache.py) are looked up by the revision.
REVISED_APPS = {"members", "agreements", "events"}
NOT_REVISING = {"members.revision", "members.accountevent", "agreements.issuedpdf"}


def _revises(sender):
    meta = getattr(sender, "_meta", None)
    return meta is not None and meta.app_label in REVISED_APPS and meta.label_lower not in NOT_REVISING


@receiver(post_save, dispatch_uid="members_revision_on_save")
@receiver(post_delete, dispatch_uid="members_revision_on_delete")
@receiver(m2m_changed, dispatch_uid="members_revision_on_m2m")
def raise_revision(sender, **kwargs):
    if kwargs.get("raw"):  # loading fixtures
        return
    if _revises(sender):  # for m2m_changed the sender is the through model, in the same app
        Revision.bump()


@receiver(data_changed, dispatch_uid="members_revision_on_data_changed")
def raise_revision_on_data_changed(sender, **kwargs):
    Revision.bump()
