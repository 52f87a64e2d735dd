"""A gmina's council resolutions in its workspace: add, change (its data, and its PDF replaced or removed), delete.
Staff reach only their own gmina's; a change saved meanwhile by someone else is not overwritten (klaster.concurrency)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klaster.concurrency import EditConflict
from klaster.form_errors import add_service_errors
from members.access import get_gmina_for_user, member_required

from .. import services
from ..forms import ResolutionForm
from ..models import Document


def _get_resolution_for_user(user, slug, pk):
    """The resolution `pk` of the gmina `slug`: 403 when the gmina is not the user's (members.access.get_gmina_for_user),
    404 when it is not its resolution."""
    gmina = get_gmina_for_user(user, slug, change=True)
    return gmina, get_object_or_404(Document.objects.resolutions(), pk=pk, participant=gmina)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def resolution_add(request, slug):
    gmina = get_gmina_for_user(request.user, slug, change=True)
    form = ResolutionForm(request.POST or None, request.FILES or None, gmina=gmina)
    if form.is_valid():
        resolution = services.resolution_save(gmina=gmina, form=form, by=request.user)
        messages.success(request, _("Dodano uchwałę nr %(number)s.") % {"number": resolution.number})
        return redirect("workspace:gmina", slug=slug)
    context = {"gmina": gmina, "form": form, "resolution": None}
    return render(request, "agreements/resolutions/resolution_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def resolution_edit(request, slug, pk):
    gmina, resolution = _get_resolution_for_user(request.user, slug, pk)
    form = ResolutionForm(
        request.POST or None,
        request.FILES or None,
        instance=resolution,
        gmina=gmina,
        edited_from=services.document_values(resolution),
    )
    if form.is_valid():
        try:
            resolution = services.resolution_save(
                gmina=gmina, form=form, by=request.user, edited_from=form.cleaned_data["edited_from"]
            )
        except EditConflict as error:
            resolution.refresh_from_db()
            form.show_conflict(error, services.document_values(resolution))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano uchwałę nr %(number)s.") % {"number": resolution.number})
            return redirect("workspace:gmina", slug=slug)
    resolution.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    context = {"gmina": gmina, "form": form, "resolution": resolution}
    return render(request, "agreements/resolutions/resolution_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def resolution_delete(request, slug, pk):
    """GET asks for confirmation; only a POST deletes the resolution."""
    gmina, resolution = _get_resolution_for_user(request.user, slug, pk)
    if request.method == "POST":
        services.resolution_delete(document=resolution, by=request.user)
        messages.success(request, _("Usunięto uchwałę nr %(number)s.") % {"number": resolution.number})
        return redirect("workspace:gmina", slug=slug)
    context = {"gmina": gmina, "resolution": resolution}
    return render(request, "agreements/resolutions/resolution_confirm_delete.html", context)
