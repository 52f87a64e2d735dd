"""The coordinator's pages of accounts and invitations, and the login history. (Who may open them: the permission
matrix, klaster/tests/test_permissions.py; the dashboard: klaster/tests/test_workspace.py.)"""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from klaster.testing import PASSWORD, Page, assert_accessible, count_queries, invite, log_in, make_persona, make_user
from members.models import AccountEvent, Invitation, Participant, StaffMembership

# --- accounts --------------------------------------------------------------------------------------


def test_the_accounts_table_shows_staff_and_coordinators_but_not_users_without_a_role(
    client, coordinator, staff_tworog, staff_pawonkow, superuser
):
    staff_pawonkow.is_active = False
    staff_pawonkow.save()
    client.force_login(coordinator)

    page = Page(client.get(reverse("coordination:accounts")).content.decode())

    assert "koordynator@example.org (Ty) koordynator – aktywne" in page.text
    assert "tworog@example.org pracownik gminy Gmina Tworóg aktywne jeszcze nie Wyłącz" in page.text
    assert "pawonkow@example.org pracownik gminy Gmina Pawonków wyłączone jeszcze nie Włącz" in page.text
    assert "admin@example.org" not in page.text
    assert reverse("coordination:account-deactivate", args=[staff_tworog.pk]) in page.links
    assert reverse("coordination:account-deactivate", args=[coordinator.pk]) not in page.links


def accounts_table(response):
    """The text of the accounts table, from its header row on (the page header names the signed-in user too)."""
    text = Page(response.content.decode()).text
    return text[text.index("E-mail Rola Gmina Stan") :]


def test_the_accounts_are_grouped_by_gmina_with_coordinators_first(client, coordinator, staff_tworog, staff_pawonkow):
    client.force_login(coordinator)
    text = accounts_table(client.get(reverse("coordination:accounts")))
    assert text.index("koordynator@example.org") < text.index("pawonkow@example.org") < text.index("tworog@example.org")


def test_the_accounts_can_be_sorted_by_last_login(client, coordinator, staff_tworog, staff_pawonkow):
    get_user_model().objects.filter(pk=staff_tworog.pk).update(last_login=timezone.now() + timedelta(hours=1))
    client.force_login(coordinator)
    text = accounts_table(client.get(reverse("coordination:accounts"), {"sort": "last-login"}))
    assert text.index("tworog@example.org") < text.index("koordynator@example.org")
    assert text.index("koordynator@example.org") < text.index("pawonkow@example.org")


def test_the_accounts_query_count_does_not_grow_with_the_users(client, coordinator, cluster):
    client.force_login(coordinator)
    url = reverse("coordination:accounts")
    client.get(url)
    gminas = list(Participant.objects.gminas())

    def queries_for_a_page_with(users):
        for number in range(users):
            gmina = gminas[number % len(gminas)]
            email = f"pracownik{get_user_model().objects.count()}@example.org"
            make_user(email, role=StaffMembership.Role.STAFF, gmina=gmina)
        return count_queries(client, url)

    assert queries_for_a_page_with(1) == queries_for_a_page_with(15)


def test_deactivation_asks_for_confirmation_first(client, coordinator, staff_tworog):
    client.force_login(coordinator)
    response = client.get(reverse("coordination:account-deactivate", args=[staff_tworog.pk]))
    assert Page(response.content.decode()).h1 == ["Wyłączyć konto tworog@example.org?"]
    staff_tworog.refresh_from_db()
    assert staff_tworog.is_active


def test_the_coordinator_deactivates_and_reactivates_an_account(client, coordinator, staff_tworog):
    client.force_login(coordinator)

    response = client.post(reverse("coordination:account-deactivate", args=[staff_tworog.pk]), follow=True)

    staff_tworog.refresh_from_db()
    assert not staff_tworog.is_active
    assert "Wyłączono konto tworog@example.org." in Page(response.content.decode()).text
    assert AccountEvent.objects.filter(
        kind=AccountEvent.Kind.DEACTIVATED, user=staff_tworog, actor=coordinator
    ).exists()

    response = client.post(reverse("coordination:account-reactivate", args=[staff_tworog.pk]), follow=True)

    staff_tworog.refresh_from_db()
    assert staff_tworog.is_active
    assert "Włączono konto tworog@example.org." in Page(response.content.decode()).text
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.REACTIVATED, user=staff_tworog).exists()


def test_a_deactivated_account_can_no_longer_open_the_workspace(client, coordinator, staff_tworog):
    client.force_login(coordinator)
    client.post(reverse("coordination:account-deactivate", args=[staff_tworog.pk]))
    client.force_login(staff_tworog)
    response = client.get(reverse("workspace:gmina", args=["tworog"]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_coordinator_cannot_deactivate_themself(client, coordinator):
    client.force_login(coordinator)

    response = client.post(reverse("coordination:account-deactivate", args=[coordinator.pk]), follow=True)

    assert "Nie możesz wyłączyć własnego konta." in Page(response.content.decode()).text
    coordinator.refresh_from_db()
    assert coordinator.is_active
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.DEACTIVATED).exists()


def test_accounts_without_a_role_are_not_found(client, coordinator, superuser):
    client.force_login(coordinator)
    assert client.get(reverse("coordination:account-deactivate", args=[superuser.pk])).status_code == 404
    assert client.post(reverse("coordination:account-deactivate", args=[superuser.pk])).status_code == 404
    superuser.refresh_from_db()
    assert superuser.is_active


# --- invitations -----------------------------------------------------------------------------------


def test_the_invitations_page_shows_each_state(client, coordinator, pending_invitation, tworog, pawonkow):
    now = timezone.now()
    invite("przyjete@example.org", tworog, accepted_at=now)
    invite("odwolane@example.org", pawonkow, revoked_at=now)
    invite("wygasle@example.org", pawonkow, expires_at=now - timedelta(days=60))
    client.force_login(coordinator)

    page = Page(client.get(reverse("coordination:invitations")).content.decode())

    text = page.text
    assert "Oczekujące (1) E-mail" in text
    assert "nowa.osoba@tworog.example.org pracownik gminy Gmina Tworóg" in text
    assert text.index("Oczekujące (1)") < text.index("nowa.osoba@") < text.index("Przyjęte (1)")
    assert text.index("Przyjęte (1)") < text.index("przyjete@") < text.index("Wygasłe bez przyjęcia (1)")
    assert text.index("Wygasłe bez przyjęcia (1)") < text.index("wygasle@") < text.index("Odwołane (1)")
    assert text.index("Odwołane (1)") < text.index("odwolane@")
    assert "Odwołaj : nowa.osoba@tworog.example.org" in text
    assert text.count("Odwołaj :") == 1  # only the pending one can be revoked


def test_the_coordinator_invites_a_member_of_staff(
    client, coordinator, tworog, settings, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordination:invitation-new"),
            {"email": " Jan.Kowalski@Tworog.example.org ", "role": "staff", "gmina": tworog.pk, "language": "pl"},
            follow=True,
        )

    assert response.redirect_chain[-1][0] == reverse("coordination:invitations")
    assert "Wysłano zaproszenie na adres jan.kowalski@tworog.example.org." in Page(response.content.decode()).text
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.gmina, invitation.invited_by) == (
        "jan.kowalski@tworog.example.org",
        "staff",
        tworog,
        coordinator,
    )
    assert mail.outbox[0].to == ["jan.kowalski@tworog.example.org"]
    assert f"{settings.SITE_URL}/konto/zaproszenie/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("debug", "sent_to"),
    [(True, "http://127.0.0.1:8101/konto/zaproszenie/"), (False, "https://klaster.example.org/konto/zaproszenie/")],
    ids=["development: the server the coordinator works on", "production: SITE_URL"],
)
def test_the_invitation_links_to_the_server_in_development_and_to_site_url_in_production(
    client, coordinator, tworog, settings, django_capture_on_commit_callbacks, debug, sent_to
):
    settings.DEBUG = debug
    settings.SITE_URL = "https://klaster.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "klaster.example.org"]
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("coordination:invitation-new"),
            {"email": "jan.kowalski@tworog.example.org", "role": "staff", "gmina": tworog.pk, "language": "pl"},
            HTTP_HOST="127.0.0.1:8101",
        )
    assert response.status_code == 302 and response["Location"] == reverse("coordination:invitations")
    (message,) = mail.outbox
    [link] = [line for line in message.body.splitlines() if "/konto/zaproszenie/" in line]
    assert link.startswith(sent_to)
    assert link in message.alternatives[0][0]


def test_the_coordinator_invites_another_coordinator(client, coordinator):
    client.force_login(coordinator)
    data = {"email": "drugi.koordynator@example.org", "role": "coordinator", "gmina": "", "language": "en"}
    response = client.post(reverse("coordination:invitation-new"), data)
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.gmina, invitation.language) == ("coordinator", None, "en")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"role": "staff", "gmina": ""}, "Wskaż gminę, w której pracuje zapraszana osoba."),
        ({"role": "coordinator", "gmina": "tworog"}, "Koordynator klastra nie jest przypisany do gminy."),
        ({"email": "to nie adres"}, "Wprowadź poprawny adres email."),
        ({"email": "tworog@example.org"}, "Konto tworog@example.org jest już aktywne z tą rolą."),
        ({"email": "TWOROG@example.org"}, "Konto tworog@example.org jest już aktywne z tą rolą."),
    ],
)
def test_a_bad_invitation_is_refused_with_a_clear_message(client, coordinator, staff_tworog, tworog, data, message):
    form = {"email": "ktos@example.org", "role": "staff", "gmina": tworog.pk, "language": "pl", **data}
    if form["gmina"] == "tworog":
        form["gmina"] = tworog.pk
    client.force_login(coordinator)

    response = client.post(reverse("coordination:invitation-new"), form)

    assert response.status_code == 200
    assert message in Page(response.content.decode()).text
    assert not Invitation.objects.exists()


def test_an_active_account_may_be_invited_to_another_role(client, coordinator, staff_tworog, pawonkow):
    client.force_login(coordinator)
    data = {"email": "tworog@example.org", "role": "staff", "gmina": pawonkow.pk, "language": "pl"}
    assert client.post(reverse("coordination:invitation-new"), data).status_code == 302
    assert Invitation.objects.get().gmina == pawonkow


def test_a_deactivated_account_may_be_invited_again(client, coordinator, staff_tworog, tworog):
    staff_tworog.is_active = False
    staff_tworog.save()
    client.force_login(coordinator)
    data = {"email": "tworog@example.org", "role": "staff", "gmina": tworog.pk, "language": "pl"}
    assert client.post(reverse("coordination:invitation-new"), data).status_code == 302
    assert Invitation.objects.count() == 1


def test_the_coordinator_revokes_a_pending_invitation(client, coordinator, pending_invitation):
    client.force_login(coordinator)

    response = client.post(reverse("coordination:invitation-revoke", args=[pending_invitation.pk]), follow=True)

    assert "Odwołano zaproszenie dla nowa.osoba@tworog.example.org." in Page(response.content.decode()).text
    pending_invitation.refresh_from_db()
    assert pending_invitation.revoked_at is not None
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.INVITATION_REVOKED, actor=coordinator).exists()


@pytest.mark.parametrize(
    ("field", "message"),
    [
        ("accepted_at", "To zaproszenie zostało już przyjęte, więc nie można go odwołać."),
        ("revoked_at", "To zaproszenie było już odwołane."),
        ("expires_at", "To zaproszenie już wygasło"),
    ],
)
def test_an_invitation_that_is_no_longer_pending_cannot_be_revoked(client, coordinator, tworog, field, message):
    moment = timezone.now() - timedelta(days=1)
    invitation = invite("ktos@example.org", tworog, **{field: moment})
    client.force_login(coordinator)

    response = client.post(reverse("coordination:invitation-revoke", args=[invitation.pk]), follow=True)

    assert message in Page(response.content.decode()).text
    invitation.refresh_from_db()
    assert getattr(invitation, field) == moment
    assert invitation.revoked_at == (moment if field == "revoked_at" else None)


# --- login history ---------------------------------------------------------------------------------


def test_logging_in_through_the_login_form_is_recorded(client, staff_tworog):
    response = client.post(reverse("account_login"), {"login": "tworog@example.org", "password": PASSWORD})
    assert response.status_code == 302
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.LOGIN)
    assert (event.email, event.user) == ("tworog@example.org", staff_tworog)


def test_a_wrong_password_is_recorded_as_a_failed_login_without_the_password(client, staff_tworog):
    response = client.post(reverse("account_login"), {"login": "tworog@example.org", "password": "zle-haslo-999"})
    assert response.status_code == 200
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.LOGIN_FAILED)
    assert (event.email, event.user) == ("tworog@example.org", staff_tworog)
    assert "zle-haslo-999" not in str(event.detail)
    assert not AccountEvent.objects.filter(kind=AccountEvent.Kind.LOGIN).exists()


def test_a_failed_login_to_an_unknown_address_is_recorded_too(client, cluster):
    client.post(reverse("account_login"), {"login": "nieznany@example.org", "password": "cokolwiek-123"})
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.LOGIN_FAILED)
    assert (event.email, event.user) == ("nieznany@example.org", None)


def test_logging_out_is_recorded(client, staff_tworog):
    client.force_login(staff_tworog)
    client.post(reverse("account_logout"))
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.LOGOUT)
    assert (event.email, event.user) == ("tworog@example.org", staff_tworog)


# --- in the browser --------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_coordinator_invites_staff_and_every_coordination_page_passes_axe(browser_cluster, live_server, page):
    coordinator = make_persona("coordinator")
    staff = make_persona("staff_tworog")
    invite("przepadlo@example.org", staff.membership.gmina, expires_at=timezone.now() - timedelta(days=2))

    log_in(
        page,
        live_server.url + reverse("account_login") + "?next=" + reverse("workspace"),
        coordinator.email,
        second_factor=True,
    )
    page.wait_for_url(live_server.url + reverse("coordination:dashboard"))
    assert page.get_by_role("heading", level=1).inner_text() == "Panel koordynatora"
    assert_accessible(page)

    page.get_by_role("link", name="Zaproś osobę").click()
    assert_accessible(page)
    page.get_by_label("Adres e-mail").fill("jan.kowalski@tworog.example.org")
    page.get_by_label("Rola").select_option("staff")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    assert page.get_by_text("Wskaż gminę, w której pracuje zapraszana osoba.").first.is_visible()  # summary and field
    assert_accessible(page)  # the form with its errors

    page.get_by_label("Gmina").select_option(label="Gmina Tworóg")
    page.get_by_role("button", name="Wyślij zaproszenie").click()
    page.wait_for_url(live_server.url + reverse("coordination:invitations"))
    assert "jan.kowalski@tworog.example.org" in page.get_by_role("status").inner_text()
    assert_accessible(page)

    for path in (
        reverse("coordination:accounts"),
        reverse("coordination:account-deactivate", args=[staff.pk]),
        reverse("coordination:dashboard"),
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)
