"""Downloads of the agreement's PDFs and their public verification.

A download renders the PDF only the first time its content is asked for (agreements.pdf.kept.issue); every later one
serves the kept file with its ETag (the file's SHA-256) and Last-Modified, so a browser that has it gets 304.
The default file is a tagged PDF/UA-1; `?wariant=pdfa` gives the archival PDF/A-3a.

Who sees what: the agreement is public. An accession declaration is public when its party is a public one
(Participant.objects.public()); the coordinator (with the second factor set up) sees any. The member register lists,
for visitors and municipal staff, the parties a visitor may see; for the coordinator, every party.
"""

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date, quote_etag
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klaster import ratelimit
from klaster.addresses import site_url
from klaster.middleware import upload_limit
from klaster.page_cache import REVISION_MAX_AGE, kept_get, kept_set
from klaster.pdf import DEFAULT_VARIANT, VARIANT_LABELS, VARIANTS
from klaster.revision import Revision
from klaster.uploads import MAX_UPLOAD_BYTES
from members.access import is_coordinator
from members.models import Cluster, Participant

from ..forms import VerifyUploadForm
from ..models import Agreement, IssuedPdf
from ..pdf import content, kept, verification

KEPT_CACHE_SECONDS = 24 * 3600
# Part of the cache key: a new one when `Kept` changes its module or fields, so a shared cache (Redis) never hands a
# server a value pickled by an older release (pdf3: Kept moved from agreements.pdf_views to agreements.views.pdf).
KEPT_CACHE_VERSION = "pdf3"
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


@dataclass(frozen=True)
class Kept:
    """What a download needs of a kept PDF (IssuedPdf), remembered in the cache for one data revision."""

    name: str  # in the private storage
    file_sha256: str
    issued_at: float  # a timestamp
    filename: str  # offered to the browser


def _kept(request, key, build):
    """The kept PDF for `key` (what is asked: kind, subject, variant, who sees it), or None when `build` has nothing.

    `build(site)` makes the export with its verification address at `site` (klaster.addresses.site_url: SITE_URL in
    production, whatever Host was sent; in development the server the request came to), which is part of the key.

    What is remembered in the cache is valid for one data revision (klaster.revision.Revision): while nothing has
    changed, a download costs no query (the revision is read at most once a second) and one cache read; after any
    change the content is rebuilt from the database, and if its fingerprint is new, rendered (kept.issue). A file
    gone from the storage meanwhile is rendered and kept again."""
    site = site_url(request)
    cache_key = _cache_key(site, key)
    stored = kept_get(cache_key)
    if stored is not None and storages["private"].exists(stored.name):
        return stored
    export = build(site)
    if export is None:
        return None
    issued = kept.issue(export)
    stored = Kept(issued.file.name, issued.file_sha256, issued.issued_at.timestamp(), export.filename)
    kept_set(cache_key, stored, KEPT_CACHE_SECONDS)
    return stored


def _sent_by_proxy(stored):
    """Whether the reverse proxy sends this kept file: KEPT_PDF_ACCEL_REDIRECT set and the file in local storage
    under pdf/ (the location nginx serves)."""
    if not settings.KEPT_PDF_ACCEL_REDIRECT or not stored.name.startswith("pdf/"):
        return False
    try:
        storages["private"].path(stored.name)
    except NotImplementedError:  # a bucket: no local path for nginx
        return False
    return True


def _cache_key(site, key):
    return f"klaster:{KEPT_CACHE_VERSION}:{Revision.current(max_age=REVISION_MAX_AGE)}:{site}:{key}"


def kept_agreement_pdf(request):
    """The download of the current agreement's PDF when it is kept and still current, else None: what
    agreements.middleware.KeptPdfMiddleware answers without the rest of the request's handling. No query while
    the data revision read within the last second holds (klaster.revision), one cache read and the file's stat."""
    variant = request.GET.get("wariant", DEFAULT_VARIANT) or DEFAULT_VARIANT
    if variant not in VARIANTS:
        return None  # the view answers it, with its message
    stored = kept_get(_cache_key(site_url(request), f"agreement:current:{variant}"))
    if stored is None or not storages["private"].exists(stored.name):
        return None
    return _download(request, stored)


def _download(request, stored, *, private=False):
    """The kept PDF as an attachment, answering conditional GETs with 304."""
    if stored is None:  # nothing to issue: an accession declaration of a founding party, or no agreement
        raise Http404
    etag = quote_etag(stored.file_sha256)
    response = get_conditional_response(request, etag=etag, last_modified=int(stored.issued_at))
    if response is None and _sent_by_proxy(stored):
        # The reverse proxy sends the file (settings.KEPT_PDF_ACCEL_REDIRECT); what it needs to know is said here.
        response = HttpResponse(content_type="application/pdf")
        response["Content-Disposition"] = content_disposition_header(True, stored.filename)
        response["X-Accel-Redirect"] = settings.KEPT_PDF_ACCEL_REDIRECT + quote(stored.name.removeprefix("pdf/"))
    elif response is None:
        # A FileResponse: gunicorn sends the file with sendfile, without reading it into Python.
        response = FileResponse(
            storages["private"].open(stored.name, "rb"),
            as_attachment=True,
            filename=stored.filename,
            content_type="application/pdf",
        )
    response["ETag"] = etag
    response["Last-Modified"] = http_date(stored.issued_at)
    # Kept by browsers and proxies but checked each time: the same address gives a new file when the content changes.
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
    return response


@require_safe
def agreement_pdf(request):
    try:
        variant = _variant(request)
    except BadRequest as error:
        return _bad_request(request, error.message)

    def build(site):  # only when nothing is kept for this revision: which agreement is current is part of the data
        agreement = Agreement.objects.current().select_related("cluster__coordinator").first()
        return content.agreement_export(agreement, variant=variant, base_url=site) if agreement else None

    return _download(request, _kept(request, f"agreement:current:{variant}", build))


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
    stored = _kept(
        request,
        f"accession:{agreement.pk}:{participant.pk}:{variant}",
        lambda site: content.accession_export(agreement, participant, variant=variant, base_url=site),
    )
    return _download(request, stored, private=not public)


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
    stored = _kept(
        request,
        f"register:{cluster.pk}:{day.isoformat()}:{int(full)}:{variant}",
        lambda site: content.register_pdf_export(cluster, as_of=day, full=full, variant=variant, base_url=site),
    )
    return _download(request, stored, private=full)


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
