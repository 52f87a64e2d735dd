"""The workspace of municipal staff ("Moja gmina"): the gmina's profile, its contact people, and the applications
from its area (read-only). The gmina's overview page, which gathers from every app, is klaster/workspace.py.

Staff see and change only their own gmina (read-only once its membership has ended, members/access.py); another
gmina's panel answers them 403 with a page saying so. The coordinator may open any gmina's workspace.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klaster.concurrency import EditConflict, values_of

from ..access import get_gmina_for_user, member_required
from ..forms import ContactForm, GminaProfileForm
from ..models import Application, Role
from ..services import gminas as gmina_services
from ..services import people as people_services
from .contacts import contact_form_page


def _get_contact_for_user(user, slug, pk):
    """A contact (Role) of the gmina `slug`: 403 when the gmina is not the user's (members.access.get_gmina_for_user),
    404 when the role is not the gmina's."""
    gmina = get_gmina_for_user(user, slug, change=True)
    role = get_object_or_404(Role.objects.select_related("person", "participant"), pk=pk, participant=gmina)
    return gmina, role


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def gmina_edit(request, slug):
    gmina = get_gmina_for_user(request.user, slug, change=True)
    fields = [*gmina_services.PROFILE_FIELDS, "emblem"]
    form = GminaProfileForm(
        request.POST or None, request.FILES or None, instance=gmina, edited_from=values_of(gmina, fields)
    )
    if form.is_valid():
        try:
            gmina_services.gmina_profile_update(
                gmina=gmina,
                data=form.cleaned_data,
                files=request.FILES,
                by=request.user,
                edited_from=form.cleaned_data["edited_from"],
            )
        except EditConflict as error:
            gmina.refresh_from_db()
            form.show_conflict(error, values_of(gmina, fields))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Zapisano profil gminy."))
            return redirect("workspace:gmina", slug=slug)
    gmina.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    return render(request, "members/workspace/gmina_form.html", {"gmina": gmina, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def contact_add(request, slug):
    gmina = get_gmina_for_user(request.user, slug, change=True)
    form = ContactForm(request.POST or None)
    if form.is_valid():
        role = people_services.contact_save(participant=gmina, data=form.cleaned_data, by=request.user)
        messages.success(request, _("Dodano osobę do kontaktu: %(name)s.") % {"name": role.person.full_name})
        return redirect("workspace:gmina", slug=slug)
    return render(request, "members/workspace/contact_form.html", {"gmina": gmina, "form": form, "role": None})


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def contact_edit(request, slug, pk):
    gmina, role = _get_contact_for_user(request.user, slug, pk)
    return contact_form_page(
        request,
        party=gmina,
        role=role,
        template="members/workspace/contact_form.html",
        context={"gmina": gmina},
        done=reverse("workspace:gmina", kwargs={"slug": slug}),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@member_required
def contact_delete(request, slug, pk):
    """GET asks for confirmation; only a POST removes the contact."""
    gmina, role = _get_contact_for_user(request.user, slug, pk)
    refusal = people_services.contact_delete_refusal(role)
    if request.method == "POST":
        try:
            people_services.contact_delete(role=role, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Usunięto osobę z kontaktów: %(name)s.") % {"name": role.person.full_name})
        return redirect("workspace:gmina", slug=slug)
    context = {"gmina": gmina, "role": role, "refusal": refusal}
    return render(request, "members/workspace/contact_confirm_delete.html", context)


@require_safe
@member_required
def applications(request, slug):
    """Applications from the gmina's area, read-only: the coordinator decides them."""
    gmina = get_gmina_for_user(request.user, slug, area=True)
    context = {"gmina": gmina, "applications": Application.objects.from_gmina(gmina).order_by("-submitted_at", "-pk")}
    return render(request, "members/workspace/applications.html", context)


@require_safe
@member_required
def application_detail(request, slug, pk):
    gmina = get_gmina_for_user(request.user, slug, area=True)
    application = get_object_or_404(Application.objects.from_gmina(gmina).select_related("gmina"), pk=pk)
    context = {"gmina": gmina, "application": application, "events": application.events.all()}
    return render(request, "members/workspace/application_detail.html", context)
