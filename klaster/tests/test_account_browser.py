"""The coordinator's account journey in Chromium: log in with the second factor, manage the account, read the
history; every page passes axe-core and breaks no Content-Security-Policy rule."""

import pytest
from auditlog.context import set_actor
from django.core.cache import cache

from klaster.testing import PASSWORD, TOTP_SECRET, assert_accessible, axe_problems, make_user, totp_code
from members.models import Participant, StaffMembership

pytestmark = pytest.mark.browser


@pytest.fixture
def browser_coordinator(browser_cluster):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    cache.clear()
    user = make_user("koordynator@example.org", role=StaffMembership.Role.COORDINATOR)
    TOTP.activate(user, TOTP_SECRET)
    RecoveryCodes.activate(user)
    gmina = Participant.objects.get(slug="tworog")
    with set_actor(user):
        gmina.phone = "34 000 00 00"
        gmina.save()
    yield user
    cache.clear()


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
    page.get_by_label("E-mail").fill("koordynator@example.org")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()

    page.wait_for_url("**/konto/2fa/authenticate/")
    _check(page, blocked)
    page.get_by_label("Kod").fill(totp_code())
    page.get_by_role("button", name="Zaloguj się", exact=True).click()
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


def test_totp_activation_page_is_accessible_and_shows_the_qr_code(live_server, page, browser_cluster):
    cache.clear()
    make_user("nowy.koordynator@example.org", role=StaffMembership.Role.COORDINATOR)
    blocked = _watch_csp(page)
    page.goto(f"{live_server.url}/konto/login/")
    page.get_by_label("E-mail").fill("nowy.koordynator@example.org")
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    page.goto(live_server.url + "/konto/reauthenticate/?next=/konto/2fa/totp/activate/")
    _check(page, blocked)
    page.get_by_label("Hasło").fill(PASSWORD)
    page.get_by_role("button", name="Potwierdź").click()
    page.wait_for_url("**/konto/2fa/totp/activate/")
    qr = page.get_by_role("img", name="Kod QR", exact=False)
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    assert len(page.locator("#totp-secret").inner_text().strip()) >= 16
    assert_accessible(page)
    assert not blocked, blocked
