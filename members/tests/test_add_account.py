"""`manage.py add_account`: an invitation from the command line, printed as a one-time link to set the password."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

from klaster.testing import NEW_PASSWORD, PASSWORD, accept_invitation
from members.models import AccountEvent, Invitation, Participant

SITE_URL = "https://klaster.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE_URL


def add_account(*args):
    out = io.StringIO()
    call_command("add_account", *args, stdout=out)
    return out.getvalue()


def printed_link(output):
    [link] = re.findall(rf"{re.escape(SITE_URL)}/\S+", output)
    return link


def test_add_account_prints_a_link_that_works_once(client, cluster):
    output = add_account("Nowa.Koordynatorka@example.org", "--role", "coordinator")

    assert "Zaproszenie dla nowa.koordynatorka@example.org (koordynator)." in output
    link = printed_link(output)
    assert link.startswith(f"{SITE_URL}/konto/zaproszenie/")
    assert mail.outbox == []
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.gmina, invitation.invited_by) == (
        "nowa.koordynatorka@example.org",
        "coordinator",
        None,
        None,
    )

    path = link.removeprefix(SITE_URL)
    assert client.get(path).status_code == 200
    response = accept_invitation(client, path)
    assert response.status_code == 302
    user = get_user_model().objects.get(email="nowa.koordynatorka@example.org")
    assert user.membership.role == "coordinator"
    assert user.check_password(NEW_PASSWORD)

    client.logout()
    assert client.get(path).status_code == 410


def test_no_password_is_taken_on_the_command_line(cluster):
    with pytest.raises(CommandError):
        call_command(
            "add_account", "ktos@example.org", "--role", "coordinator", "--password", "x", stdout=io.StringIO()
        )


@pytest.mark.parametrize("gmina", ["Gmina Tworóg", "tworóg", "2413082", "tworog"])
def test_a_gmina_is_found_by_its_name_or_teryt_code(cluster, gmina):
    output = add_account("jan@tworog.example.org", "--role", "staff", "--gmina", gmina)
    assert "Zaproszenie dla jan@tworog.example.org (pracownik: Gmina Tworóg)." in output
    assert Invitation.objects.get().gmina == Participant.objects.get(slug="tworog")


@pytest.mark.parametrize("gmina", ["Atlantyda", "2413999", "1111111", "12"])
def test_an_unknown_gmina_is_refused_naming_the_choices(cluster, gmina):
    with pytest.raises(CommandError) as refusal:
        add_account("jan@example.org", "--role", "staff", "--gmina", gmina)
    message = str(refusal.value)
    assert f"Nie ma gminy „{gmina}”" in message
    for name, teryt in [("Gmina Tworóg", "2413082"), ("Gmina Pawonków", "2407072"), ("Gmina Kochanowice", "2407052")]:
        assert f"{teryt}  {name}" in message
    assert not Invitation.objects.exists()


def test_staff_without_a_gmina_is_refused(cluster):
    with pytest.raises(CommandError, match="musi mieć wskazaną gminę"):
        add_account("jan@example.org", "--role", "staff")
    assert not Invitation.objects.exists()


def test_a_coordinator_with_a_gmina_is_refused(cluster):
    with pytest.raises(CommandError, match="nie jest przypisany do gminy"):
        add_account("jan@example.org", "--role", "coordinator", "--gmina", "Tworóg")
    assert not Invitation.objects.exists()


def test_an_unknown_role_or_a_bad_address_is_refused(cluster):
    with pytest.raises(CommandError):
        add_account("jan@example.org", "--role", "admin")
    with pytest.raises(CommandError, match="nie jest poprawnym adresem e-mail"):
        add_account("to nie adres", "--role", "coordinator")
    assert not Invitation.objects.exists()


def test_for_an_existing_user_the_link_changes_the_role_and_the_password(client, staff_tworog):
    output = add_account("tworog@example.org", "--role", "staff", "--gmina", "Pawonków")

    assert "Konto z tym adresem już istnieje" in output
    staff_tworog.refresh_from_db()
    assert staff_tworog.membership.gmina.slug == "tworog"  # nothing changes until the link is opened
    path = printed_link(output).removeprefix(SITE_URL)
    accept_invitation(client, path)

    staff_tworog.refresh_from_db()
    staff_tworog.membership.refresh_from_db()
    assert staff_tworog.membership.gmina.slug == "pawonkow"
    assert staff_tworog.check_password(NEW_PASSWORD)
    assert not staff_tworog.check_password(PASSWORD)
    assert AccountEvent.objects.filter(kind=AccountEvent.Kind.ROLE_CHANGED, user=staff_tworog).exists()


def test_the_link_can_open_the_english_page(cluster):
    output = add_account("jan@example.org", "--role", "coordinator", "--language", "en")
    assert printed_link(output).startswith(f"{SITE_URL}/en/")
    assert Invitation.objects.get().language == "en"
