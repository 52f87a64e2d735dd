"""A gmina's staff propose an event in their gmina (/panel/gminy/<slug>/wydarzenia/zaproponuj/): a draft the
coordinator completes and publishes in the events panel. Staff reach only their own gmina's (members.access)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klaster.form_errors import add_service_errors
from members.access import get_gmina_for_user, member_required

from .. import services
from ..forms import ProposalForm


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def propose(request, slug):
    gmina = get_gmina_for_user(request.user, slug, change=True)
    form = ProposalForm(request.POST or None)
    if form.is_valid():
        try:
            event = services.event_propose(gmina=gmina, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Zaproponowano wydarzenie: %(title)s. Koordynator je sprawdzi i opublikuje.")
                % {"title": event.title},
            )
            return redirect("workspace:gmina", slug=gmina.slug)
    return render(request, "events/proposals/form.html", {"gmina": gmina, "form": form})
