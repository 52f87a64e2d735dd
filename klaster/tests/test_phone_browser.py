"""Phones and zoomed text: no page scrolls sideways on a 320 px or a 390 px wide screen, nor with the text at 200%;
and the error summary of a form sent with errors takes the focus.

Every public page (the sitemap's, in both languages, and the forms that are not in it) and the main pages of the panel,
for a coordinator and for a gmina's staff, are opened in Chromium at those widths."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from klaster import testing
from klaster.testing import assert_accessible, log_in, make_application, make_persona, make_stakeholder, new_page
from members.models import AccessibilityRequest, ContactMessage

pytestmark = pytest.mark.browser

WIDTHS = (320, 390)
# The forms a visitor fills in, which the sitemap does not list.
FORMS = ["/konto/login/", "/en/account/login/", "/dolacz/", "/kontakt/", "/deklaracja-dostepnosci/zadanie/"]
# Text at 200%, as a browser's text-only zoom does (through the CSSOM: the CSP refuses an inline style sheet).
ZOOM_TEXT = "() => document.documentElement.style.setProperty('font-size', '200%', 'important')"
MEASURE = "() => [document.scrollingElement.scrollWidth, window.innerWidth]"
# Which element sticks out, to say so in the failure.
WIDEST = """() => {
  const width = window.innerWidth;
  const out = e => e.getBoundingClientRect().right > width + 1;
  return [...document.querySelectorAll('body *')]
    .filter(e => out(e) && !out(e.parentElement) && !e.closest('.hp, .visually-hidden, .skip-link'))
    .slice(0, 3)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className ? '.' + e.className : '')
      + ' in ' + e.parentElement.tagName.toLowerCase() + (e.parentElement.className ? '.' + e.parentElement.className : ''));
}"""


def _sideways(page, url, *, zoomed=False):
    """None when the page at `url` fits its viewport; else what sticks out."""
    response = page.goto(url, wait_until="load")
    assert response is not None and response.status < 400, f"{url} answered {response.status if response else None}"
    if zoomed:
        page.evaluate(ZOOM_TEXT)
    scroll_width, inner_width = page.evaluate(MEASURE)
    if scroll_width <= inner_width:
        return None
    return (
        f"{url}{' (text 200%)' if zoomed else ''}: {scroll_width} px wide in {inner_width} px, {page.evaluate(WIDEST)}"
    )


def _signed_in_state(browser, sign_in):
    """The cookies of one signing in, for every viewport's context (an authenticator's code is accepted once)."""
    context, page = new_page(browser)
    try:
        sign_in(page)
        return context.storage_state()
    finally:
        context.close()


def _check(browser, paths, base, *, sign_in=None, state=None):
    problems = []
    state = state or (_signed_in_state(browser, sign_in) if sign_in else None)
    for width in WIDTHS:
        context, page = new_page(browser, viewport={"width": width, "height": 800}, storage_state=state)
        try:
            for path in paths:
                for zoomed in (False, True) if width == WIDTHS[0] else (False,):
                    problem = _sideways(page, base + path, zoomed=zoomed)
                    if problem:
                        problems.append(problem)
        finally:
            context.close()
    return problems


def test_no_public_page_scrolls_sideways_on_a_phone_nor_with_the_text_at_200_percent(
    browser_cluster, live_server, browser
):
    make_stakeholder(browser_cluster, "Przedsiębiorstwo Wielobranżowe Energetyki Odnawialnej Sp. z o.o.")
    context, page = new_page(browser)
    try:
        paths = testing.sitemap_paths(lambda path: page.request.get(live_server.url + path).body())
    finally:
        context.close()
    assert len(paths) >= 30 and any(path.startswith("/en/") for path in paths)
    problems = _check(browser, sorted(paths) + FORMS, live_server.url)
    assert not problems, "Pages wider than the screen:\n  " + "\n  ".join(problems)


def test_no_page_of_the_panel_scrolls_sideways_on_a_phone(browser_cluster, live_server, browser):
    make_application(browser_cluster, name="Spółdzielnia Energetyczna Mieszkańców Gminy Tworóg i Okolic")
    sent = timezone.now() - timedelta(days=9)
    AccessibilityRequest.objects.create(
        name="Ewa Nowak",
        email="ewa.nowak.z.bardzo.dlugim.adresem@przyklad-gminy-tworog.example.org",
        subject="Uchwała w PDF: https://bip.tworog.pl/uchwaly/2020/XXV-245-2020-w-sprawie-przystapienia-do-klastra.pdf",
        preferred_form="document",
        clause_version="2026-11-29",
        created_at=sent,
        due_on=AccessibilityRequest.due_for(sent),
    )
    ContactMessage.objects.create(
        name="Jan Kowalski", email="jan@example.org", message="Dzień dobry", clause_version="x"
    )
    coordinator = make_persona("coordinator")

    def as_coordinator(page):
        log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
        page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")

    coordinator_pages = [
        reverse(name, kwargs=kwargs)
        for name, kwargs in [
            ("coordination:dashboard", {}),
            ("coordination:accounts", {}),
            ("coordination:invitations", {}),
            ("coordination:invitation-new", {}),
            ("applications:queue", {}),
            ("agreement-admin:overview", {}),
            ("register:index", {}),
            ("site-texts:edit", {}),
            ("benefits-admin:index", {}),
            ("news-admin:index", {}),
            ("news-admin:new", {}),
            ("event-admin:index", {}),
            ("contact-admin:index", {}),
            ("accessibility-requests:index", {}),
            ("energy-admin:index", {}),
            ("personal-data:index", {}),
            ("audit:index", {}),
            ("workspace:gmina", {"slug": "tworog"}),
        ]
    ]
    state = _signed_in_state(browser, as_coordinator)
    problems = _check(browser, coordinator_pages, live_server.url, state=state)
    # The new list of requests, with an overdue one, passes axe on a phone.
    context, page = new_page(browser, viewport={"width": 320, "height": 800}, storage_state=state)
    try:
        page.goto(live_server.url + reverse("accessibility-requests:index"))
        assert page.locator("tr.overdue").count() == 1
        assert_accessible(page)
    finally:
        context.close()

    staff = make_persona("staff_tworog")

    def as_staff(page):
        log_in(page, live_server.url + "/konto/login/?next=/panel/", staff.email)
        page.wait_for_url(live_server.url + reverse("workspace:gmina", args=["tworog"]), wait_until="domcontentloaded")

    staff_pages = [
        reverse("workspace:gmina", args=["tworog"]),
        reverse("workspace:gmina-edit", args=["tworog"]),
        reverse("workspace:contact-add", args=["tworog"]),
        reverse("workspace:applications", args=["tworog"]),
        reverse("resolutions:add", args=["tworog"]),
    ]
    problems += _check(browser, staff_pages, live_server.url, sign_in=as_staff)
    assert not problems, "Pages wider than the screen:\n  " + "\n  ".join(problems)


def test_a_form_sent_with_errors_focuses_its_summary_whose_links_lead_to_the_fields(browser_cluster, live_server, page):
    page.set_viewport_size({"width": 320, "height": 700})
    page.goto(live_server.url + reverse("accessibility-request"))
    page.get_by_role("button", name="Wyślij żądanie").click()
    page.wait_for_load_state("load")
    assert page.title().startswith("Błąd: Żądanie zapewnienia dostępności")
    summary = page.locator("[data-error-summary]")
    assert summary.get_attribute("role") == "alert"
    assert page.evaluate("document.activeElement.hasAttribute('data-error-summary')")
    assert_accessible(page)  # the form with its errors
    summary.get_by_role("link", name="Adres e-mail").click()
    assert page.evaluate("document.activeElement.id") == "id_email"
    assert page.evaluate(MEASURE)[0] <= 320
    page.goto(live_server.url + reverse("accessibility"))
    assert_accessible(page)
