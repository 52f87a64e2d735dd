"""The workspace of municipal staff ("Moja gmina") and the entry to every signed-in user's work."""

from django.shortcuts import redirect

from .access import gmina_of, is_coordinator, member_required


@member_required
def home(request):
    """Send each user to their own workspace: the coordinator's dashboard or their gmina."""
    if is_coordinator(request.user):
        return redirect("coordination:dashboard")
    return redirect("workspace:gmina", slug=gmina_of(request.user).slug)
