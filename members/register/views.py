"""The coordinator's register: the parties on a chosen day with its download, and the import of a register file,
previewed before anything is written. The work is in the other modules of this package.

An uploaded file waits in the private storage (STORAGES["private"]) under imports/<random token> between the preview
and the confirmation. The token is only ever made by the server and remembered in the coordinator's session: a URL
naming a token the session does not hold finds nothing, and a confirmed, discarded or expired upload is gone.
"""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.paging import key_page

from ..access import coordinator_required
from .export import DEFAULT_ENCODING, ENCODINGS, FORMATS, register_file_export, register_parties
from .importing import file_problems, register_import, register_import_upload
from .resource import COLUMN_HELP, IDENTIFIER_COLUMNS, REQUIRED_COLUMNS, column_title
from .uploads import MAX_UPLOAD_BYTES, UploadGone, upload_discard, upload_read, upload_save

PAGE_SIZE = 50
PREVIEW_ROWS = 200
SESSION_KEY = "register_imports"
SESSION_UPLOADS = 10
DAY_PARAMETER = "dzien"  # ?dzien=2024-03-31: the address a user sees, bookmarks and shares stays Polish
ENCODING_PARAMETER = "kodowanie"  # ?kodowanie=windows-1250
ENCODING_LABELS = {
    "utf-8": gettext_lazy("UTF-8 ze znacznikiem BOM (domyślnie)"),
    "windows-1250": gettext_lazy("Windows-1250"),
}


class ParameterNamesForm(forms.Form):
    """A form whose fields are named in English in code and in Polish in the request (`PARAMETERS`): the names a
    user sees in an address, or a script posts, do not change with the code."""

    PARAMETERS = {}

    def add_prefix(self, field_name):
        return super().add_prefix(self.PARAMETERS.get(field_name, field_name))


class DayForm(ParameterNamesForm):
    PARAMETERS = {"day": DAY_PARAMETER}

    day = forms.DateField(
        label=gettext_lazy("Stan na dzień"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def chosen_day(self):
        """The chosen day; today when none (or no valid one) was chosen."""
        if self.is_valid() and self.cleaned_data["day"]:
            return self.cleaned_data["day"]
        return timezone.localdate()


class ExportForm(DayForm):
    """The day of an exported register, and the encoding of a CSV (UTF-8 with a BOM unless another is chosen)."""

    PARAMETERS = {**DayForm.PARAMETERS, "encoding": ENCODING_PARAMETER}

    encoding = forms.ChoiceField(
        label=gettext_lazy("Kodowanie pliku CSV"),
        choices=[(value, ENCODING_LABELS[value]) for value in ENCODINGS],
        required=False,
        widget=forms.RadioSelect,
    )

    def chosen_encoding(self):
        return (self.is_valid() and self.cleaned_data["encoding"]) or DEFAULT_ENCODING


class UploadForm(ParameterNamesForm):
    PARAMETERS = {"file": "plik"}

    file = forms.FileField(
        label=gettext_lazy("Plik z rejestrem"),
        help_text=gettext_lazy(
            "CSV (UTF-8 albo Windows-1250, z przecinkami albo średnikami), XLSX albo JSON; do 20 MB."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Plik jest za duży: najwyżej 20 MB."))
        self.content = upload.read()
        problems = file_problems(self.content)
        if problems:
            raise forms.ValidationError([str(problem) for problem in problems])
        return upload


@require_safe
@coordinator_required
def index(request):
    form = DayForm(request.GET or None, initial={"day": timezone.localdate()})
    day = form.chosen_day()
    page = key_page(register_parties(day), request.GET.get("page"), PAGE_SIZE)
    query = request.GET.copy()
    query.pop("page", None)
    day_query = urlencode({DAY_PARAMETER: day.isoformat()})
    downloads = [
        (label, f"{reverse('register:export', kwargs={'file_format': file_format})}?{day_query}")
        for file_format, label in (("xlsx", "XLSX"), ("json", "JSON"))
    ]
    csv_form = ExportForm(initial={"day": day, "encoding": DEFAULT_ENCODING})
    context = {
        "form": form,
        "day": day,
        "page": page,
        "query": query.urlencode(),
        "downloads": downloads,
        "csv_form": csv_form,
        "day_parameter": DAY_PARAMETER,
    }
    return render(request, "members/register/index.html", context)


@require_safe
@coordinator_required
def export(request, file_format):
    if file_format not in FORMATS:
        raise Http404
    form = ExportForm(request.GET or None)
    if request.GET and not form.is_valid():
        if "day" in form.errors:
            messages.error(request, _("Podaj dzień jako RRRR-MM-DD, np. 2024-03-31."))
        else:
            messages.error(request, _("Wybierz kodowanie pliku CSV: UTF-8 albo Windows-1250."))
        return redirect("register:index")
    content, content_type, filename = register_file_export(
        day=form.chosen_day(), file_format=file_format, encoding=form.chosen_encoding()
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _uploads(request):
    return request.session.get(SESSION_KEY, {})


def _upload_name(request, token):
    """The file name of an upload this session made, or None."""
    entry = _uploads(request).get(token)
    return entry["name"] if entry else None


def _remember(request, token, name):
    uploads = _uploads(request)
    uploads[token] = {"name": name}
    for old in list(uploads)[:-SESSION_UPLOADS]:
        upload_discard(old)
        del uploads[old]
    request.session[SESSION_KEY] = uploads


def _forget(request, token):
    uploads = _uploads(request)
    if uploads.pop(token, None) is not None:
        request.session[SESSION_KEY] = uploads


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def import_upload(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        token = upload_save(form.content)
        _remember(request, token, form.cleaned_data["file"].name[:200])
        return redirect("register:import-preview", token=token)
    columns = [(key, column_title(key), help_text) for key, help_text in COLUMN_HELP.items()]
    context = {"form": form, "columns": columns, "required": REQUIRED_COLUMNS, "identifiers": IDENTIFIER_COLUMNS}
    return render(request, "members/register/import.html", context)


def _gone(request, token):
    _forget(request, token)
    messages.error(
        request,
        _(
            "Tego pliku nie ma już na serwerze: został zaimportowany, anulowany albo czekał dłużej niż 24 godziny. "
            "Nic nie zapisano drugi raz; jeśli trzeba, wgraj plik ponownie."
        ),
    )
    return redirect("register:import")


def _preview(request, report, token, status=200):
    context = {
        "report": report,
        "token": token,
        "created": report.created[:PREVIEW_ROWS],
        "updated": report.updated[:PREVIEW_ROWS],
        "preview_rows": PREVIEW_ROWS,
    }
    return render(request, "members/register/preview.html", context, status=status)


@require_safe
@coordinator_required
def import_preview(request, token):
    name = _upload_name(request, token)
    content = upload_read(token) if name is not None else None
    if content is None:
        return _gone(request, token)
    return _preview(request, register_import(content=content, dry_run=True, actor=request.user, source=name), token)


@require_POST
@coordinator_required
def import_confirm(request, token):
    name = _upload_name(request, token)
    try:
        if name is None:
            raise UploadGone
        report = register_import_upload(token=token, actor=request.user, source=name)
    except UploadGone:
        return _gone(request, token)
    if not report.written:
        messages.error(request, _("Plik ma problemy, więc niczego nie zapisano."))
        return _preview(request, report, token)
    _forget(request, token)
    messages.success(
        request,
        _("Zaimportowano rejestr: nowe strony: %(created)s, zmienione: %(updated)s, bez zmian: %(unchanged)s.")
        % {"created": len(report.created), "updated": len(report.updated), "unchanged": report.unchanged},
    )
    return redirect("register:index")


@require_POST
@coordinator_required
def import_discard(request, token):
    if _upload_name(request, token) is not None:
        upload_discard(token)
    _forget(request, token)
    messages.success(request, _("Import anulowany; plik usunięto z serwera."))
    return redirect("register:import")
