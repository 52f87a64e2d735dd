"""Events in calendars: the .ics of each event and of all of them parse with the icalendar library and give the right
UTC times on both sides of the March and October clock changes, through their own VTIMEZONE of Europe/Warsaw; events
without an hour are DATE values; the Atom feed lists the events."""

import datetime

import pytest
from defusedxml import ElementTree as ET
from django.conf import settings
from django.urls import reverse
from icalendar import Calendar

from events.models import AgendaItem, Event, Speaker
from klaster.testing import count_queries
from klaster.testing.events import make_event

UTC = datetime.UTC
ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def vevent(calendar, uid_of):
    return next(entry for entry in calendar.walk("VEVENT") if str(entry["uid"]).startswith(f"event-{uid_of.pk}@"))


def utc_through_vtimezone(calendar, entry, name):
    """The UTC time of `entry`'s `name`, read with the calendar's own VTIMEZONE (not the machine's time zone data)."""
    prop = entry[name]
    zone = next(tz for tz in calendar.walk("VTIMEZONE") if str(tz["tzid"]) == prop.params["TZID"])
    return prop.dt.replace(tzinfo=None).replace(tzinfo=zone.to_tz()).astimezone(UTC)


@pytest.mark.parametrize(
    ("day", "start_utc", "end_utc"),
    [
        # The last Sunday of March 2031: summer time from 02:00, so 10:00 is 08:00 UTC.
        (datetime.date(2031, 3, 30), datetime.datetime(2031, 3, 30, 8, tzinfo=UTC), datetime.datetime(2031, 3, 30, 10, tzinfo=UTC)),
        # The day before: still winter time, 10:00 is 09:00 UTC.
        (datetime.date(2031, 3, 29), datetime.datetime(2031, 3, 29, 9, tzinfo=UTC), datetime.datetime(2031, 3, 29, 11, tzinfo=UTC)),
        # The last Sunday of October 2031: winter time again from 03:00, so 10:00 is 09:00 UTC.
        (datetime.date(2031, 10, 26), datetime.datetime(2031, 10, 26, 9, tzinfo=UTC), datetime.datetime(2031, 10, 26, 11, tzinfo=UTC)),
        # The day before: summer time, 10:00 is 08:00 UTC.
        (datetime.date(2031, 10, 25), datetime.datetime(2031, 10, 25, 8, tzinfo=UTC), datetime.datetime(2031, 10, 25, 10, tzinfo=UTC)),
    ],
)  # fmt: skip
def test_the_ics_of_an_event_gives_the_right_utc_times_around_the_clock_changes(
    client, cluster, day, start_utc, end_utc
):
    event = make_event("Dyżur konsultacyjny", starts_on=day, starts_at=datetime.time(10), ends_at=datetime.time(12))
    response = client.get(reverse("events:event-calendar", kwargs={"slug": event.slug}))
    calendar = parse(response)
    entry = vevent(calendar, event)

    assert entry["dtstart"].params["TZID"] == "Europe/Warsaw"
    assert entry.decoded("dtstart").astimezone(UTC) == start_utc
    assert entry.decoded("dtend").astimezone(UTC) == end_utc
    assert utc_through_vtimezone(calendar, entry, "dtstart") == start_utc
    assert utc_through_vtimezone(calendar, entry, "dtend") == end_utc
    assert f'filename="{event.slug}.ics"' in response["Content-Disposition"]


def test_the_ics_has_place_description_speakers_and_a_link_back(client, cluster):
    event = make_event(
        "Szkolenie z magazynów energii",
        starts_on=datetime.date(2031, 5, 12),
        starts_at=datetime.time(10),
        place_pl="Urząd Gminy Tworóg",
        address="ul. Zamkowa 1, Tworóg",
        summary_pl="Magazyny energii w gminie.",
    )
    item = AgendaItem.objects.create(event=event, position=1, kind="talk", title_pl="Baterie w szkołach")
    Speaker.objects.create(agenda_item=item, position=1, name="Anna Nowak", function_pl="ekspertka", organisation="OZE")

    entry = vevent(parse(client.get(reverse("events:event-calendar", kwargs={"slug": event.slug}))), event)

    url = f"{settings.SITE_URL}{event.get_absolute_url()}"  # the site's address (klaster.addresses), never the Host
    assert str(entry["summary"]) == "Szkolenie z magazynów energii"
    assert str(entry["location"]) == "Urząd Gminy Tworóg, ul. Zamkowa 1, Tworóg"
    assert str(entry["url"]) == url
    description = str(entry["description"])
    assert "Magazyny energii w gminie." in description
    assert "Baterie w szkołach (Anna Nowak, ekspertka, OZE)" in description
    assert description.endswith(url)
    assert str(entry["status"]) == "CONFIRMED"


def test_in_production_the_calendar_links_to_the_site_address_whatever_host_was_asked(client, cluster, settings):
    settings.DEBUG, settings.SITE_URL = False, "https://klaster.example.org"
    settings.ALLOWED_HOSTS = ["klaster.example.org", "127.0.0.1"]
    event = make_event("Szkolenie", starts_on=datetime.date(2031, 5, 12), starts_at=datetime.time(10))
    response = client.get(reverse("events:calendar"), HTTP_HOST="127.0.0.1")  # a kept page: seen by every visitor
    entry = vevent(parse(response), event)
    assert str(entry["url"]) == f"https://klaster.example.org{event.get_absolute_url()}"
    assert str(entry["uid"]).endswith("@klaster.example.org")
    assert b"127.0.0.1" not in response.content


def test_an_event_without_an_hour_is_a_date_and_a_cancelled_one_says_so(client, cluster):
    event = make_event(
        "Konferencja dwudniowa",
        starts_on=datetime.date(2031, 6, 2),
        ends_on=datetime.date(2031, 6, 3),
        all_day=True,
        status="cancelled",
        cancellation_reason_pl="Brak sali.",
    )
    calendar = parse(client.get(reverse("events:event-calendar", kwargs={"slug": event.slug})))
    entry = vevent(calendar, event)

    assert entry["dtstart"].params["VALUE"] == "DATE"
    assert entry.decoded("dtstart") == datetime.date(2031, 6, 2)
    assert entry.decoded("dtend") == datetime.date(2031, 6, 4)  # exclusive: the day after the last
    assert str(entry["status"]) == "CANCELLED"
    assert "ODWOŁANE: Brak sali." in str(entry["description"])
    assert not calendar.walk("VTIMEZONE")  # nothing in it needs one


def test_the_seeds_events_with_unknown_hours_are_dates_in_the_feed_of_all_events(client, cluster):
    response = client.get(reverse("events:calendar"))
    calendar = parse(response)
    conference = vevent(calendar, Event.objects.get(slug="konferencja-2018"))
    letter = vevent(calendar, Event.objects.get(slug="list-intencyjny-2017"))
    assert conference.decoded("dtstart") == datetime.date(2018, 4, 10)
    assert letter.decoded("dtstart") == datetime.date(2017, 10, 13)
    assert "Centrum Usług Publicznych w Zbrosławicach" in str(conference["location"])
    assert "Witold Czyż" in str(conference["description"])
    assert "Tauron Dystrybucja" in str(conference["description"])


def test_an_unpublished_event_is_in_no_calendar(client, cluster):
    draft = make_event("Szkic", published=False)
    assert client.get(reverse("events:event-calendar", kwargs={"slug": draft.slug})).status_code == 404
    uids = [str(entry["uid"]) for entry in parse(client.get(reverse("events:calendar"))).walk("VEVENT")]
    assert len(uids) == 2 and not any(uid.startswith(f"event-{draft.pk}@") for uid in uids)


def test_the_calendar_of_all_events_costs_the_same_queries_with_more_events(client, cluster):
    url = reverse("events:calendar")
    before = count_queries(client, url)
    for number in range(10):
        event = make_event(f"Szkolenie {number}", days_ahead=number + 1, starts_at=datetime.time(9))
        item = AgendaItem.objects.create(event=event, position=1, kind="talk")
        Speaker.objects.create(agenda_item=item, position=1, name=f"Osoba {number}")
    assert count_queries(client, url) == before
    assert len(parse(client.get(url)).walk("VEVENT")) == 12


def test_the_atom_feed_lists_the_events_with_a_cancelled_one_marked(client, cluster):
    make_event("Posiedzenie rady", kind="council_meeting", status="cancelled", cancellation_reason_pl="Brak kworum.")
    response = client.get(reverse("events:feed"))
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert titles[0] == "Odwołane: Posiedzenie rady"
    assert 'Konferencja nt. Klastra Energii "Zielona Energia Leśnej Krainy"' in titles
    summaries = " ".join(entry.find(f"{ATOM}summary").text for entry in feed.iter(f"{ATOM}entry"))
    assert "Brak kworum." in summaries and "10 kwietnia 2018" in summaries
