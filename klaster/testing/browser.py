"""The browser: Playwright driving the system Chromium, an axe-core scan of a page, signing in through the forms, and
moving through a page with the keyboard only."""

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


# --- the keyboard only: Tab, Shift+Tab, Enter and Space ----------------------------------------------------------------

# What has the focus, and whether a person sees where it is: an outline or a box shadow drawn, on an element with a size,
# inside the window (the browser scrolls the focused element into view). `target` (or null): whether it is that element.
_FOCUS = """([target]) => {
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return {none: true, target: false};
  const style = getComputedStyle(e);
  const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== 'none';
  const box = e.getBoundingClientRect();
  const sized = box.width > 0 && box.height > 0;
  const inside = box.bottom > 0 && box.right > 0 && box.top < window.innerHeight && box.left < window.innerWidth;
  const label = (e.labels && e.labels[0] ? e.labels[0].innerText : e.innerText || e.value || e.getAttribute('aria-label')
    || '').trim().replace(/\\s+/g, ' ').slice(0, 60);
  return {
    none: false, target: target !== null && e === target, first: e === document.querySelector('a.skip-link'),
    what: `<${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}> ${label}`,
    visible: (outline || shadow) && sized && inside, focusVisible: e.matches(':focus-visible'),
    outline: `${style.outlineStyle} ${style.outlineWidth}`, shadow: style.boxShadow,
  };
}"""

# How many elements Tab stops at on the page: to know when Tab must have gone round.
_TAB_STOPS = """() => [...document.querySelectorAll(
  'a[href], button, input, select, textarea, summary, [tabindex], iframe, [contenteditable="true"]'
)].filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length > 0
  && getComputedStyle(e).visibility !== 'hidden').length"""


def focused(page, target=None):
    """What has the focus (a dict: `what` it is, whether it is `visible`, whether it is the `target` locator's element,
    whether it is the `first` Tab stop, the skip link; `none` when nothing has it)."""
    handle = target.element_handle() if target is not None else None
    return page.evaluate(_FOCUS, [handle])


def _check_focus(info, unseen):
    if not info["none"] and not info["visible"]:
        unseen.append(f"{info['what']} (outline {info['outline']}, box-shadow {info['shadow']})")


def tab_to(page, target, *, backwards=False, limit=200):
    """Press Tab (Shift+Tab `backwards`) until `target` (a locator) has the focus; every element the focus stops at on
    the way must show it. Fails when the target is not reached within `limit` presses."""
    handle = target.element_handle()
    unseen, path = [], []
    for _press in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        info = page.evaluate(_FOCUS, [handle])
        _check_focus(info, unseen)
        path.append(info.get("what", "(nothing)"))
        if info["target"]:
            break
    else:
        raise AssertionError(f"{limit} presses of Tab never reached {target} on {page.url}; went through {path[-20:]}")
    assert not unseen, f"focus not visible on {page.url}:\n  " + "\n  ".join(unseen)
    return path


def assert_skip_link_first(page):
    """The first Tab stop of a freshly opened page is the skip link, shown with its focus; Enter moves the focus to
    <main>, and the next Tab stops inside it."""
    page.keyboard.press("Tab")
    info = focused(page)
    assert info["first"], f"the first Tab stop on {page.url} is {info.get('what')}, not the skip link"
    assert info["visible"], f"the skip link on {page.url} has the focus but does not show it: {info}"
    page.keyboard.press("Enter")
    in_main = page.evaluate("() => document.activeElement === document.querySelector('main')")
    assert in_main, f"Enter on the skip link of {page.url} did not move the focus to <main>"
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.querySelector('main').contains(document.activeElement)"), (
        f"the Tab after the skip link on {page.url} left <main>: {focused(page).get('what')}"
    )


def assert_no_keyboard_trap(page):
    """From wherever the focus is, Tab goes on past the last control and comes round to the skip link again, every stop
    showing the focus; and Shift+Tab from the skip link leaves it too (no trap either way)."""
    stops = page.evaluate(_TAB_STOPS)
    unseen, path = [], []
    for press in range(2 * stops + 4):
        page.keyboard.press("Tab")
        info = focused(page)
        _check_focus(info, unseen)
        path.append(info.get("what", "(nothing)"))
        if info.get("first") and press > 0:  # round, past every other stop (a fresh page starts on the skip link)
            break
    else:
        raise AssertionError(f"Tab never came round to the skip link on {page.url} ({stops} stops): {path[-15:]}")
    assert len(path) > 2, f"Tab on {page.url} goes round through {path} only"
    assert not unseen, f"focus not visible on {page.url}:\n  " + "\n  ".join(unseen)
    page.keyboard.press("Shift+Tab")
    assert not focused(page).get("first"), f"Shift+Tab from the skip link on {page.url} stays on it"
