"""The coordinator's workspace: what needs attention, the accounts, and the invitations to accounts."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from agreements.models import Version
from klaster import views as klaster_views

from . import services
from .access import coordinator_required
from .coordination_forms import InvitationForm
from .models import Application, Invitation, Participant, StaffMembership

EXPIRED_SHOWN_DAYS = 30
INVITATION_STATES = ("ok", "accepted", "revoked", "expired")  # as services.invitation_state names them
NOT_REVOCABLE = {
    "accepted": gettext_lazy(
        "To zaproszenie zostało już przyjęte, więc nie można go odwołać. Aby odebrać dostęp, wyłącz konto."
    ),
    "revoked": gettext_lazy("To zaproszenie było już odwołane."),
    "expired": gettext_lazy("To zaproszenie już wygasło; link i tak nie działa."),
}
ACCOUNT_ORDERINGS = {
    "gmina": [F("membership__gmina__name").asc(nulls_first=True), "email"],
    "email": ["email"],
    "last-login": [F("last_login").desc(nulls_last=True), "email"],
}


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


def _audit_url():
    """The audit history, if that part of the workspace is wired in."""
    try:
        return reverse("audit:index")
    except NoReverseMatch:
        return None


@require_GET
@coordinator_required
def dashboard(request):
    now = timezone.now()
    pending = list(Invitation.objects.pending().select_related("gmina").order_by("expires_at"))
    expired = list(
        Invitation.objects.filter(
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__lte=now,
            expires_at__gt=now - timedelta(days=EXPIRED_SHOWN_DAYS),
        )
        .select_related("gmina")
        .order_by("-expires_at")
    )
    active_staff = Q(staff__role=StaffMembership.Role.STAFF, staff__user__is_active=True)
    gminas = (
        Participant.objects.gminas()
        .exclude(status__in=[Participant.Status.WITHDRAWN, Participant.Status.EXCLUDED])
        .annotate(staff_count=Count("staff", filter=active_staff))
        .order_by("name")
    )
    context = {
        "pending": pending,
        "expired": expired,
        "expired_days": EXPIRED_SHOWN_DAYS,
        "review": accessibility_review(timezone.localdate(), klaster_views.ACCESSIBILITY_UPDATED),
        "gminas": gminas,
        "coordinator_count": StaffMembership.objects.filter(
            role=StaffMembership.Role.COORDINATOR, user__is_active=True
        ).count(),
        "audit_url": _audit_url(),
        "draft_version": Version.objects.drafts().order_by("-pk").first(),
        "open_applications": Application.objects.open().count(),
        "oldest_application": Application.objects.open().order_by("submitted_at").first(),
    }
    return render(request, "members/coordination/dashboard.html", context)


def _account_users():
    """The users with a role in the portal, with what the accounts table shows."""
    return get_user_model().objects.filter(membership__isnull=False).select_related("membership__gmina")


@require_GET
@coordinator_required
def accounts(request):
    sort = request.GET.get("sort") if request.GET.get("sort") in ACCOUNT_ORDERINGS else "gmina"
    context = {
        "users": _account_users().order_by(*ACCOUNT_ORDERINGS[sort]),
        "sort": sort,
        "audit_url": _audit_url(),
    }
    return render(request, "members/coordination/accounts.html", context)


@require_http_methods(["GET", "POST"])
@coordinator_required
def account_deactivate(request, pk):
    """GET asks for confirmation; only a POST switches the account off."""
    user = get_object_or_404(_account_users(), pk=pk)
    if request.method == "POST":
        try:
            services.account_set_active(user=user, active=False, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Wyłączono konto %(email)s.") % {"email": user.email})
        return redirect("coordination:accounts")
    return render(request, "members/coordination/account_confirm_deactivate.html", {"account": user})


@require_POST
@coordinator_required
def account_reactivate(request, pk):
    user = get_object_or_404(_account_users(), pk=pk)
    services.account_set_active(user=user, active=True, by=request.user)
    messages.success(request, _("Włączono konto %(email)s.") % {"email": user.email})
    return redirect("coordination:accounts")


@require_GET
@coordinator_required
def invitations(request):
    groups = {state: [] for state in INVITATION_STATES}
    for invitation in Invitation.objects.select_related("gmina", "invited_by", "accepted_by"):
        groups[services.invitation_state(invitation)].append(invitation)
    sections = [
        ("pending", _("Oczekujące"), groups["ok"]),
        ("accepted", _("Przyjęte"), groups["accepted"]),
        ("expired", _("Wygasłe bez przyjęcia"), groups["expired"]),
        ("revoked", _("Odwołane"), groups["revoked"]),
    ]
    return render(
        request,
        "members/coordination/invitations.html",
        {"sections": sections, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@require_http_methods(["GET", "POST"])
@coordinator_required
def invitation_new(request):
    form = InvitationForm(request.POST or None)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.invitation_create(
                email=data["email"],
                role=data["role"],
                gmina=data["gmina"],
                by=request.user,
                base_url=request.build_absolute_uri("/")[:-1],
                language=data["language"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Wysłano zaproszenie na adres %(email)s.") % {"email": data["email"]})
            return redirect("coordination:invitations")
    return render(
        request,
        "members/coordination/invitation_form.html",
        {"form": form, "valid_days": settings.INVITATION_VALID_DAYS},
    )


@require_POST
@coordinator_required
def invitation_revoke(request, pk):
    invitation = get_object_or_404(Invitation, pk=pk)
    try:
        services.invitation_revoke(invitation=invitation, by=request.user)
    except services.InvitationUnusable as refusal:
        messages.error(request, NOT_REVOCABLE[refusal.reason])
    else:
        messages.success(request, _("Odwołano zaproszenie dla %(email)s.") % {"email": invitation.email})
    return redirect("coordination:invitations")
