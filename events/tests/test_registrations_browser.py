"""Registration in Chromium: a visitor registers on the event's page (the form with the information clause, then the
form shown again with an error) and opens the cancel link; each page passes axe-core. The whole journey with the
coordinator opening registration is the lead's (issue 15's "Done when")."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from events import services
from events.models import Registration
from klaster.testing import assert_accessible, log_in, make_persona
from klaster.testing.events import make_event, open_registration

pytestmark = pytest.mark.browser


def test_a_visitor_registers_and_opens_the_cancel_link(browser_cluster, live_server, page):
    event = make_event("Szkolenie z zapisami", starts_on=datetime.date.today() + datetime.timedelta(days=30))
    open_registration(event, capacity=1, questions=["Czy potrzebujesz tłumacza PJM?"])
    page.goto(live_server.url + event.get_absolute_url())
    registration = page.get_by_role("region", name="Zapisy")
    expect(registration).to_contain_text("Zostało 1")
    assert_accessible(page)

    registration.get_by_label("Imię i nazwisko").fill("Anna Zielińska")
    registration.get_by_label("Adres e-mail").fill("anna@example.org")
    registration.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_role("alert").first).to_be_visible()  # no consent: the form again, with the error
    assert_accessible(page)

    page.get_by_label("Potwierdzam zapoznanie się z klauzulą informacyjną", exact=False).check()
    page.get_by_role("button", name="Zapisz się").click()
    expect(page.get_by_text("Zapisano. Potwierdzenie wysłaliśmy na podany adres e-mail.")).to_be_visible()
    assert Registration.objects.get().status == "confirmed" and mail.outbox

    page.goto(live_server.url + services.cancel_path(Registration.objects.get()))
    expect(page.get_by_role("heading", level=1)).to_have_text("Rezygnacja z udziału w wydarzeniu")
    assert_accessible(page)
    page.get_by_role("button", name="Rezygnuję z udziału").click()
    expect(page.get_by_role("status")).to_contain_text("Zrezygnowano z udziału")
    assert_accessible(page)
    assert Registration.objects.get().status == "cancelled"


def test_the_coordinator_opens_registration_and_reads_the_list(browser_cluster, live_server, page):
    event = make_event("Szkolenie w panelu", starts_on=datetime.date.today() + datetime.timedelta(days=30))
    open_registration(event, capacity=1)
    services.registration_create(event=event, name="Anna Zielińska", email="anna@example.org")
    services.registration_create(event=event, name="Piotr Nowak", email="piotr@example.org")
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    page.goto(live_server.url + reverse("event-admin:edit", kwargs={"pk": event.pk}))
    page.get_by_role("link", name="Zapisy na wydarzenie").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Zapisy na wydarzenie")
    assert_accessible(page)

    page.get_by_label("Liczba miejsc").fill("2")
    page.get_by_role("button", name="Zapisz ustawienia zapisów").click()
    expect(page.get_by_text("Zapisy są otwarte.")).to_be_visible()
    expect(page.get_by_role("table")).not_to_contain_text("na liście rezerwowej")  # Piotr moved up
    page.get_by_role("link", name="Napisz do zapisanych osób").click()
    assert_accessible(page)
