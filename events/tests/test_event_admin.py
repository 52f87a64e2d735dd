"""The coordinator's pages of events: adding and changing an event with its organisers and partners, its programme
with speakers, its photos; bad input is refused in Polish with nothing saved, and a save over a change made meanwhile
is refused. Who may open each page is asked by the permission matrix (klaster/tests/test_permissions.py); here a
refused POST is shown to change nothing."""

import datetime

import pytest
from django.urls import reverse

from events.models import AgendaItem, Event, EventParty, EventPhoto, Speaker
from klaster.testing import Page, form_data, html_problems, messages_of, picture, stored_paths
from klaster.testing.events import event_form_data, make_event

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def training(cluster):
    return make_event("Szkolenie z fotowoltaiki", starts_on=datetime.date(2031, 5, 12), starts_at=datetime.time(10))


def edit_url(event):
    return reverse("event-admin:edit", kwargs={"pk": event.pk})


def test_the_coordinator_adds_a_training_with_organisers_and_partners(as_coordinator, tworog, cluster):
    data = event_form_data(organisers=[tworog.pk], partner_names="Tauron Dystrybucja\n\nFundacja Słońce\n")
    response = as_coordinator.post(reverse("event-admin:new"), data)

    event = Event.objects.get(title_pl="Szkolenie: magazyny energii w gminie")
    assert response.status_code == 302 and response["Location"] == edit_url(event)
    assert event.slug == "szkolenie-magazyny-energii-w-gminie"
    assert (event.kind, event.status, event.starts_on, event.starts_at, event.ends_at) == (
        "training", "planned", datetime.date(2031, 5, 12), datetime.time(10), datetime.time(14),
    )  # fmt: skip
    assert event.map_url == "https://www.openstreetmap.org/#map=18/50.53/18.72"
    assert event.venue_accessibility_pl == "Sala na parterze, wejście bez schodów."
    assert [(p.role, p.display_name) for p in event.parties.order_by("role", "position")] == [
        ("organiser", "Gmina Tworóg"),
        ("partner", "Tauron Dystrybucja"),
        ("partner", "Fundacja Słońce"),
    ]
    assert "Dodano wydarzenie" in messages_of(as_coordinator.get(response["Location"]))[0]


def test_the_event_form_is_valid_html_with_a_label_for_every_field(as_coordinator, training):
    response = as_coordinator.get(edit_url(training))
    html = response.content.decode()
    assert html_problems(html) == []
    for name in ("title_pl", "starts_on", "starts_at", "cancellation_reason_pl", "organisers", "partner_names"):
        assert f'<label for="id_{name}">' in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_at": "09:00"}, "ends_at", "Wydarzenie musi się skończyć po rozpoczęciu."),
        ({"status": "cancelled"}, "cancellation_reason_pl", "Podaj powód odwołania"),
        ({"title_pl": ""}, "title_pl", "To pole jest wymagane."),
        ({"starts_on": "2031-03-30", "starts_at": "02:30", "ends_at": ""}, "starts_at", "zmiana czasu na letni"),
    ],
)
def test_bad_input_is_refused_in_polish_and_nothing_is_saved(as_coordinator, cluster, changes, field, message):
    before = Event.objects.count()
    response = as_coordinator.post(reverse("event-admin:new"), event_form_data(**changes))
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "Popraw" in Page(response.content.decode()).text
    assert Event.objects.count() == before


def test_cancelling_an_event_with_a_reason(as_coordinator, training):
    form = as_coordinator.get(edit_url(training)).context["form"]
    data = {**form_data(form), "status": "cancelled", "cancellation_reason_pl": "Choroba prowadzącego."}
    assert as_coordinator.post(edit_url(training), data).status_code == 302
    training.refresh_from_db()
    assert (training.status, training.cancellation_reason_pl) == ("cancelled", "Choroba prowadzącego.")


def test_a_save_over_a_change_made_meanwhile_is_refused_and_says_what_changed(as_coordinator, training):
    form = as_coordinator.get(edit_url(training)).context["form"]
    opened = form_data(form)
    Event.objects.filter(pk=training.pk).update(place_pl="Sala widowiskowa")  # someone else saves first

    response = as_coordinator.post(edit_url(training), {**opened, "title_pl": "Nowy tytuł"})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].non_field_errors())
    assert "Ktoś inny zapisał zmiany" in errors and "Sala widowiskowa" in errors
    training.refresh_from_db()
    assert training.title_pl == "Szkolenie z fotowoltaiki"
    # Saved again knowingly (here over the other change: the place typed was empty), it goes through.
    again = form_data(response.context["form"])
    assert as_coordinator.post(edit_url(training), {**again, "title_pl": "Nowy tytuł"}).status_code == 302
    training.refresh_from_db()
    assert training.title_pl == "Nowy tytuł"


def test_staff_posting_to_the_panel_change_nothing(client, staff_tworog, training):
    client.force_login(staff_tworog)
    assert client.post(reverse("event-admin:new"), event_form_data()).status_code == 403
    assert client.post(edit_url(training), event_form_data()).status_code == 403
    assert (
        client.post(reverse("event-admin:agenda-new", kwargs={"pk": training.pk}), {"kind": "talk"}).status_code == 403
    )
    assert Event.objects.filter(title_pl="Szkolenie: magazyny energii w gminie").count() == 0
    assert not training.agenda.exists()


# --- the programme ---------------------------------------------------------------------------------------------


def agenda_data(**changes):
    data = {
        "kind": "talk",
        "starts_at": "10:15",
        "ends_at": "10:45",
        "title_pl": "Magazyny energii w szkołach",
        "description_pl": "Doświadczenia gminy.",
        "speakers-TOTAL_FORMS": "2",
        "speakers-INITIAL_FORMS": "0",
        "speakers-0-name": "Anna Nowak",
        "speakers-0-function_pl": "kierowniczka referatu",
        "speakers-0-function_en": "head of unit",
        "speakers-0-organisation": "Urząd Gminy Tworóg",
    }
    data.update(changes)
    return data


def test_the_coordinator_adds_a_programme_point_with_speakers(as_coordinator, training, tworog):
    url = reverse("event-admin:agenda-new", kwargs={"pk": training.pk})
    response = as_coordinator.post(
        url, agenda_data(**{"speakers-0-participant": tworog.pk, "speakers-1-organisation": "Tauron Dystrybucja"})
    )
    assert response.status_code == 302
    item = training.agenda.get()
    assert (item.position, item.starts_at, item.title_pl) == (1, datetime.time(10, 15), "Magazyny energii w szkołach")
    speakers = list(item.speakers.all())
    assert [(s.name, s.function_pl, s.function_en, s.organisation, s.participant) for s in speakers] == [
        ("Anna Nowak", "kierowniczka referatu", "head of unit", "Urząd Gminy Tworóg", tworog),
        ("", "", "", "Tauron Dystrybucja", None),
    ]


def test_a_programme_point_ending_before_it_starts_or_a_speaker_without_a_name_is_refused(as_coordinator, training):
    url = reverse("event-admin:agenda-new", kwargs={"pk": training.pk})
    response = as_coordinator.post(url, agenda_data(ends_at="10:00"))
    assert response.context["form"].errors["ends_at"] == ["Punkt programu musi się skończyć po rozpoczęciu."]
    response = as_coordinator.post(
        url, agenda_data(**{"speakers-1-function_pl": "ekspert", "speakers-0-name": "", "speakers-0-organisation": ""})
    )
    assert "Podaj imię i nazwisko albo organizację prelegenta." in Page(response.content.decode()).text
    assert not training.agenda.exists()


def test_editing_a_point_keeps_its_speakers_and_changes_what_was_typed(as_coordinator, cluster):
    conference = Event.objects.get(slug="konferencja-2018")
    item = conference.agenda.get(position=1)
    url = reverse("event-admin:agenda-edit", kwargs={"pk": conference.pk, "item_pk": item.pk})
    page = as_coordinator.get(url)
    data = {**form_data(page.context["form"]), "starts_at": "11:00"}
    for speaker_form in page.context["speakers"]:
        data.update(form_data(speaker_form))
    data["speakers-TOTAL_FORMS"], data["speakers-INITIAL_FORMS"] = str(len(page.context["speakers"])), "1"

    assert as_coordinator.post(url, data).status_code == 302

    item.refresh_from_db()
    assert item.starts_at == datetime.time(11)
    speaker = item.speakers.get()
    assert (speaker.name, speaker.role.person.last_name) == ("Witold Czyż", "Czyż")  # still linked to the register


def test_programme_points_move_and_are_removed(as_coordinator, cluster):
    conference = Event.objects.get(slug="konferencja-2018")
    second = conference.agenda.get(position=2)
    move = reverse("event-admin:agenda-move", kwargs={"pk": conference.pk, "item_pk": second.pk})
    as_coordinator.post(move, {"direction": "up"})
    titles = [item.title_pl for item in conference.agenda.order_by("position")]
    assert titles[0] == "Przyjazna energia w powiecie gliwickim"

    delete = reverse("event-admin:agenda-delete", kwargs={"pk": conference.pk, "item_pk": second.pk})
    assert "Usunąć punkt programu?" in as_coordinator.get(delete).content.decode()
    as_coordinator.post(delete)
    assert conference.agenda.count() == 4
    assert not Speaker.objects.filter(agenda_item_id=second.pk).exists()


# --- photos -------------------------------------------------------------------------------------------------------


def test_the_coordinator_uploads_a_photo_with_its_text_alternative(as_coordinator, training, media_root):
    url = reverse("event-admin:photo-new", kwargs={"pk": training.pk})
    response = as_coordinator.post(url, {"image": picture("sala.png"), "alt_text": "Sala szkoleniowa", "credit": "UG"})
    assert response.status_code == 302
    photo = training.photos.get()
    assert (photo.alt_text_pl, photo.credit, photo.image_original_name) == ("Sala szkoleniowa", "UG", "sala.png")
    assert photo.image.name.startswith("events/photos/")
    assert stored_paths(media_root) == sorted([photo.image.name, photo.thumbnail.name])


def test_a_photo_without_a_text_alternative_or_not_a_picture_is_refused(as_coordinator, training, media_root):
    url = reverse("event-admin:photo-new", kwargs={"pk": training.pk})
    response = as_coordinator.post(url, {"image": picture(), "alt_text": ""})
    assert response.context["form"].errors["alt_text"] == ["To pole jest wymagane."]
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("sala.jpg", b"nie obraz" * 50, content_type="image/jpeg")
    response = as_coordinator.post(url, {"image": fake, "alt_text": "Sala"})
    assert "To nie jest obraz JPEG, PNG ani WebP" in " ".join(response.context["form"].errors["image"])
    assert not EventPhoto.objects.exists() and stored_paths(media_root) == []


def test_photos_move_and_a_removed_one_leaves_the_storage(
    as_coordinator, training, media_root, django_capture_on_commit_callbacks
):
    url = reverse("event-admin:photo-new", kwargs={"pk": training.pk})
    for alt in ("Pierwsze", "Drugie"):
        as_coordinator.post(url, {"image": picture(), "alt_text": alt})
    second = training.photos.get(alt_text_pl="Drugie")
    as_coordinator.post(
        reverse("event-admin:photo-move", kwargs={"pk": training.pk, "photo_pk": second.pk}), {"direction": "up"}
    )
    assert [p.alt_text_pl for p in training.photos.order_by("position")] == ["Drugie", "Pierwsze"]

    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(reverse("event-admin:photo-delete", kwargs={"pk": training.pk, "photo_pk": second.pk}))
    remaining = training.photos.get()
    assert stored_paths(media_root) == sorted([remaining.image.name, remaining.thumbnail.name])


def test_the_dashboard_and_the_panel_lead_to_the_events(as_coordinator, training):
    dashboard = as_coordinator.get(reverse("coordination:dashboard")).content.decode()
    assert f'href="{reverse("event-admin:index")}"' in dashboard
    assert f'href="{edit_url(training)}"' in dashboard
    index = Page(as_coordinator.get(reverse("event-admin:index")).content.decode()).text
    assert "Szkolenie z fotowoltaiki" in index and "Konferencja nt. Klastra Energii" in index


def test_the_panel_list_costs_the_same_queries_with_more_events(as_coordinator, cluster):
    from klaster.testing import count_queries

    url = reverse("event-admin:index")
    count_queries(as_coordinator, url)  # the first request of a session records the session (usersessions)
    before = count_queries(as_coordinator, url)
    for number in range(8):
        event = make_event(f"Dyżur {number}", days_ahead=number + 1, kind="consultation_hours")
        AgendaItem.objects.create(event=event, position=1, kind="advice")
        EventParty.objects.create(event=event, role="organiser", position=1, name="LGD")
    assert count_queries(as_coordinator, url) == before


def test_a_person_who_speaks_in_a_programme_stays_in_the_register(cluster):
    from members.services.people import contact_delete_refusal

    speaker = Speaker.objects.get(name="Piotr Leksy")
    assert contact_delete_refusal(speaker.role) == (
        "Ta osoba występuje w programie wydarzenia, dlatego nie można jej usunąć z kontaktów."
    )
