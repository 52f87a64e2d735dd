"""The contact page: the coordinator's address, e-mail and phone, and a form whose messages are kept for the panel and
sent to the coordinator by e-mail."""

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from klaster.revision import Revision
from klaster.testing import Page, count_queries, log_in_as, messages_of
from members.models import ContactMessage


def _form(**changes):
    data = {"name": "Jan Kowalski", "email": "jan@example.org", "message": "Czy moja spółdzielnia może dołączyć?"}
    data["consent"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def coordinator_party(cluster):
    party = cluster.coordinator
    party.street, party.postal_code, party.city = "ul. Leśna 1", "42-690", "Brynek"
    party.email, party.phone = "biuro@lesnakraina.example.org", "+48 32 123 45 67"
    party.save()
    return party


def test_the_contact_page_shows_the_coordinators_address_email_and_phone(client, coordinator_party):
    page = Page(client.get(reverse("contact")).content.decode())
    assert page.h1 == ["Kontakt"]
    assert "ul. Leśna 1" in page.text and "+48 32 123 45 67" in page.text
    assert "mailto:biuro@lesnakraina.example.org" in page.links
    assert reverse("contact") in Page(client.get(reverse("home")).content.decode()).links


def test_empty_contact_fields_are_not_shown(client, cluster):
    party = cluster.coordinator
    party.email = party.phone = ""
    party.save()
    cluster.email = ""
    cluster.save()
    page = Page(client.get(reverse("contact")).content.decode())
    assert (
        "Telefon" not in page.text
        and "E-mail" not in page.text
        and not any(link.startswith("mailto:") for link in page.links)
    )


def test_a_message_is_kept_sent_to_the_coordinator_and_thanked_for(
    client, coordinator_party, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("contact"), _form())
    assert response.status_code == 302 and response["Location"] == reverse("contact") + "?wyslano=1"
    message = ContactMessage.objects.get()
    assert (message.name, message.email, message.status, message.clause_version) == (
        "Jan Kowalski", "jan@example.org", "new", "2026-11-29",
    )  # fmt: skip
    (sent,) = mail.outbox
    assert sent.to == ["biuro@lesnakraina.example.org"] and sent.reply_to == ["jan@example.org"]
    assert "Jan Kowalski" in sent.subject and "Czy moja spółdzielnia może dołączyć?" in sent.body
    assert "/panel/koordynator/wiadomosci/" in sent.body
    assert "Dziękujemy" in Page(client.get(response["Location"]).content.decode()).text


@pytest.mark.parametrize(
    ("changes", "field", "expected"),
    [
        ({"consent": None}, "consent", "Bez tej zgody nie możemy odpowiedzieć na wiadomość."),
        ({"email": "jan@"}, "email", "Wprowadź poprawny adres email."),
        ({"message": ""}, "message", "To pole jest wymagane."),
        (
            {"message": "x" * 5001},
            "message",
            "Upewnij się, że ta wartość ma co najwyżej 5000 znaków (obecnie ma 5001).",
        ),
    ],
)
def test_a_bad_message_is_refused_in_polish_keeping_what_was_typed(client, coordinator_party, changes, field, expected):
    response = client.post(reverse("contact"), _form(**changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [expected]
    html = response.content.decode()
    assert "Popraw 1 pole oznaczone poniżej." in html and 'value="Jan Kowalski"' in html
    assert not ContactMessage.objects.exists() and mail.outbox == []


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept_or_sent(client, coordinator_party):
    response = client.post(reverse("contact"), _form(fax="555"))
    assert response.status_code == 302
    assert not ContactMessage.objects.exists() and mail.outbox == []


def test_too_many_messages_are_refused_and_what_was_typed_stays(client, coordinator_party, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "klaster_contact": "2/h/ip"}
    for _number in range(2):
        assert client.post(reverse("contact"), _form()).status_code == 302
    response = client.post(reverse("contact"), _form(message="Trzecia wiadomość"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "zbyt wiele wiadomości" in html and "Trzecia wiadomość" in html
    assert ContactMessage.objects.count() == 2


def test_a_message_does_not_empty_the_page_cache(client, coordinator_party):
    before = Revision.current()
    client.post(reverse("contact"), _form())
    assert ContactMessage.objects.exists() and Revision.current() == before


def test_the_coordinator_reads_a_message_which_marks_it_read_and_marks_it_handled(client, request, coordinator_party):
    client.post(reverse("contact"), _form())
    message = ContactMessage.objects.get()
    log_in_as(client, request, "coordinator")
    index = Page(client.get(reverse("contact-admin:index")).content.decode())
    url = reverse("contact-admin:detail", kwargs={"pk": message.pk})
    assert url in index.links and "Jan Kowalski" in index.text
    page = Page(client.get(url).content.decode())
    assert "Czy moja spółdzielnia może dołączyć?" in page.text
    message.refresh_from_db()
    assert message.status == "read"
    response = client.post(url, {"status": "handled"}, follow=True)
    assert messages_of(response) == ["Zapisano stan wiadomości: załatwiona."]
    message.refresh_from_db()
    assert message.status == "handled"
    history = [entry.changes for entry in LogEntry.objects.get_for_object(message)]
    assert history and all(set(changes) <= {"status"} for changes in history if changes)
    assert "jan@example.org" not in str(history)
    assert "Jan Kowalski" not in Page(client.get(reverse("contact-admin:index") + "?stan=new").content.decode()).text
    assert reverse("contact-admin:index") in Page(client.get(reverse("coordination:dashboard")).content.decode()).links


def test_a_bad_status_is_refused_and_changes_nothing(client, request, coordinator_party):
    client.post(reverse("contact"), _form())
    message = ContactMessage.objects.get()
    log_in_as(client, request, "coordinator")
    url = reverse("contact-admin:detail", kwargs={"pk": message.pk})
    client.get(url)
    response = client.post(url, {"status": "deleted"})
    assert response.status_code == 200 and "status" in response.context["form"].errors
    message.refresh_from_db()
    assert message.status == "read"


def test_the_panel_list_costs_the_same_queries_with_many_messages(client, request, coordinator_party):
    ContactMessage.objects.create(name="A", email="a@example.org", message="x", clause_version="1")
    log_in_as(client, request, "coordinator")
    client.get(reverse("contact-admin:index"))
    few = count_queries(client, reverse("contact-admin:index"))
    ContactMessage.objects.bulk_create(
        ContactMessage(name=f"N{n}", email=f"n{n}@example.org", message="x", clause_version="1") for n in range(40)
    )
    assert count_queries(client, reverse("contact-admin:index")) == few


def test_invisible_characters_in_a_name_are_cleaned_before_the_message_is_kept(client, coordinator_party):
    response = client.post(
        reverse("contact"), _form(name="Jan\u202e Kowalski\u200b", message="Pytanie\u200b o klaster")
    )
    assert response.status_code == 302
    message = ContactMessage.objects.get()
    assert (message.name, message.message) == ("Jan Kowalski", "Pytanie o klaster")
