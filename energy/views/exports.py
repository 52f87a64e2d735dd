"""The balances of a year as CSV or XLSX files (energy.services.exports): per gmina for everyone, per party for the
coordinator only."""

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from klaster import ratelimit
from members.access import coordinator_required

from ..services import chosen_year, years_with_readings
from ..services.exports import FILE_FORMATS, GROUPINGS, MONTHLY, PER_GMINA, RESOLUTIONS, BalanceExport, ExportTooLarge
from ..services.exports import balances_file as build_file


class BadRequest(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _choice(request, name, choices, default):
    value = request.GET.get(name, "").strip() or default
    if value not in choices:
        raise BadRequest(
            _("Nieznana wartość „%(value)s” parametru „%(name)s”. Dozwolone: %(choices)s.")
            % {"value": value[:40], "name": name, "choices": ", ".join(choices)}
        )
    return value


def _year(request, years):
    asked = request.GET.get("rok", "").strip()
    if asked and (not asked.isdigit() or int(asked) not in years):
        listed = ", ".join(map(str, years)) or _("żaden")
        raise BadRequest(
            _("Nie ma odczytów z roku „%(year)s”. Lata z odczytami: %(years)s.") % {"year": asked[:10], "years": listed}
        )
    return chosen_year(asked, years)


def _respond(request, export, file_format):
    try:
        content, content_type, filename = build_file(export, file_format)
    except ExportTooLarge:
        return _bad_request(
            request,
            _("Ten bilans ma więcej wierszy, niż mieści arkusz Excela (1 048 576). Pobierz go jako CSV."),
        )
    disposition = content_disposition_header(True, filename)
    if isinstance(content, bytes):
        response = HttpResponse(content, content_type=content_type)
    else:
        response = StreamingHttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = disposition
    return response


def _bad_request(request, message):
    return render(request, "energy/bad_request.html", {"message": message}, status=400)


def _export(request, file_format, *, groupings):
    if file_format not in FILE_FORMATS:
        raise Http404
    try:
        years = years_with_readings()
        export = BalanceExport(
            year=_year(request, years),
            resolution=_choice(request, "okres", RESOLUTIONS, MONTHLY),
            grouping=_choice(request, "uklad", groupings, PER_GMINA),
        )
    except BadRequest as error:
        return _bad_request(request, error.message)
    return _respond(request, export, file_format)


@require_safe
def public_balances(request, file_format):
    """Per gmina only: every party of a gmina summed, no party named."""
    if file_format not in FILE_FORMATS:
        raise Http404
    # Each file is a query over a year of the aggregate: a client asking for them in a loop is slowed down.
    if not ratelimit.allow(request, action="klaster_energy_export"):
        return render(request, "429.html", status=429)
    return _export(request, file_format, groupings=(PER_GMINA,))


@require_safe
@coordinator_required
def admin_balances(request, file_format):
    return _export(request, file_format, groupings=GROUPINGS)
