"""The coordinator's pages of an event's registration (/panel/wydarzenia/<pk>/zapisy/): opening and closing it with a
capacity, a deadline and questions; the list of registered people with their status; its CSV and XLSX exports; attendance marked on the day; a message to all
registered people."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.addresses import site_url
from klaster.form_errors import add_service_errors
from klaster.spreadsheets import XLSX_CONTENT_TYPE, csv_bytes, xlsx_bytes
from members.access import coordinator_required

from .. import services
from ..forms import RegistrationMessageForm, RegistrationSettingsForm
from ..models import Event, Registration, RegistrationSettings

ATTENDANCE = {"came": True, "absent": False, "clear": None}


def _event(pk):
    return get_object_or_404(Event, pk=pk)


def _settings_of(event):
    return RegistrationSettings.objects.filter(event=event).first()


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def index(request, pk):
    event = _event(pk)
    registration_settings = _settings_of(event)
    form = RegistrationSettingsForm(
        request.POST or None, initial=RegistrationSettingsForm.initial_for(registration_settings)
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.registration_settings_save(
                event=event,
                is_open=data["is_open"],
                capacity=data["capacity"],
                deadline=data["deadline"],
                questions=form.questions(),
                by=request.user,
                base_url=site_url(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if data["is_open"]:
                messages.success(request, _("Zapisy są otwarte."))
            else:
                messages.success(request, _("Zapisy są zamknięte."))
            return redirect("event-admin:registrations", pk=event.pk)
    registrations = list(event.registrations.all().order_by("status", "created_at", "pk"))
    counts = {status: sum(r.status == status for r in registrations) for status in Registration.Status.values}
    context = {
        "event": event,
        "form": form,
        "registration_settings": registration_settings,
        "registrations": registrations,
        "confirmed_count": counts["confirmed"],
        "waiting_count": counts["waiting"],
        "cancelled_count": counts["cancelled"],
    }
    return render(request, "events/registration_admin/index.html", context)


def _list_rows(event):
    """The registrations as the exports write them: headers and rows (dates as dates, attendance as a word)."""
    registration_settings = _settings_of(event)
    questions = registration_settings.questions if registration_settings else []
    headers = [
        _("Lp."), _("Imię i nazwisko"), _("Adres e-mail"), _("Organizacja"), _("Stan"), _("Obecność"), _("Zapisano"),
        *questions,
    ]  # fmt: skip
    attendance = {True: _("obecna/obecny"), False: _("nieobecna/nieobecny"), None: ""}
    rows = []
    registrations = event.registrations.all().order_by("status", "created_at", "pk")
    for number, registration in enumerate(registrations, start=1):
        answers = {item.get("question"): item.get("answer", "") for item in registration.answers or []}
        rows.append(
            [
                number,
                registration.name,
                registration.email,
                registration.organisation,
                registration.get_status_display(),
                attendance[registration.attended],
                timezone.localtime(registration.created_at),
                *[answers.get(question, "") for question in questions],
            ]
        )
    return headers, rows


def _file_name(event, extension):
    return f"zapisy-{event.slug}-{timezone.localdate().isoformat()}.{extension}"


@never_cache
@require_safe
@coordinator_required
def export(request, pk):
    """The registrations as CSV for Polish Excel (semicolons, UTF-8 with a BOM, no cell a formula: klaster.spreadsheets),
    as the register's export."""
    event = _event(pk)
    headers, rows = _list_rows(event)
    rows = [
        [value.strftime("%Y-%m-%d %H:%M") if hasattr(value, "strftime") else value for value in row] for row in rows
    ]
    response = HttpResponse(csv_bytes(headers, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_file_name(event, "csv")}"'
    return response


@never_cache
@require_safe
@coordinator_required
def export_xlsx(request, pk):
    """The registrations as XLSX: the time of registering as a date and time, the header frozen."""
    event = _event(pk)
    headers, rows = _list_rows(event)
    content = xlsx_bytes(headers, rows, title=_("Zapisy"))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_file_name(event, "xlsx")}"'
    return response


@never_cache
@require_POST
@coordinator_required
def attendance(request, pk, registration_pk):
    """Mark on the day whether a person with a confirmed place came: one button per person, usable on a phone."""
    event = _event(pk)
    registration = get_object_or_404(Registration, pk=registration_pk, event=event)
    choice = request.POST.get("attended")
    try:
        if choice not in ATTENDANCE:
            raise ValidationError(_("Wybierz: obecna/obecny, nieobecna/nieobecny albo cofnij zaznaczenie."))
        services.registration_attendance(registration=registration, attended=ATTENDANCE[choice], by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Zapisano obecność: %(name)s.") % {"name": registration.name})
    return redirect(reverse("event-admin:registrations", kwargs={"pk": event.pk}) + f"#registration-{registration.pk}")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def write(request, pk):
    event = _event(pk)
    form = RegistrationMessageForm(request.POST or None)
    if form.is_valid():
        count = services.registrations_write(
            event=event,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
            by=request.user,
            statuses=form.statuses(),
        )
        messages.success(request, _("Wiadomość wysłano do zapisanych osób: %(count)d.") % {"count": count})
        return redirect("event-admin:registrations", pk=event.pk)
    return render(request, "events/registration_admin/write.html", {"event": event, "form": form})
