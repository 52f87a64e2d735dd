"""A gmina's staff propose an event in their gmina: a draft, hosted by the gmina, unseen by the public until the
coordinator publishes it. Who may open the page is asked by the permission matrix (klaster/tests/test_permissions.py);
here the workflow, a refused proposal, and another gmina's staff refused with nothing saved."""

import datetime

import pytest
from django.urls import reverse

from events.models import Event
from klaster.testing import form_data, html_problems, messages_of

pytestmark = pytest.mark.usefixtures("cluster")

DAY = datetime.date(2031, 6, 14)


def proposal(**changes):
    data = {
        "title_pl": "Dzień otwarty oczyszczalni ścieków",
        "kind": "other",
        "starts_on": DAY.isoformat(),
        "starts_at": "10:00",
        "ends_at": "14:00",
        "place_pl": "Oczyszczalnia w Tworogu",
        "address": "ul. Wolności 1, Tworóg",
        "summary_pl": "Jak gmina odzyskuje energię z biogazu.",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_staff_propose_an_event_and_the_coordinator_publishes_it(client, staff_tworog, coordinator):
    client.force_login(staff_tworog)
    url = reverse("event-proposals:propose", kwargs={"slug": "tworog"})
    page = client.get(url)
    assert page.status_code == 200 and not html_problems(page.content.decode())
    response = client.post(url, proposal())
    assert response.status_code == 302 and response["Location"] == reverse("workspace:gmina", kwargs={"slug": "tworog"})
    event = Event.objects.get(title_pl="Dzień otwarty oczyszczalni ścieków")
    assert (event.published, event.status, event.host.slug, event.proposed_by.slug) == (
        False,
        "planned",
        "tworog",
        "tworog",
    )
    overview = client.get(response["Location"])
    assert "Koordynator je sprawdzi i opublikuje" in messages_of(overview)[0]
    assert "czeka na publikację przez koordynatora" in overview.content.decode()
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 404  # not public yet

    client.force_login(coordinator)
    assert (
        "1 wydarzenie zaproponowane przez gminy czeka na publikację."
        in client.get(reverse("coordination:dashboard")).content.decode()
    )
    assert "propozycja: Gmina Tworóg" in client.get(reverse("event-admin:index")).content.decode()
    edit = reverse("event-admin:edit", kwargs={"pk": event.pk})
    data = {**form_data(client.get(edit).context["form"]), "published": "on"}
    assert client.post(edit, data).status_code == 302
    client.logout()
    assert client.get(event.get_absolute_url()).status_code == 200


def test_a_proposal_with_an_end_before_its_start_is_refused_in_polish_and_nothing_is_saved(client, staff_tworog):
    client.force_login(staff_tworog)
    url = reverse("event-proposals:propose", kwargs={"slug": "tworog"})
    response = client.post(url, proposal(ends_at="09:00"))
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Event.objects.filter(title_pl="Dzień otwarty oczyszczalni ścieków").exists()


def test_staff_of_another_gmina_cannot_propose_in_its_name(client, staff_pawonkow):
    client.force_login(staff_pawonkow)
    response = client.post(reverse("event-proposals:propose", kwargs={"slug": "tworog"}), proposal())
    assert response.status_code == 403
    assert not Event.objects.filter(title_pl="Dzień otwarty oczyszczalni ścieków").exists()
