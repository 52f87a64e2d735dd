"""The public pages of events: upcoming and past events filtered by year and kind with a form that needs no script, at
a query count that does not grow; the event page with its time in Warsaw time, venue, organisers, programme and
speakers, and a cancelled event marked with its reason. (The seed's two events: klaster/tests/test_events_seed.py.)"""

import datetime

import pytest
from django.urls import reverse

from events.models import AgendaItem, EventParty, Speaker
from klaster.revision import Revision
from klaster.testing import Page, count_queries, html_problems, read_page
from klaster.testing.events import make_event

LIST = "/wydarzenia/"


def sections(client, query=""):
    page = Page(client.get(LIST + query).content.decode())
    text = page.text
    upcoming, _, past = text.partition("Minione")
    return upcoming.partition("Nadchodzące")[2], past


def test_upcoming_events_come_first_soonest_first_and_past_ones_after(client, cluster):
    make_event("Szkolenie późniejsze", days_ahead=20)
    make_event("Szkolenie wcześniejsze", days_ahead=5)
    upcoming, past = sections(client)
    assert upcoming.index("Szkolenie wcześniejsze") < upcoming.index("Szkolenie późniejsze")
    assert "Konferencja nt. Klastra" not in upcoming
    assert past.index("Konferencja nt. Klastra") < past.index("Podpisanie listu intencyjnego")


def test_the_list_filters_by_year_and_kind_with_a_plain_get_form(client, cluster):
    html = client.get(LIST).content.decode()
    assert '<form method="get" action="/wydarzenia/"' in html
    assert '<label for="id_year">Rok</label>' in html and '<option value="2018">2018</option>' in html
    assert html_problems(html) == []

    _, past = sections(client, "?year=2018")
    assert "Konferencja nt. Klastra" in past and "listu intencyjnego" not in past
    _, past = sections(client, "?kind=signing")
    assert "listu intencyjnego" in past and "Konferencja nt. Klastra" not in past
    upcoming, past = sections(client, "?year=2018&kind=signing")
    assert "Nie ma minionych wydarzeń spełniających te warunki." in past
    # A value not on the list is ignored, not an error.
    response = client.get(LIST + "?year=abc&kind=party")
    assert response.status_code == 200 and "Konferencja nt. Klastra" in Page(response.content.decode()).text


def rendered_queries(client, url):
    """The queries of rendering `url` again, with the data revision read as after any change (klaster.revision)."""
    Revision.forget()
    return count_queries(client, url)


def test_the_list_costs_the_same_queries_with_more_events(client, cluster):
    before = rendered_queries(client, LIST)
    for number in range(15):
        days = number + 1 if number % 2 else -(number + 400)
        make_event(f"Szkolenie {number}", days_ahead=days)
    assert rendered_queries(client, LIST) == before
    assert rendered_queries(client, LIST + "?kind=training") == before  # upcoming and past trainings


@pytest.fixture
def training(cluster, tworog):
    event = make_event(
        "Szkolenie z magazynów energii",
        starts_on=datetime.date(2031, 10, 26),  # the last Sunday of October: the clock goes back at 03:00
        starts_at=datetime.time(10),
        ends_at=datetime.time(14, 30),
        place_pl="Urząd Gminy Tworóg, sala sesyjna",
        address="ul. Zamkowa 1, 42-690 Tworóg",
        map_url="https://www.openstreetmap.org/#map=18/50.53/18.72",
        venue_accessibility_pl="Sala na parterze, wejście bez schodów.",
    )
    EventParty.objects.create(event=event, role="organiser", position=1, participant=tworog)
    EventParty.objects.create(event=event, role="partner", position=1, name="Tauron Dystrybucja")
    item = AgendaItem.objects.create(
        event=event, position=1, kind="talk", starts_at=datetime.time(10, 15), title_pl="Baterie w szkołach"
    )
    Speaker.objects.create(
        agenda_item=item, position=1, name="Anna Nowak", function_pl="kierowniczka referatu",
        organisation="Gmina Tworóg", participant=tworog,
    )  # fmt: skip
    return event


def test_the_event_page_shows_warsaw_time_venue_organisers_and_speakers(client, training):
    response = client.get(training.get_absolute_url())
    html = response.content.decode()
    text = read_page(response).text
    assert html_problems(html) == []
    assert '<time datetime="2031-10-26T10:00:00+01:00">26 października 2031, 10:00</time>' in html
    assert '–<time datetime="2031-10-26T14:30:00+01:00">14:30</time>' in html
    assert "(czas polski)" in text
    assert "Urząd Gminy Tworóg, sala sesyjna, ul. Zamkowa 1, 42-690 Tworóg (mapa)" in text
    assert 'href="https://www.openstreetmap.org/#map=18/50.53/18.72"' in html
    assert "Dostępność miejsca Sala na parterze, wejście bez schodów." in text
    assert "Organizatorzy Gmina Tworóg" in text and "Partnerzy Tauron Dystrybucja" in text
    assert "Stan zaplanowane" in text
    assert "10:15" in text and "Anna Nowak" in text and "kierowniczka referatu" in text
    assert (
        f'href="{reverse("events:event-calendar", kwargs={"slug": training.slug})}" download>Dodaj do kalendarza'
        in html
    )


def test_a_cancelled_event_is_clearly_marked_with_its_reason(client, training):
    training.status, training.cancellation_reason_pl = "cancelled", "Choroba prowadzącego."
    training.save()
    text = read_page(client.get(training.get_absolute_url())).text
    assert "Wydarzenie zostało odwołane. Choroba prowadzącego." in text
    assert "odwołane" in Page(client.get(LIST).content.decode()).text


def test_the_event_page_query_count_does_not_grow_with_the_programme(client, training):
    url = training.get_absolute_url()
    before = rendered_queries(client, url)
    for position in range(2, 8):
        item = AgendaItem.objects.create(event=training, position=position, kind="talk", title_pl=f"Punkt {position}")
        for number in (1, 2):
            Speaker.objects.create(agenda_item=item, position=number, name=f"Osoba {position}.{number}")
        EventParty.objects.create(event=training, role="partner", position=position, name=f"Partner {position}")
    assert rendered_queries(client, url) == before


def test_an_unpublished_event_is_not_shown(client, cluster):
    draft = make_event("Szkic szkolenia", published=False)
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert "Szkic szkolenia" not in client.get(LIST).content.decode()
