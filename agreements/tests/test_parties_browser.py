"""The coordinator keeps the parties from the browser, in Chromium: fills in its own contact details, edits a
stakeholder, adds the wójt of a gmina and says he signed the agreement for it. Every page visited passes axe-core."""

import re
from datetime import date

import pytest

from klaster.testing import assert_accessible, log_in, make_persona, make_stakeholder
from members.models import Role

pytestmark = pytest.mark.browser


def _save(page, button):
    page.get_by_role("button", name=button).click()
    page.wait_for_load_state("domcontentloaded")


def test_the_coordinator_keeps_the_parties_and_records_who_signed(browser_cluster, live_server, page):
    make_stakeholder(browser_cluster, "Spółdzielnia Słoneczna", joined_on=date(2022, 5, 1))
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    assert_accessible(page)

    # Its own organisation's contact details, then seen on the public page.
    page.get_by_role("link", name="Dane koordynatora (adres i kontakt)").click()
    page.wait_for_url("**/panel/koordynator/strony/**")
    assert_accessible(page)
    page.get_by_label("Ulica i numer", exact=True).fill("ul. Zamkowa 3")
    page.get_by_label("Kod pocztowy", exact=True).fill("42-690")
    page.get_by_label("Miejscowość", exact=True).fill("Tworóg")
    page.get_by_label("Adres e-mail", exact=True).fill("biuro@lesnakraina.example.org")
    _save(page, "Zapisz dane strony")
    assert page.get_by_text(re.compile(r"^Zapisano dane strony")).is_visible()
    assert_accessible(page)
    page.goto(live_server.url + "/koordynator/")
    assert page.get_by_role("link", name="biuro@lesnakraina.example.org").is_visible()
    assert page.get_by_text("zostaną uzupełnione").count() == 0

    # A stakeholder, from the register.
    page.goto(live_server.url + "/panel/koordynator/rejestr/")
    page.get_by_role("link", name="Spółdzielnia Słoneczna").click()
    page.wait_for_url("**/panel/koordynator/strony/spoldzielnia-sloneczna/")
    page.get_by_label("Opis po polsku", exact=True).fill("Spółdzielnia buduje farmę fotowoltaiczną.")
    _save(page, "Zapisz dane strony")
    assert page.get_by_text("Zapisano dane strony: Spółdzielnia Słoneczna.").is_visible()
    page.goto(live_server.url + "/interesariusze/spoldzielnia-sloneczna/")
    assert page.get_by_text("Spółdzielnia buduje farmę fotowoltaiczną.").is_visible()

    # The wójt of a gmina, from the dashboard.
    page.goto(live_server.url + "/panel/koordynator/")
    page.get_by_role("link", name=re.compile(r"^Dane i osoby.*Tworóg")).click()
    page.wait_for_url("**/panel/koordynator/strony/tworog/")
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj osobę").click()
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Imię")).fill("Jan")
    page.get_by_label(re.compile(r"^Nazwisko")).fill("Wójcik")
    page.get_by_label(re.compile(r"^Funkcja po polsku")).fill("wójt gminy")
    page.get_by_label(re.compile(r"^Reprezentuje stronę")).check()
    page.get_by_label("Pełni funkcję od", exact=True).fill("2014-12-01")
    _save(page, "Zapisz")
    page.wait_for_url("**/panel/koordynator/strony/tworog/")
    assert page.get_by_role("row", name=re.compile("Jan Wójcik")).is_visible()

    # The founding signature: he signed it for the gmina.
    page.get_by_role("link", name="Zapisz podpis porozumienia").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("^Wskaż, kto podpisał")).click()
    assert_accessible(page)
    wojt = Role.objects.get(participant__slug="tworog", person__last_name="Wójcik")
    page.get_by_label("Reprezentowana przez").select_option(str(wojt.pk))
    _save(page, "Zapisz")
    assert page.get_by_text("Zapisano, kto podpisał w imieniu strony Gmina Tworóg.").is_visible()
    assert page.get_by_role("row", name=re.compile("Gmina Tworóg")).get_by_text("Jan Wójcik, wójt gminy").is_visible()
    assert_accessible(page)
