"""Who may see and change what. Every workspace view asks here; nothing else decides.

- The coordinator: everything the coordinator does, once the second factor is set up.
- Municipal staff: their own gmina only. From the day their gmina's membership of the cluster ends (it withdrew or
  was excluded: Participant.left_on), read-only: they may still read what is their gmina's own (its profile, its
  contacts, its council resolutions: the gmina may need its own record, and it is nobody else's), but change nothing,
  and they no longer see the applications and stakeholders from its area, which they saw only as a member's staff
  (other people's data, with no purpose once the gmina is not a party). The coordinator sees those accounts marked.
- Superusers: the Django admin.

Object access: 404 when the user may not see the object, 403 when they may see but not change it. A gmina's panel
is the exception: its address names a gmina, whose existence is public, so a clerk of another gmina who opens it is
told plainly that it is another gmina's panel (OtherGminaPanel: 403, the page templates/403.html, which names neither
gmina's records) rather than that nothing is there; an address naming no gmina is still not found (404).
"""

from functools import wraps

from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Participant, StaffMembership


class OtherGminaPanel(PermissionDenied):
    """A signed-in member of the portal opened the panel of a gmina that is not theirs (403 with its own sentence)."""


def membership_of(user):
    """The user's role in the portal, or None (anonymous, deactivated, or no role)."""
    if not user.is_authenticated or not user.is_active:
        return None
    try:
        return user.membership
    except StaffMembership.DoesNotExist:
        return None


def has_coordinator_role(user):
    """The user holds the coordinator's role, whether or not the second factor is set up yet."""
    membership = membership_of(user)
    return membership is not None and membership.role == StaffMembership.Role.COORDINATOR


def is_coordinator(user):
    """The user may act as the coordinator: the role and the second factor. Views (through coordinator_required) and
    services ask this same question, so a coordinator without the second factor can do nothing by either way."""
    return has_coordinator_role(user) and _second_factor(user)


def _second_factor(user):
    """Whether the user has the second factor set up, asked once per request: the answer is kept on the user object,
    which each request loads anew (a factor added or removed shows on the next request)."""
    try:
        return user._klaster_second_factor
    except AttributeError:
        user._klaster_second_factor = is_mfa_enabled(user)
        return user._klaster_second_factor


def gmina_of(user):
    """The gmina whose staff the user is, or None."""
    membership = membership_of(user)
    if membership is not None and membership.role == StaffMembership.Role.STAFF:
        return membership.gmina
    return None


def can_see_gmina_workspace(user, gmina):
    return is_coordinator(user) or (gmina_of(user) is not None and gmina_of(user).pk == gmina.pk)


def membership_ended_on(gmina, today=None):
    """The day the gmina's membership of the cluster ended (withdrawal or exclusion) if that day has come, else None.
    From that day its staff are read-only (see the module's description)."""
    today = today or timezone.localdate()
    if gmina is not None and gmina.left_on is not None and gmina.left_on <= today:
        return gmina.left_on
    return None


def read_only_since(user):
    """For staff whose gmina's membership has ended: since when they may only read. None for everyone else."""
    return membership_ended_on(gmina_of(user))


def read_only_staff(today=None):
    """The staff memberships of active accounts whose gmina's membership has ended (read-only since gmina.left_on)."""
    today = today or timezone.localdate()
    return (
        StaffMembership.objects.filter(role=StaffMembership.Role.STAFF, user__is_active=True, gmina__left_on__lte=today)
        .select_related("user", "gmina")
        .order_by("gmina__name", "user__email")
    )


def can_change_gmina(user, gmina):
    return is_coordinator(user) or (can_see_gmina_workspace(user, gmina) and membership_ended_on(gmina) is None)


def can_change_party(user, participant):
    """The coordinator changes any party; a gmina's staff only their own gmina (its profile and people)."""
    if participant.kind == Participant.Kind.GMINA:
        return can_change_gmina(user, participant)
    return is_coordinator(user)


def can_see_gmina_area(user, gmina):
    """The applications and stakeholders from the gmina's area: its staff see them while the gmina is a member."""
    return can_change_gmina(user, gmina)


def get_gmina_for_user(user, slug, *, change=False, area=False):
    """The gmina `slug` if the user may see its workspace: 404 when there is no such gmina, OtherGminaPanel (403) when
    it is another gmina's; 403 when asked to `change` it, or to read the records of its `area` (applications,
    stakeholders), and the user may not."""
    try:
        gmina = Participant.objects.gminas().get(slug=slug)
    except Participant.DoesNotExist:
        raise Http404 from None
    if not can_see_gmina_workspace(user, gmina):
        raise OtherGminaPanel
    if change and not can_change_gmina(user, gmina):
        raise PermissionDenied
    if area and not can_see_gmina_area(user, gmina):
        raise PermissionDenied
    return gmina


def member_required(view):
    """Logged in with a role: municipal staff or a coordinator (403 otherwise).

    A coordinator without the second factor is sent to set it up before any page of theirs opens.
    """

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if membership_of(request.user) is None:
            raise PermissionDenied
        if has_coordinator_role(request.user) and not _second_factor(request.user):
            messages.warning(
                request, _("Koordynator musi włączyć logowanie dwuetapowe, zanim otworzy panel koordynatora.")
            )
            return redirect("mfa_activate_totp")
        return view(request, *args, **kwargs)

    return wrapper


def coordinator_required(view):
    """Logged in as a coordinator with the second factor set up; municipal staff get 403."""

    @member_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not is_coordinator(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper
