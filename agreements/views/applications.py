"""The coordinator's review of applications to join: the queue with filters and counts, one application with its
possible duplicates, and the decisions (one by one or in bulk). Municipal staff read the applications from their
gmina in their workspace (members/views/workspace.py). Accepting an application is an accession to the agreement, so the
decision lives here, in the app of the agreement."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.addresses import site_url
from klaster.form_errors import add_service_errors
from members.access import coordinator_required
from members.duplicates import duplicates_of
from members.models import Application, Cluster

from .. import services
from ..forms import AcceptForm, QueueFilterForm, RejectForm, StakeholderForm

PAGE_SIZE = 50


@require_safe
@coordinator_required
def queue(request):
    form = QueueFilterForm(request.GET or None)
    applications = form.filter(Application.objects.for_queue()).order_by("submitted_at", "pk")
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    counts = dict(Application.objects.values_list("status").annotate(n=Count("pk")))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "counts": [(value, label, counts.get(value, 0)) for value, label in Application.Status.choices],
        "open_count": counts.get("received", 0) + counts.get("under_review", 0),
        "reject_form": RejectForm(),
        "accept_form": AcceptForm(),
    }
    return render(request, "agreements/applications/queue.html", context)


@require_safe
@coordinator_required
def detail(request, pk):
    application = get_object_or_404(Application.objects.for_queue(), pk=pk)
    context = {
        "application": application,
        "events": application.events.select_related("by"),
        "duplicates": duplicates_of(application) if application.is_open else [],
        "accept_form": AcceptForm(),
        "reject_form": RejectForm(),
    }
    return render(request, "agreements/applications/detail.html", context)


@require_POST
@coordinator_required
def start_review(request, pk):
    application = get_object_or_404(Application, pk=pk)
    services.application_start_review(application=application, by=request.user)
    return redirect("applications:detail", pk=pk)


def _decide(request, application, action, form):
    """Run one decision; returns an error message or None."""
    try:
        if action == "accept":
            services.application_accept(
                application=application,
                by=request.user,
                signed_on=form.cleaned_data["signed_on"],
                signed_place=form.cleaned_data["signed_place"],
                base_url=site_url(request),
            )
        else:
            services.application_reject(
                application=application,
                reason=form.cleaned_data["reason"],
                by=request.user,
                base_url=site_url(request),
            )
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def _errors_as_messages(request, form):
    """The decision forms sit on pages of their own; what is wrong with them is said in messages there."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)


@require_POST
@coordinator_required
def decide(request, pk, action):
    application = get_object_or_404(Application, pk=pk)
    form = (AcceptForm if action == "accept" else RejectForm)(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("applications:detail", pk=pk)
    error = _decide(request, application, action, form)
    if error:
        messages.error(request, error)
    elif action == "accept":
        messages.success(
            request, _("Wniosek przyjęty: %(name)s jest stroną porozumienia.") % {"name": application.name}
        )
    else:
        messages.success(request, _("Wniosek odrzucony; wnioskodawca dostanie uzasadnienie."))
    return redirect("applications:detail", pk=pk)


@require_POST
@coordinator_required
def bulk(request):
    action = request.POST.get("action")
    if action not in ("accept", "reject"):
        messages.error(request, _("Wybierz, co zrobić z zaznaczonymi wnioskami."))
        return redirect("applications:queue")
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    if not ids:
        messages.error(request, _("Nie zaznaczono żadnego wniosku."))
        return redirect("applications:queue")
    form = (AcceptForm if action == "accept" else RejectForm)(request.POST)
    if not form.is_valid():
        _errors_as_messages(request, form)
        return redirect("applications:queue")
    done, failed = 0, []
    for application in Application.objects.filter(pk__in=ids).order_by("pk"):
        error = _decide(request, application, action, form)
        if error:
            failed.append(f"{application.name}: {error}")
        else:
            done += 1
    if done:
        messages.success(
            request,
            (_("Przyjęto wnioski: %(count)s.") if action == "accept" else _("Odrzucono wnioski: %(count)s."))
            % {"count": done},
        )
    for failure in failed:
        messages.error(request, failure)
    return redirect("applications:queue")


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def stakeholder_add(request):
    """Add a stakeholder without an application (a paper declaration, say): same validation, accession recorded."""
    cluster = Cluster.objects.main()
    form = StakeholderForm(request.POST or None, cluster=cluster)
    if form.is_valid():
        try:
            participant = services.stakeholder_add(
                cluster=cluster,
                fields=form.application_fields(),
                signed_on=form.cleaned_data["signed_on"],
                signed_place=form.cleaned_data["signed_place"],
                by=request.user,
                base_url=site_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Dodano interesariusza %(name)s; przystąpienie zapisane.") % {"name": participant.name}
            )
            return redirect("coordination:party", slug=participant.slug)  # its people and details are added there
    return render(request, "agreements/applications/stakeholder_form.html", {"form": form})
