"""Serving the kept PDFs: what a download needs of a kept PDF, remembered in the cache for one data revision, and
the download itself (an attachment with its ETag and Last-Modified, 304 to a browser that has it, sent by the reverse
proxy where it can). The agreement's downloads (agreements.views.pdf) and the yearly energy report (energy) use it.
"""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, http_date, quote_etag

from klaster.addresses import site_url
from klaster.page_cache import REVISION_MAX_AGE, kept_get, kept_set
from klaster.revision import Revision

from . import kept

KEPT_CACHE_SECONDS = 24 * 3600
# Part of the cache key: a new one when `Kept` changes its module or fields, so a shared cache (Redis) never hands a
# server a value pickled by an older release (pdf3: Kept moved from agreements.pdf_views to agreements.views.pdf;
# pdf4: to agreements.pdf.serving).
KEPT_CACHE_VERSION = "pdf4"


@dataclass(frozen=True)
class Kept:
    """What a download needs of a kept PDF (IssuedPdf), remembered in the cache for one data revision."""

    name: str  # in the private storage
    file_sha256: str
    issued_at: float  # a timestamp
    filename: str  # offered to the browser


def kept_for(request, key, build):
    """The kept PDF for `key` (what is asked: kind, subject, variant, who sees it), or None when `build` has nothing.

    `build(site)` makes the export with its verification address at `site` (klaster.addresses.site_url: SITE_URL in
    production, whatever Host was sent; in development the server the request came to), which is part of the key.

    What is remembered in the cache is valid for one data revision (klaster.revision.Revision): while nothing has
    changed, a download costs no query (the revision is read at most once a second) and one cache read; after any
    change the content is rebuilt from the database, and if its fingerprint is new, rendered (kept.issue). A file
    gone from the storage meanwhile is rendered and kept again."""
    site = site_url(request)
    key_in_cache = cache_key(site, key)
    stored = kept_get(key_in_cache)
    if stored is not None and storages["private"].exists(stored.name):
        return stored
    export = build(site)
    if export is None:
        return None
    issued = kept.issue(export)
    stored = Kept(issued.file.name, issued.file_sha256, issued.issued_at.timestamp(), export.filename)
    kept_set(key_in_cache, stored, KEPT_CACHE_SECONDS)
    return stored


def sent_by_proxy(stored):
    """Whether the reverse proxy sends this kept file: KEPT_PDF_ACCEL_REDIRECT set and the file in local storage
    under pdf/ (the location nginx serves)."""
    if not settings.KEPT_PDF_ACCEL_REDIRECT or not stored.name.startswith("pdf/"):
        return False
    try:
        storages["private"].path(stored.name)
    except NotImplementedError:  # a bucket: no local path for nginx
        return False
    return True


def cache_key(site, key):
    return f"klaster:{KEPT_CACHE_VERSION}:{Revision.current(max_age=REVISION_MAX_AGE)}:{site}:{key}"


def download(request, stored, *, private=False):
    """The kept PDF as an attachment, answering conditional GETs with 304."""
    if stored is None:  # nothing to issue: an accession declaration of a founding party, or no agreement
        raise Http404
    etag = quote_etag(stored.file_sha256)
    response = get_conditional_response(request, etag=etag, last_modified=int(stored.issued_at))
    if response is None and sent_by_proxy(stored):
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
