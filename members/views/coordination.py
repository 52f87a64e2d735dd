"""The coordinator's pages of accounts: the accounts with a role, deactivating one, and the invitations to accounts.
The coordinator's dashboard, which gathers from every app, is klaster/workspace.py."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import F, OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.addresses import site_url

from .. import services
from ..access import coordinator_required, membership_ended_on
from ..forms import InvitationForm
from ..models import AccountEvent, Invitation

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


def _account_users():
    """The users with a role in the portal, with what the accounts table shows."""
    return get_user_model().objects.filter(membership__isnull=False).select_related("membership__gmina")


@require_safe
@coordinator_required
def accounts(request):
    sort = request.GET.get("sort") if request.GET.get("sort") in ACCOUNT_ORDERINGS else "gmina"
    deactivations = AccountEvent.objects.filter(user=OuterRef("pk"), kind=AccountEvent.Kind.DEACTIVATED).order_by("-at")
    users = list(
        _account_users()
        .annotate(deactivated_at=Subquery(deactivations.values("at")[:1]))
        .order_by(*ACCOUNT_ORDERINGS[sort])
    )
    for user in users:  # staff of a gmina that left the cluster: read-only since that day (members/access.py)
        user.read_only_since = membership_ended_on(user.membership.gmina)
    context = {"users": users, "sort": sort}
    return render(request, "members/coordination/accounts.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
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


@require_safe
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


@require_http_methods(["GET", "HEAD", "POST"])
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
                base_url=site_url(request),
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
