"""Each party's public page lists the events it took part in: as the host, an organiser or a partner (EventParty);
published ones only, latest first, in one query however many there are. The gmina's page is agreements' view, the
coordinator's and a stakeholder's are members': events reach them through the `party_events` tag of events, as
neither app may import events."""

import datetime

from django.urls import reverse
from django.utils import translation

from events.models import Event
from klaster.testing import Page, count_queries, html_problems, make_stakeholder
from klaster.testing.events import make_event


def section(html):
    return html.split('<h2 id="party-events-title">', 1)[1].split("</section>", 1)[0]


def gmina_url(slug):
    return reverse("members:gmina", kwargs={"slug": slug})


def test_a_gmina_page_lists_the_events_it_hosted_organised_or_partnered(client, cluster, pawonkow):
    partnered = make_event("Dzień energii", starts_on=datetime.date(2030, 5, 1))
    partnered.parties.create(role="partner", position=1, participant=pawonkow)
    organised = make_event("Szkolenie dla sołtysów", starts_on=datetime.date(2029, 3, 1))
    organised.parties.create(role="organiser", position=1, participant=pawonkow)
    organised.parties.create(role="partner", position=1, participant=pawonkow)  # twice: listed once
    draft = make_event("Szkic spotkania", published=False)
    draft.parties.create(role="organiser", position=1, participant=pawonkow)
    make_event("Wydarzenie bez Pawonkowa")

    html = client.get(gmina_url("pawonkow")).content.decode()

    listed = section(html)
    assert [title for title in ("Dzień energii", "Szkolenie dla sołtysów") if title in listed] == [
        "Dzień energii",
        "Szkolenie dla sołtysów",
    ]
    assert listed.index("Dzień energii") < listed.index("Szkolenie dla sołtysów")  # latest first
    assert listed.count("Szkolenie dla sołtysów") == 1
    assert "Szkic spotkania" not in listed and "Wydarzenie bez Pawonkowa" not in listed
    assert f'href="{partnered.get_absolute_url()}"' in listed
    assert html_problems(html) == []


def test_the_seeds_hosts_list_their_events(client, cluster):
    conference = Event.objects.get(slug="konferencja-2018")
    assert conference.get_absolute_url() in section(client.get(gmina_url("zbroslawice")).content.decode())
    letter = Event.objects.get(slug="list-intencyjny-2017")
    assert letter.get_absolute_url() in section(client.get(gmina_url("tworog")).content.decode())
    text = Page(client.get(gmina_url("kochanowice")).content.decode()).text
    assert "Wydarzenia Brak wydarzeń z udziałem tej strony." in text


def test_the_english_gmina_page_lists_the_events_in_english(client, cluster):
    with translation.override("en"):
        url = gmina_url("zbroslawice")
    listed = section(client.get(url).content.decode())
    assert "Conference on the energy cluster" in listed


def test_the_coordinators_and_a_stakeholders_pages_list_their_events(client, cluster):
    coordinator_party = cluster.coordinator
    stakeholder = make_stakeholder(cluster, "Spółdzielnia Słoneczna")
    event = make_event("Warsztaty fotowoltaiczne")
    event.parties.create(role="organiser", position=1, participant=coordinator_party)
    event.parties.create(role="partner", position=1, participant=stakeholder)

    for url in (reverse("members:coordinator"), reverse("members:stakeholder", kwargs={"slug": stakeholder.slug})):
        html = client.get(url).content.decode()
        assert "Warsztaty fotowoltaiczne" in section(html)
        assert html_problems(html) == []


def test_the_gmina_page_query_count_does_not_grow_with_the_events(client, cluster, tworog):
    url = gmina_url("tworog")
    with_one = count_queries(client, url)
    for number in range(15):
        event = make_event(f"Spotkanie {number}", starts_on=datetime.date(2030, 1, 1) + datetime.timedelta(days=number))
        event.parties.create(role="organiser", position=1, participant=tworog)
        event.parties.create(role="partner", position=1, name="Tauron Dystrybucja")
    assert count_queries(client, url) == with_one
    assert section(client.get(url).content.decode()).count('class="event-item"') == 16
