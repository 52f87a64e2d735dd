"""Registration for events: the coordinator opens it, visitors register (the third of two places waits), a cancel
link from the e-mail frees a place that the first on the waiting list gets, with the confirmation and its .ics; the
refusals (a double submit, the deadline passed, no consent, a bot, a forged or expired link); the coordinator's list,
export and message; the reminder the day before; personal data removed after the event, exported and erased on
request. Who may open each page is asked by the permission matrix (klaster/tests/test_permissions.py)."""

import csv
import datetime
import io
import json
import re
import threading
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from django.conf import settings
from django.core import mail, signing
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from icalendar import Calendar

from events import services
from events.models import Registration, RegistrationSettings
from klaster.testing import Page, form_data, html_problems, messages_of
from klaster.testing.events import make_event, open_registration, registration_form_data

WARSAW = ZoneInfo("Europe/Warsaw")
UTC = datetime.UTC


@pytest.fixture
def training(cluster):
    """A training at 10:00 Warsaw time on 12 May 2031 (summer time: 08:00 UTC)."""
    return make_event(
        "Szkolenie z magazynów energii",
        starts_on=datetime.date(2031, 5, 12),
        starts_at=datetime.time(10),
        ends_at=datetime.time(14),
        place_pl="Urząd Gminy Tworóg",
    )


@pytest.fixture(autouse=True)
def mail_at_once(monkeypatch):
    """The mail a registration sends leaves once its transaction is committed; a test's transaction never is (it is
    rolled back), so here it leaves at once."""
    monkeypatch.setattr(services.registrations, "after_commit", lambda function, **kwargs: function(**kwargs))


def register(client, event, **data):
    return client.post(reverse("events:register", kwargs={"slug": event.slug}), registration_form_data(**data))


def cancel_link(message):
    """The path of the cancel link in an e-mail."""
    (link,) = re.findall(r"https?://\S+/(?:zapisy/rezygnacja|registration/cancel)/\S+/", message.body)
    return urlsplit(link).path


def ics_of(message):
    (attachment,) = [a for a in message.attachments if a[0].endswith(".ics")]
    name, content, mimetype = attachment
    assert mimetype == "text/calendar"
    calendar = Calendar.from_ical(content)
    (entry,) = calendar.walk("VEVENT")
    return entry


def test_the_coordinator_opens_registration_with_capacity_deadline_and_questions(client, coordinator, training):
    client.force_login(coordinator)
    response = client.post(
        reverse("event-admin:registrations", kwargs={"pk": training.pk}),
        {
            "is_open": "on",
            "capacity": "2",
            "deadline": "2031-05-10T18:00",
            "question_1": "Czy potrzebujesz tłumacza PJM?",
            "question_2": "",
            "question_3": "  ",
        },
    )
    assert response.status_code == 302
    saved = RegistrationSettings.objects.get(event=training)
    assert (saved.is_open, saved.capacity, saved.questions) == (True, 2, ["Czy potrzebujesz tłumacza PJM?"])
    assert saved.deadline == datetime.datetime(2031, 5, 10, 18, tzinfo=WARSAW)
    assert "Zapisy są otwarte." in messages_of(client.get(response["Location"]))

    page = Page(client.get(training.get_absolute_url()).content.decode())
    assert "Czy potrzebujesz tłumacza PJM?" in page.text


def test_three_visitors_for_two_places_then_a_cancel_link_confirms_the_third_with_the_calendar_file(client, training):
    open_registration(training, capacity=2, questions=["Dieta?"])
    for number in (1, 2, 3):
        response = register(client, training, name=f"Osoba {number}", email=f"Osoba{number}@Example.org", answer_0="")
        assert response.status_code == 302
    first, second, third = Registration.objects.filter(event=training).order_by("pk")
    assert [r.status for r in (first, second, third)] == ["confirmed", "confirmed", "waiting"]
    assert first.email == "osoba1@example.org"  # kept normalised
    assert first.clause_version == "2026-11-30" and first.answers == [{"question": "Dieta?", "answer": ""}]

    assert [m.to for m in mail.outbox] == [["osoba1@example.org"], ["osoba2@example.org"], ["osoba3@example.org"]]
    assert "Potwierdzenie zapisu" in mail.outbox[0].subject
    assert "Lista rezerwowa" in mail.outbox[2].subject and not mail.outbox[2].attachments
    entry = ics_of(mail.outbox[0])
    assert entry.decoded("dtstart") == datetime.datetime(2031, 5, 12, 10, tzinfo=WARSAW)

    # The second cancels from the link in the e-mail: GET asks, POST cancels.
    link = cancel_link(mail.outbox[1])
    asked = client.get(link)
    assert asked.status_code == 200 and "Rezygnuję z udziału" in asked.content.decode()
    assert Registration.objects.get(pk=second.pk).status == "confirmed"
    mail.outbox.clear()
    done = client.post(link)
    assert done.status_code == 200 and "Zrezygnowano z udziału" in done.content.decode()

    assert Registration.objects.get(pk=second.pk).status == "cancelled"
    third.refresh_from_db()
    assert third.status == "confirmed" and third.confirmed_at is not None
    (moved_up,) = mail.outbox
    assert moved_up.to == ["osoba3@example.org"] and "Zwolniło się miejsce" in moved_up.subject
    entry = ics_of(moved_up)
    starts = entry.decoded("dtstart")
    assert starts.astimezone(UTC) == datetime.datetime(2031, 5, 12, 8, tzinfo=UTC)  # 10:00 in Warsaw, summer time
    assert str(entry["summary"]) == "Szkolenie z magazynów energii"
    assert entry["dtstart"].params["TZID"] == "Europe/Warsaw"

    # Cancelling again changes nothing and tells no one.
    assert "zostało już anulowane" in client.post(link).content.decode()
    assert len(mail.outbox) == 1


def test_the_calendar_file_of_a_winter_event_shows_its_local_time(client, cluster):
    winter = make_event("Rada klastra", starts_on=datetime.date(2031, 11, 3), starts_at=datetime.time(10))
    open_registration(winter, capacity=5)
    register(client, winter)
    starts = ics_of(mail.outbox[0]).decoded("dtstart")
    assert starts.astimezone(UTC) == datetime.datetime(2031, 11, 3, 9, tzinfo=UTC)  # 10:00 in Warsaw, winter time


def test_a_double_submit_registers_once(client, training):
    open_registration(training, capacity=5)
    assert register(client, training).status_code == 302
    again = register(client, training, email=" JAN.Kowalski@example.org ")
    assert again.status_code == 200
    assert "już zapisany na to wydarzenie" in again.content.decode()
    assert Registration.objects.filter(event=training).count() == 1 and len(mail.outbox) == 1


def test_the_database_holds_one_active_registration_per_address(training):
    from django.db import IntegrityError, transaction

    Registration.objects.create(event=training, name="A", email="a@example.org", status="confirmed")
    Registration.objects.create(event=training, name="A", email="a@example.org", status="cancelled")
    with pytest.raises(IntegrityError), transaction.atomic():
        Registration.objects.create(event=training, name="A", email="a@example.org", status="waiting")


def test_after_the_deadline_registration_is_refused(client, training):
    open_registration(training, deadline=timezone.now() - datetime.timedelta(minutes=1))
    response = register(client, training)
    assert response.status_code == 200 and "Zapisy na to wydarzenie są zamknięte." in response.content.decode()
    assert not Registration.objects.exists() and not mail.outbox


def test_without_consent_nothing_is_kept(client, training):
    open_registration(training)
    response = register(client, training, consent=None)
    assert response.status_code == 200
    assert "Bez tej zgody nie możemy przyjąć zapisu." in response.content.decode()
    assert not Registration.objects.exists() and not mail.outbox


def test_a_bot_filling_the_honeypot_sees_success_and_nothing_is_kept(client, training):
    open_registration(training)
    response = register(client, training, fax="http://spam.example")
    assert response.status_code == 302
    assert not Registration.objects.exists() and not mail.outbox


def test_a_visitor_over_the_rate_limit_is_refused(client, training, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "klaster_event_registration": "2/h/ip"}
    open_registration(training, capacity=10)
    assert register(client, training, email="a@example.org").status_code == 302
    assert register(client, training, email="b@example.org").status_code == 302
    refused = register(client, training, email="c@example.org")
    assert refused.status_code == 429 and "zbyt wiele zgłoszeń" in refused.content.decode()
    assert Registration.objects.count() == 2


def test_a_forged_link_is_not_found_and_an_expired_one_is_gone(client, training, cluster):
    open_registration(training)
    register(client, training)
    link = cancel_link(mail.outbox[0])
    forged = client.get(link[:-3] + "xx/")
    assert forged.status_code == 404 and "Nie ma takiego zgłoszenia" in forged.content.decode()
    registration = Registration.objects.get()
    other_key = signing.dumps({"r": registration.pk, "k": "guessed"}, salt=services.registrations.CANCEL_SALT)
    assert client.get(reverse("events:registration-cancel", kwargs={"token": other_key})).status_code == 404

    past = make_event("Dawne szkolenie", starts_on=timezone.localdate() - datetime.timedelta(days=2))
    old = Registration.objects.create(event=past, name="B", email="b@example.org", status="confirmed")
    gone = client.post(services.cancel_path(old))
    assert gone.status_code == 410 and "Link wygasł" in gone.content.decode()
    page = Page(gone.content.decode())
    assert page.h1 == ["Link wygasł"]
    assert Registration.objects.get(pk=old.pk).status == "confirmed"


def test_staff_register_in_one_click(client, staff_tworog, training):
    open_registration(training)
    client.force_login(staff_tworog)
    page = client.get(training.get_absolute_url()).content.decode()
    assert "Zapisz się jednym kliknięciem" in page and "consent" not in page
    response = client.post(reverse("events:register", kwargs={"slug": training.slug}))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert (registration.user, registration.email, registration.organisation) == (
        staff_tworog,
        staff_tworog.email.lower(),
        "Gmina Tworóg",
    )
    assert "Jesteś na liście uczestników" in client.get(training.get_absolute_url()).content.decode()


def test_an_english_visitor_gets_english_links(client, training):
    open_registration(training)
    with translation.override("en"):
        url = reverse("events:register", kwargs={"slug": training.slug})
    assert url.startswith("/en/")
    assert client.post(url, registration_form_data()).status_code == 302
    registration = Registration.objects.get()
    assert registration.language == "en"
    assert cancel_link(mail.outbox[0]).startswith("/en/")


def test_a_larger_capacity_moves_the_waiting_list_up(client, coordinator, training):
    open_registration(training, capacity=1)
    register(client, training, email="a@example.org")
    register(client, training, email="b@example.org")
    mail.outbox.clear()
    client.force_login(coordinator)
    client.post(reverse("event-admin:registrations", kwargs={"pk": training.pk}), {"is_open": "on", "capacity": "2"})
    assert Registration.objects.get(email="b@example.org").status == "confirmed"
    assert [m.to for m in mail.outbox] == [["b@example.org"]]


def test_calling_the_event_off_tells_everyone_registered_once_in_their_language(client, coordinator, training):
    open_registration(training, capacity=1)
    register(client, training, email="a@example.org")
    register(client, training, email="b@example.org")  # waiting
    with translation.override("en"):
        english = reverse("events:register", kwargs={"slug": training.slug})
    client.post(english, registration_form_data(email="c@example.org"))
    assert Registration.objects.filter(language="en").count() == 1
    mail.outbox.clear()
    client.force_login(coordinator)
    edit = reverse("event-admin:edit", kwargs={"pk": training.pk})
    data = {**form_data(client.get(edit).context["form"]), "status": "cancelled"}
    data["cancellation_reason_pl"] = "Choroba prowadzącego."
    assert client.post(edit, data).status_code == 302
    told = {message.to[0]: message for message in mail.outbox}
    assert set(told) == {"a@example.org", "b@example.org", "c@example.org"}
    assert told["a@example.org"].subject.endswith("Wydarzenie odwołane: Szkolenie z magazynów energii")
    assert "Choroba prowadzącego." in told["a@example.org"].body
    assert "was cancelled" in told["c@example.org"].body or "called off" in told["c@example.org"].body
    assert set(Registration.objects.values_list("status", flat=True)) == {"cancelled"}
    assert not RegistrationSettings.objects.get(event=training).is_open
    mail.outbox.clear()
    again = {**form_data(client.get(edit).context["form"]), "place_pl": "Sala widowiskowa"}
    assert client.post(edit, again).status_code == 302  # saved again, still called off: nobody is told twice
    assert mail.outbox == []


def test_the_coordinator_marks_attendance_on_the_day_and_the_exports_carry_it(client, coordinator, training):
    open_registration(training, capacity=1)
    register(client, training, name='=HYPERLINK("http://zly.example")', email="a@example.org")
    register(client, training, name="Beata Nowak", email="b@example.org")  # waiting: no attendance to mark
    came, waiting = Registration.objects.order_by("pk")
    client.force_login(coordinator)
    url = reverse("event-admin:registration-attendance", kwargs={"pk": training.pk, "registration_pk": came.pk})
    response = client.post(url, {"attended": "came"})
    assert response.status_code == 302 and response["Location"].endswith(f"#registration-{came.pk}")
    came.refresh_from_db()
    assert came.attended is True
    refused = client.post(
        reverse("event-admin:registration-attendance", kwargs={"pk": training.pk, "registration_pk": waiting.pk}),
        {"attended": "came"},
        follow=True,
    )
    assert "Obecność zaznacza się tylko osobom z potwierdzonym udziałem." in messages_of(refused)
    waiting.refresh_from_db()
    assert waiting.attended is None
    wrong = client.post(url, {"attended": "maybe"}, follow=True)
    assert "Wybierz: obecna/obecny" in messages_of(wrong)[0]
    came.refresh_from_db()
    assert came.attended is True  # a wrong value changes nothing

    page = client.get(reverse("event-admin:registrations", kwargs={"pk": training.pk})).content.decode()
    assert "obecna/obecny" in page and "Cofnij" in page

    csv_text = client.get(reverse("event-admin:registrations-export", kwargs={"pk": training.pk})).content.decode(
        "utf-8-sig"
    )
    rows = list(csv.reader(io.StringIO(csv_text), delimiter=";"))
    assert rows[0][:7] == ["Lp.", "Imię i nazwisko", "Adres e-mail", "Organizacja", "Stan", "Obecność", "Zapisano"]
    assert rows[1][1] == '\'=HYPERLINK("http://zly.example")'  # a visitor's name never becomes a formula
    assert rows[1][5] == "obecna/obecny" and rows[2][5] == ""

    response = client.get(reverse("event-admin:registrations-export-xlsx", kwargs={"pk": training.pk}))
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.freeze_panes == "A2"
    assert sheet["B2"].value.startswith("'=") and sheet["B2"].data_type == "s"
    assert isinstance(sheet["G2"].value, datetime.datetime)  # the time of registering as a date and time
    assert sheet["F2"].value == "obecna/obecny"


def test_the_coordinator_lists_exports_and_writes_to_the_registered(client, coordinator, training):
    open_registration(training, capacity=1, questions=["Dieta?"])
    register(client, training, name="Anna Zielińska", email="anna@example.org", answer_0="wegańska")
    register(client, training, name="Piotr Nowak", email="piotr@example.org")
    client.force_login(coordinator)
    page = Page(client.get(reverse("event-admin:registrations", kwargs={"pk": training.pk})).content.decode())
    assert "Anna Zielińska" in page.text and "na liście rezerwowej" in page.text and "wegańska" in page.text

    response = client.get(reverse("event-admin:registrations-export", kwargs={"pk": training.pk}))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == [
        "Lp.",
        "Imię i nazwisko",
        "Adres e-mail",
        "Organizacja",
        "Stan",
        "Obecność",
        "Zapisano",
        "Dieta?",
    ]
    assert rows[1][1:5] == ["Anna Zielińska", "anna@example.org", "Sołectwo Brynek", "potwierdzone"]
    assert rows[1][7] == "wegańska" and rows[2][4] == "na liście rezerwowej"

    mail.outbox.clear()
    response = client.post(
        reverse("event-admin:registrations-write", kwargs={"pk": training.pk}),
        {"recipients": "all", "subject": "Zmiana sali", "body": "Spotykamy się w sali 12."},
    )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.org", "piotr@example.org"]
    assert all("sali 12" in m.body and "/zapisy/rezygnacja/" in m.body for m in mail.outbox)


def test_the_reminder_leaves_the_day_before_once_through_the_task_queue(client, training, settings, monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    open_registration(training, capacity=1)
    register(client, training, email="a@example.org")
    register(client, training, email="b@example.org")  # waiting: no reminder
    mail.outbox.clear()

    day_before = datetime.datetime(2031, 5, 11, 9, 30, tzinfo=WARSAW)
    monkeypatch.setattr(timezone, "now", lambda: day_before - datetime.timedelta(days=1))
    call_command("send_event_reminders", stdout=io.StringIO())
    assert not mail.outbox  # two days before: not yet

    monkeypatch.setattr(timezone, "now", lambda: day_before)
    call_command("send_event_reminders", stdout=io.StringIO())
    call_command("send_event_reminders", stdout=io.StringIO())
    (reminder,) = mail.outbox
    assert reminder.to == ["a@example.org"] and "Przypomnienie: jutro" in reminder.subject
    assert "/zapisy/rezygnacja/" in reminder.body
    assert Registration.objects.get(email="a@example.org").reminded_at == day_before


def test_personal_data_is_removed_a_set_time_after_the_event(training, cluster, settings):
    settings.EVENT_REGISTRATION_RETENTION_DAYS = 30
    old = make_event("Stare szkolenie", starts_on=timezone.localdate() - datetime.timedelta(days=40))
    recent = make_event("Niedawne szkolenie", starts_on=timezone.localdate() - datetime.timedelta(days=5))
    kept = Registration.objects.create(event=recent, name="B", email="b@example.org", status="confirmed")
    purged = Registration.objects.create(
        event=old, name="A", email="a@example.org", organisation="X", status="confirmed", answers=[{"question": "q"}]
    )
    out = io.StringIO()
    call_command("purge_event_registrations", stdout=out)
    assert "1 zgłoszeń" in out.getvalue()
    purged.refresh_from_db()
    assert (purged.name, purged.email, purged.organisation, purged.answers) == ("[usunięto]", "", "", [])
    assert purged.status == "confirmed" and purged.anonymised_at is not None
    assert Registration.objects.get(pk=kept.pk).email == "b@example.org"


def test_registrations_are_in_the_export_and_erasure_of_personal_data(client, coordinator, training):
    open_registration(training, capacity=1)
    register(client, training, email="anna@example.org", name="Anna Zielińska")
    register(client, training, email="piotr@example.org")
    client.force_login(coordinator)
    exported = client.get(reverse("personal-data:export"), {"email": "Anna@Example.org"})
    data = json.loads(exported.content)
    (entry,) = data["event_registrations"]
    assert (entry["name"], entry["status"], entry["consent"]["clause_version"]) == (
        "Anna Zielińska",
        "confirmed",
        "2026-11-30",
    )
    mail.outbox.clear()
    response = client.post(reverse("personal-data:erase"), {"email": "anna@example.org", "confirm": "yes"})
    said = messages_of(client.get(response["Location"]))
    assert "Anulowano zapisy na wydarzenia i usunięto z nich dane osobowe: 1." in said
    erased = Registration.objects.get(name="[usunięto]")
    assert erased.status == "cancelled" and erased.email == ""
    assert Registration.objects.get(email="piotr@example.org").status == "confirmed"  # moved up into the freed place
    assert [m.to for m in mail.outbox] == [["piotr@example.org"]]


if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):

    @pytest.mark.django_db(transaction=True)
    def test_twenty_visitors_at_once_for_five_places_end_as_five_confirmed_and_fifteen_waiting(cluster):
        """PostgreSQL only (SQLite writes one at a time and has no row locks): real threads, each its own connection,
        released together; and each address sent twice, so a double registration would show."""
        event = make_event("Szkolenie w pośpiechu", days_ahead=20, starts_at=datetime.time(10))
        open_registration(event, capacity=5)
        barrier = threading.Barrier(40)
        outcomes = []

        def attempt(number):
            try:
                barrier.wait()
                services.registration_create(
                    event=event, name=f"Osoba {number}", email=f"osoba{number}@example.org", language="pl"
                )
                outcomes.append("registered")
            except services.AlreadyRegistered:
                outcomes.append("duplicate")
            finally:
                connection.close()

        threads = [threading.Thread(target=attempt, args=(number % 20,)) for number in range(40)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes.count("registered") == 20 and outcomes.count("duplicate") == 20
        registrations = Registration.objects.filter(event=event)
        assert registrations.filter(status="confirmed").count() == 5
        assert registrations.filter(status="waiting").count() == 15
        assert registrations.values("email").distinct().count() == 20
        assert len(mail.outbox) == 20


def test_the_pages_of_registration_are_well_formed(client, coordinator, staff_tworog, training):
    open_registration(training, capacity=1, questions=["Dieta?"])
    register(client, training, email="a@example.org", answer_0="wegańska")
    register(client, training, email="b@example.org")
    registration = Registration.objects.get(email="a@example.org")
    pages = {
        "event page, a visitor": client.get(training.get_absolute_url()),
        "form with errors": register(client, training, consent=None, email="c@example.org"),
        "cancel link": client.get(services.cancel_path(registration)),
        "forged link": client.get(reverse("events:registration-cancel", kwargs={"token": "x"})),
    }
    client.force_login(staff_tworog)
    pages["event page, a member"] = client.get(training.get_absolute_url())
    client.force_login(coordinator)
    pages["panel list"] = client.get(reverse("event-admin:registrations", kwargs={"pk": training.pk}))
    pages["panel message"] = client.get(reverse("event-admin:registrations-write", kwargs={"pk": training.pk}))
    for name, response in pages.items():
        html = response.content.decode()
        assert html_problems(html) == [], name
        assert len(Page(html).h1) == 1, name
