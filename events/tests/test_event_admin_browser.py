"""The events panel in Chromium: the coordinator adds a training with a point of its programme, and visitors find it on
/wydarzenia/ with its speaker and Warsaw time. The panel's form and the public event page pass axe-core.

The whole life of a training (issue 15's journey): the coordinator adds it with a programme and a photo and opens
registration for two places; three visitors register (the third waits), one cancels from the link in her e-mail, the
third is confirmed and receives the e-mail with the calendar file, whose time is Warsaw's on whichever side of a clock
change the day falls."""

import datetime
import re
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from events import services
from events.models import Event, Registration
from klaster.testing import assert_accessible, image_bytes, log_in, make_persona, new_page

pytestmark = pytest.mark.browser


def test_the_coordinator_adds_a_training_with_a_programme_point_and_it_appears_on_the_events_page(
    browser_cluster, live_server, page
):
    day = datetime.date.today() + datetime.timedelta(days=30)
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Dodaj wydarzenie").first.click()
    page.wait_for_url("**/panel/wydarzenia/nowe/")
    assert_accessible(page)

    page.get_by_label("Tytuł po polsku").fill("Szkolenie: magazyny energii w gminie")
    page.get_by_label("Rodzaj").select_option("training")
    page.get_by_label("Data rozpoczęcia").fill(day.isoformat())
    page.get_by_label("Godzina rozpoczęcia").fill("10:00")
    page.get_by_label("Godzina zakończenia").fill("13:00")
    page.get_by_label("Nazwa miejsca po polsku").fill("Urząd Gminy Tworóg")
    page.get_by_role("button", name="Dodaj wydarzenie").click()
    expect(page.get_by_text("Dodano wydarzenie: Szkolenie: magazyny energii w gminie.")).to_be_visible()

    page.get_by_role("link", name="Dodaj punkt programu").click()
    page.get_by_label("Rodzaj").select_option("talk")
    page.get_by_label("Godzina rozpoczęcia").fill("10:15")
    page.get_by_label("Tytuł po polsku").fill("Baterie w szkołach")
    page.get_by_role("group", name="Prelegent 1").get_by_label("Imię i nazwisko").fill("Anna Nowak")
    page.get_by_role("group", name="Prelegent 1").get_by_label("Funkcja po polsku").fill("kierowniczka referatu")
    page.get_by_role("button", name="Dodaj punkt programu").click()
    expect(page.get_by_text("Dodano punkt programu: Baterie w szkołach.")).to_be_visible()

    page.context.clear_cookies()  # a visitor
    page.goto(live_server.url + "/wydarzenia/")
    upcoming = page.get_by_role("region", name="Nadchodzące")
    upcoming.get_by_role("link", name="Szkolenie: magazyny energii w gminie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Szkolenie: magazyny energii w gminie")
    programme = page.get_by_role("region", name="Program")
    expect(programme.get_by_role("heading", name="Anna Nowak")).to_be_visible()
    expect(programme).to_contain_text("10:15")
    expect(page.locator("dl.facts")).to_contain_text("10:00–13:00")
    expect(page.get_by_role("link", name="Dodaj do kalendarza")).to_be_visible()
    assert_accessible(page)


def _ics_start(message):
    (content,) = [content for name, content, _type in message.attachments if name.endswith(".ics")]
    (entry,) = Calendar.from_ical(content).walk("VEVENT")
    return entry.decoded("DTSTART")


def _cancel_path(message):
    (link,) = re.findall(r"https?://\S+/zapisy/rezygnacja/\S+/", message.body)
    return urlsplit(link).path


@pytest.mark.parametrize("month", [3, 11], ids=["after-the-march-change", "after-the-october-change"])
def test_a_training_with_a_photo_opens_registration_and_the_waiting_list_moves_up_with_the_calendar_file(
    browser_cluster, live_server, page, browser, media_root, monkeypatch, tmp_path, month
):
    monkeypatch.setattr(services.registrations, "after_commit", lambda function, **kwargs: function(**kwargs))
    this_year = datetime.date.today().year
    day = next(  # the Monday after the clock change of the coming March or October-November
        datetime.date(year, month, 30 if month == 3 else 2) + datetime.timedelta(days=offset)
        for year in (this_year, this_year + 1)
        for offset in range(7)
        if datetime.date(year, month, 30 if month == 3 else 2) + datetime.timedelta(days=offset)
        > datetime.date.today() + datetime.timedelta(days=2)
    )
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    page.get_by_role("link", name="Dodaj wydarzenie").first.click()
    page.get_by_label("Tytuł po polsku").fill("Szkolenie: liczniki zdalnego odczytu")
    page.get_by_label("Rodzaj").select_option("training")
    page.get_by_label("Data rozpoczęcia").fill(day.isoformat())
    page.get_by_label("Godzina rozpoczęcia").fill("10:00")
    page.get_by_label("Godzina zakończenia").fill("12:00")
    page.get_by_label("Nazwa miejsca po polsku").fill("Urząd Gminy Kochanowice")
    page.get_by_role("button", name="Dodaj wydarzenie").click()
    expect(page.get_by_text("Dodano wydarzenie: Szkolenie: liczniki zdalnego odczytu.")).to_be_visible()
    event = Event.objects.get(title_pl="Szkolenie: liczniki zdalnego odczytu")

    page.get_by_role("link", name="Dodaj punkt programu").click()
    page.get_by_label("Rodzaj").select_option("talk")
    page.get_by_label("Godzina rozpoczęcia").fill("10:15")
    page.get_by_label("Tytuł po polsku").fill("Co pokazuje licznik")
    page.get_by_role("button", name="Dodaj punkt programu").click()
    expect(page.get_by_text("Dodano punkt programu: Co pokazuje licznik.")).to_be_visible()

    photo = tmp_path / "sala.jpg"
    photo.write_bytes(image_bytes("JPEG", (800, 600)))
    page.get_by_role("link", name="Dodaj zdjęcie").click()
    page.get_by_label("Zdjęcie").set_input_files(str(photo))
    page.get_by_label("Tekst alternatywny").fill("Sala urzędu przed szkoleniem")
    page.get_by_role("button", name="Dodaj zdjęcie").click()
    expect(page.get_by_text("Dodano zdjęcie: Sala urzędu przed szkoleniem.")).to_be_visible()

    page.get_by_role("link", name="Zapisy na wydarzenie").click()
    page.get_by_label("Zapisy otwarte").check()
    page.get_by_label("Liczba miejsc").fill("2")
    page.get_by_role("button", name="Zapisz ustawienia zapisów").click()
    expect(page.get_by_text("Zapisy są otwarte.")).to_be_visible()
    assert_accessible(page)

    for name, email in [("Anna Zielińska", "anna@example.org"), ("Beata Nowak", "beata@example.org"),
                        ("Celina Wójcik", "celina@example.org")]:  # fmt: skip
        context, visitor = new_page(browser)
        try:
            visitor.goto(live_server.url + event.get_absolute_url())
            registration = visitor.get_by_role("region", name="Zapisy")
            registration.get_by_label("Imię i nazwisko").fill(name)
            registration.get_by_label("Adres e-mail").fill(email)
            registration.get_by_label("Potwierdzam zapoznanie się z klauzulą informacyjną", exact=False).check()
            registration.get_by_role("button", name="Zapisz się").click()
            expect(visitor.get_by_role("status")).to_contain_text("Zapisano" if email != "celina@example.org" else
                                                                  "liście rezerwowej")  # fmt: skip
        finally:
            context.close()
    assert dict(Registration.objects.values_list("email", "status")) == {
        "anna@example.org": "confirmed", "beata@example.org": "confirmed", "celina@example.org": "waiting"
    }  # fmt: skip

    (to_beata,) = [message for message in mail.outbox if message.to == ["beata@example.org"]]
    context, beata = new_page(browser)
    try:
        beata.goto(live_server.url + _cancel_path(to_beata))
        beata.get_by_role("button", name="Rezygnuję z udziału").click()
        expect(beata.get_by_role("status")).to_contain_text("Zrezygnowano z udziału")
    finally:
        context.close()

    to_celina = [message for message in mail.outbox if message.to == ["celina@example.org"]]
    assert [message.subject.split("] ")[-1] for message in to_celina] == [
        "Lista rezerwowa: Szkolenie: liczniki zdalnego odczytu",
        "Zwolniło się miejsce: Szkolenie: liczniki zdalnego odczytu – udział potwierdzony",
    ]
    start = _ics_start(to_celina[-1])
    warsaw = ZoneInfo("Europe/Warsaw")
    assert start.astimezone(warsaw).replace(tzinfo=None) == datetime.datetime.combine(day, datetime.time(10))
    assert start.utcoffset() is not None  # a moment, not a floating time: calendars abroad show it right too
    expected_utc_hour = 8 if month == 3 else 9  # summer time (UTC+2) after March, winter time (UTC+1) after October
    assert start.astimezone(datetime.UTC).hour == expected_utc_hour
    assert Registration.objects.get(email="celina@example.org").status == "confirmed"

    page.context.clear_cookies()
    page.goto(live_server.url + event.get_absolute_url())
    expect(page.get_by_role("img", name="Sala urzędu przed szkoleniem")).to_be_visible()
    expect(page.get_by_role("region", name="Program")).to_contain_text("Co pokazuje licznik")
    expect(page.get_by_role("region", name="Zapisy")).to_contain_text("Wszystkie miejsca są zajęte")
    assert_accessible(page)
