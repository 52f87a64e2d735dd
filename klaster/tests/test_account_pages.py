"""django-allauth's account pages inside the portal: each answers its persona, in Polish, labelled and CSP-clean."""

import re

import pytest
from allauth.account.authentication import AUTHENTICATION_METHODS_SESSION_KEY
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.usersessions.models import UserSession
from django.contrib.auth import get_user_model
from django.core import mail
from django.template.loader import render_to_string
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from klaster.testing import PASSWORD, Page, log_in_as, totp_code, totp_code_of_period


def _login(client, email, password=PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def _text(response):
    return Page(response.content.decode()).text


def _assert_portal_page(response):
    """The page is the portal's: one <h1>, every visible input labelled, no inline script or style."""
    html = response.content.decode()
    assert len(Page(html).h1) == 1, Page(html).h1
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # a script file (the error summary's) is no inline script
    assert 'style="' not in html
    for input_id in re.findall(r'<(?:input|select|textarea)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html):
        assert f'for="{input_id}"' in html, f"input #{input_id} has no label"


def _back_to_the_panel(response):
    """The page's clear way back to the panel: a button-styled link to /panel/ in the page's actions."""
    return re.search(rf'<a class="button" href="{reverse("workspace")}">Wróć do panelu</a>', response.content.decode())


def _reauthenticate(client):
    """Confirm the password again, as allauth asks before changing the second factor."""
    response = client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    assert response.status_code == 302, response.content.decode()


def _sign_in_with_code(client, user):
    """Both steps of signing in: the password, then the authenticator app's code."""
    assert _login(client, user.email).url == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302


def _age_authentications(client, seconds):
    """Make every authentication recorded in the session `seconds` older, as if that time had passed."""
    session = client.session
    session[AUTHENTICATION_METHODS_SESSION_KEY] = [
        {**record, "at": record["at"] - seconds} for record in session[AUTHENTICATION_METHODS_SESSION_KEY]
    ]
    session.save()


@pytest.fixture
def coordinator_client(client, coordinator):
    """The coordinator, just signed in through both steps (which counts as a recent login), with recovery codes."""
    RecoveryCodes.activate(coordinator)
    _sign_in_with_code(client, coordinator)
    return client


ANONYMOUS_PAGES = [
    "account_login",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key_done",
    "account_inactive",
    "account_email_verification_sent",
]


@pytest.mark.parametrize("name", ANONYMOUS_PAGES)
def test_anonymous_visitor_opens_the_entrance_pages(client, cluster, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    _assert_portal_page(response)
    assert '<html lang="pl">' in response.content.decode()


MEMBER_PAGES = ["account_change_password", "account_email", "mfa_index", "usersessions_list", "account_logout"]


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_staff_open_their_account_pages_with_the_account_navigation(client, staff_tworog, name):
    client.force_login(staff_tworog)
    response = client.get(reverse(name))
    assert response.status_code == 200
    _assert_portal_page(response)
    html = response.content.decode()
    assert 'aria-label="Moje konto"' in html
    for url in ("workspace", "account_change_password", "account_email", "mfa_index", "usersessions_list"):
        assert f'href="{reverse(url)}"' in html


def test_logout_asks_for_confirmation_and_signs_out_on_post(client, staff_tworog):
    client.force_login(staff_tworog)
    assert "Wyloguj" in _text(client.get(reverse("account_logout")))
    assert "_auth_user_id" in client.session
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


HEADER_LOGOUT = re.compile(
    r'<header class="site-header">.*<div class="account-link">\s*<a href="/panel/">Panel<span class="visually-hidden">: '
    r'[^<]+</span></a>\s*<form method="post" action="/konto/logout/"><input type="hidden" name="csrfmiddlewaretoken" '
    r'value="[^"]+"><button type="submit" class="header-link">Wyloguj</button></form>\s*</div>.*</header>',
    re.S,
)


@pytest.mark.parametrize("path", ["/", "/panel/", "/czlonkowie/", "/konto/password/change/", "/kontakt/"])
def test_every_page_of_a_signed_in_user_has_wyloguj_in_the_header_next_to_the_panel(client, staff_tworog, path):
    client.force_login(staff_tworog)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    assert HEADER_LOGOUT.search(response.content.decode())


def test_wyloguj_in_the_header_signs_out_with_its_csrf_token(staff_tworog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff_tworog)
    html = client.get("/").content.decode()
    token = re.search(r'action="/konto/logout/"><input type="hidden" name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert client.post(reverse("account_logout")).status_code == 403  # no token: refused, still signed in
    assert "_auth_user_id" in client.session
    response = client.post(reverse("account_logout"), {"csrfmiddlewaretoken": token.group(1)})
    assert response.status_code == 302 and response.url == reverse("home")
    assert "_auth_user_id" not in client.session
    assert "Wyloguj</button>" not in client.get("/").content.decode()


def test_a_visitor_has_no_wyloguj_in_the_header(client, cluster):
    html = client.get("/").content.decode()
    assert "/konto/logout/" not in html and 'class="account-link"' not in html


def test_account_pages_speak_polish(client, staff_tworog):
    client.force_login(staff_tworog)
    assert "Zmień hasło" in _text(client.get(reverse("account_change_password")))
    assert "Logowanie dwuetapowe" in _text(client.get(reverse("mfa_index")))
    assert "Sesje" in _text(client.get(reverse("usersessions_list")))


# --- logging in with the second factor ------------------------------------------------------------


def test_coordinator_logs_in_with_password_then_the_authenticator_code(client, coordinator):
    response = _login(client, coordinator.email)
    assert response.status_code == 302
    assert response.url == reverse("mfa_authenticate")
    step = client.get(response.url)
    assert step.status_code == 200
    _assert_portal_page(step)
    assert "_auth_user_id" not in client.session

    response = client.post(reverse("mfa_authenticate"), {"code": totp_code()})
    assert response.status_code == 302
    assert response.url == reverse("workspace")
    assert int(client.session["_auth_user_id"]) == coordinator.pk


@pytest.mark.parametrize(("periods", "accepted"), [(1, True), (3, False)])
def test_a_code_typed_as_the_period_turns_is_accepted_an_old_one_is_not(client, coordinator, periods, accepted):
    _login(client, coordinator.email)
    code = totp_code_of_period(-periods)
    if not accepted and code in {totp_code_of_period(n) for n in (-1, 0, 1)}:
        code = "000000" if code != "000000" else "111111"  # the rare old code that equals a valid one
    response = client.post(reverse("mfa_authenticate"), {"code": code})
    assert ("_auth_user_id" in client.session) is accepted
    if not accepted:
        assert "Błędny kod." in _text(response)


def test_a_wrong_authenticator_code_is_refused_with_a_message(client, coordinator):
    _login(client, coordinator.email)
    wrong = "000000" if totp_code() != "000000" else "111111"
    response = client.post(reverse("mfa_authenticate"), {"code": wrong})
    assert response.status_code == 200
    assert "Błędny kod." in _text(response)
    assert "_auth_user_id" not in client.session
    _assert_portal_page(response)


def test_a_wrong_password_is_refused_with_a_message(client, coordinator):
    response = _login(client, coordinator.email, "not-the-password")
    assert response.status_code == 200
    assert "Podany adres e-mail i/lub hasło są niepoprawne." in _text(response)


def test_too_many_failed_logins_lock_the_account_even_with_the_right_password(client, staff_tworog):
    for _attempt in range(5):
        assert _login(client, staff_tworog.email, "not-the-password").status_code == 200
    response = _login(client, staff_tworog.email)
    assert response.status_code == 200
    assert "Zbyt wiele nieudanych prób logowania." in _text(response)
    assert "_auth_user_id" not in client.session


def test_too_many_logins_from_one_address_answer_429(client, staff_tworog):
    for _attempt in range(30):
        _login(client, staff_tworog.email, "not-the-password")
    response = _login(client, staff_tworog.email, "not-the-password")
    assert response.status_code == 429
    assert "Zbyt wiele prób" in Page(response.content.decode()).h1[0]
    _assert_portal_page(response)


# --- two-factor management ---------------------------------------------------------------------


def test_totp_activation_shows_the_qr_code_as_an_image_and_the_secret_as_text(client, coordinator_without_mfa):
    _login(client, coordinator_without_mfa.email)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    _assert_portal_page(response)
    html = response.content.decode()
    assert re.search(r'<img src="data:image/svg\+xml;base64,[^"]+"[^>]* alt="Kod QR[^"]+"', html)
    secret = response.context["form"].secret
    assert f'<code id="totp-secret" class="totp-secret">{secret}</code>' in html


@pytest.mark.django_db(transaction=True)  # allauth tells of the new second factor once the activation is committed
def test_coordinator_activates_totp_with_a_code_from_the_app(client, coordinator_without_mfa):
    _login(client, coordinator_without_mfa.email)
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=coordinator_without_mfa, type=Authenticator.Type.TOTP).exists()
    assert response.url == reverse("mfa_view_recovery_codes")
    codes = client.get(response.url)
    assert "Aplikacja uwierzytelniająca została włączona." in _text(codes)
    assert _back_to_the_panel(codes)


# --- signing in counts as a recent login ------------------------------------------------------------


def test_a_coordinator_just_signed_in_sets_up_the_second_factor_without_a_second_password_prompt(
    client, coordinator_without_mfa
):
    response = _login(client, coordinator_without_mfa.email)
    assert response.url == reverse("workspace")
    response = client.get(response.url)  # a coordinator without the second factor is sent to set it up
    assert response.url == reverse("mfa_activate_totp")
    response = client.get(response.url)
    assert response.status_code == 200
    assert "Włącz aplikację uwierzytelniającą" in _text(response)


@pytest.mark.parametrize("name", ["mfa_deactivate_totp", "mfa_generate_recovery_codes", "mfa_view_recovery_codes"])
def test_a_coordinator_just_signed_in_with_the_code_manages_the_second_factor_without_a_password_prompt(
    client, coordinator, name
):
    RecoveryCodes.activate(coordinator)
    _sign_in_with_code(client, coordinator)
    assert client.get(reverse(name)).status_code == 200


def test_signing_in_counts_only_for_the_reauthentication_timeout(client, coordinator_without_mfa, settings):
    _login(client, coordinator_without_mfa.email)
    _age_authentications(client, settings.ACCOUNT_REAUTHENTICATION_TIMEOUT - 30)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200
    _age_authentications(client, 60)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    _reauthenticate(client)
    assert client.get(reverse("mfa_activate_totp")).status_code == 200


def test_a_half_finished_sign_in_gives_no_access_to_the_second_factor_pages(client, coordinator):
    """The password alone (the authenticator's step not answered) is recorded, but signs nobody in."""
    _login(client, coordinator.email)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert Authenticator.objects.filter(user=coordinator, type=Authenticator.Type.TOTP).exists()


def test_totp_activation_refuses_a_wrong_code_next_to_the_field(client, coordinator_without_mfa):
    _login(client, coordinator_without_mfa.email)
    client.get(reverse("mfa_activate_totp"))
    response = client.post(reverse("mfa_activate_totp"), {"code": "123"})
    assert response.status_code == 200
    assert 'class="error" id="id_code_error"' in response.content.decode()
    assert not Authenticator.objects.filter(user=coordinator_without_mfa).exists()


@pytest.mark.parametrize(
    "name",
    ["mfa_index", "mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_generate_recovery_codes", "usersessions_list"],
)
def test_coordinator_opens_the_two_factor_pages(coordinator_client, name):
    response = coordinator_client.get(reverse(name))
    assert response.status_code == 200
    _assert_portal_page(response)


def test_new_recovery_codes_are_shown_with_a_button_back_to_the_panel(coordinator_client, coordinator):
    old = set(RecoveryCodes(Authenticator.objects.get(user=coordinator, type="recovery_codes")).get_unused_codes())
    response = coordinator_client.post(reverse("mfa_generate_recovery_codes"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("mfa_view_recovery_codes")
    _assert_portal_page(response)
    codes = re.findall(r"<li><code>(\w+)</code></li>", response.content.decode())
    assert len(codes) == 10 and not old & set(codes)
    assert _back_to_the_panel(response)


# One name for the authenticator app on every page, message and email: „aplikacja uwierzytelniająca”.
OTHER_NAMES = re.compile(r"autoryzacyjn|authenticator|autentykator|TOTP|aplikacj\w* do uwierzytelni|jednorazow", re.I)


def _other_names(text):
    return OTHER_NAMES.findall(text.replace("Google Authenticator", "").replace("Microsoft Authenticator", ""))


@pytest.mark.django_db(transaction=True)  # allauth tells of the new second factor once the activation is committed
def test_the_authenticator_app_has_one_name_on_every_page_message_and_email(client, coordinator_without_mfa):
    texts = []
    _login(client, coordinator_without_mfa.email)
    for name in ("mfa_index", "mfa_activate_totp", "account_reauthenticate"):
        texts.append(_text(client.get(reverse(name))))
    secret = client.get(reverse("mfa_activate_totp")).context["form"].secret
    client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    for name in ("mfa_view_recovery_codes", "mfa_index", "mfa_deactivate_totp", "mfa_generate_recovery_codes"):
        texts.append(_text(client.get(reverse(name))))
    texts.append(_text(client.get(reverse("account_reauthenticate"))))  # with the app: the other way to confirm
    texts.append(_text(client.get(reverse("mfa_reauthenticate"))))
    texts.append(_text(client.post(reverse("mfa_deactivate_totp"), follow=True)))
    texts.extend(f"{sent.subject} {sent.body} {sent.alternatives[0][0]}" for sent in mail.outbox)
    assert len(mail.outbox) == 2  # activated, deactivated
    everything = "\n".join(texts)
    assert not _other_names(everything), _other_names(everything)
    for said in (
        "Aplikacja uwierzytelniająca nie jest włączona.",
        "Aplikacja uwierzytelniająca jest włączona",
        "Aplikacja uwierzytelniająca została włączona.",
        "Aplikacja uwierzytelniająca została wyłączona.",
        "Wyłącz aplikację uwierzytelniającą",
        "Użyj aplikacji uwierzytelniającej lub kodu odzyskiwania",
    ):
        assert said in everything, said


def test_the_second_step_of_signing_in_names_the_authenticator_app(client, coordinator):
    _login(client, coordinator.email)
    text = _text(client.get(reverse("mfa_authenticate")))
    assert "aplikacji uwierzytelniającej" in text and not _other_names(text)


def test_coordinator_downloads_recovery_codes(coordinator_client):
    coordinator_client.post(reverse("mfa_generate_recovery_codes"))
    response = coordinator_client.get(reverse("mfa_download_recovery_codes"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert len(response.content.decode().split()) >= 10


def test_pages_that_need_a_recent_login_ask_for_the_code_again(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("mfa_deactivate_totp"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_reauthenticate"))
    for name in ("account_reauthenticate", "mfa_reauthenticate"):
        page = client.get(reverse(name))
        assert page.status_code == 200
        _assert_portal_page(page)


def test_sign_out_everywhere_else_ends_the_other_sessions(client, coordinator_client, coordinator):
    other = Client()
    other.force_login(coordinator)
    other.get(reverse("mfa_index"))  # allauth records the session on its first request

    assert UserSession.objects.filter(user=coordinator).count() == 2
    response = coordinator_client.post(reverse("usersessions_list"))
    assert response.status_code == 302
    assert UserSession.objects.filter(user=coordinator).count() == 1
    assert coordinator_client.get(reverse("mfa_index")).status_code == 200
    assert other.get(reverse("mfa_index")).status_code == 302


# --- password, email ---------------------------------------------------------------------------


def test_password_reset_sends_a_link_in_text_and_html_that_sets_a_new_password(client, staff_tworog):
    response = client.post(reverse("account_reset_password"), {"email": staff_tworog.email})
    assert response.url == reverse("account_reset_password_done")
    (message,) = mail.outbox
    html, mime = message.alternatives[0]
    assert mime == "text/html"
    link = re.search(r"https?://\S+/konto/password/reset/key/\S+/", message.body).group(0)
    assert f'href="{link}"' in html
    assert "<html lang=" in html

    response = client.get(link)
    assert response.status_code == 302
    form_page = client.get(response.url)
    assert form_page.status_code == 200
    _assert_portal_page(form_page)
    new_password = "nowe-haslo-klastra-42"
    done = client.post(response.url, {"password1": new_password, "password2": new_password})
    assert done.url == reverse("account_reset_password_from_key_done")
    staff_tworog.refresh_from_db()
    assert staff_tworog.check_password(new_password)


@pytest.mark.parametrize(
    ("debug", "site"),
    [(True, "http://127.0.0.1:8101"), (False, "https://klaster.example.org")],
    ids=["development: the server asked", "production: SITE_URL"],
)
def test_account_emails_link_to_the_server_in_development_and_to_site_url_in_production(
    client, staff_tworog, settings, debug, site
):
    settings.DEBUG = debug
    settings.SITE_URL = "https://klaster.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "klaster.example.org"]
    client.post(reverse("account_reset_password"), {"email": staff_tworog.email}, HTTP_HOST="127.0.0.1:8101")
    (message,) = mail.outbox
    links = set(re.findall(r"https?://[^\s\"<]+", message.body + message.alternatives[0][0]))
    assert any("/konto/password/reset/key/" in link for link in links)
    assert f'href="{site}"' in message.alternatives[0][0]  # the footer's address of the site
    assert links and all(link == site or link.startswith(site + "/") for link in links), links


def test_password_reset_with_a_bad_key_explains_it(client, cluster):
    response = client.get(reverse("account_reset_password_from_key", kwargs={"uidb36": "zz", "key": "bad-key"}))
    assert response.status_code == 200
    _assert_portal_page(response)


def test_password_change_refuses_a_wrong_current_password_next_to_the_field(client, staff_tworog):
    client.force_login(staff_tworog)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "wrong", "password1": "nowe-haslo-klastra-42", "password2": "nowe-haslo-klastra-42"},
    )
    assert response.status_code == 200
    assert 'id="id_oldpassword_error"' in response.content.decode()
    staff_tworog.refresh_from_db()
    assert staff_tworog.check_password(PASSWORD)


def test_email_change_sends_a_verification_and_shows_the_pending_address(client, staff_tworog):
    client.force_login(staff_tworog)
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nowy.tworog@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == ["nowy.tworog@example.org"]
    assert message.alternatives and "confirm-email" in message.alternatives[0][0]
    page = client.get(reverse("account_email"))
    _assert_portal_page(page)
    assert "nowy.tworog@example.org" in _text(page)

    key = re.search(r"/konto/confirm-email/([^/]+)/", message.body).group(1)
    confirm = client.get(reverse("account_confirm_email", args=[key]))
    assert confirm.status_code == 200
    _assert_portal_page(confirm)
    client.post(reverse("account_confirm_email", args=[key]))
    staff_tworog.refresh_from_db()
    assert staff_tworog.email == "nowy.tworog@example.org"


def test_security_notification_has_an_html_version(client, staff_tworog, settings):
    settings.ACCOUNT_EMAIL_NOTIFICATIONS = True
    client.force_login(staff_tworog)
    new_password = "nowe-haslo-klastra-42"
    client.post(
        reverse("account_change_password"),
        {"oldpassword": PASSWORD, "password1": new_password, "password2": new_password},
    )
    (message,) = mail.outbox
    assert message.alternatives[0][1] == "text/html"
    assert "<html lang=" in message.alternatives[0][0]


# --- no sign-up; the admin is for superusers ----------------------------------------------------


def test_sign_up_is_closed_and_creates_no_account(client, cluster):
    users = get_user_model().objects.count()
    page = client.get(reverse("account_signup"))
    assert page.status_code == 200
    _assert_portal_page(page)
    client.post(
        reverse("account_signup"),
        {"email": "intruz@example.org", "password1": "haslo-intruza-123", "password2": "haslo-intruza-123"},
    )
    assert get_user_model().objects.count() == users
    assert not get_user_model().objects.filter(email="intruz@example.org").exists()


def test_admin_login_page_sends_to_the_portal_login(client, cluster):
    response = client.get("/admin/login/")
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


@pytest.mark.parametrize("persona", ["staff_tworog", "coordinator"])
def test_staff_and_coordinator_get_no_admin(client, persona, request):
    log_in_as(client, request, persona)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
    assert client.get(response.url).status_code == 403
    assert client.get("/admin/auth/user/").status_code in (302, 403)


def test_superuser_opens_the_admin(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Django" in response.content.decode()


def test_password_reset_for_an_unknown_address_offers_no_sign_up(client, cluster):
    response = client.post(reverse("account_reset_password"), {"email": "nieznany@example.org"})
    assert response.status_code == 302
    (message,) = mail.outbox
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "zakłada koordynator klastra" in body
        assert "signup" not in body


EMAIL_TEMPLATES = [
    "account/email/password_changed",
    "account/email/password_set",
    "account/email/email_changed",
    "account/email/email_confirm",
    "account/email/email_deleted",
    "mfa/email/totp_activated",
    "mfa/email/totp_deactivated",
    "mfa/email/recovery_codes_generated",
]


@pytest.mark.parametrize("prefix", EMAIL_TEMPLATES)
def test_security_notifications_have_a_polish_html_version(rf, cluster, prefix):
    context = {"ip": "192.0.2.1", "user_agent": "Firefox", "timestamp": timezone.now(), "from_email": "a@example.org"}
    html = render_to_string(f"{prefix}_message.html", context, rf.get("/"))
    assert '<html lang="pl">' in html
    assert "192.0.2.1" in html and "Firefox" in html
    assert "Dzień dobry" in html
