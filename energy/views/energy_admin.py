"""The coordinator's energy pages: the metering points (PPE) with their forms, the register's conditions and the
emission factors, the imports of readings, and a file of readings uploaded, previewed and confirmed.

As in the register's import (members/register/views.py), an uploaded file waits in the private storage under a
random token that only the server makes and the coordinator's session remembers (members.register.uploads), with the
metering point it was uploaded for; a URL naming a token the session does not hold finds nothing.

A file above settings.ENERGY_IMPORT_QUEUE_BYTES is checked and imported on the task queue (energy.services.jobs): the
preview page then shows the job's progress, with a link to look again (and, if the coordinator asks for it, the page
refreshing itself every few seconds through the HTTP Refresh header, no JavaScript), and its outcome when done.
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.concurrency import EditConflict, values_of
from klaster.uploads import file_response
from members.access import coordinator_required
from members.register.files import Problem
from members.register.uploads import upload_discard, upload_read, upload_save

from ..forms import (
    AuthorisationForm,
    EmissionFactorForm,
    InstallationForm,
    MeteringPointForm,
    ReadingsUploadForm,
    RuleForm,
)
from ..models import (
    EmissionFactor,
    ImportBatch,
    ImportJob,
    Installation,
    MeteringAuthorisation,
    MeteringPoint,
    Reading,
    Rule,
)
from ..services import (
    Period,
    authorisation_save,
    authorisations,
    chosen_year,
    cluster_readiness,
    factor_save,
    installation_save,
    installations,
    job_latest,
    metering_point_create,
    metering_point_update,
    points,
    readings_import_file,
    readings_preview,
    rule_save,
    rules,
    rules_load_draft,
    years_with_readings,
)
from ..tasks import job_start

SESSION_KEY = "energy_imports"
SESSION_UPLOADS = 10
RECENT_IMPORTS = 20
REFRESH_SECONDS = 5


@require_safe
@coordinator_required
def index(request):
    batches = ImportBatch.objects.select_related("metering_point__party", "imported_by")[:RECENT_IMPORTS]
    context = {"batches": batches, "has_points": MeteringPoint.objects.exists()}
    return render(request, "energy/energy_admin/index.html", context)


def _uploads(request):
    return request.session.get(SESSION_KEY, {})


def _remember(request, token, name, point, queued=False):
    uploads = _uploads(request)
    uploads[token] = {"name": name, "point": point.pk, "queued": queued}
    for old in list(uploads)[:-SESSION_UPLOADS]:
        upload_discard(old)
        del uploads[old]
    request.session[SESSION_KEY] = uploads


def _forget(request, token):
    uploads = _uploads(request)
    if uploads.pop(token, None) is not None:
        request.session[SESSION_KEY] = uploads


def _gone(request, token):
    _forget(request, token)
    messages.error(
        request,
        _(
            "Tego pliku nie ma już na serwerze: został zaimportowany, anulowany albo czekał dłużej niż 24 godziny. "
            "Nic nie zapisano drugi raz; jeśli trzeba, wgraj plik ponownie."
        ),
    )
    return redirect("energy-admin:import")


def _waiting(request, token):
    """(file name, metering point, content) of an upload this session made, or None when it is gone."""
    entry = _uploads(request).get(token)
    if entry is None:
        return None
    content = upload_read(token)
    if content is None:
        return None
    return (
        entry["name"],
        get_object_or_404(MeteringPoint.objects.select_related("party", "gmina"), pk=entry["point"]),
        content,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def import_upload(request):
    form = ReadingsUploadForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    if request.method == "POST" and form.is_valid():
        token = upload_save(form.content)
        name, point = form.cleaned_data["file"].name[:200], form.cleaned_data["metering_point"]
        queued = len(form.content) > settings.ENERGY_IMPORT_QUEUE_BYTES
        _remember(request, token, name, point, queued=queued)
        if queued:
            job_start(
                action=ImportJob.Action.PREVIEW, token=token, metering_point=point, file_name=name, user=request.user
            )
        return redirect("energy-admin:import-preview", token=token)
    context = {"form": form, "queue_bytes": settings.ENERGY_IMPORT_QUEUE_BYTES}
    return render(request, "energy/energy_admin/import.html", context)


def _totals(totals):
    labels = dict(Reading.Direction.choices)
    return [(labels[direction], count, Decimal(kwh)) for direction, count, kwh in totals]


def _preview(request, preview, token, name):
    summary = None
    if preview.parsed:
        parsed = preview.parsed
        summary = {
            "rows": parsed.rows,
            "period_start": parsed.period_start,
            "period_end": parsed.period_end,
            "days": len(parsed.days),
            "replaced": preview.replaced,
        }
    context = {
        "point": preview.metering_point,
        "problems": preview.problems,
        "summary": summary,
        "totals": _totals(preview.parsed.totals()) if preview.parsed else [],
        "token": token,
        "file_name": name,
    }
    return render(request, "energy/energy_admin/preview.html", context)


def _imported(request, token, point, batch):
    upload_discard(token)
    _forget(request, token)
    messages.success(
        request,
        _("Zaimportowano odczyty punktu %(point)s: %(count)s, w tym zastąpione: %(replaced)s.")
        % {"point": point.code_display, "count": batch.reading_count, "replaced": batch.replaced_count},
    )
    return redirect("energy-admin:index")


def _job_page(request, token, name):
    """The preview page of a file on the task queue: the latest job's progress, or its outcome."""
    job = job_latest(token)
    if job is None or job.failure == ImportJob.Failure.GONE:
        return _gone(request, token)
    if job.action == ImportJob.Action.IMPORT and job.state == ImportJob.State.DONE:
        return _imported(request, token, job.metering_point, job.batch)
    result, summary, totals = job.result or {}, None, []
    if job.action == ImportJob.Action.PREVIEW and job.state == ImportJob.State.DONE:
        summary = {
            "rows": result["rows"],
            "period_start": datetime.fromisoformat(result["period_start"]),
            "period_end": datetime.fromisoformat(result["period_end"]),
            "days": result["days"],
            "replaced": result["replaced"],
        }
        totals = _totals(result["totals"])
    auto = request.GET.get("auto") == "1" and not job.finished
    context = {
        "point": job.metering_point,
        "job": job,
        "problems": [Problem(row, column, message) for row, column, message in result.get("problems", [])],
        "summary": summary,
        "totals": totals,
        "token": token,
        "file_name": name,
        "auto": auto,
        "refresh_seconds": REFRESH_SECONDS,
    }
    response = render(request, "energy/energy_admin/preview.html", context)
    if auto:  # asked for by the coordinator (WCAG 2.2.1): the header, not a <meta>, and no script
        response["Refresh"] = str(REFRESH_SECONDS)
    return response


@require_safe
@coordinator_required
def import_preview(request, token):
    entry = _uploads(request).get(token)
    if entry is not None and entry.get("queued"):
        return _job_page(request, token, entry["name"])
    waiting = _waiting(request, token)
    if waiting is None:
        return _gone(request, token)
    name, point, content = waiting
    return _preview(request, readings_preview(metering_point=point, content=content), token, name)


def _confirm_queued(request, token, entry):
    """Confirming a file on the task queue: its import queued once its preview is done without problems."""
    preview = job_latest(token, ImportJob.Action.PREVIEW)
    if preview is None or preview.failure == ImportJob.Failure.GONE:
        return _gone(request, token)
    started = job_latest(token, ImportJob.Action.IMPORT)
    if preview.state == ImportJob.State.DONE and (started is None or started.state == ImportJob.State.FAILED):
        job = job_start(
            action=ImportJob.Action.IMPORT,
            token=token,
            metering_point=preview.metering_point,
            file_name=entry["name"],
            user=request.user,
        )
        if job.state == ImportJob.State.DONE:
            return _imported(request, token, preview.metering_point, job.batch)
    return redirect("energy-admin:import-preview", token=token)


@require_POST
@coordinator_required
def import_confirm(request, token):
    entry = _uploads(request).get(token)
    if entry is not None and entry.get("queued"):
        return _confirm_queued(request, token, entry)
    waiting = _waiting(request, token)
    if waiting is None:
        return _gone(request, token)
    name, point, content = waiting
    batch, preview = readings_import_file(metering_point=point, content=content, file_name=name, actor=request.user)
    if batch is None:
        messages.error(request, _("Plik ma problemy, więc niczego nie zapisano."))
        return _preview(request, preview, token, name)
    return _imported(request, token, point, batch)


@require_POST
@coordinator_required
def import_discard(request, token):
    if token in _uploads(request):
        upload_discard(token)
    _forget(request, token)
    messages.success(request, _("Import anulowany; plik usunięto z serwera."))
    return redirect("energy-admin:import")


@require_safe
@coordinator_required
def point_list(request):
    metering_points = MeteringPoint.objects.select_related("party", "gmina").order_by("party__name", "code")
    return render(request, "energy/energy_admin/points.html", {"points": metering_points})


def _point_form_page(request, form, point):
    return render(request, "energy/energy_admin/point_form.html", {"form": form, "point": point})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def point_new(request):
    form = MeteringPointForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            point = metering_point_create(data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Dodano punkt poboru %(point)s.") % {"point": point.code_display})
            return redirect("energy-admin:points")
    return _point_form_page(request, form, None)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def point_edit(request, pk):
    point = get_object_or_404(MeteringPoint, pk=pk)
    form = MeteringPointForm(
        request.POST if request.method == "POST" else None,
        instance=point,
        edited_from=values_of(point, points.FIELDS),
    )
    if form.is_valid():
        try:
            metering_point_update(
                point=point, data=form.cleaned_data, by=request.user, edited_from=form.cleaned_data["edited_from"]
            )
        except EditConflict as error:
            point.refresh_from_db()
            form.show_conflict(error, values_of(point, points.FIELDS))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Zapisano punkt poboru %(point)s.") % {"point": point.code_display})
            return redirect("energy-admin:points")
    point.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    return _point_form_page(request, form, point)


@require_safe
@coordinator_required
def readiness(request):
    """Where the cluster stands against the register's conditions in a year, and what is missing to know it."""
    years = years_with_readings()
    year = chosen_year(request.GET.get("rok"), years)
    context = {"readiness": cluster_readiness(Period.year(year)), "year": year, "years": years}
    return render(request, "energy/energy_admin/readiness.html", context)


@require_safe
@coordinator_required
def rule_list(request):
    context = {"rules": Rule.objects.all(), "factors": EmissionFactor.objects.all()}
    return render(request, "energy/energy_admin/rules.html", context)


def _record_form(request, *, record, form_class, fields, save, title, saved_message, back="energy-admin:rules"):
    """The form page of a rule, a factor or an installation: a new one when `record` is None; saved, back to `back`."""
    edited_from = values_of(record, fields) if record is not None else None
    form = form_class(request.POST if request.method == "POST" else None, instance=record, edited_from=edited_from)
    if form.is_valid():
        try:
            save(record=record, data=form.cleaned_data, by=request.user, edited_from=form.cleaned_data["edited_from"])
        except EditConflict as error:
            record.refresh_from_db()
            form.show_conflict(error, values_of(record, fields))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved_message)
            return redirect(back)
    context = {"form": form, "title": title, "back": back}
    return render(request, "energy/energy_admin/record_form.html", context)


def _rule_save(*, record, **kwargs):
    return rule_save(rule=record, **kwargs)


def _factor_save(*, record, **kwargs):
    return factor_save(factor=record, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def rule_edit(request, pk=None):
    rule = get_object_or_404(Rule, pk=pk) if pk is not None else None
    return _record_form(
        request,
        record=rule,
        form_class=RuleForm,
        fields=rules.RULE_FIELDS,
        save=_rule_save,
        title=_("Warunek rejestru klastrów") if rule else _("Nowy warunek rejestru klastrów"),
        saved_message=_("Zapisano warunek rejestru klastrów."),
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def factor_edit(request, pk=None):
    factor = get_object_or_404(EmissionFactor, pk=pk) if pk is not None else None
    return _record_form(
        request,
        record=factor,
        form_class=EmissionFactorForm,
        fields=rules.FACTOR_FIELDS,
        save=_factor_save,
        title=_("Wskaźnik emisji CO₂") if factor else _("Nowy wskaźnik emisji CO₂"),
        saved_message=_("Zapisano wskaźnik emisji CO₂."),
    )


@require_POST
@coordinator_required
def rules_draft(request):
    added = rules_load_draft(by=request.user)
    messages.success(
        request,
        _("Dodano progi z projektu ustawy jako niesprawdzone: %(count)s. Sprawdź je w ogłoszonym tekście.")
        % {"count": len(added)},
    )
    return redirect("energy-admin:rules")


@require_safe
@coordinator_required
def installation_list(request):
    records = Installation.objects.select_related("party", "gmina", "metering_point").order_by(
        "gmina__name", "party__name", "technology", "pk"
    )
    return render(request, "energy/energy_admin/installations.html", {"installations": records})


def _installation_save(*, record, **kwargs):
    return installation_save(installation=record, **kwargs)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def installation_edit(request, pk=None):
    installation = get_object_or_404(Installation, pk=pk) if pk is not None else None
    return _record_form(
        request,
        record=installation,
        form_class=InstallationForm,
        fields=installations.FIELDS,
        save=_installation_save,
        title=_("Instalacja") if installation else _("Nowa instalacja"),
        saved_message=_("Zapisano instalację."),
        back="energy-admin:installations",
    )


@require_safe
@coordinator_required
def authorisation_list(request):
    records = MeteringAuthorisation.objects.select_related("party", "metering_point").order_by(
        "party__name", "-signed_on", "pk"
    )
    return render(request, "energy/energy_admin/authorisations.html", {"authorisations": records})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def authorisation_edit(request, pk=None):
    authorisation = get_object_or_404(MeteringAuthorisation, pk=pk) if pk is not None else None
    edited_from = values_of(authorisation, authorisations.FIELDS) if authorisation is not None else None
    form = AuthorisationForm(
        *((request.POST, request.FILES) if request.method == "POST" else ()),
        instance=authorisation,
        edited_from=edited_from,
    )
    if form.is_valid():
        try:
            authorisation_save(form=form, by=request.user, edited_from=form.cleaned_data["edited_from"])
        except EditConflict as error:
            authorisation.refresh_from_db()
            form.show_conflict(error, values_of(authorisation, authorisations.FIELDS))
        else:
            messages.success(request, _("Zapisano upoważnienie do danych pomiarowych."))
            return redirect("energy-admin:authorisations")
    if authorisation is not None:
        authorisation.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    title = _("Upoważnienie do danych pomiarowych") if authorisation else _("Nowe upoważnienie do danych pomiarowych")
    context = {"form": form, "title": title, "back": "energy-admin:authorisations", "multipart": True}
    return render(request, "energy/energy_admin/record_form.html", context)


@require_safe
@coordinator_required
def authorisation_document(request, pk):
    authorisation = get_object_or_404(MeteringAuthorisation.objects.exclude(document=""), pk=pk)
    try:
        return file_response(authorisation.document, original_name=authorisation.document_original_name)
    except FileNotFoundError:
        raise Http404 from None
