"""The coordinator keeps the parties in the panel: a page per party (a gmina, the coordinator, a stakeholder) with
its record, its status and recent history, and its people with their functions. Saving goes through the services,
which check again who may do it and refuse a change that would overwrite someone else's (klaster.concurrency)."""

from auditlog.models import LogEntry
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klaster.concurrency import EditConflict
from klaster.form_errors import add_service_errors

from ..access import coordinator_required
from ..forms import ParticipantForm
from ..models import Participant, Role
from ..services import parties as party_services
from ..services import people as people_services
from .contacts import contact_form_page

RECENT_CHANGES = 5


def _get_party(slug):
    return get_object_or_404(Participant.objects.select_related("located_in"), slug=slug)


def _recent_changes(party):
    content_type = ContentType.objects.get_for_model(Participant)
    return (
        LogEntry.objects.filter(content_type=content_type, object_pk=str(party.pk))
        .select_related("actor")
        .order_by("-timestamp", "-pk")[:RECENT_CHANGES]
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def party_edit(request, slug):
    party = _get_party(slug)
    form = ParticipantForm(
        request.POST or None,
        request.FILES or None,
        instance=party,
        edited_from=party_services.participant_values(party),
    )
    if form.is_valid():
        try:
            party_services.participant_update(
                participant=party,
                data=form.cleaned_data,
                files=request.FILES,
                by=request.user,
                edited_from=form.cleaned_data["edited_from"],
            )
        except EditConflict as error:
            party.refresh_from_db()
            form.show_conflict(error, party_services.participant_values(party))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano dane strony: %(name)s.") % {"name": party.name})
            return redirect("coordination:party", slug=party.slug)
    party.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    context = {
        "party": party,
        "form": form,
        "roles": Role.objects.of_party(party),
        "changes": _recent_changes(party),
    }
    return render(request, "members/parties/edit.html", context)


def _contact_form_page(request, party, role):
    return contact_form_page(
        request,
        party=party,
        role=role,
        template="members/parties/contact_form.html",
        context={"party": party},
        done=reverse("coordination:party", kwargs={"slug": party.slug}),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def party_contact_add(request, slug):
    return _contact_form_page(request, _get_party(slug), None)


def _get_role(party, pk):
    return get_object_or_404(Role.objects.select_related("person"), pk=pk, participant=party)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def party_contact_edit(request, slug, pk):
    party = _get_party(slug)
    return _contact_form_page(request, party, _get_role(party, pk))


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def party_contact_delete(request, slug, pk):
    """GET asks for confirmation; only a POST removes the person's function (services.people.contact_delete)."""
    party = _get_party(slug)
    role = _get_role(party, pk)
    if request.method == "POST":
        try:
            people_services.contact_delete(role=role, by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Usunięto osobę z kontaktów: %(name)s.") % {"name": role.person.full_name})
        return redirect("coordination:party", slug=party.slug)
    context = {"party": party, "role": role, "refusal": people_services.contact_delete_refusal(role)}
    return render(request, "members/parties/contact_confirm_delete.html", context)
