"""The coordinator's page of the requests for an accessible version (/panel/koordynator/dostepnosc/): those to handle,
the nearest deadline first and the overdue ones marked, and those handled; a request is marked handled (or back to be
handled) from the list."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from klaster.accessibility_requests import accessibility_request_set_status
from members.access import coordinator_required
from members.models import AccessibilityRequest

PANEL_PAGE_SIZE = 25


@require_safe
@coordinator_required
def index(request):
    handled = request.GET.get("stan") == AccessibilityRequest.Status.HANDLED
    if handled:
        found = AccessibilityRequest.objects.filter(status=AccessibilityRequest.Status.HANDLED).order_by(
            "-handled_at", "-pk"
        )
    else:
        found = AccessibilityRequest.objects.open()
    page = Paginator(found, PANEL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "handled": handled,
        "today": timezone.localdate(),
        "overdue": AccessibilityRequest.objects.overdue().count(),
        "query": f"stan={AccessibilityRequest.Status.HANDLED}" if handled else "",
    }
    return render(request, "klaster/accessibility_requests/index.html", context)


@require_POST
@coordinator_required
def set_status(request, pk):
    found = get_object_or_404(AccessibilityRequest, pk=pk)
    status = request.POST.get("status")
    if status not in AccessibilityRequest.Status.values:
        status = AccessibilityRequest.Status.HANDLED
    found = accessibility_request_set_status(request=found, status=status)
    if found.status == AccessibilityRequest.Status.HANDLED:
        messages.success(request, _("Żądanie od: %(name)s oznaczono jako załatwione.") % {"name": found.name})
        return redirect("accessibility-requests:index")
    messages.success(request, _("Żądanie od: %(name)s wróciło do załatwienia.") % {"name": found.name})
    return redirect(f"{redirect('accessibility-requests:index').url}?stan={AccessibilityRequest.Status.HANDLED}")
