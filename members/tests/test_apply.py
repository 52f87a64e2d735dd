"""Applying to join the cluster: the public form, spam and rate limits, the private status link."""

import time
from html import unescape
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse

from members import services
from members.models import Application

VALID_NIP = "526-000-12-46"  # a NIP with a correct checksum (the Polish tax office's example pattern)


def form_data(**overrides):
    data = {
        "category": "cooperative",
        "name": "Spółdzielnia Energetyczna Słoneczny Tworóg",
        "nip": VALID_NIP,
        "regon": "",
        "krs": "",
        "street": "ul. Słoneczna 1",
        "postal_code": "42-690",
        "city": "Tworóg",
        "gmina": "",
        "contact_name": "Anna Kowalska",
        "email": "anna@example.org",
        "phone": "+48 600 000 000",
        "website": "spoldzielnia.example.org",
        "contribution": "Farma fotowoltaiczna 1 MW na gruntach spółdzielni.",
        "planned_capacity_kw": "1000",
        "consent": "on",
        "fax": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def apply(client, *, host="testserver", **overrides):
    return client.post(reverse("members:apply"), form_data(**overrides), REMOTE_ADDR="203.0.113.7", HTTP_HOST=host)


def status_link_sent():
    """The status link in the one email sent (plain text), the same in its HTML part."""
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/dolacz/wniosek/" in line)
    assert message.alternatives and link in message.alternatives[0][0]
    return link


def test_the_form_shows_the_information_clause_and_asks_for_no_pesel(client, cluster):
    response = client.get(reverse("members:apply"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Klauzula informacyjna" in page and "Prezesa Urzędu Ochrony Danych Osobowych" in page
    assert cluster.coordinator.name in page
    assert 'name="consent"' in page and 'name="public_listing"' in page
    assert "pesel" not in unescape(page).lower().replace("\xa0", " ").replace("nie pytamy też o pesel", "").replace(
        "nie pytamy o numer pesel", ""
    )


def test_an_application_is_recorded_with_its_consent_and_the_applicant_gets_a_status_link(
    client, cluster, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = apply(client, gmina=str(cluster.participants.get(slug="tworog").pk))
    application = Application.objects.get()
    assert application.status == "received"
    assert application.nip == "5260001246" and application.website == "https://spoldzielnia.example.org"
    assert application.consent_clause_version == settings.APPLICATION_CLAUSE_VERSION
    assert application.consent_given_at is not None and application.public_listing is False
    assert application.gmina.slug == "tworog"
    assert [e.status for e in application.events.all()] == ["received"]
    assert response.status_code == 302 and "?nowy=1" in response["Location"]
    assert mail.outbox[0].to == ["anna@example.org"]
    link = status_link_sent()
    assert link.startswith(settings.SITE_URL + "/dolacz/wniosek/")
    status = client.get(link.removeprefix(settings.SITE_URL))
    assert status.status_code == 200
    assert "Spółdzielnia Energetyczna Słoneczny Tworóg" in status.content.decode()
    assert "złożony" in status.content.decode()
    assert status["X-Robots-Tag"] == "noindex, nofollow"


@pytest.mark.parametrize("host", ["127.0.0.1:8101", "localhost:8000"])
def test_after_applying_the_applicant_is_sent_to_the_status_page_on_the_same_host_and_port(client, cluster, host):
    response = apply(client, host=host)
    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith("/dolacz/wniosek/") and location.endswith("?nowy=1")  # a path: the browser stays put
    assert client.get(location, HTTP_HOST=host).status_code == 200


@pytest.mark.parametrize(
    ("debug", "sent_to"),
    [(True, "http://127.0.0.1:8101/dolacz/wniosek/"), (False, "https://klaster.example.org/dolacz/wniosek/")],
    ids=["development: the server applied on", "production: SITE_URL"],
)
def test_the_status_email_links_to_the_server_in_development_and_to_site_url_in_production(
    client, cluster, settings, django_capture_on_commit_callbacks, debug, sent_to
):
    settings.DEBUG = debug
    settings.SITE_URL = "https://klaster.example.org"
    settings.ALLOWED_HOSTS = ["127.0.0.1", "klaster.example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        apply(client, host="127.0.0.1:8101")
    assert status_link_sent().startswith(sent_to)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"nip": "526-000-12-47"}, "nip", "suma kontrolna się nie zgadza"),
        ({"nip": "12345"}, "nip", "NIP ma 10 cyfr"),
        ({"nip": "", "regon": "", "krs": ""}, "nip", "Podaj NIP, REGON lub KRS"),
        ({"category": "person", "name": "Jan Nowak"}, "nip", "Osoba fizyczna nie podaje"),
        ({"consent": None}, "consent", "Bez tej zgody nie możemy rozpatrzyć wniosku"),
        ({"email": "not-an-email"}, "email", "poprawny adres"),
        ({"postal_code": "42690"}, "postal_code", "00-000"),
        ({"category": "jst"}, "category", "poprawną wartość"),
        ({"planned_capacity_kw": "-5"}, "planned_capacity_kw", "ujemna"),
    ],
)
def test_bad_input_is_explained_in_polish_and_nothing_is_saved(client, cluster, overrides, field, message):
    response = apply(client, **overrides)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and any(message.lower() in e.lower() for e in errors[field]), errors
    assert "Popraw" in response.content.decode()
    assert not Application.objects.exists() and not mail.outbox


def test_a_natural_person_applies_without_any_identifier(client, cluster):
    apply(client, category="person", name="Jan Nowak", nip="")
    assert Application.objects.get().category == "person"


def test_a_double_submit_makes_one_application(client, cluster):
    # The status link is signed with the time it is made: both answers are made in the same second here, as they
    # would be for a double click, so that a different second between the two posts cannot tell them apart.
    with mock.patch("django.core.signing.time.time", return_value=time.time()):
        first = apply(client)
        second = apply(client)
    assert Application.objects.count() == 1
    assert first["Location"] == second["Location"]


def test_a_filled_honeypot_is_held_back_silently(client, cluster):
    response = apply(client, fax="http://spam.example")
    assert response.status_code == 200 and "Wniosek wysłany" in response.content.decode()
    assert not Application.objects.exists() and not mail.outbox


def test_too_many_applications_from_one_address_are_refused_with_a_clear_message(client, cluster):
    for number in range(5):
        assert apply(client, email=f"osoba{number}@example.org", name=f"Firma {number}").status_code == 302
    response = apply(client, email="szosta@example.org", name="Firma 6")
    assert response.status_code == 429
    assert "zbyt wiele wniosków" in response.content.decode().lower()
    assert Application.objects.count() == 5


def test_too_many_applications_for_one_email_are_refused(client, cluster):
    for number in range(3):
        client.post(reverse("members:apply"), form_data(name=f"Firma {number}"), REMOTE_ADDR=f"198.51.100.{number}")
    response = client.post(reverse("members:apply"), form_data(name="Firma 4"), REMOTE_ADDR="198.51.100.9")
    assert response.status_code == 429 and Application.objects.count() == 3


def test_an_expired_status_link_says_so(client, cluster, settings):
    apply(client)
    link = services.application_status_path(Application.objects.get())
    later = time.time() + (settings.APPLICATION_STATUS_LINK_DAYS + 1) * 86400
    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.get(link)
    assert response.status_code == 410 and "Link wygasł" in response.content.decode()


@pytest.mark.parametrize("token", ["garbage", "eyJhIjoxLCJrIjoieCJ9:1vQ:abc"])
def test_a_forged_status_link_finds_nothing(client, cluster, token):
    apply(client)
    response = client.get(reverse("members:application-status", kwargs={"token": token}))
    assert response.status_code == 404 and "Nie ma takiego wniosku" in response.content.decode()


def test_the_form_works_in_english(client, cluster):
    from django.utils import translation

    with translation.override("en"):
        url = reverse("members:apply")
    response = client.get(url)
    assert url == "/en/join/" and response.status_code == 200
    assert "Join the cluster" in response.content.decode()
