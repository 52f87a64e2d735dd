"""The import of readings in Chromium (issue 16's journey): the coordinator, signed in with the second factor, uploads
an eLicznik export, sees the preview, confirms, and the public energy page shows the energy; every page passes axe-core.
The same for a file on the task queue: the preview page shows the file waiting, the worker checks it, the page shows
the preview when looked at again, and the confirmed import runs on the queue too."""

import io
from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from energy.models import ImportJob, MeteringPoint, Reading
from klaster.testing import assert_accessible, log_in, make_persona, make_stakeholder
from members.models import Participant

pytestmark = pytest.mark.browser

DATA = Path(__file__).parent / "data"


def metering_point(cluster):
    company = make_stakeholder(cluster, "Spółdzielnia Słoneczna")
    return MeteringPoint.objects.create(
        party=company,
        code="590322400000123450",
        direction="both",
        gmina=Participant.objects.get(slug="tworog"),
        valid_from=date(2020, 1, 1),
    )


def sign_in_and_upload(page, live_server, point):
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    page.goto(live_server.url + "/panel/energia/")
    page.get_by_role("link", name="Importuj plik z eLicznika").click()
    page.wait_for_url("**/panel/energia/import/")
    assert_accessible(page)
    page.get_by_label("Punkt poboru (PPE)").select_option(str(point.pk))
    page.get_by_label("Plik CSV z eLicznika").set_input_files(DATA / "elicznik-2021-07-03.csv")
    page.get_by_role("button", name="Sprawdź plik").click()
    page.wait_for_url("**/panel/energia/import/*/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Podgląd importu odczytów")


def confirm_and_see_the_public_page(page, live_server):
    page.get_by_role("button", name="Zapisz odczyty").click()
    page.wait_for_url(live_server.url + "/panel/energia/")
    expect(
        page.get_by_text("Zaimportowano odczyty punktu 590 3224 0000012345 0: 96, w tym zastąpione: 0.")
    ).to_be_visible()
    assert_accessible(page)

    page.context.clear_cookies()  # a visitor
    page.goto(live_server.url + "/energia/")
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("Klaster nie ma jeszcze")
    expect(main).to_contain_text("2,700")  # pobór: 0.101 + … + 0.124 kWh, summed by hand in test_parsing
    expect(main).to_contain_text("14,690")  # oddanie
    expect(main).to_contain_text("od 3 lipca 2021, 00:00 do 4 lipca 2021, 00:00")
    assert_accessible(page)


def test_the_coordinator_imports_an_elicznik_file_and_the_public_page_shows_its_energy(
    browser_cluster, live_server, page
):
    point = metering_point(browser_cluster)
    sign_in_and_upload(page, live_server, point)
    table = page.get_by_role("table", name="Odczyty w pliku według rodzaju")
    expect(table.get_by_role("row", name="pobór 24 2,700")).to_be_visible()
    expect(page.locator("dl.facts")).to_contain_text("2021-07-03 00:00 – 2021-07-04 00:00")
    assert Reading.objects.count() == 0
    assert_accessible(page)
    confirm_and_see_the_public_page(page, live_server)
    assert Reading.objects.filter(metering_point=point).count() == 96


def test_a_large_file_waits_on_the_task_queue_then_is_previewed_and_imported(
    browser_cluster, live_server, page, settings
):
    settings.ENERGY_IMPORT_QUEUE_BYTES = 0  # this small file counts as large
    point = metering_point(browser_cluster)
    sign_in_and_upload(page, live_server, point)
    expect(page.get_by_role("status")).to_contain_text("Plik czeka w kolejce zadań")
    expect(page.get_by_role("button", name="Zapisz odczyty")).to_have_count(0)
    assert_accessible(page)

    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    page.get_by_role("link", name="Odśwież stan").click()
    table = page.get_by_role("table", name="Odczyty w pliku według rodzaju")
    expect(table.get_by_role("row", name="pobór 24 2,700")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Zapisz odczyty").click()
    expect(page.get_by_role("heading", name="Zapisywanie odczytów w tle")).to_be_visible()
    assert_accessible(page)
    call_command("worker", "--batch", "--no-startup-delay", "--no-reload", stdout=io.StringIO())
    page.get_by_role("link", name="Odśwież stan").click()
    page.wait_for_url(live_server.url + "/panel/energia/")
    expect(
        page.get_by_text("Zaimportowano odczyty punktu 590 3224 0000012345 0: 96, w tym zastąpione: 0.")
    ).to_be_visible()
    assert ImportJob.objects.get(action="import").state == "done"

    page.context.clear_cookies()
    page.goto(live_server.url + "/energia/")
    expect(page.get_by_role("main")).to_contain_text("14,690")
    assert_accessible(page)
