"""Downloading and reading back the PDFs the portal serves: text, catalog, metadata, fonts, identifier."""

import io
import re
from unittest import mock

from django.urls import reverse


def response_body(response):
    """The bytes a response carries, streamed or not."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def download(client, name="agreements:pdf", query="", **kwargs):
    """GET a PDF: the response, and the file's bytes when it is served (200), else b""."""
    response = client.get(reverse(name, kwargs=kwargs) + query)
    return response, response_body(response) if response.status_code == 200 else b""


def pdf_reader(data):
    from pypdf import PdfReader

    return PdfReader(io.BytesIO(data))


def pdf_text(data):
    """The text of every page, one page after another."""
    text = "\n".join(page.extract_text() or "" for page in pdf_reader(data).pages)
    return text.replace("\xa0", " ")  # Polish typography's non-breaking spaces read as spaces


def pdf_catalog(data):
    return pdf_reader(data).trailer["/Root"]


def pdf_xmp(data):
    """The document's XMP metadata, as XML text."""
    return pdf_catalog(data)["/Metadata"].get_object().get_data().decode()


def embedded_fonts(data):
    """(PDF font name, family in the embedded font program's own name table) for every font of every page."""
    from fontTools.ttLib import TTFont

    fonts = {}
    for page in pdf_reader(data).pages:
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
    return re.search(r"(?:POR|DEK|REJ|ENE)-[0-9A-F]{12}", pdf_text(data)).group(0)


def no_network():
    """Any network connection fails the test."""
    return mock.patch("socket.create_connection", side_effect=AssertionError("network used"))
