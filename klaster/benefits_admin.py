"""The coordinator's page of the cluster's benefits (/panel/koordynator/korzysci/): add, edit, move up or down, remove.
The benefits show on the home page and on /korzysci/; the workflows are members.services (the model is members')."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.concurrency import EditConflict, form_values
from klaster.form_errors import add_service_errors
from members import services
from members.access import coordinator_required
from members.forms import BenefitForm
from members.models import Benefit, Cluster

MOVES = {"up": -1, "down": 1}


def _cluster():
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404("The cluster has not been loaded.")
    return cluster


def _benefit(pk):
    return get_object_or_404(Benefit.objects.filter(cluster=_cluster()), pk=pk)


@require_safe
@coordinator_required
def index(request):
    return render(request, "klaster/benefits_admin/index.html", {"benefits": _cluster().benefits.all()})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def new(request):
    return _edit(request, Benefit())


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def edit(request, pk):
    return _edit(request, _benefit(pk))


def _edit(request, benefit):
    adding = benefit.pk is None
    form = BenefitForm(
        request.POST or None, instance=benefit, edited_from=None if adding else form_values(BenefitForm, benefit)
    )
    if form.is_valid():
        try:
            benefit = services.benefit_save(
                cluster=_cluster(), form=form, by=request.user, edited_from=form.cleaned_data["edited_from"]
            )
        except EditConflict as error:
            form.show_conflict(error, form_values(BenefitForm, Benefit.objects.get(pk=benefit.pk)))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, (_("Dodano korzyść.") if adding else _("Zapisano korzyść.")))
            return redirect("benefits-admin:index")
    return render(request, "klaster/benefits_admin/form.html", {"form": form, "benefit": benefit, "adding": adding})


@require_POST
@coordinator_required
def move(request, pk):
    benefit = _benefit(pk)
    step = MOVES.get(request.POST.get("direction"))
    if step is None:
        messages.error(request, _("Nieznany kierunek przesunięcia; kolejność się nie zmieniła."))
    else:
        services.benefit_move(benefit=benefit, step=step, by=request.user)
        messages.success(request, _("Zmieniono kolejność korzyści."))
    return redirect("benefits-admin:index")


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def delete(request, pk):
    """GET asks for confirmation; only a POST removes the benefit."""
    benefit = _benefit(pk)
    if request.method == "POST":
        services.benefit_delete(benefit=benefit, by=request.user)
        messages.success(request, _("Usunięto korzyść."))
        return redirect("benefits-admin:index")
    return render(request, "klaster/benefits_admin/confirm_delete.html", {"benefit": benefit})
