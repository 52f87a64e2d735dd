"""Shared by the PDF and verification tests: downloading and reading a PDF, and rendering each content only once per
test run.

A rendering takes about a second, so `renders` keeps each PDF by its content fingerprint for the whole run (the same
content always gives the same document) and counts how many times the portal asked for a rendering: a test that
checks "served from the kept file" sees the count stay put.
"""

import io
import re
import threading
from html.parser import HTMLParser
from unittest import mock

from django.urls import reverse
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from agreements.pdf import kept

_rendered = {}
_guard = threading.Lock()


class RenderCounter:
    def __init__(self):
        self.count = 0
        self.delay = 0.0


def count_renders(monkeypatch):
    """Make `kept.render` keep each rendering for the run and count the calls (use it from a `renders` fixture)."""
    real = kept.render
    counter = RenderCounter()

    def render(export):
        with _guard:
            counter.count += 1
        if counter.delay:
            threading.Event().wait(counter.delay)  # widen the window for two requests to meet
        key = (export.kind, export.content_sha256)
        if key not in _rendered:
            _rendered[key] = real(export)
        return _rendered[key]

    monkeypatch.setattr(kept, "render", render)
    return counter


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, name="agreements:pdf", query="", **kwargs):
    """GET a PDF: the response, and the file's bytes when it is served (200), else b""."""
    response = client.get(reverse(name, kwargs=kwargs) + query)
    return response, body(response) if response.status_code == 200 else b""


def reader(data):
    return PdfReader(io.BytesIO(data))


def text(data):
    return "\n".join(page.extract_text() or "" for page in reader(data).pages)


def catalog(data):
    return reader(data).trailer["/Root"]


def xmp(data):
    return catalog(data)["/Metadata"].get_object().get_data().decode()


def embedded_fonts(data):
    """(PDF font name, family in the embedded font program's own name table) for every font of every page."""
    fonts = {}
    for page in reader(data).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            program = descriptor.get_object().get("/FontFile2") if descriptor else None
            family = ""
            if program is not None:
                family = TTFont(io.BytesIO(program.get_object().get_data()))["name"].getDebugName(1)
            fonts[str(font["/BaseFont"])] = family
    return fonts


def identifier_in(data):
    """The document identifier printed in the PDF."""
    return re.search(r"(?:POR|DEK|REJ)-[0-9A-F]{12}", text(data)).group(0)


class Elements(HTMLParser):
    """The elements and attribute values of an HTML fragment."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.values = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.values += [value or "" for _, value in attrs]


def no_network():
    """Any network connection fails the test."""
    return mock.patch("socket.create_connection", side_effect=AssertionError("network used"))
