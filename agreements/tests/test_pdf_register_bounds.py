"""The register PDF of any day, and how many kept PDFs there may be: days with the same register share one kept
file, and the kept files stay within KEPT_PDF_MAX_FILES and KEPT_PDF_MAX_BYTES, the oldest that no page points to
removed first; a removed file's record stays, so its copies still verify, and asked again it comes back the same."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from agreements.models import IssuedPdf
from agreements.pdf import bounds
from klaster.testing import download, make_stakeholder, pdf_upload, stored_paths
from klaster.testing.agreements import accede

pytestmark = pytest.mark.usefixtures("media_root")

CHANGES = [datetime.date(2020, month, 1) for month in range(1, 7)]  # six accessions: seven registers since 2018


@pytest.fixture
def unlimited_downloads(settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "klaster_register_pdf": "10000/m/ip"}


@pytest.fixture
def accessions(cluster, agreement):
    parties = [make_stakeholder(cluster, f"Spółka Energetyczna nr {n}") for n in range(len(CHANGES))]
    for party, day in zip(parties, CHANGES, strict=True):
        accede(party, agreement, on=day)
    return parties


def register(client, day):
    response, data = download(client, "agreements:register-pdf", query=f"?dzien={day.isoformat()}")
    assert response.status_code == 200
    return data


def kept_files(private_files):
    return stored_paths(private_files / "pdf")


def test_two_days_with_the_same_register_are_one_kept_file(client, cluster, renders, private_files):
    first = register(client, datetime.date(2019, 1, 1))
    second = register(client, datetime.date(2019, 6, 30))
    assert first == second
    assert renders.count == 1
    assert len(kept_files(private_files)) == 1
    issued = IssuedPdf.objects.get(kind=IssuedPdf.Kind.REGISTER)
    assert issued.as_of == datetime.date(2018, 4, 10)  # the day the register took this shape
    assert "skład od 10 kwietnia 2018 r." in issued.title


def test_a_change_of_members_makes_a_new_register_from_its_day(client, cluster, renders, accessions):
    assert register(client, datetime.date(2019, 12, 31)) != register(client, datetime.date(2020, 1, 1))
    assert register(client, datetime.date(2020, 1, 31)) == register(client, datetime.date(2020, 1, 1))
    assert renders.count == 2
    days = sorted(IssuedPdf.objects.filter(kind=IssuedPdf.Kind.REGISTER).values_list("as_of", flat=True))
    assert days == [datetime.date(2018, 4, 10), datetime.date(2020, 1, 1)]


def test_a_flood_of_distinct_days_stays_within_the_bound_and_keeps_todays_register(
    client, cluster, accessions, settings, private_files, unlimited_downloads
):
    settings.KEPT_PDF_MAX_FILES = 3
    today = register(client, timezone.localdate())
    day = datetime.date(2018, 1, 1)
    while day < datetime.date(2020, 8, 1):
        register(client, day)
        assert len(kept_files(private_files)) <= 3
        day += datetime.timedelta(days=23)
    # One record per register there was (the records stay), files for at most three of them, today's among them.
    assert IssuedPdf.objects.filter(kind=IssuedPdf.Kind.REGISTER).count() == 8  # before 2018, 2018 and six changes
    current = IssuedPdf.objects.get(kind=IssuedPdf.Kind.REGISTER, as_of=CHANGES[-1])
    assert current.file and f"pdf/{current.file_sha256}.pdf" in [f"pdf/{name}" for name in kept_files(private_files)]
    assert register(client, timezone.localdate()) == today


def test_a_removed_file_still_verifies_and_comes_back_the_same(
    client, cluster, accessions, settings, private_files, renders, unlimited_downloads
):
    settings.KEPT_PDF_MAX_FILES = 1
    old = register(client, datetime.date(2019, 1, 1))
    register(client, timezone.localdate())  # the current register pushes the old one out
    issued = IssuedPdf.objects.get(kind=IssuedPdf.Kind.REGISTER, as_of=datetime.date(2018, 4, 10))
    assert not issued.file and len(kept_files(private_files)) == 1
    url = reverse("agreements:verify-document", kwargs={"identifier": issued.identifier})
    page = client.post(url, {"plik": pdf_upload("rejestr.pdf", old)}).content.decode()
    assert "Zgodny: przesłany plik jest dokładnie tym plikiem, który wydał portal." in page
    assert register(client, datetime.date(2019, 1, 1)) == old


def test_the_bytes_they_take_are_bounded_too(client, cluster, accessions, settings, private_files, unlimited_downloads):
    size = len(register(client, datetime.date(2019, 1, 1)))
    settings.KEPT_PDF_MAX_BYTES = 2 * size + size // 2
    for day in CHANGES:
        register(client, day)
    assert sum((private_files / "pdf" / name).stat().st_size for name in kept_files(private_files)) <= (
        settings.KEPT_PDF_MAX_BYTES
    )


def test_files_that_pages_point_to_now_are_never_removed(client, cluster, accessions, private_files, renders):
    download(client)  # the agreement
    register(client, datetime.date(2019, 1, 1))
    register(client, timezone.localdate())
    agreement = IssuedPdf.objects.get(kind=IssuedPdf.Kind.AGREEMENT)
    assert bounds.prune(max_files=0, max_bytes=0)[0] == 1  # only the 2019 register
    assert sorted(kept_files(private_files)) == sorted(
        f"{row.file_sha256}.pdf" for row in IssuedPdf.objects.exclude(file="")
    )
    assert IssuedPdf.objects.get(pk=agreement.pk).file


def test_the_daily_command_prunes_and_removes_files_no_record_names(
    client, cluster, accessions, private_files, unlimited_downloads
):
    for day in CHANGES:
        register(client, day)
    stray = private_files / "pdf" / ("0" * 64 + ".pdf")
    stray.write_bytes(b"%PDF-1.7 left by a render that never finished")
    old = timezone.now().timestamp() - 2 * 3600
    import os

    os.utime(stray, (old, old))
    out = io.StringIO()
    call_command("prune_kept_pdfs", "--max-files", "2", stdout=out)
    assert "Usunięto 4 zachowanych plików PDF" in out.getvalue() and "i 1 plików bez rekordu" in out.getvalue()
    assert len(kept_files(private_files)) == 2 and not stray.exists()
