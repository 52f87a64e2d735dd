"""WeasyPrint reads nothing but our own files: the bundled fonts, our static and media files, data: URIs."""

import base64
from pathlib import Path
from unittest import mock

import pytest

from klaster.pdf import LocalFetcher, RefusedURL, render_pdf
from klaster.testing import no_network, pdf_text

pytestmark = pytest.mark.usefixtures("media_root")


# --- the URL fetcher ------------------------------------------------------------------------------------------------


def test_fonts_come_from_the_bundled_files_and_nothing_else_is_fetched(settings):
    fetched = []
    original = LocalFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return original(self, url, headers)

    html = '<html lang="pl"><title>Próba</title><body><p>Zażółć <b>gęślą</b> <i>jaźń</i></p><h2>Nagłówek</h2></body></html>'
    with mock.patch.object(LocalFetcher, "fetch", spy):
        data = render_pdf(html)
    fonts_dir = (Path(settings.BASE_DIR) / "static" / "fonts").resolve().as_uri()
    assert fetched and all(url.startswith(fonts_dir + "/DejaVu") for url in fetched), fetched
    assert "Zażółć gęślą jaźń" in pdf_text(data)


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/x.png",
        "https://example.org/style.css",
        "ftp://example.org/x",
        "file:///etc/passwd",
        "file://example.org/static/css/pdf.css",
        "http://127.0.0.1:8000/porozumienie/",
        "http://127.0.0.1:8000/static/../../../etc/passwd",
        "http://127.0.0.1:8000/media/../../etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_our_static_and_media_files(url, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    with pytest.raises(RefusedURL):
        LocalFetcher().fetch(url)


def test_fetcher_refuses_a_path_out_of_the_static_directory(settings):
    outside = (Path(settings.BASE_DIR) / "static" / ".." / "manage.py").as_posix()
    with pytest.raises(RefusedURL):
        LocalFetcher().fetch("file://" + outside)


def test_fetcher_reads_our_static_and_media_files_and_data_uris(settings, media_root):
    settings.SITE_URL = "http://127.0.0.1:8000"
    media_root.mkdir(parents=True, exist_ok=True)
    (media_root / "herb.png").write_bytes(b"\x89PNG test")
    fetcher = LocalFetcher()
    font = (Path(settings.BASE_DIR) / "static" / "fonts" / "DejaVuSans.ttf").as_uri()
    assert fetcher.fetch(font).read()[:4] == b"\x00\x01\x00\x00"
    assert fetcher.fetch("http://127.0.0.1:8000/static/css/pdf.css").read().startswith(b"/* Print stylesheet")
    assert fetcher.fetch("http://127.0.0.1:8000/media/herb.png").read() == b"\x89PNG test"
    encoded = base64.b64encode("łóżko".encode()).decode()
    assert fetcher.fetch(f"data:text/plain;base64,{encoded}").read().decode() == "łóżko"


def test_a_crafted_document_never_fetches_remote_or_private_files():
    html = (
        '<html lang="pl"><head><title>Próba</title><link rel="stylesheet" href="https://example.org/x.css">'
        '<style>@import url("http://example.org/y.css"); p { background: url("file:///etc/passwd"); }</style></head>'
        '<body><p>Treść</p><img src="http://example.org/x.png" alt="x"><img src="file:///etc/passwd" alt="y">'
        '<iframe src="http://example.org/"></iframe></body></html>'
    )
    asked, refused = [], []
    original = LocalFetcher.fetch

    def spy(self, url, headers=None):
        asked.append(url)
        try:
            return original(self, url, headers)
        except RefusedURL:
            refused.append(url)
            raise

    with mock.patch.object(LocalFetcher, "fetch", spy), no_network():
        data = render_pdf(html)
    outside = [url for url in asked if "/static/fonts/" not in url]
    assert set(outside) == set(refused)
    assert {"http://example.org/x.png", "file:///etc/passwd", "https://example.org/x.css"} <= set(refused)
    assert "Treść" in pdf_text(data)
