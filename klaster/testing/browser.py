"""The browser: Playwright driving the system Chromium, an axe-core scan of a page, and signing in through the forms."""

import os
from contextlib import contextmanager

import pytest

from klaster.testing.accounts import PASSWORD, totp_code

CHROMIUM = "/usr/bin/chromium"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@contextmanager
def chromium():
    """One headless Chromium. Missing Chromium skips locally and fails in CI."""
    if not os.path.exists(CHROMIUM):
        message = f"the system Chromium is not at {CHROMIUM} (apt install chromium)"
        if os.environ.get("KLASTER_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


def new_page(browser, **context_options):
    """A fresh context (in Polish) and its page; close the context when done."""
    context = browser.new_context(locale="pl-PL", **context_options)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    return context, context.new_page()


def _format_axe(results):
    lines = []
    for violation in results:
        lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"        {' '.join(str(part) for part in node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


def axe_problems(page):
    """Run axe-core (WCAG 2.1 A and AA) on the page: (violations, needs-review), each formatted, empty if none."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response
    return _format_axe(results["violations"]), _format_axe(results["incomplete"])


def assert_accessible(page):
    violations, _review = axe_problems(page)
    assert not violations, f"axe-core violations on {page.url}:\n{violations}"


# --- signing in through the forms, as a person does --------------------------------------------------------------------


def fill_login(page, email, password=PASSWORD):
    """Fill in the login form the page shows and send it."""
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Hasło").fill(password)
    page.get_by_role("button", name="Zaloguj się").click()


def fill_second_factor(page, code=None):
    """Wait for the second step of signing in and answer it with the authenticator's current code (or `code`)."""
    page.wait_for_url("**/konto/2fa/authenticate/")
    page.get_by_label("Kod").fill(code or totp_code())
    page.get_by_role("button", name="Zaloguj się", exact=True).click()


def log_in(page, address, email, password=PASSWORD, *, second_factor=False):
    """Open `address` (the login page, or a page that sends there) and sign in; with `second_factor`, answer the
    authenticator's step too."""
    page.goto(address)
    fill_login(page, email, password)
    if second_factor:
        fill_second_factor(page)
