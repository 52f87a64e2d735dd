"""The coordinator's corrections: a reading typed in by hand, and deleting a metering point, an installation, an
authorisation or an import with its readings. Each deletion asks first (GET shows what will go), and only a POST
deletes (energy.services.corrections, audited)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klaster.templatetags.klaster_tags import day
from members.access import coordinator_required

from ..forms import ManualReadingForm
from ..models import ImportBatch, Installation, MeteringAuthorisation, MeteringPoint
from ..services.corrections import (
    authorisation_delete,
    import_batch_delete,
    installation_delete,
    metering_point_blockers,
    metering_point_delete,
    readings_enter_manual,
)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def manual_reading(request):
    form = ManualReadingForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            batch = readings_enter_manual(entry=form.entry, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Zapisano odczyty wpisane ręcznie dla punktu %(point)s: %(count)s, w tym zastąpione: %(replaced)s.")
                % {
                    "point": batch.metering_point.code_display,
                    "count": batch.reading_count,
                    "replaced": batch.replaced_count,
                },
            )
            return redirect("energy-admin:index")
    return render(request, "energy/energy_admin/manual_reading.html", {"form": form})


def _moment(value):
    return date_format(localtime(value), "j E Y, H:i")


def _confirm(request, *, title, facts, back, blockers=(), note="", status=200):
    context = {"title": title, "facts": facts, "back": back, "blockers": blockers, "note": note}
    return render(request, "energy/energy_admin/confirm_delete.html", context, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def point_delete(request, pk):
    point = get_object_or_404(MeteringPoint.objects.select_related("party", "gmina"), pk=pk)
    status = 200
    if request.method == "POST":
        try:
            metering_point_delete(point=point, by=request.user)
        except ValidationError:
            status = 409  # the page says what still names it
        else:
            messages.success(request, _("Usunięto punkt poboru %(point)s.") % {"point": point.code_display})
            return redirect("energy-admin:points")
    facts = [
        (_("Kod PPE"), point.code_display),
        (_("Strona"), point.party.display_name),
        (_("Gmina"), point.gmina.display_name),
    ]
    return _confirm(
        request,
        title=_("Usunąć punkt poboru?"),
        facts=facts,
        back="energy-admin:points",
        blockers=metering_point_blockers(point),
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def installation_delete_view(request, pk):
    installation = get_object_or_404(Installation.objects.select_related("party", "gmina"), pk=pk)
    if request.method == "POST":
        installation_delete(installation=installation, by=request.user)
        messages.success(request, _("Usunięto instalację: %(installation)s.") % {"installation": installation})
        return redirect("energy-admin:installations")
    facts = [
        (_("Instalacja"), str(installation)),
        (_("Strona"), installation.party.display_name),
        (_("Gmina"), installation.gmina.display_name),
    ]
    return _confirm(request, title=_("Usunąć instalację?"), facts=facts, back="energy-admin:installations")


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def authorisation_delete_view(request, pk):
    authorisation = get_object_or_404(MeteringAuthorisation.objects.select_related("party", "metering_point"), pk=pk)
    if request.method == "POST":
        authorisation_delete(authorisation=authorisation, by=request.user)
        messages.success(request, _("Usunięto upoważnienie do danych pomiarowych."))
        return redirect("energy-admin:authorisations")
    facts = [
        (_("Strona"), authorisation.party.display_name),
        (_("Punkt poboru (PPE)"), authorisation.metering_point.code_display),
        (_("Data podpisania"), day(authorisation.signed_on)),
    ]
    note = _("Skan upoważnienia zostanie usunięty razem z nim.") if authorisation.document else ""
    return _confirm(
        request, title=_("Usunąć upoważnienie?"), facts=facts, back="energy-admin:authorisations", note=note
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def batch_delete(request, pk):
    batch = get_object_or_404(ImportBatch.objects.select_related("metering_point__party"), pk=pk)
    if request.method == "POST":
        deleted = import_batch_delete(batch=batch, by=request.user)
        messages.success(
            request,
            _("Usunięto import i jego odczyty: %(count)s. Bilans godzinowy przeliczono.") % {"count": deleted},
        )
        return redirect("energy-admin:index")
    facts = [
        (_("Punkt poboru (PPE)"), batch.metering_point.code_display),
        (_("Strona"), batch.metering_point.party.display_name),
        (_("Format"), batch.get_file_format_display()),
        (_("Plik"), batch.file_name or "–"),
        (_("Okres"), f"{_moment(batch.period_start)} – {_moment(batch.period_end)}"),
        (_("Odczyty tego importu"), str(batch.readings.count())),
    ]
    note = _(
        "Odczyty tego importu zostaną usunięte, a bilans godzinowy przeliczony. Odczytów zastąpionych przez ten "
        "import nie da się przywrócić: trzeba je zaimportować ponownie."
    )
    return _confirm(request, title=_("Usunąć import odczytów?"), facts=facts, back="energy-admin:index", note=note)
