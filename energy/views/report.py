"""The yearly energy report (energy.report) as a PDF: public, served as the agreement's PDFs are (agreements.pdf:
rendered once per content and kept, with an identifier, a QR code and the verification page)."""

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from agreements.pdf import serving
from klaster import ratelimit
from klaster.pdf import DEFAULT_VARIANT, VARIANTS
from members.models import Cluster

from ..report import report_export
from ..services import years_with_readings


def _bad_request(request, message):
    return render(request, "energy/bad_request.html", {"message": message}, status=400)


@require_safe
def report_pdf(request):
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404
    variant = request.GET.get("wariant", "").strip() or DEFAULT_VARIANT
    if variant not in VARIANTS:
        return _bad_request(
            request, _("Nie ma takiego wariantu pliku. Wybierz „pdfua” (dostępny) albo „pdfa” (archiwalny).")
        )
    years = years_with_readings()
    asked = request.GET.get("rok", "").strip()
    if not years:
        return _bad_request(
            request, _("Klaster nie ma jeszcze w portalu żadnych odczytów, więc nie ma z czego sporządzić raportu.")
        )
    if asked and (not asked.isdigit() or int(asked) not in years):
        return _bad_request(
            request,
            _("Nie ma odczytów z roku „%(year)s”. Lata z odczytami: %(years)s.")
            % {"year": asked[:10], "years": ", ".join(map(str, years))},
        )
    year = int(asked) if asked else years[0]
    if not ratelimit.allow(request, action="klaster_energy_report_pdf"):
        return render(request, "429.html", status=429)
    stored = serving.kept_for(
        request,
        f"energy-report:{cluster.pk}:{year}:{variant}",
        lambda site: report_export(cluster, year, variant=variant, base_url=site),
    )
    return serving.download(request, stored)
