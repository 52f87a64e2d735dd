"""The journeys real people make through the workspace, in Chromium: an invited member of staff sets a password and
edits their gmina, a new coordinator sets up the second factor, staff meet the pages they may not open, and the
invitation in English. Every page visited passes axe-core (WCAG 2.1 AA)."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse
from django.utils import translation

from klaster.testing import NEW_PASSWORD, PASSWORD, assert_accessible, fill_login, make_persona, totp_code
from members import services
from members.models import Participant, StaffMembership

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+")


def _invitation_link(email):
    """The link in the plain-text body of the one invitation sent to `email`."""
    (message,) = [message for message in mail.outbox if message.to == [email]]
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return message, links[0]


def _log_in(page, live_server, email, password=PASSWORD):
    page.goto(live_server.url + "/konto/login/")
    assert_accessible(page)
    fill_login(page, email, password)


def _log_out(page, live_server):
    """Through the menu link; allauth asks for confirmation with a button."""
    page.get_by_role("link", name="Wyloguj się").first.click()
    page.wait_for_url("**/konto/logout/")
    assert_accessible(page)
    page.get_by_role("main").get_by_role("button", name="Wyloguj się").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("link", name="Wyloguj się").count() == 0


def test_invited_staff_member_sets_a_password_logs_in_edits_the_profile_and_logs_out(
    browser_cluster, live_server, page
):
    tworog = Participant.objects.get(slug="tworog")
    services.invitation_create(
        email="nowa.pracownica@tworog.example.org",
        role=StaffMembership.Role.STAFF,
        gmina=tworog,
        send=True,
        base_url=live_server.url,
    )
    message, link = _invitation_link("nowa.pracownica@tworog.example.org")
    assert "Tworóg" in message.body
    assert link.startswith(live_server.url + "/konto/zaproszenie/")

    page.goto(link)
    assert page.get_by_role("heading", level=1).inner_text() == "Przyjęcie zaproszenia"
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Hasło")).fill(NEW_PASSWORD)
    page.get_by_label("Powtórz hasło").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Ustaw hasło i zaloguj się").click()
    page.wait_for_url(live_server.url + "/panel/gminy/tworog/")
    assert page.get_by_role("heading", level=1).inner_text() == "Gmina Tworóg"
    assert page.get_by_text("Konto jest gotowe. Witamy w portalu klastra.").is_visible()
    assert_accessible(page)

    _log_out(page, live_server)
    assert_accessible(page)

    _log_in(page, live_server, "nowa.pracownica@tworog.example.org", NEW_PASSWORD)
    page.wait_for_url(live_server.url + "/panel/gminy/tworog/")

    page.get_by_role("link", name="Zmień profil gminy").click()
    page.wait_for_url("**/panel/gminy/tworog/profil/")
    assert_accessible(page)
    page.get_by_label("Opis gminy po polsku").fill("Tworóg stawia na słońce i biogaz.")
    page.get_by_role("button", name="Zapisz profil").click()
    page.wait_for_url(live_server.url + "/panel/gminy/tworog/")
    assert page.get_by_role("status").inner_text() == "Zapisano profil gminy."
    assert_accessible(page)

    response = page.goto(live_server.url + "/gminy/tworog/")
    assert response.status == 200
    assert page.get_by_text("Tworóg stawia na słońce i biogaz.").is_visible()
    assert_accessible(page)

    _log_out(page, live_server)


def test_coordinator_sets_up_totp_and_then_logs_in_with_a_code(browser_cluster, live_server, page):
    coordinator = make_persona("coordinator_without_mfa")

    _log_in(page, live_server, coordinator.email)
    page.wait_for_url(re.compile(r"/konto/(reauthenticate|2fa/totp/activate)/"))
    assert page.get_by_text("Koordynator musi włączyć logowanie dwuetapowe").is_visible()
    if "/reauthenticate/" in page.url:  # allauth may ask for the password again before a second factor is added
        assert_accessible(page)
        page.get_by_label("Hasło").fill(PASSWORD)
        page.get_by_role("button", name="Potwierdź").click()
        page.wait_for_url("**/konto/2fa/totp/activate/")
    assert_accessible(page)

    secret = page.locator("#totp-secret").inner_text().strip()
    page.locator("form[action$='/konto/2fa/totp/activate/'] input[name=code]").fill(totp_code(secret))
    page.locator("form[action$='/konto/2fa/totp/activate/'] button[type=submit]").click()
    page.wait_for_url(live_server.url + "/konto/2fa/recovery-codes/")  # allauth shows the new recovery codes
    assert page.get_by_role("heading", level=1).is_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Panel", exact=True).first.click()
    page.wait_for_url(live_server.url + "/panel/koordynator/")
    assert_accessible(page)
    _log_out(page, live_server)

    cache.clear()  # allauth refuses a code used once within its period; the next login uses the same code
    _log_in(page, live_server, coordinator.email)
    page.wait_for_url("**/konto/2fa/authenticate/")
    assert_accessible(page)
    page.get_by_label("Kod").fill(totp_code(secret))
    page.get_by_role("button", name="Zaloguj się", exact=True).click()
    page.wait_for_url(live_server.url + "/panel/koordynator/")
    assert_accessible(page)


def test_staff_member_cannot_open_another_gminas_workspace(browser_cluster, live_server, page):
    _log_in(page, live_server, make_persona("staff_tworog").email)
    page.wait_for_url(live_server.url + "/panel/gminy/tworog/")

    response = page.goto(live_server.url + "/panel/gminy/pawonkow/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Brak dostępu"
    assert page.get_by_text("Ta strona należy do panelu innej gminy.").is_visible()
    assert_accessible(page)

    response = page.goto(live_server.url + "/panel/koordynator/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Brak dostępu"
    assert_accessible(page)
    page.get_by_role("main").get_by_role("link", name="Wróć do panelu swojej gminy: Gmina Tworóg").click()
    page.wait_for_url(live_server.url + "/panel/gminy/tworog/")

    response = page.goto(live_server.url + "/panel/gminy/pawonkow/profil/")
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Brak dostępu"
    page.get_by_role("link", name="Wróć do panelu swojej gminy: Gmina Tworóg").click()
    page.wait_for_url(live_server.url + "/panel/gminy/tworog/")


def test_invitation_in_english_leads_to_the_english_pages(browser_cluster, live_server, page):
    services.invitation_create(
        email="new.staff@tworog.example.org",
        role=StaffMembership.Role.STAFF,
        gmina=Participant.objects.get(slug="tworog"),
        language="en",
        send=True,
        base_url=live_server.url,
    )
    message, link = _invitation_link("new.staff@tworog.example.org")
    assert "To accept the invitation and set a password, open this link:" in message.body
    assert link.startswith(live_server.url + "/en/account/invitation/")

    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "Accepting the invitation"
    assert_accessible(page)
    page.get_by_label(re.compile(r"^Password")).fill(NEW_PASSWORD)
    page.get_by_label("Repeat password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set the password and log in").click()
    with translation.override("en"):
        gmina_panel = reverse("workspace:gmina", kwargs={"slug": "tworog"})
    page.wait_for_url(live_server.url + gmina_panel)
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_text("Your account is ready. Welcome to the cluster portal.").is_visible()
    assert_accessible(page)
