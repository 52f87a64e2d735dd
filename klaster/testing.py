"""What the tests share, in one module that every test imports (no test module imports another): the personas'
accounts and second factor, small factories of the cluster's records, counting queries, files that are what they
claim to be, and the browser (Playwright driving the system Chromium, with an axe-core scan). Fixtures that use these
live in the root conftest.py. Not imported by the portal itself."""

import io
import re
import socket
import unicodedata
import xml.etree.ElementTree as ET
from contextlib import contextmanager
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klaster.slugs import slugify
from members import services
from members.models import Invitation, Participant, Person, Role, StaffMembership

PASSWORD = "test-password-123"


def make_stakeholder(cluster, name, **fields):
    """A current stakeholder that consented to the public directory, unless told otherwise."""
    values = {
        "cluster": cluster,
        "kind": Participant.Kind.STAKEHOLDER,
        "category": Participant.Category.COMPANY,
        "name": name,
        "slug": fields.pop("slug", None) or slugify(name),
        "status": Participant.Status.ACTIVE,
        "public_listing": True,
        **fields,
    }
    return Participant.objects.create(**values)


def make_user(email, *, role=None, gmina=None, superuser=False):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        StaffMembership.objects.create(user=user, role=role, gmina=gmina)
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET):
    """The current one-time code for `secret`, as an authenticator app would show it."""
    return totp_code_of_period(0, secret)


def totp_code_of_period(offset, secret=TOTP_SECRET):
    """The code of the 30-second period `offset` periods from now (-1: the one before)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + offset))


CHROMIUM = "/usr/bin/chromium"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def new_page(browser, **context_options):
    context = browser.new_context(locale="pl-PL", **context_options)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    return context, context.new_page()


def _format_axe(results):
    lines = []
    for violation in results:
        lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"        {' '.join(str(part) for part in node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


def axe_problems(page):
    """Run axe-core (WCAG 2.1 A and AA) on the page: (violations, needs-review), each formatted, empty if none."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response
    return _format_axe(results["violations"]), _format_axe(results["incomplete"])


def assert_accessible(page):
    violations, _review = axe_problems(page)
    assert not violations, f"axe-core violations on {page.url}:\n{violations}"


def make_contact(gmina, first_name, last_name, function="inspektor ds. energii", **fields):
    """A person in a role at `gmina` (a contact of the gmina)."""
    person = Person.objects.create(first_name=first_name, last_name=last_name, email=fields.pop("email", ""))
    return Role.objects.create(person=person, participant=gmina, function_pl=function, **fields)


def invite(email, gmina=None, *, role=StaffMembership.Role.STAFF, by=None, **fields):
    """An invitation made through the service; `fields` (accepted_at, revoked_at, expires_at) set afterwards."""
    invitation, _link = services.invitation_create(email=email, role=role, gmina=gmina, by=by, send=False)
    if fields:
        Invitation.objects.filter(pk=invitation.pk).update(**fields)
        invitation.refresh_from_db()
    return invitation


def count_queries(client, url):
    """How many queries the page at `url` makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def pdf_bytes():
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt, size=(8, 8)):
    """A real picture in `fmt` (PNG, JPEG, WEBP...)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format=fmt)
    return out.getvalue()


def picture(name="scena.png", *, fmt="PNG", size=(64, 48)):
    """A real picture as an uploaded file."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, image_bytes(fmt, size), content_type=f"image/{fmt.lower()}")


# --- S3: a real endpoint over HTTP (moto's server), for the object storage and several servers ---------------------

S3_REGION = "eu-central-1"
S3_KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


@contextmanager
def s3_endpoint():
    """A real S3 endpoint over HTTP, in this process, on a free port: yields its address."""
    from moto.server import ThreadedMotoServer

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


# --- reading rendered pages: their text, title, headings, links; the sitemaps ---------------------------------------


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.texts, self.meta, self.links, self.h1 = [], {}, [], []
        self.title = ""
        self.html_lang = None
        self._stack = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "script" in self._stack or "style" in self._stack:
            return
        if self._stack and self._stack[-1] == "title":
            self.title += data
        elif self._stack and self._stack[-1] == "h1":
            self.h1.append(data.strip())
        if "title" not in self._stack:
            self.texts.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.texts).split())


def normalise(text):
    """Letters and digits only, lower case, single spaces: to compare facts across punctuation and quotes."""
    text = unicodedata.normalize("NFC", unescape(text)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# --- the sitemap: an index of sitemaps, each a list of pages -------------------------------------------------------

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemaps(get):
    """The XML of every sitemap that /sitemap.xml (an index) lists; `get(path)` answers with the body's bytes."""
    index = ET.fromstring(get("/sitemap.xml"))  # noqa: S314 (our own sitemap)
    assert index.tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex"
    return [get(_path(loc.text.strip())) for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]


def sitemap_text(client):
    """Every sitemap the index lists, as one text (to look for addresses in)."""
    return "\n".join(body.decode() for body in sitemaps(lambda path: client.get(path).content))


def sitemap_paths(get):
    """Every page the sitemaps list, as paths with their query: each entry's <loc> and its xhtml:link alternates."""
    paths = set()
    for body in sitemaps(get):
        root = ET.fromstring(body)  # noqa: S314 (our own sitemap)
        urls = [loc.text.strip() for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]
        urls += [link.get("href") for link in root.iterfind("sm:url/xhtml:link", SITEMAP_NS)]
        paths.update(_path(url) for url in urls)
    return sorted(paths)


# --- well-formed HTML -------------------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets the parser imply; we still close ours, but do not fail on them.
OPTIONAL_END = {"li", "p", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.ids, self.label_targets = [], [], {}, []
        self.doctype = False

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.problems.append(f"duplicate id {attrs['id']!r} at line {self.getpos()[0]}")
            self.ids[attrs["id"]] = tag
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
        if tag == "img" and "alt" not in attrs:
            self.problems.append(f"<img> without alt at line {self.getpos()[0]}")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag for void element </{tag}> at line {self.getpos()[0]}")
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            opened = self.stack[-1] if self.stack else None
            self.problems.append(f"</{tag}> at line {self.getpos()[0]} closes {opened}")
            return
        self.stack.pop()

    def finish(self):
        self.close()
        if not self.doctype:
            self.problems.append("no <!DOCTYPE html>")
        unclosed = [f"<{tag}> from line {line}" for tag, line in self.stack if tag not in OPTIONAL_END]
        if unclosed:
            self.problems.append("unclosed: " + ", ".join(unclosed))
        for target in self.label_targets:
            if target not in self.ids:
                self.problems.append(f"<label for={target!r}> points at no element")
        return self.problems
