from django.shortcuts import render
from django.views.decorators.http import require_safe

from klaster.public import public_page

from ..services import energy_summary


@require_safe
@public_page
def index(request):
    return render(request, "energy/index.html", {"summary": energy_summary()})
