"""HTML to PDF with WeasyPrint: Polish, A4, bundled fonts, and nothing fetched from anywhere but our own files.

`render_pdf(html, variant=...)` turns an HTML string into PDF bytes. What it may read is decided by `LocalFetcher`:
`data:` URIs, files under the project's static directories and STATIC_ROOT (as `file:` paths or as our own /static/
addresses), and uploaded files as our own /media/ addresses, read through the default storage (a local folder or
object storage). Everything else (http, https, ftp, other files such as /etc/passwd) is refused, so a link or picture
smuggled into agreement text can never make the server fetch it.

The print stylesheet (static/css/pdf.css) brings the DejaVu fonts from static/fonts/ through @font-face: no font is
looked up on the internet, and the tests check that every font embedded in a PDF is one of them.
"""

import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import SuspiciousOperation
from django.core.files.storage import default_storage

# WeasyPrint reports each step of each rendering, and fontTools each font subset, at INFO level (some already while
# WeasyPrint is imported): keep the server's log for what matters.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)


class _WithoutSubsetNotice(logging.Filter):
    """WeasyPrint warns on every rendering that it subsets fonts with fontTools where the HarfBuzz-Subset library
    is missing; the result is the same (only slower), so the notice is not repeated in the log."""

    def filter(self, record):
        return not str(record.msg).startswith("Using fontTools instead of HarfBuzz-Subset")


logging.getLogger("weasyprint").addFilter(_WithoutSubsetNotice())

import pydyf  # noqa: E402 (weasyprint's own PDF writer)
import weasyprint  # noqa: E402
from weasyprint.text.fonts import FontConfiguration  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

# The variants we offer, by the name used in our addresses (?wariant=pdfa), with WeasyPrint's name for each.
# PDF/UA-1 is the tagged, accessible default; PDF/A-3a is the archival variant that stays tagged ("a" = accessible).
VARIANTS = {"pdfua": "pdf/ua-1", "pdfa": "pdf/a-3a"}
VARIANT_LABELS = {"pdfua": "PDF/UA-1", "pdfa": "PDF/A-3a"}
DEFAULT_VARIANT = "pdfua"
STYLESHEET = "css/pdf.css"


class RefusedURL(ValueError):
    """WeasyPrint asked for something outside our static and media files."""


def allowed_roots():
    """The directories whose files a PDF may use: the project's static directories and STATIC_ROOT."""
    roots = [Path(entry[1] if isinstance(entry, tuple | list) else entry) for entry in settings.STATICFILES_DIRS]
    roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _inside(path, roots):
    return any(path == root or path.is_relative_to(root) for root in roots)


class LocalFetcher(URLFetcher):
    """A WeasyPrint URL fetcher that reads only `data:` URIs and our own static and media files.

    It never opens a network connection: anything else raises RefusedURL (WeasyPrint then leaves the resource out).
    """

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False, timeout=1)
        self.roots = allowed_roots()
        site = urlsplit(settings.SITE_URL)
        self.site = (site.scheme, site.netloc)

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme == "file" and parts.netloc in ("", "localhost"):
            return self._file(url, Path(url2pathname(parts.path)))
        if scheme in ("http", "https") and (scheme, parts.netloc) == self.site:
            path = unquote(parts.path)
            if ".." in path.split("/"):
                raise RefusedURL(f"Refused to fetch {url!r}: it leaves our static and media files.")
            if path.startswith(settings.MEDIA_URL):
                return self._media(url, path.removeprefix(settings.MEDIA_URL))
            return self._file(url, self._static_path(path))
        raise RefusedURL(f"Refused to fetch {url!r}: PDFs use only our own static and media files.")

    def _static_path(self, path):
        """Our own address SITE_URL/static/... as the file it serves, or None."""
        if not path.startswith(settings.STATIC_URL):
            return None
        relative = path.removeprefix(settings.STATIC_URL)
        kept = Path(settings.STATIC_ROOT) / relative
        try:
            return kept if kept.is_file() else Path(finders.find(relative) or kept)
        except SuspiciousOperation:
            return None

    def _media(self, url, name):
        """An uploaded file, read through the default storage (which refuses names that leave it)."""
        try:
            with default_storage.open(name, "rb") as stored:
                content = stored.read()
        except (OSError, ValueError, SuspiciousOperation):
            raise RefusedURL(f"Refused to fetch {url!r}: not a media file.") from None
        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, content, headers={"Content-Type": content_type})

    def _file(self, url, path):
        if path is None:
            raise RefusedURL(f"Refused to fetch {url!r}: not a static or media file.")
        path = path.resolve()
        if not _inside(path, self.roots) or not path.is_file():
            raise RefusedURL(f"Refused to fetch {url!r}: not a static file.")
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), headers={"Content-Type": content_type})


def stylesheet_path(name=STYLESHEET):
    found = finders.find(name)
    return Path(found) if found else Path(settings.STATIC_ROOT) / name


def render_pdf(html, *, variant=DEFAULT_VARIANT, stylesheets=(STYLESHEET,), identifier=None):
    """Render an HTML string (a whole document with <html lang>, <title> and <meta name="author">) to PDF bytes.

    `variant` is one of VARIANTS ("pdfua", "pdfa"); `identifier` (str) becomes the PDF's file identifier.
    """
    fetcher = LocalFetcher()
    fonts = FontConfiguration()
    base = stylesheet_path().parent.parent  # the static directory: relative addresses resolve inside it
    css = [
        weasyprint.CSS(filename=stylesheet_path(name), url_fetcher=fetcher, font_config=fonts) for name in stylesheets
    ]
    document = weasyprint.HTML(string=html, base_url=base.as_uri() + "/", url_fetcher=fetcher)
    return document.write_pdf(
        stylesheets=css,
        font_config=fonts,
        pdf_variant=VARIANTS[variant],
        pdf_identifier=identifier.encode() if identifier else None,
        finisher=header_scopes,
    )


def header_scopes(document, pdf):
    """Give each table header cell of the tagged PDF its /Scope, as the HTML's `scope` says it: a header of the table
    head is a column's, one in the table's body is its row's. WeasyPrint tags the cells (/TH, /TD with /Headers) but
    leaves the scope out, and a PDF/UA checker (pdfua: UA-15-003) then cannot tie a data cell to its headers."""
    objects = pdf.objects

    def parent(element):
        reference = element.get("P")
        if not reference:
            return None
        number = int(bytes(reference).split()[0])
        found = objects[number] if number < len(objects) else None
        return found if isinstance(found, pydyf.Dictionary) else None

    for element in objects:
        if not isinstance(element, pydyf.Dictionary) or element.get("S") != "/TH":
            continue
        row = parent(element)
        section = parent(row) if row is not None else None
        kind = section.get("S") if section is not None else None
        scope = "/Column" if kind in ("/THead", "/Table") else "/Row"
        attributes = element.get("A")
        if not isinstance(attributes, pydyf.Dictionary):
            attributes = element["A"] = pydyf.Dictionary({"O": "/Table"})
        attributes["Scope"] = scope
