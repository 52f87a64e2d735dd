"""Events as iCalendar (RFC 5545, the icalendar library): one calendar of all public events, or of one.

A timed event is written in Warsaw time with its TZID and the VTIMEZONE of Europe/Warsaw (summer time from the last
Sunday of March to the last Sunday of October), so every calendar shows it at the right hour on both sides of a clock
change. An event without a time (all day, or the hour not known) is written as DATE values: its first day, and the day
after its last (DTEND is exclusive).
"""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Timezone, TimezoneDaylight, TimezoneStandard
from icalendar import Event as CalendarEvent

PRODID = "-//Klaster energii//Wydarzenia//PL"


def warsaw_timezone():
    """The VTIMEZONE of Europe/Warsaw as the rules are since 1996: summer time (CEST, +02:00) from 02:00 on the last
    Sunday of March to 03:00 on the last Sunday of October, otherwise CET (+01:00). Written as rules rather than the
    library's list of dates, which stops in 2038."""
    zone = Timezone()
    zone.add("tzid", "Europe/Warsaw")
    daylight = TimezoneDaylight()
    daylight.add("tzname", "CEST")
    daylight.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=1))
    daylight.add("tzoffsetto", datetime.timedelta(hours=2))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    standard = TimezoneStandard()
    standard.add("tzname", "CET")
    standard.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    standard.add("tzoffsetfrom", datetime.timedelta(hours=2))
    standard.add("tzoffsetto", datetime.timedelta(hours=1))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    zone.add_component(daylight)
    zone.add_component(standard)
    return zone


def _description(event):
    parts = []
    if event.is_cancelled:
        parts.append(_("ODWOŁANE: %(reason)s") % {"reason": event.cancellation_reason})
    if event.summary:
        parts.append(event.summary)
    for item in event.agenda.all():
        speakers = "; ".join(
            ", ".join(filter(None, [speaker.public_name, speaker.function, speaker.public_organisation]))
            for speaker in item.speakers.all()
        )
        line = " – ".join(filter(None, [item.starts_at.strftime("%H:%M") if item.starts_at else "", str(item)]))
        parts.append(f"{line}{f' ({speakers})' if speakers else ''}")
    return "\n\n".join(parts)


def _location(event):
    return ", ".join(filter(None, [event.place, event.address]))


def component(event, *, url, domain):
    """The VEVENT of `event` (its agenda with speakers prefetched); `url` is the event's page, absolute."""
    entry = CalendarEvent()
    entry.add("uid", f"event-{event.pk}@{domain}")
    entry.add("dtstamp", timezone.now())
    entry.add("last-modified", event.updated_at)
    entry.add("summary", event.title)
    if event.has_time:
        entry.add("dtstart", event.starts)
        if event.ends:
            entry.add("dtend", event.ends)
    else:
        entry.add("dtstart", event.starts_on)
        entry.add("dtend", event.last_day + datetime.timedelta(days=1))
    if location := _location(event):
        entry.add("location", location)
    if description := _description(event):
        entry.add("description", f"{description}\n\n{url}")
    else:
        entry.add("description", url)
    entry.add("url", url)
    entry.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    return entry


def calendar_of(events, *, name, url_of, domain):
    """A VCALENDAR of `events`, with the VTIMEZONE of Europe/Warsaw when an event has a time. `url_of(event)` is an
    event's absolute address."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Warsaw")
    entries = [component(event, url=url_of(event), domain=domain) for event in events]
    if any(isinstance(entry.decoded("dtstart"), datetime.datetime) for entry in entries):
        calendar.add_component(warsaw_timezone())
    for entry in entries:
        calendar.add_component(entry)
    return calendar.to_ical()
