"""Invitations to accounts: the email, the one-time link, setting the password, and what a used link says."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from klaster.testing import NEW_PASSWORD, PASSWORD, Page, accept_invitation, invite_with_link
from members import services
from members.models import AccountEvent, Invitation, Participant, StaffMembership


@pytest.fixture
def staff_invitation(tworog):
    """A pending invitation for a new member of Tworóg's staff, and its link's path."""
    invitation, link = invite_with_link("jan.kowalski@example.org", tworog)
    return invitation, link.removeprefix("http://127.0.0.1:8000")


# --- the email -------------------------------------------------------------------------------------


def test_the_invitation_email_has_a_text_and_an_html_part_with_the_link(tworog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, link = services.invitation_create(
            email="jan.kowalski@example.org", role="staff", gmina=tworog, base_url="https://klaster.example.org"
        )

    [message] = mail.outbox
    assert message.to == ["jan.kowalski@example.org"]
    assert message.subject == "[Klaster] Zaproszenie do portalu klastra energii"
    assert link.startswith("https://klaster.example.org/konto/zaproszenie/")
    assert link in message.body
    assert "jako pracownik: Gmina Tworóg" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{link}"' in html
    assert '<html lang="pl">' in html


def test_the_invitation_email_is_written_in_the_chosen_language(tworog, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, link = services.invitation_create(
            email="jan.kowalski@example.org",
            role="staff",
            gmina=tworog,
            language="en",
            base_url="https://klaster.example.org",
        )

    [message] = mail.outbox
    assert link.startswith("https://klaster.example.org/en/")
    assert link in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert link in html


def test_only_the_hash_of_the_token_is_stored(staff_invitation):
    invitation, path = staff_invitation
    token = path.rstrip("/").rsplit("/", 1)[-1]
    assert token not in invitation.token_hash
    assert invitation.token_hash == services.token_hash(token)


def test_a_new_invitation_revokes_the_earlier_pending_one_to_the_same_address(client, tworog, staff_invitation):
    earlier, earlier_path = staff_invitation
    invite_with_link("JAN.KOWALSKI@example.org", tworog)
    earlier.refresh_from_db()
    assert earlier.revoked_at is not None
    assert client.get(earlier_path).status_code == 410


def test_a_staff_invitation_needs_a_gmina(cluster):
    with pytest.raises(ValidationError):
        invite_with_link("jan.kowalski@example.org", None, role=StaffMembership.Role.STAFF)
    assert not Invitation.objects.exists()


# --- the link works once ---------------------------------------------------------------------------


def test_the_link_shows_the_password_form(client, staff_invitation):
    _invitation, path = staff_invitation
    response = client.get(path)
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.h1 == ["Przyjęcie zaproszenia"]
    assert "Zaproszenie dla jan.kowalski@example.org do pracy w portalu jako pracownik: Gmina Tworóg." in page.text


def test_accepting_creates_the_account_logs_in_and_lands_in_the_workspace(client, staff_invitation, tworog):
    invitation, path = staff_invitation

    response = accept_invitation(client, path)

    assert response.status_code == 302
    assert response.url == reverse("workspace")
    user = get_user_model().objects.get(email="jan.kowalski@example.org")
    assert user.check_password(NEW_PASSWORD)
    assert (user.membership.role, user.membership.gmina) == ("staff", tworog)
    assert EmailAddress.objects.filter(
        user=user, email="jan.kowalski@example.org", verified=True, primary=True
    ).exists()
    invitation.refresh_from_db()
    assert (invitation.accepted_by, invitation.accepted_at is not None) == (user, True)
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.INVITATION_ACCEPTED, user=user).exists()
    response = client.get(response.url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("workspace:gmina", args=["tworog"])
    assert "Konto jest gotowe. Witamy w portalu klastra." in Page(response.content.decode()).text


def test_the_new_account_logs_in_with_its_password(client, staff_invitation):
    _invitation, path = staff_invitation
    accept_invitation(client, path)
    client.logout()
    response = client.post(reverse("account_login"), {"login": "jan.kowalski@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("workspace")


def test_the_link_works_only_once(client, staff_invitation):
    _invitation, path = staff_invitation
    accept_invitation(client, path)
    client.logout()

    for response in (client.get(path), accept_invitation(client, path, "Inne-Haslo-Calkiem-2026")):
        assert response.status_code == 410
        assert "To zaproszenie zostało już wykorzystane." in Page(response.content.decode()).text
    user = get_user_model().objects.get(email="jan.kowalski@example.org")
    assert user.check_password(NEW_PASSWORD)


def test_two_accepts_at_once_let_only_one_succeed(staff_invitation):
    invitation, _path = staff_invitation
    services.invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    with pytest.raises(services.InvitationUnusable) as refusal:
        services.invitation_accept(invitation=invitation, password="Inne-Haslo-Calkiem-2026")
    assert refusal.value.reason == "accepted"
    assert get_user_model().objects.get(email="jan.kowalski@example.org").check_password(NEW_PASSWORD)


def test_an_expired_link_is_gone_with_a_clear_message(client, staff_invitation):
    invitation, path = staff_invitation
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    for response in (client.get(path), accept_invitation(client, path)):
        assert response.status_code == 410
        assert "To zaproszenie wygasło. Poproś koordynatora klastra o nowe." in Page(response.content.decode()).text
    assert not get_user_model().objects.filter(email="jan.kowalski@example.org").exists()


def test_a_revoked_link_is_gone_with_a_clear_message(client, staff_invitation, coordinator):
    invitation, path = staff_invitation
    services.invitation_revoke(invitation=invitation, by=coordinator)

    for response in (client.get(path), accept_invitation(client, path)):
        assert response.status_code == 410
        assert "To zaproszenie zostało odwołane." in Page(response.content.decode()).text
    assert not get_user_model().objects.filter(email="jan.kowalski@example.org").exists()


def test_an_unknown_link_is_gone_with_a_clear_message(client, cluster):
    response = client.get(reverse("invitation-accept", args=["nie-ma-takiego-zaproszenia"]))
    assert response.status_code == 410
    assert "Ten link do zaproszenia jest nieprawidłowy." in Page(response.content.decode()).text


def test_revoking_an_accepted_invitation_is_refused(staff_invitation, coordinator):
    invitation, _path = staff_invitation
    services.invitation_accept(invitation=invitation, password=NEW_PASSWORD)
    with pytest.raises(services.InvitationUnusable) as refusal:
        services.invitation_revoke(invitation=invitation, by=coordinator)
    assert refusal.value.reason == "accepted"


# --- bad passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("password1", "password2", "message"),
    [
        (NEW_PASSWORD, NEW_PASSWORD + "x", "Hasła się różnią."),
        ("Kr0tk1e", "Kr0tk1e", "To hasło jest za krótkie."),
        ("password123", "password123", "To hasło jest zbyt powszechne."),
    ],
)
def test_a_bad_password_is_refused_and_nothing_is_created(client, staff_invitation, password1, password2, message):
    invitation, path = staff_invitation

    response = accept_invitation(client, path, password1, password2)

    assert response.status_code == 200
    assert message in Page(response.content.decode()).text
    assert not get_user_model().objects.filter(email="jan.kowalski@example.org").exists()
    invitation.refresh_from_db()
    assert invitation.accepted_at is None
    assert "_auth_user_id" not in client.session


# --- coordinators and existing accounts ------------------------------------------------------------


def test_an_invited_coordinator_is_sent_to_set_up_the_second_factor(client, cluster):
    _invitation, link = invite_with_link("druga.koordynatorka@example.org", role=StaffMembership.Role.COORDINATOR)

    response = accept_invitation(client, link.removeprefix("http://127.0.0.1:8000"), follow=True)

    user = get_user_model().objects.get(email="druga.koordynatorka@example.org")
    assert (user.membership.role, user.membership.gmina) == ("coordinator", None)
    chain = [url for url, _status in response.redirect_chain]
    assert chain[:2] == [reverse("workspace"), reverse("mfa_activate_totp")]
    # allauth asks for the password once more before a second factor is set up, after any login
    assert chain[2].startswith(reverse("account_reauthenticate"))
    assert response.status_code == 200
    assert "Koordynator musi włączyć logowanie dwuetapowe" in Page(response.content.decode()).text


def test_an_existing_account_gets_the_new_role_and_password(client, staff_tworog, coordinator):
    pawonkow = Participant.objects.get(slug="pawonkow")
    _invitation, link = services.invitation_create(
        email="tworog@example.org", role="staff", gmina=pawonkow, by=coordinator, send=False
    )

    accept_invitation(client, link.removeprefix("http://127.0.0.1:8000"))

    staff_tworog.refresh_from_db()
    assert staff_tworog.membership.gmina == pawonkow
    assert staff_tworog.check_password(NEW_PASSWORD)
    assert not staff_tworog.check_password(PASSWORD)
    assert get_user_model().objects.filter(email="tworog@example.org").count() == 1
    event = AccountEvent.objects.get(kind=AccountEvent.Kind.ROLE_CHANGED)
    assert (event.user, event.actor) == (staff_tworog, coordinator)


def test_accepting_while_signed_in_as_someone_else_switches_to_the_new_account(
    client, staff_pawonkow, staff_invitation
):
    _invitation, path = staff_invitation
    client.force_login(staff_pawonkow)

    accept_invitation(client, path)

    new_user = get_user_model().objects.get(email="jan.kowalski@example.org")
    assert client.session["_auth_user_id"] == str(new_user.pk)
