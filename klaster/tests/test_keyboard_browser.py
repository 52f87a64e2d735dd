"""Keyboard only, in Chromium: signing in with the second factor, applying to join the cluster, and the coordinator
accepting an application, each on a desktop and on a phone-sized window.

Nothing is clicked and no field is filled from outside: the focus moves with Tab and Shift+Tab only, Enter and Space
press links, buttons and checkboxes, and text is typed where the focus is. On each page the first Tab stop is the
skip link, which sends the focus to <main>; every element the focus stops at shows it (an outline or a shadow, inside
the window); and Tab goes round past the last control back to the skip link (no trap)."""

import re

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from klaster.testing import (
    PASSWORD,
    assert_no_keyboard_trap,
    assert_skip_link_first,
    focused,
    make_application,
    make_persona,
    new_page,
    tab_to,
    totp_code,
)
from members.models import Application, Participant

pytestmark = pytest.mark.browser

VIEWPORTS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(params=list(VIEWPORTS))
def keyboard_page(request, browser):
    """A fresh page at the desktop's and at a phone's window size (each journey runs at both)."""
    context, page = new_page(browser, viewport=VIEWPORTS[request.param])
    yield page
    context.close()


def _open(page, url):
    """Open `url` (an address typed in, not a click) and start there as a keyboard user does: the skip link first."""
    page.goto(url)
    assert_skip_link_first(page)


def _type_into(page, field, text):
    tab_to(page, field)
    page.keyboard.type(text)


def _choose(page, select, label):
    """Tab to `select` and move its choice with the arrow keys (a closed select changes its value with them) until it
    shows `label`."""
    tab_to(page, select)
    page.keyboard.press("Home")
    for _press in range(60):
        if select.evaluate("e => e.selectedOptions[0].text.trim()") == label:
            return
        page.keyboard.press("ArrowDown")
    raise AssertionError(f"the arrow keys never chose {label!r} in {select}")


def _press(page, control, key="Enter"):
    tab_to(page, control)
    page.keyboard.press(key)


def test_the_coordinator_signs_in_with_the_second_factor_by_keyboard(browser_cluster, live_server, keyboard_page):
    page = keyboard_page
    coordinator = make_persona("coordinator")
    _open(page, live_server.url + reverse("account_login"))
    _type_into(page, page.get_by_label("E-mail"), coordinator.email)
    _type_into(page, page.get_by_label("Hasło"), PASSWORD)
    _press(page, page.get_by_role("button", name="Zaloguj się"))

    page.wait_for_url("**/konto/2fa/authenticate/")
    assert_no_keyboard_trap(page)
    _type_into(page, page.get_by_label("Kod"), totp_code())
    _press(page, page.get_by_role("button", name="Zaloguj się", exact=True), key="Space")

    page.wait_for_url(live_server.url + reverse("coordination:dashboard"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert_skip_link_first(page)
    assert_no_keyboard_trap(page)


def test_a_visitor_applies_to_join_by_keyboard(browser_cluster, live_server, keyboard_page):
    page = keyboard_page
    _open(page, live_server.url + reverse("members:apply"))
    category = page.get_by_label("Kategoria")
    _choose(page, category, "spółdzielnia")
    expect(category).to_have_value("cooperative")
    _type_into(page, page.get_by_label("Nazwa organizacji albo imię i nazwisko"), "Spółdzielnia Klawiatura")
    _type_into(page, page.get_by_label("NIP"), "526-000-12-46")
    _type_into(page, page.get_by_label("Miejscowość"), "Tworóg")
    _choose(page, page.get_by_label("Gmina", exact=True), "Gmina Tworóg")
    _type_into(page, page.get_by_label("Osoba do kontaktu"), "Anna Kowalska")
    _type_into(page, page.get_by_label("Adres e-mail"), "anna@example.org")
    _type_into(page, page.get_by_label("Co wnosi do klastra"), "Farma fotowoltaiczna 1 MW")
    consent = page.get_by_label(re.compile("Potwierdzam zapoznanie się z klauzulą"))
    _press(page, consent, key="Space")
    expect(consent).to_be_checked()
    listing = page.get_by_label(re.compile("Zgadzam się na pokazanie nazwy"))
    _press(page, listing, key="Space")
    expect(listing).to_be_checked()
    send = page.get_by_role("button", name="Wyślij wniosek")
    tab_to(page, send)
    # Shift+Tab goes back the same way: to the last checkbox, and Tab forward to the button again.
    page.keyboard.press("Shift+Tab")
    assert focused(page, listing)["target"], "Shift+Tab from the button did not go back to the last checkbox"
    page.keyboard.press("Tab")
    assert focused(page, send)["target"]
    page.keyboard.press("Enter")

    page.wait_for_url(re.compile(r"/dolacz/wniosek/.+\?nowy=1"))
    expect(page.get_by_text("złożony", exact=True)).to_be_visible()
    assert Application.objects.get().name == "Spółdzielnia Klawiatura"
    # The form was sent from /dolacz/#main (the skip link was used) and the confirmation keeps the fragment, so the
    # focus does not start at the top of it: Tab goes round to the skip link, every stop shown.
    assert_no_keyboard_trap(page)


def test_the_coordinator_accepts_an_application_by_keyboard(browser_cluster, live_server, keyboard_page):
    page = keyboard_page
    gmina = Participant.objects.get(slug="tworog")
    make_application(browser_cluster, "Spółdzielnia Klawiatura", nip="5260001246", gmina=gmina)
    session = Client()
    session.force_login(make_persona("coordinator"))  # signing in by keyboard is the journey above
    cookie = session.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])

    _open(page, live_server.url + reverse("applications:queue"))
    _press(page, page.get_by_role("link", name="Spółdzielnia Klawiatura"))
    page.wait_for_url(re.compile(r"/panel/koordynator/wnioski/\d+/$"))
    assert_skip_link_first(page)
    date = page.get_by_label("Data przystąpienia (podpisania deklaracji)")
    expect(date).not_to_have_value("")  # today, as the form proposes
    _press(page, page.get_by_role("button", name="Przyjmij wniosek"))

    expect(page.get_by_text(re.compile("Wniosek przyjęty"))).to_be_visible()
    assert Application.objects.get().participant.status == Participant.Status.ACTIVE
    assert_skip_link_first(page)
    assert_no_keyboard_trap(page)
