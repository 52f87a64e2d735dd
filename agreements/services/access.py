"""Who may run the workflows of agreements/services: each function checks again, so a caller outside the views
cannot skip it."""

from django.core.exceptions import PermissionDenied

from members.access import is_coordinator


def check_coordinator(by):
    """Refuse (PermissionDenied) anyone but a coordinator."""
    if not is_coordinator(by):
        raise PermissionDenied
