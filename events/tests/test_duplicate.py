"""Duplicating an event in the panel: a new unpublished draft with the facts, hours, venue, host, organisers and
partners, and the programme with its speakers, on the date the coordinator gives; not the photos, materials or
outcomes. Who may open the page is asked by the permission matrix (klaster/tests/test_permissions.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from events.models import Event
from events.services import event_duplicate, material_add, photo_add
from klaster.testing import html_problems, messages_of, office_upload, picture, pptx_bytes
from klaster.testing.events import make_event

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def conference(cluster):
    return Event.objects.get(slug="konferencja-2018")


def test_the_coordinator_duplicates_the_conference_as_a_draft_on_a_new_date(client, coordinator, conference):
    photo_add(event=conference, image=picture(), alt_text="Sala pełna gości", by=coordinator)
    material_add(
        event=conference, file=office_upload(pptx_bytes(), "a.pptx"), data={"title_pl": "Slajdy"}, by=coordinator
    )
    client.force_login(coordinator)
    url = reverse("event-admin:duplicate", kwargs={"pk": conference.pk})
    page = client.get(url)
    assert page.status_code == 200 and html_problems(page.content.decode()) == []

    response = client.post(url, {"starts_on": ""})
    assert response.context["form"].errors["starts_on"] == ["To pole jest wymagane."]
    assert Event.objects.count() == 2

    response = client.post(url, {"starts_on": "2031-04-10"})
    copy = Event.objects.exclude(pk__in=[conference.pk]).get(title_pl=conference.title_pl)
    assert response.status_code == 302
    assert response["Location"] == reverse("event-admin:edit", kwargs={"pk": copy.pk})
    assert "Skopiowano wydarzenie jako nieopublikowany szkic" in messages_of(client.get(response["Location"]))[0]
    assert copy.slug != conference.slug
    assert (copy.published, copy.status, copy.starts_on) == (False, "planned", datetime.date(2031, 4, 10))
    for name in ("kind", "title_en", "place_pl", "place_en", "summary_pl", "summary_en", "host_id", "starts_at"):
        assert getattr(copy, name) == getattr(conference, name), name

    def programme(event):
        return [
            (item.position, item.kind, item.title_pl, item.title_en, item.description_pl,
             [(s.name, s.function_pl, s.function_en, s.organisation, s.participant_id, s.role_id)
              for s in item.speakers.all()])
            for item in event.agenda.prefetch_related("speakers")
        ]  # fmt: skip

    assert programme(copy) == programme(conference) and len(programme(copy)) == 5
    assert not copy.agenda.filter(pk__in=conference.agenda.values("pk")).exists()  # new rows, not moved ones
    assert not copy.photos.exists() and not copy.materials.exists() and not copy.outcomes.exists()
    assert conference.photos.count() == 1 and conference.outcomes.count() == 7  # the original is untouched
    assert client.logout() is None and client.get(copy.get_absolute_url()).status_code == 404  # a draft


def test_a_copy_keeps_the_parties_and_the_length_of_a_multi_day_event(coordinator, tworog):
    event = make_event(
        "Targi energii",
        starts_on=datetime.date(2030, 6, 1),
        ends_on=datetime.date(2030, 6, 3),
        status="cancelled",
        cancellation_reason_pl="Burza",
    )
    event.parties.create(role="organiser", position=1, participant=tworog)
    event.parties.create(role="partner", position=1, name="Tauron Dystrybucja")

    copy = event_duplicate(event=event, starts_on=datetime.date(2031, 6, 10), by=coordinator)

    assert (copy.starts_on, copy.ends_on) == (datetime.date(2031, 6, 10), datetime.date(2031, 6, 12))
    assert (copy.status, copy.cancellation_reason_pl) == ("planned", "")
    assert [(p.role, p.display_name) for p in copy.parties.order_by("role", "position")] == [
        ("organiser", "Gmina Tworóg"),
        ("partner", "Tauron Dystrybucja"),
    ]


def test_only_the_coordinator_duplicates(conference, staff_tworog, superuser):
    for user in (staff_tworog, superuser):
        with pytest.raises(PermissionDenied):
            event_duplicate(event=conference, starts_on=datetime.date(2031, 1, 1), by=user)
    assert Event.objects.count() == 2


def test_the_edit_page_offers_the_copy(client, coordinator, conference):
    client.force_login(coordinator)
    html = client.get(reverse("event-admin:edit", kwargs={"pk": conference.pk})).content.decode()
    assert reverse("event-admin:duplicate", kwargs={"pk": conference.pk}) in html
