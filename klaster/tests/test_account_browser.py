"""The coordinator's account journey in Chromium: log in with the second factor, manage the account, read the
history; every page passes axe-core and breaks no Content-Security-Policy rule."""

import pytest
from auditlog.context import set_actor

from klaster.testing import (
    PASSWORD,
    assert_accessible,
    axe_problems,
    fill_login,
    fill_second_factor,
    log_in,
    make_persona,
)
from members.models import Participant

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_coordinator(browser_cluster):
    """The coordinator with recovery codes, who has changed Tworóg's phone (so the history shows something)."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    user = make_persona("coordinator")
    RecoveryCodes.activate(user)
    gmina = Participant.objects.get(slug="tworog")
    with set_actor(user):
        gmina.phone = "34 000 00 00"
        gmina.save()
    return user


def _watch_csp(page):
    """Collect the browser's reports of anything the Content-Security-Policy blocked."""
    blocked = []
    page.on(
        "console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text else None
    )
    return blocked


def _check(page, blocked):
    violations, _review = axe_problems(page)
    assert not violations, f"axe-core violations on {page.url}:\n{violations}"
    assert not blocked, f"CSP blocked something on {page.url}: {blocked}"


def test_coordinator_logs_in_with_totp_and_every_account_page_is_accessible(live_server, page, browser_coordinator):
    blocked = _watch_csp(page)
    history = "/panel/koordynator/historia/"
    page.goto(f"{live_server.url}/konto/login/?next={history}")
    _check(page, blocked)
    fill_login(page, browser_coordinator.email)

    page.wait_for_url("**/konto/2fa/authenticate/")
    _check(page, blocked)
    fill_second_factor(page)
    page.wait_for_url(f"**{history}")
    _check(page, blocked)

    page.get_by_role("link", name="Tworóg").first.click()
    page.wait_for_url("**/historia/members/participant/**")
    _check(page, blocked)

    for path in ("/konto/password/change/", "/konto/email/", "/konto/2fa/", "/konto/sessions/", "/konto/logout/"):
        page.goto(live_server.url + path)
        _check(page, blocked)

    page.goto(live_server.url + "/konto/reauthenticate/")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Potwierdź").click()
    for path in ("/konto/2fa/recovery-codes/", "/konto/2fa/totp/deactivate/", "/konto/2fa/recovery-codes/generate/"):
        page.goto(live_server.url + path)
        _check(page, blocked)


def test_a_new_coordinator_goes_from_signing_in_straight_to_the_qr_code_without_a_second_password_prompt(
    live_server, page, browser_cluster
):
    coordinator = make_persona("coordinator_without_mfa")
    blocked = _watch_csp(page)
    log_in(page, f"{live_server.url}/konto/login/", coordinator.email)
    page.wait_for_url("**/konto/2fa/totp/activate/")  # the panel sends a coordinator there; no password asked again
    assert page.get_by_role("heading", level=1).inner_text() == "Włącz aplikację uwierzytelniającą"
    qr = page.get_by_role("img", name="Kod QR", exact=False)
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert len(page.locator("#totp-secret").inner_text().strip()) >= 16
    _check(page, blocked)
    page.goto(live_server.url + "/konto/reauthenticate/")  # the prompt itself, as it shows when it is due
    _check(page, blocked)


def test_a_clerk_signs_out_with_wyloguj_in_the_header_using_the_keyboard(live_server, page, browser_cluster):
    clerk = make_persona("staff_tworog")
    log_in(page, f"{live_server.url}/konto/login/", clerk.email)
    page.wait_for_url("**/panel/**")
    header = page.get_by_role("banner")
    assert header.get_by_role("link", name="Panel").is_visible()
    assert_accessible(page)
    header.get_by_role("button", name="Wyloguj").focus()
    page.keyboard.press("Enter")
    page.wait_for_url(live_server.url + "/")
    assert header.get_by_role("button", name="Wyloguj").count() == 0
    assert header.get_by_role("link", name="Panel").count() == 0
    assert_accessible(page)
    page.goto(live_server.url + "/panel/")
    page.wait_for_url("**/konto/login/**")  # signed out: the panel asks to sign in
