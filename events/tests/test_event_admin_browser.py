"""The events panel in Chromium: the coordinator adds a training with a point of its programme, and visitors find it on
/wydarzenia/ with its speaker and Warsaw time. The panel's form and the public event page pass axe-core."""

import datetime

import pytest
from playwright.sync_api import expect

from klaster.testing import assert_accessible, log_in, make_persona

pytestmark = pytest.mark.browser


def test_the_coordinator_adds_a_training_with_a_programme_point_and_it_appears_on_the_events_page(
    browser_cluster, live_server, page
):
    day = datetime.date.today() + datetime.timedelta(days=30)
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Dodaj wydarzenie").first.click()
    page.wait_for_url("**/panel/wydarzenia/nowe/")
    assert_accessible(page)

    page.get_by_label("Tytuł po polsku").fill("Szkolenie: magazyny energii w gminie")
    page.get_by_label("Rodzaj").select_option("training")
    page.get_by_label("Data rozpoczęcia").fill(day.isoformat())
    page.get_by_label("Godzina rozpoczęcia").fill("10:00")
    page.get_by_label("Godzina zakończenia").fill("13:00")
    page.get_by_label("Nazwa miejsca po polsku").fill("Urząd Gminy Tworóg")
    page.get_by_role("button", name="Dodaj wydarzenie").click()
    expect(page.get_by_text("Dodano wydarzenie: Szkolenie: magazyny energii w gminie.")).to_be_visible()

    page.get_by_role("link", name="Dodaj punkt programu").click()
    page.get_by_label("Rodzaj").select_option("talk")
    page.get_by_label("Godzina rozpoczęcia").fill("10:15")
    page.get_by_label("Tytuł po polsku").fill("Baterie w szkołach")
    page.get_by_role("group", name="Prelegent 1").get_by_label("Imię i nazwisko").fill("Anna Nowak")
    page.get_by_role("group", name="Prelegent 1").get_by_label("Funkcja po polsku").fill("kierowniczka referatu")
    page.get_by_role("button", name="Dodaj punkt programu").click()
    expect(page.get_by_text("Dodano punkt programu: Baterie w szkołach.")).to_be_visible()

    page.context.clear_cookies()  # a visitor
    page.goto(live_server.url + "/wydarzenia/")
    upcoming = page.get_by_role("region", name="Nadchodzące")
    upcoming.get_by_role("link", name="Szkolenie: magazyny energii w gminie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Szkolenie: magazyny energii w gminie")
    programme = page.get_by_role("region", name="Program")
    expect(programme.get_by_role("heading", name="Anna Nowak")).to_be_visible()
    expect(programme).to_contain_text("10:15")
    expect(page.locator("dl.facts")).to_contain_text("10:00–13:00")
    expect(page.get_by_role("link", name="Dodaj do kalendarza")).to_be_visible()
    assert_accessible(page)
