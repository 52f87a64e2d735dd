"""A large file of readings on the task queue (energy.services.jobs): checked for the preview and imported once
confirmed by a task, its progress and outcome on the preview page, a failure recorded with nothing written, and a task
that a stopped worker left running started over when the worker comes back.

Most tests run the tasks at once (django-tasks' immediate backend) with the threshold at 0 bytes, so the small files
of energy/tests/data go through the queue; the last ones use the portal's real backend (the database) and its worker."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from energy.models import HourlyBalance, ImportBatch, ImportJob, MeteringPoint, Reading
from energy.services import job_run
from klaster.testing import html_problems, make_stakeholder, messages_of, read_page
from members.register import uploads

DATA = Path(__file__).parent / "data"
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def point(cluster, tworog):
    company = make_stakeholder(cluster, "Spółdzielnia Słoneczna")
    return MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )


@pytest.fixture
def queued(settings):
    """Every file goes through the task queue, whose tasks run at once."""
    settings.ENERGY_IMPORT_QUEUE_BYTES = 0
    settings.TASKS = IMMEDIATE


def upload(client, point, name="elicznik-2021-07-03.csv"):
    content = (DATA / name).read_bytes()
    response = client.post(
        reverse("energy-admin:import"),
        {"metering_point": point.pk, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )
    assert response.status_code == 302
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


def preview_url(token):
    return reverse("energy-admin:import-preview", kwargs={"token": token})


def confirm_url(token):
    return reverse("energy-admin:import-confirm", kwargs={"token": token})


@pytest.mark.usefixtures("queued")
def test_a_large_file_is_previewed_and_imported_by_tasks_with_the_same_figures(client, coordinator, point):
    client.force_login(coordinator)
    token = upload(client, point)
    job = ImportJob.objects.get()
    assert (job.action, job.state, job.requested_by, job.file_name) == ("preview", "done", coordinator,
                                                                         "elicznik-2021-07-03.csv")  # fmt: skip
    assert job.rows_done == job.rows_total > 96
    assert Reading.objects.count() == 0  # a preview writes nothing

    page = client.get(preview_url(token))
    assert page.status_code == 200 and "Refresh" not in page
    text = read_page(page).text
    # The same figures as the preview made in the request (test_views): period in Warsaw time, sums by hand.
    assert "2021-07-03 00:00 – 2021-07-04 00:00" in text
    assert "pobór 24 2,700" in text and "oddanie po zbilansowaniu 24 8,190" in text
    assert "Odczyty tego punktu, które import zastąpi 0" in text
    assert html_problems(page.content.decode()) == []

    confirmed = client.post(confirm_url(token))
    assert confirmed["Location"] == reverse("energy-admin:index")
    imported = ImportJob.objects.get(action="import")
    assert imported.state == "done" and imported.batch == ImportBatch.objects.get()
    assert imported.batch.imported_by == coordinator
    assert Reading.objects.filter(metering_point=point).count() == 96
    assert HourlyBalance.objects.count() == 96
    assert uploads.upload_read(token) is None  # the file is gone from the server
    index = client.get(confirmed["Location"])
    assert "Zaimportowano odczyty punktu 590 3224 0000012345 0: 96, w tym zastąpione: 0." in messages_of(index)
    # The upload is done with: its page and its confirmation find nothing, and nothing is imported twice.
    assert client.post(confirm_url(token))["Location"] == reverse("energy-admin:import")
    assert ImportBatch.objects.count() == 1


@pytest.mark.usefixtures("queued")
def test_a_large_malformed_file_shows_its_problems_and_cannot_be_confirmed(client, coordinator, point):
    client.force_login(coordinator)
    token = upload(client, point, "elicznik-malformed.csv")
    job = ImportJob.objects.get()
    assert (job.state, job.failure) == ("failed", "problems")
    page = client.get(preview_url(token))
    text = read_page(page).text
    assert "Plik ma 7 problemów" in text and "Nic nie zostanie zapisane." in text
    assert "„abc” to nie jest liczba kWh" in text
    assert confirm_url(token) not in page.content.decode()
    assert html_problems(page.content.decode()) == []

    client.post(confirm_url(token))
    assert not ImportJob.objects.filter(action="import").exists()
    assert Reading.objects.count() == 0 and ImportBatch.objects.count() == 0


@pytest.mark.usefixtures("queued")
def test_a_failure_while_writing_is_recorded_in_polish_and_writes_nothing(client, coordinator, point, monkeypatch):
    client.force_login(coordinator)
    token = upload(client, point)

    def broken(**_kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr("energy.services.readings.balances_refresh", broken)
    response = client.post(confirm_url(token))
    assert response["Location"] == preview_url(token)
    job = ImportJob.objects.get(action="import")
    assert (job.state, job.failure, job.batch) == ("failed", "error", None)
    assert Reading.objects.count() == 0 and ImportBatch.objects.count() == 0 and HourlyBalance.objects.count() == 0
    page = client.get(preview_url(token))
    text = read_page(page).text
    assert "Nie udało się zapisać odczytów" in text and "Niczego nie zapisano." in text
    assert html_problems(page.content.decode()) == []

    monkeypatch.undo()  # the database is back: the coordinator tries again
    client.force_login(coordinator)
    assert client.post(confirm_url(token))["Location"] == reverse("energy-admin:index")
    assert Reading.objects.count() == 96 and ImportBatch.objects.count() == 1


@pytest.mark.usefixtures("queued")
def test_an_upload_gone_before_its_task_ran_sends_back_to_the_upload_form(client, coordinator, point):
    client.force_login(coordinator)
    token = upload(client, point)
    uploads.upload_discard(token)
    response = client.post(confirm_url(token))
    assert ImportJob.objects.get(action="import").failure == "gone"
    page = client.get(response["Location"], follow=True)
    assert page.redirect_chain[-1][0] == reverse("energy-admin:import")
    assert "Tego pliku nie ma już na serwerze" in " ".join(messages_of(page))
    assert Reading.objects.count() == 0


def test_a_small_file_stays_in_the_request(client, coordinator, point, settings):
    settings.TASKS = IMMEDIATE
    client.force_login(coordinator)
    token = upload(client, point)
    assert not ImportJob.objects.exists()
    assert "pobór 24 2,700" in read_page(client.get(preview_url(token))).text


@pytest.mark.usefixtures("queued")
def test_another_session_does_not_see_the_job_nor_confirm_it(client, coordinator, point):
    client.force_login(coordinator)
    token = upload(client, point)
    other = Client()
    other.force_login(coordinator)  # another session of the same account: it did not upload the file
    assert other.get(preview_url(token))["Location"] == reverse("energy-admin:import")
    assert other.post(confirm_url(token))["Location"] == reverse("energy-admin:import")
    assert not ImportJob.objects.filter(action="import").exists()


# --- the portal's own queue: the database and its worker -------------------------------------------------------------


def run_worker(*options):
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", *options, stdout=io.StringIO())


def test_a_queued_file_shows_its_progress_until_the_worker_has_checked_it(
    transactional_db, client, coordinator, point, settings
):
    settings.ENERGY_IMPORT_QUEUE_BYTES = 0
    client.force_login(coordinator)
    token = upload(client, point)
    job = ImportJob.objects.get()
    assert job.state == "queued" and DBTaskResult.objects.ready().count() == 1

    page = client.get(preview_url(token))
    text = read_page(page).text
    assert "Plik czeka w kolejce zadań" in text and "Odśwież stan" in text
    assert "Refresh" not in page  # the page refreshes itself only when asked to
    assert "Zapisz odczyty" not in text
    assert html_problems(page.content.decode()) == []
    asked = client.get(preview_url(token) + "?auto=1")
    assert asked["Refresh"] == "5" and "Nie odświeżaj strony samoczynnie" in read_page(asked).text

    ImportJob.objects.filter(pk=job.pk).update(state="running", rows_done=40, rows_total=97)
    text = read_page(client.get(preview_url(token))).text
    assert "Przeczytano 40 z 97 wierszy pliku." in text and "41%" in text

    ImportJob.objects.filter(pk=job.pk).update(state="queued", rows_done=0)
    run_worker()
    job.refresh_from_db()
    assert job.state == "done"
    page = client.get(preview_url(token) + "?auto=1")
    assert "Refresh" not in page  # done: nothing more to wait for
    assert "pobór 24 2,700" in read_page(page).text and "Zapisz odczyty" in read_page(page).text


def test_a_task_left_running_by_a_stopped_worker_is_started_over_and_imports_once(
    transactional_db, client, coordinator, point, settings
):
    settings.ENERGY_IMPORT_QUEUE_BYTES = 0
    client.force_login(coordinator)
    token = upload(client, point)
    run_worker("--worker-id", "maszyna-1")
    client.post(confirm_url(token))
    job = ImportJob.objects.get(action="import")
    # The worker took the task and was killed halfway: its transaction was rolled back, the task stays "running".
    task = DBTaskResult.objects.ready().get()
    DBTaskResult.objects.filter(pk=task.pk).update(status="RUNNING", worker_ids=["maszyna-1"])
    ImportJob.objects.filter(pk=job.pk).update(state="running", rows_done=50, rows_total=97)
    assert Reading.objects.count() == 0

    run_worker("--worker-id", "maszyna-1")  # the machine is back
    job.refresh_from_db()
    assert job.state == "done" and Reading.objects.count() == 96 and ImportBatch.objects.count() == 1
    assert job_run(job.pk) == "done"  # a job done is not run again
    assert ImportBatch.objects.count() == 1
    index = client.get(preview_url(token), follow=True)
    assert "Zaimportowano odczyty punktu 590 3224 0000012345 0: 96, w tym zastąpione: 0." in messages_of(index)
