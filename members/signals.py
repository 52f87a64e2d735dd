"""Recording logins, logouts and failed logins in the account history (AccountEvent), and the signal sent after
writes that send no model signals."""

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver

from .models import AccountEvent
from .services import account_event_record

EMAIL_MAX_LENGTH = AccountEvent._meta.get_field("email").max_length


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


# Sent after writes that send no model signals (a bulk import of the register): "the data of members changed".
# The data revision (klaster/revision.py) listens to it, as it listens to every model's save and delete.
data_changed = Signal()
