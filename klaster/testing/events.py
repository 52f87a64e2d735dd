"""Events for tests. Imported as klaster.testing.events, not from klaster.testing, because the tests of members import
that package and members must not reach events (import-linter)."""

import datetime

from events.models import Event
from klaster.slugs import slugify
from members.models import Cluster


def make_event(title="Szkolenie z fotowoltaiki", *, starts_on=None, days_ahead=10, **fields):
    """A published event (a training, `days_ahead` days from today unless `starts_on` is given)."""
    starts_on = starts_on or datetime.date.today() + datetime.timedelta(days=days_ahead)
    fields.setdefault("kind", Event.Kind.TRAINING)
    fields.setdefault("slug", slugify(f"{title} {starts_on.isoformat()}", max_length=120))
    event = Event(cluster=Cluster.objects.main(), title_pl=title, starts_on=starts_on, **fields)
    event.full_clean()
    event.save()
    return event


def event_form_data(**changes):
    """What the coordinator types into the event form: a training on 12 May 2031, 10:00–14:00."""
    data = {
        "title_pl": "Szkolenie: magazyny energii w gminie",
        "title_en": "Training: energy storage in a gmina",
        "kind": "training",
        "status": "planned",
        "starts_on": "2031-05-12",
        "starts_at": "10:00",
        "ends_on": "",
        "ends_at": "14:00",
        "place_pl": "Urząd Gminy Tworóg, sala sesyjna",
        "address": "ul. Zamkowa 1, 42-690 Tworóg",
        "map_url": "https://www.openstreetmap.org/#map=18/50.53/18.72",
        "venue_accessibility_pl": "Sala na parterze, wejście bez schodów.",
        "summary_pl": "Jak gmina może magazynować energię z instalacji PV.",
        "published": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def open_registration(event, *, capacity=2, deadline=None, questions=()):
    """Registration for `event` opened as the coordinator opens it (events.RegistrationSettings)."""
    from events.models import RegistrationSettings

    return RegistrationSettings.objects.update_or_create(
        event=event,
        defaults={"is_open": True, "capacity": capacity, "deadline": deadline, "questions": list(questions)},
    )[0]


def registration_form_data(name="Jan Kowalski", email="jan.kowalski@example.org", **changes):
    """What a visitor types into the registration form, the information clause accepted."""
    data = {"name": name, "email": email, "organisation": "Sołectwo Brynek", "consent": "on", "fax": ""}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}
