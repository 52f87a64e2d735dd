"""Browser tests: every public page in Chromium, checked with axe-core, and the journeys a visitor makes.

Run with `pytest klaster/tests/test_browser.py` (or `-m browser`). They drive the system Chromium
(/usr/bin/chromium) through Playwright's sync API against pytest-django's `live_server`.
"""

import re
import warnings

import pytest
from playwright.sync_api import expect

from klaster import testing
from klaster.testing import WCAG_TAGS, axe_problems, make_stakeholder, new_page

pytestmark = pytest.mark.browser

# Pages not in the sitemap that a visitor still reaches: the login form and the "not found" page.
EXTRA_PAGES = {"/konto/login/": 200, "/en/account/login/": 200}
NOT_FOUND_PAGES = ["/nie-ma-takiej-strony/", "/en/no-such-page/"]
MIN_SITEMAP_PAGES = 30


# --- helpers ------------------------------------------------------------------------------------


def sitemap_paths(page, live_server):
    """Every page the sitemaps list, as paths: the <loc> of each entry and its xhtml:link alternates."""

    def get(path):
        response = page.request.get(live_server.url + path)
        assert response.status == 200, f"{path} answered {response.status}"
        return response.body()

    return testing.sitemap_paths(get)


# --- accessibility ------------------------------------------------------------------------------


AXE_SHARDS = 4  # the pages are checked in this many tests, which the test processes share out among themselves


@pytest.mark.parametrize("shard", range(AXE_SHARDS))
def test_every_page_passes_axe_wcag21_aa(browser_cluster, live_server, page, shard):
    paths = sitemap_paths(page, live_server)
    assert len(paths) >= MIN_SITEMAP_PAGES, (
        f"the sitemap lists {len(paths)} distinct pages, expected at least {MIN_SITEMAP_PAGES} "
        f"(Polish pages and their English alternates):\n  " + "\n  ".join(paths)
    )
    assert any(path.startswith("/en/") for path in paths), "the sitemap has no English alternates"

    expected = dict.fromkeys(paths, 200)
    expected.update(EXTRA_PAGES)
    expected.update(dict.fromkeys(NOT_FOUND_PAGES, 404))
    expected = {path: status for index, (path, status) in enumerate(expected.items()) if index % AXE_SHARDS == shard}

    wrong_status, problems, to_review = [], [], []
    for path, status in expected.items():
        response = page.goto(live_server.url + path, wait_until="load")
        if response is None or response.status != status:
            wrong_status.append(f"  {path}: {response.status if response else 'no response'} (expected {status})")
            if response is None or response.status >= 500:
                continue
        violations, incomplete = axe_problems(page)
        if violations:
            problems.append(f"  {path}\n{violations}")
        if incomplete:
            to_review.append(f"  {path}\n{incomplete}")

    if to_review:
        # "Needs review" is not a failure (axe cannot decide), but it is worth a look.
        warnings.warn("axe-core results that need review:\n" + "\n".join(to_review), stacklevel=1)

    message = []
    if wrong_status:
        message.append("Pages with the wrong HTTP status:\n" + "\n".join(wrong_status))
    if problems:
        message.append(f"axe-core violations ({', '.join(WCAG_TAGS)}):\n" + "\n".join(problems))
    assert not message, "\n\n".join(message)


# --- journeys -----------------------------------------------------------------------------------


def test_skip_link_is_first_tab_stop_and_moves_focus_to_main(browser_cluster, live_server, page):
    page.goto(live_server.url + "/")
    skip_link = page.locator("a.skip-link")
    expect(skip_link).not_to_be_in_viewport()  # hidden off-screen until it has focus

    page.keyboard.press("Tab")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_have_text("Przejdź do treści")
    expect(skip_link).to_be_visible()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))
    in_main = page.evaluate(
        "() => { const m = document.querySelector('main'); return m === document.activeElement"
        " || m.contains(document.activeElement); }"
    )
    assert in_main, "after Enter on the skip link, focus is not in <main>"
    # The next Tab continues from the content, not from the header.
    page.keyboard.press("Tab")
    expect(page.locator("main :focus")).to_have_count(1)


def test_language_switcher_goes_to_english_and_back(browser_cluster, live_server, page):
    page.goto(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")

    switcher = page.get_by_role("navigation", name="Wybór języka")
    switcher.get_by_role("link", name=re.compile(r"^EN\b")).click()
    expect(page).to_have_url(live_server.url + "/en/")
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.locator("nav.lang").get_by_role("link", name=re.compile(r"^PL\b")).click()
    expect(page).to_have_url(live_server.url + "/")
    expect(page.locator("html")).to_have_attribute("lang", "pl")


def test_visitor_finds_the_2018_conference_and_its_speakers(browser_cluster, live_server, page):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Wszystkie wydarzenia").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Wydarzenia")

    conference = page.locator(".event-item").filter(has_text="10 kwietnia 2018")
    expect(conference).to_have_count(1)
    conference.get_by_role("link").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("Konferencja")
    expect(page.locator("time").first).to_have_attribute("datetime", "2018-04-10")
    agenda = page.locator("ol.agenda")
    for speaker in ("Witold Czyż", "Józef Kruczek", "Piotr Leksy"):
        expect(agenda.get_by_role("heading", name=speaker, exact=True)).to_be_visible()
    expect(agenda).to_contain_text("Przyjazna energia w powiecie gliwickim")
    expect(agenda).to_contain_text("Tauron Dystrybucja")


def test_directory_filter_works_without_javascript(browser_cluster, live_server, browser):
    from members.models import Participant

    gmina = Participant.objects.public().gminas().get(slug="tworog")
    make_stakeholder(browser_cluster, "Spółdzielnia Energetyczna Tworóg", located_in=gmina)
    make_stakeholder(browser_cluster, "Fundacja Słońce Tworoga", category="ngo", located_in=gmina)
    make_stakeholder(browser_cluster, "Fotowoltaika Pawonków", located_in=Participant.objects.get(slug="pawonkow"))

    context, page = new_page(browser, java_script_enabled=False)
    try:
        page.goto(live_server.url + "/interesariusze/")
        form = page.get_by_role("search", name="Filtruj katalog")
        form.get_by_label("Gmina").select_option(label=gmina.name)
        with page.expect_navigation() as navigation:
            form.get_by_role("button", name="Pokaż").click()
        response = navigation.value
        assert response is not None and response.status == 200
        assert "gmina=tworog" in page.url
        expect(form.get_by_label("Gmina")).to_have_value("tworog")  # the form keeps the choice
        expect(page.get_by_role("status")).to_have_text("Znaleziono 2 interesariuszy.")
        expect(page.locator("ul.directory li")).to_have_count(2)
        expect(page.locator("ul.directory")).not_to_contain_text("Pawonków")
    finally:
        context.close()
