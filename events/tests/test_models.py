"""What an event keeps and the rules it keeps to: an end after its start, a reason when it is cancelled, no hours on an
all-day event, no time that the Warsaw clock skips; the times are Warsaw time on both sides of a clock change."""

import datetime

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import AgendaItem, Event, EventParty, Speaker
from klaster.testing.events import make_event

UTC = datetime.UTC


def errors_of(event):
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    return caught.value.message_dict


@pytest.fixture
def event(cluster):
    return make_event(starts_on=datetime.date(2031, 5, 12), starts_at=datetime.time(10), ends_at=datetime.time(14))


def test_start_and_end_are_warsaw_time(event):
    assert event.starts.astimezone(UTC) == datetime.datetime(2031, 5, 12, 8, 0, tzinfo=UTC)
    assert event.ends.astimezone(UTC) == datetime.datetime(2031, 5, 12, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (datetime.date(2031, 3, 29), 9),  # Saturday before the last Sunday of March: CET, +01:00
        (datetime.date(2031, 3, 30), 8),  # the last Sunday of March: CEST from 02:00, +02:00
        (datetime.date(2031, 10, 26), 9),  # the last Sunday of October: CET again from 03:00
    ],
)
def test_ten_oclock_is_the_right_utc_hour_around_the_clock_changes(cluster, day, utc_hour):
    event = make_event(starts_on=day, starts_at=datetime.time(10))
    assert event.starts.astimezone(UTC) == datetime.datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)


def test_an_end_before_the_start_is_refused(event):
    event.ends_at = datetime.time(9, 30)
    assert errors_of(event) == {"ends_at": ["Wydarzenie musi się skończyć po rozpoczęciu."]}
    event.ends_at, event.ends_on = None, datetime.date(2031, 5, 11)
    assert errors_of(event) == {"ends_on": ["Wydarzenie nie może się skończyć przed dniem rozpoczęcia."]}


def test_an_event_over_several_days_may_end_earlier_in_the_day_than_it_started(event):
    event.ends_on, event.ends_at = datetime.date(2031, 5, 13), datetime.time(9)
    event.full_clean()
    assert event.ends - event.starts == datetime.timedelta(hours=23)


def test_an_end_time_needs_a_start_time(event):
    event.starts_at = None
    assert errors_of(event) == {"ends_at": ["Podaj też godzinę rozpoczęcia."]}


def test_an_all_day_event_has_no_hours(event):
    event.all_day = True
    assert set(errors_of(event)) == {"starts_at", "ends_at"}
    event.starts_at = event.ends_at = None
    event.full_clean()
    assert event.starts is None and not event.has_time


def test_a_time_the_clock_skips_in_march_is_refused(cluster):
    event = make_event(starts_on=datetime.date(2031, 3, 30))
    event.starts_at = datetime.time(2, 30)
    assert "zmiana czasu" in errors_of(event)["starts_at"][0]


def test_a_cancelled_event_needs_a_reason(event):
    event.status = Event.Status.CANCELLED
    assert errors_of(event) == {
        "cancellation_reason_pl": ["Podaj powód odwołania: zobaczą go wszyscy na stronie wydarzenia."]
    }
    event.cancellation_reason_pl = "Choroba prowadzącego."
    event.full_clean()


def test_the_database_refuses_a_cancelled_event_without_a_reason_and_an_end_before_the_start(event):
    for change in ({"status": "cancelled"}, {"ends_on": datetime.date(2031, 5, 1)}):
        with pytest.raises(IntegrityError), transaction.atomic():
            Event.objects.filter(pk=event.pk).update(**change)


def test_a_party_of_an_event_is_a_party_of_the_cluster_or_a_name_not_both(event, tworog):
    both = EventParty(event=event, role="partner", position=1, participant=tworog, name="Tauron Dystrybucja")
    with pytest.raises(ValidationError):
        both.full_clean()
    neither = EventParty(event=event, role="partner", position=1)
    with pytest.raises(ValidationError):
        neither.full_clean()
    EventParty(event=event, role="partner", position=1, name="Tauron Dystrybucja").full_clean()


def test_a_speaker_needs_a_name_or_an_organisation(event):
    item = AgendaItem.objects.create(event=event, position=1, kind="talk")
    with pytest.raises(ValidationError):
        Speaker(agenda_item=item, position=1, function_pl="prelegent").full_clean()
    Speaker(agenda_item=item, position=1, organisation="Tauron Dystrybucja").full_clean()


@pytest.mark.parametrize("model", [Event, EventParty, AgendaItem, Speaker])
def test_changes_are_audited(event, model):
    item = AgendaItem.objects.create(event=event, position=1, kind="talk", title_pl="Otwarcie")
    records = {
        Event: event,
        EventParty: EventParty.objects.create(event=event, role="organiser", position=1, name="Fundacja"),
        AgendaItem: item,
        Speaker: Speaker.objects.create(agenda_item=item, position=1, name="Anna Nowak"),
    }
    assert LogEntry.objects.get_for_object(records[model]).filter(action=LogEntry.Action.CREATE).exists()
