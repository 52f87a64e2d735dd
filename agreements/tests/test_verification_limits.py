"""The public verification page under attack: an uploaded copy is fingerprinted first, and a file that is none of
ours is looked into only within limits (pages, decompressed streams, time, files per client, the upload's size),
each answered with a clear message, never a 500 and never seconds of CPU."""

import pytest
from django.test import Client
from django.urls import reverse

from agreements.models import IssuedPdf
from klaster import pdf_probe
from klaster.testing import pdf_bomb, pdf_bytes, pdf_of_pages, pdf_upload, response_body

pytestmark = pytest.mark.usefixtures("media_root")

NOT_OURS = "Ten plik nie jest kopią żadnego dokumentu wydanego przez portal"


def verify(client, data, *, url=None, **extra):
    """The answer to an uploaded copy. The message names the limit that stopped the reading; how long a refusal takes
    is measured in the benchmark (`make bench`), never here."""
    return client.post(url or reverse("agreements:verify"), {"plik": pdf_upload("kopia.pdf", data)}, **extra)


def test_a_pdf_inflating_to_fifty_megabytes_is_refused_quickly_and_clearly(client, cluster):
    bomb = pdf_bomb(50 * 1024 * 1024)
    assert len(bomb) < 200 * 1024
    response = verify(client, bomb)  # before: 16 s of CPU, then a 500 (pypdf's LimitReachedError)
    assert response.status_code == 400
    page = response.content.decode()
    assert NOT_OURS in page
    assert "bo jego zawartość po rozpakowaniu jest za duża (ponad 4,0\xa0MB w jednym strumieniu)" in page


def test_a_pdf_of_two_thousand_pages_is_refused_without_reading_them(client, cluster):
    response = verify(client, pdf_of_pages(2000))
    assert response.status_code == 400
    page = response.content.decode()
    assert NOT_OURS in page
    assert (
        "Nie szukaliśmy w nim identyfikatora dokumentu, bo ma 2000 stron, a przeszukujemy pliki do 500 stron." in page
    )


def test_an_ordinary_pdf_of_someone_else_is_still_looked_into_and_answered(client, cluster):
    response = verify(client, pdf_bytes())
    assert response.status_code == 200
    assert "Portal nie wydał tego pliku" in response.content.decode()


def test_a_kept_pdf_uploaded_again_is_answered_by_its_fingerprint_without_parsing(client, cluster, monkeypatch):
    data = response_body(client.get(reverse("agreements:pdf")))
    issued = IssuedPdf.objects.get()

    def parsed(*args, **kwargs):
        raise AssertionError("the upload was parsed")

    monkeypatch.setattr("klaster.uploads.PdfReader", parsed)
    monkeypatch.setattr("klaster.pdf_probe.subprocess.run", parsed)
    url = reverse("agreements:verify-document", kwargs={"identifier": issued.identifier})
    response = verify(client, data, url=url)
    assert response.status_code == 200
    assert "Zgodny: przesłany plik jest dokładnie tym plikiem, który wydał portal." in response.content.decode()


def test_the_thirty_first_file_from_one_client_within_an_hour_is_refused(client, cluster):
    data = pdf_bytes()
    for _ in range(30):
        assert verify(client, data, REMOTE_ADDR="198.51.100.7").status_code == 200
    refused = verify(client, data, REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429
    assert "Sprawdzono już wiele plików z tego adresu." in refused.content.decode()
    assert client.get(reverse("agreements:verify"), REMOTE_ADDR="198.51.100.7").status_code == 200  # looking is free
    assert verify(Client(), data, REMOTE_ADDR="198.51.100.8").status_code == 200  # another client is not held


def test_an_upload_over_the_limit_is_refused_by_its_size_before_it_is_read(client, cluster, monkeypatch):
    def parsed(*args, **kwargs):
        raise AssertionError("the request body was read")

    monkeypatch.setattr("django.http.multipartparser.MultiPartParser.parse", parsed)
    response = verify(client, b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024))
    assert response.status_code == 413
    page = response.content.decode()
    assert "<h1>Plik jest za duży</h1>" in page
    assert "Największy dopuszczalny rozmiar to 10,0\xa0MB." in page


def test_any_other_form_refuses_a_request_larger_than_the_largest_upload_unread(client, cluster, monkeypatch, settings):
    monkeypatch.setattr("django.http.multipartparser.MultiPartParser.parse", lambda *args: pytest.fail("read"))
    response = client.post(reverse("members:apply"), {"plik": pdf_upload("x.pdf", b"0" * (21 * 1024 * 1024))})
    assert response.status_code == 413 and "Plik jest za duży" in response.content.decode()


# --- the probe itself ------------------------------------------------------------------------------------------------


def test_the_probe_is_stopped_at_its_time_limit_whatever_pypdf_would_do():
    """pypdf allowed to parse the whole bomb would take 7 s or more: the child is stopped at its CPU second (or at
    the wall-clock bound of 1 + 1.5 s on a busy machine)."""
    generous = pdf_probe.Limits(stream_bytes=100 * 1024 * 1024, tokens=10**9, seconds=1)
    bomb = pdf_bomb(50 * 1024 * 1024)
    with pytest.raises(pdf_probe.Refused) as refused:
        pdf_probe.probe(bomb, generous)
    assert refused.value.reason == "time"


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"%PDF-1.7\nto nie jest PDF", "broken"), (pdf_of_pages(3), None)],
)
def test_the_probe_reads_a_real_pdf_and_refuses_a_broken_one(data, reason):
    if reason:
        with pytest.raises(pdf_probe.Refused) as refused:
            pdf_probe.probe(data)
        assert refused.value.reason == reason
    else:
        assert pdf_probe.probe(data).pages == 3
