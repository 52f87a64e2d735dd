"""Downloads of the agreement's PDFs and their public verification.

A download renders the PDF only the first time its content is asked for (agreements.pdf.kept.issue); every later one
serves the kept file with its ETag (the file's SHA-256) and Last-Modified, so a browser that has it gets 304.
The default file is a tagged PDF/UA-1; `?wariant=pdfa` gives the archival PDF/A-3a.

Who sees what: the agreement is public. An accession declaration is public when its party is a public one
(Participant.objects.public()); the coordinator (with the second factor set up) sees any. The member register lists,
for visitors and municipal staff, the parties a visitor may see; for the coordinator, every party.
"""

import re
from datetime import date

from django.core.files.storage import storages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klaster import ratelimit
from klaster.addresses import site_url
from klaster.middleware import upload_limit
from klaster.page_cache import kept_get
from klaster.pdf import DEFAULT_VARIANT, VARIANT_LABELS, VARIANTS
from klaster.uploads import MAX_UPLOAD_BYTES
from members.access import is_coordinator
from members.models import Cluster, Participant

from ..forms import VerifyUploadForm
from ..models import Agreement, IssuedPdf
from ..pdf import content, serving, verification

DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _sees_everything(user):
    """The coordinator (with the second factor, as for every coordinator page)."""
    return is_coordinator(user)


class BadRequest(Exception):
    def __init__(self, message):
        super().__init__(message)
        self.message = message


def _variant(request):
    variant = request.GET.get("wariant", DEFAULT_VARIANT) or DEFAULT_VARIANT
    if variant not in VARIANTS:
        raise BadRequest(_("Nie ma takiego wariantu pliku. Wybierz „pdfua” (dostępny) albo „pdfa” (archiwalny)."))
    return variant


def _bad_request(request, message):
    return render(request, "agreements/pdf/bad_request.html", {"message": message}, status=400)


def kept_agreement_pdf(request):
    """The download of the current agreement's PDF when it is kept and still current, else None: what
    agreements.middleware.KeptPdfMiddleware answers without the rest of the request's handling. No query while
    the data revision read within the last second holds (klaster.revision), one cache read and the file's stat."""
    variant = request.GET.get("wariant", DEFAULT_VARIANT) or DEFAULT_VARIANT
    if variant not in VARIANTS:
        return None  # the view answers it, with its message
    stored = kept_get(serving.cache_key(site_url(request), f"agreement:current:{variant}"))
    if stored is None or not storages["private"].exists(stored.name):
        return None
    return serving.download(request, stored)


@require_safe
def agreement_pdf(request):
    try:
        variant = _variant(request)
    except BadRequest as error:
        return _bad_request(request, error.message)

    def build(site):  # only when nothing is kept for this revision: which agreement is current is part of the data
        agreement = Agreement.objects.current().select_related("cluster__coordinator").first()
        return content.agreement_export(agreement, variant=variant, base_url=site) if agreement else None

    return serving.download(request, serving.kept_for(request, f"agreement:current:{variant}", build))


@require_safe
def accession_pdf(request, slug):
    agreement = get_object_or_404(Agreement.objects.current())
    participant = get_object_or_404(Participant.objects.filter(cluster=agreement.cluster), slug=slug)
    public = participant.is_public
    if not public and not _sees_everything(request.user):
        raise Http404
    try:
        variant = _variant(request)
    except BadRequest as error:
        return _bad_request(request, error.message)
    stored = serving.kept_for(
        request,
        f"accession:{agreement.pk}:{participant.pk}:{variant}",
        lambda site: content.accession_export(agreement, participant, variant=variant, base_url=site),
    )
    return serving.download(request, stored, private=not public)


def _register_day(request):
    """The day asked for in ?dzien=YYYY-MM-DD (today when absent), or BadRequest with a message saying why not."""
    value = request.GET.get("dzien", "").strip()
    today = timezone.localdate()
    if not value:
        return today
    try:
        if not DAY.match(value):
            raise ValueError
        day = date.fromisoformat(value)
    except ValueError:
        raise BadRequest(
            _("„%(value)s” nie jest poprawną datą. Podaj dzień w formacie RRRR-MM-DD, na przykład 2018-04-10.")
            % {"value": value[:40]}
        ) from None
    if day > today:
        raise BadRequest(_("Rejestr można pobrać na dzień dzisiejszy albo na dzień, który już minął."))
    return day


@require_safe
def register_pdf(request):
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404
    try:
        day = _register_day(request)
        variant = _variant(request)
    except BadRequest as error:
        return _bad_request(request, error.message)
    full = _sees_everything(request.user)
    # Each day is another document to render: a client walking through dates is slowed down, not the server.
    if not ratelimit.allow(request, action="klaster_register_pdf"):
        return render(request, "429.html", status=429)
    stored = serving.kept_for(
        request,
        f"register:{cluster.pk}:{day.isoformat()}:{int(full)}:{variant}",
        lambda site: content.register_pdf_export(cluster, as_of=day, full=full, variant=variant, base_url=site),
    )
    return serving.download(request, stored, private=full)


# --- verification --------------------------------------------------------------------------------------------------


def _check_upload(request):
    """The upload form, and on a valid POST what the file is (UploadCheck); a bad upload answers 400."""
    if request.method != "POST":
        return VerifyUploadForm(), None, 200
    form = VerifyUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return form, None, 400
    try:
        return form, verification.check_upload(form.cleaned_data["plik"]), 200
    except verification.Unreadable as error:
        form.add_error("plik", error.message)
        return form, None, 400


def _too_many_uploads(request):
    """Each uploaded file may be parsed: one client checks a limited number of files (ACCOUNT_RATE_LIMITS), so the
    page cannot be used to keep the server busy. Counted before the file is looked at."""
    if request.method != "POST" or ratelimit.allow(request, action="klaster_verify_pdf"):
        return None
    message = _(
        "Sprawdzono już wiele plików z tego adresu. Odczekaj godzinę i spróbuj ponownie albo sprawdź dokument po identyfikatorze."
    )
    return render(request, "429.html", {"message": message}, status=429)


def _unknown(request, identifier):
    return render(request, "agreements/verify_unknown.html", {"identifier": identifier[:60]}, status=404)


@require_http_methods(["GET", "HEAD", "POST"])
@upload_limit(MAX_UPLOAD_BYTES)
def verify(request):
    """Verification of a PDF: look up an identifier, or upload the file to compare its fingerprint."""
    if "identyfikator" in request.GET:
        identifier = request.GET["identyfikator"].strip().upper()
        if identifier:
            if IssuedPdf.objects.filter(identifier=identifier).exists():
                return redirect("agreements:verify-document", identifier=identifier)
            return _unknown(request, identifier)
    refused = _too_many_uploads(request)
    if refused:
        return refused
    form, check, status = _check_upload(request)
    return render(request, "agreements/verify.html", {"form": form, "check": check}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@upload_limit(MAX_UPLOAD_BYTES)
def verify_document(request, identifier):
    """What the document with this identifier is, whether it is current, and whether an uploaded file is it."""
    issued = (
        IssuedPdf.objects.select_related("agreement__cluster", "participant", "version")
        .filter(identifier=identifier.upper())
        .first()
    )
    if issued is None:
        return _unknown(request, identifier)
    if identifier != issued.identifier:
        return redirect("agreements:verify-document", identifier=issued.identifier)
    refused = _too_many_uploads(request)
    if refused:
        return refused
    current = verification.current_export(issued, base_url=site_url(request))
    is_current = current is not None and current.content_sha256 == issued.content_sha256
    form, check, status = _check_upload(request)
    verdict = None
    if check is not None:
        if check.issued is not None:
            verdict = "match" if check.issued.pk == issued.pk else "other"
        elif check.claimed_identifier == issued.identifier:
            verdict = "altered"
        elif check.claimed_identifier:
            verdict = "claims_other"
        else:
            verdict = "unknown"
    context = {
        "issued": issued,
        "variant": VARIANT_LABELS.get(verification.parse_subject(issued).get("variant", ""), ""),
        "is_current": is_current,
        "current_url": verification.current_download_url(current) if current is not None and not is_current else "",
        "form": form,
        "check": check,
        "verdict": verdict,
    }
    return render(request, "agreements/verify_document.html", context, status=status)
