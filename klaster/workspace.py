"""The workspace's own pages, which gather from every app: the entry for every signed-in user, the coordinator's
dashboard (what needs attention) and a gmina's overview. The pages that change things live in their apps."""

from dataclasses import dataclass
from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from agreements.models import Document, Version
from events.models import Event
from klaster.page_cache import keep_for_session
from members.access import (
    can_change_gmina,
    can_see_gmina_area,
    coordinator_required,
    get_gmina_for_user,
    gmina_of,
    is_coordinator,
    member_required,
    membership_ended_on,
    read_only_staff,
)
from members.models import (
    AccessibilityRequest,
    Application,
    Cluster,
    ContactMessage,
    Invitation,
    Participant,
    Role,
    StaffMembership,
)

EXPIRED_SHOWN_DAYS = 30
UPCOMING_EVENTS_SHOWN = 3
PROPOSALS_SHOWN = 10  # a gmina's overview shows its latest proposed events
STAKEHOLDERS_PAGE_SIZE = 25  # a gmina's overview lists its stakeholders a page at a time


@member_required
def home(request):
    """Send each user to their own workspace: the coordinator's dashboard or their gmina."""
    if is_coordinator(request.user):
        return redirect("coordination:dashboard")
    return redirect("workspace:gmina", slug=gmina_of(request.user).slug)


@dataclass
class AccessibilityReview:
    """The yearly review of the accessibility statement, due by 31 March."""

    updated: date
    due: date
    days_left: int
    overdue: bool


def accessibility_review(today, updated):
    """When the next review is due, and whether the one due on the last 31 March that passed was missed."""
    this_year = date(today.year, 3, 31)
    due = this_year if today <= this_year else date(today.year + 1, 3, 31)
    last_passed = this_year if today > this_year else date(today.year - 1, 3, 31)
    return AccessibilityReview(updated=updated, due=due, days_left=(due - today).days, overdue=updated < last_passed)


def _accessibility_review():
    cluster = Cluster.objects.main()
    updated = cluster.accessibility_updated_on if cluster else None
    return accessibility_review(timezone.localdate(), updated) if updated else None


@require_safe
@coordinator_required
@keep_for_session
def dashboard(request):
    active_staff = Q(staff__role=StaffMembership.Role.STAFF, staff__user__is_active=True)
    gminas = (
        Participant.objects.gminas()
        .exclude(status__in=[Participant.Status.WITHDRAWN, Participant.Status.EXCLUDED])
        .annotate(staff_count=Count("staff", filter=active_staff))
        .order_by("name")
    )
    context = {
        "pending": list(Invitation.objects.pending().select_related("gmina").order_by("expires_at")),
        "expired": list(
            Invitation.objects.expired_within(EXPIRED_SHOWN_DAYS).select_related("gmina").order_by("-expires_at")
        ),
        "expired_days": EXPIRED_SHOWN_DAYS,
        "review": _accessibility_review(),
        "gminas": gminas,
        "coordinator_party": cluster.coordinator if (cluster := Cluster.objects.main()) else None,
        "read_only": list(read_only_staff()),
        "coordinator_count": StaffMembership.objects.filter(
            role=StaffMembership.Role.COORDINATOR, user__is_active=True
        ).count(),
        "draft_version": Version.objects.drafts().order_by("-pk").first(),
        "open_applications": Application.objects.open().count(),
        "oldest_application": Application.objects.open().order_by("submitted_at").first(),
        "upcoming_events": list(Event.objects.upcoming()[:UPCOMING_EVENTS_SHOWN]),
        "proposed_events": Event.objects.filter(proposed_by__isnull=False, published=False).count(),
        "unread_messages": ContactMessage.objects.unread().count(),
        "accessibility_open": AccessibilityRequest.objects.open().count(),
        "accessibility_overdue": AccessibilityRequest.objects.overdue().count(),
    }
    return render(request, "klaster/workspace/dashboard.html", context)


@require_safe
@member_required
@keep_for_session
def gmina_overview(request, slug):
    gmina = get_gmina_for_user(request.user, slug)
    sees_area = can_see_gmina_area(request.user, gmina)
    context = {
        "gmina": gmina,
        "contacts": Role.objects.filter(participant=gmina).select_related("person"),
        "resolutions": Document.objects.resolutions().filter(participant=gmina),
        "proposals": list(Event.objects.filter(proposed_by=gmina).order_by("-proposed_at", "-pk")[:PROPOSALS_SHOWN]),
        "is_public": gmina.is_public,
        "may_edit_parties": is_coordinator(request.user),
        # Once the gmina's membership has ended its staff only read what is the gmina's own (members/access.py).
        "ended_on": membership_ended_on(gmina),
        "can_change": can_change_gmina(request.user, gmina),
        "sees_area": sees_area,
    }
    if sees_area:
        stakeholders = Participant.objects.stakeholders().filter(located_in=gmina).order_by("name", "pk")
        context["stakeholders"] = Paginator(stakeholders, STAKEHOLDERS_PAGE_SIZE).get_page(request.GET.get("page"))
        context["open_applications"] = Application.objects.from_gmina(gmina).open().count()
    return render(request, "klaster/workspace/gmina.html", context)
