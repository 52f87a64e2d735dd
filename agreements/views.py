from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from .models import Agreement


@require_GET
def agreement_detail(request):
    """The agreement in force: its date and place, and its parties."""
    agreement = get_object_or_404(Agreement.objects.current())
    return render(
        request,
        "agreements/agreement_detail.html",
        {"agreement": agreement, "signatures": agreement.signatures_for_display()},
    )


def version_list(request):
    raise Http404


def version_detail(request, number):
    raise Http404


def version_diff(request):
    raise Http404
