"""Personal data on request: export everything about a person, erase contact details, the daily clean-up."""

import io
import json
from datetime import timedelta

from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from klaster.testing import make_application
from members.models import Application, ContactMessage, Participant, Person, Role
from members.services import personal_data as personal_data_services


def submit(cluster, **fields):
    """An application of Jan Nowak, a natural person, with his address and phone."""
    values = {
        "category": "person",
        "name": "Jan Nowak",
        "street": "ul. Leśna 3",
        "contribution": "Panele na dachu domu",
        "email": "jan@example.org",
        "contact_name": "Jan Nowak",
        "phone": "600 200 300",
        **fields,
    }
    return make_application(cluster, **values)


def test_the_export_holds_everything_about_the_person(client, coordinator, cluster):
    person = Person.objects.create(first_name="Jan", last_name="Nowak", email="jan@example.org", phone="600")
    Role.objects.create(person=person, participant=Participant.objects.get(slug="tworog"), function="sołtys")
    submit(cluster)
    client.force_login(coordinator)
    response = client.get(reverse("personal-data:export"), {"email": "JAN@example.org"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["people"][0]["phone"] == "600" and data["people"][0]["roles"][0]["function"] == "sołtys"
    assert data["applications"][0]["address"]["street"] == "ul. Leśna 3"
    assert data["applications"][0]["consent"]["clause_version"]
    assert data["applications"][0]["history"][0]["status"] == "received"


def test_erasing_keeps_the_signed_record_and_scrubs_the_history(client, coordinator, cluster):
    person = Person.objects.create(first_name="Jan", last_name="Nowak", email="jan@example.org", phone="600 1")
    application = submit(cluster)
    client.force_login(coordinator)
    page = client.get(reverse("personal-data:index"), {"email": "jan@example.org"}).content.decode()
    assert "1 osoba w rejestrze" in page and "1 wniosek o przystąpienie" in page
    refused = client.post(reverse("personal-data:erase"), {"email": "jan@example.org"}, follow=True)
    assert "Potwierdź usunięcie" in refused.content.decode()
    assert Person.objects.get(pk=person.pk).email == "jan@example.org"
    response = client.post(reverse("personal-data:erase"), {"email": "jan@example.org", "confirm": "yes"}, follow=True)
    assert (
        "Usunięto dane kontaktowe: osoby 1, wnioski 1, wiadomości z formularza kontaktowego 0."
        in response.content.decode()
    )
    person.refresh_from_db()
    application.refresh_from_db()
    assert (person.first_name, person.last_name, person.email, person.phone) == ("Jan", "Nowak", "", "")
    assert person.anonymised_at is not None
    assert (application.email, application.phone, application.contact_name, application.street) == ("", "", "", "")
    assert application.name == personal_data_services.ERASED and application.anonymised_at is not None
    history = json.dumps([e.changes for e in LogEntry.objects.get_for_object(person)], ensure_ascii=False)
    assert "jan@example.org" not in history and "600 1" not in history
    history = json.dumps([e.changes for e in LogEntry.objects.get_for_object(application)], ensure_ascii=False)
    assert "jan@example.org" not in history and "ul. Leśna 3" not in history


def test_the_daily_clean_up_erases_only_applications_rejected_over_a_year_ago(cluster, coordinator, settings):
    old = submit(cluster, email="stary@example.org")
    recent = submit(cluster, email="nowy@example.org", name="Anna Nowak")
    waiting = submit(cluster, email="czeka@example.org", name="Ewa Nowak")
    # Rejected as the coordinator's decision (agreements.services.application_reject) leaves them:
    Application.objects.filter(pk__in=[old.pk, recent.pk]).update(
        status=Application.Status.REJECTED, decision_reason="Poza obszarem.", decided_at=timezone.now()
    )
    Application.objects.filter(pk=old.pk).update(
        decided_at=timezone.now() - timedelta(days=settings.APPLICATION_RETENTION_DAYS + 1)
    )
    out = io.StringIO()
    call_command("purge_applications", "--dry-run", stdout=out)
    assert "1 wniosków" in out.getvalue() and Application.objects.get(pk=old.pk).email == "stary@example.org"
    call_command("purge_applications", stdout=out)
    old.refresh_from_db()
    recent.refresh_from_db()
    waiting.refresh_from_db()
    assert old.email == "" and old.anonymised_at and old.decision_reason == "Poza obszarem."
    assert recent.email == "nowy@example.org" and waiting.email == "czeka@example.org"
    call_command("purge_applications", stdout=out)
    assert "z 0 wniosków" in out.getvalue()


def test_a_bad_email_exports_nothing(client, coordinator, cluster):
    client.force_login(coordinator)
    response = client.get(reverse("personal-data:export"), {"email": "nie-email"}, follow=True)
    assert "Podaj poprawny adres e-mail." in response.content.decode()


def test_the_contact_forms_messages_are_exported_and_deleted_on_request(client, coordinator, cluster):
    ContactMessage.objects.create(name="Jan Nowak", email="jan@example.org", message="Pytanie o PV", clause_version="1")
    ContactMessage.objects.create(name="Inna", email="inna@example.org", message="Inne", clause_version="1")
    client.force_login(coordinator)
    data = json.loads(client.get(reverse("personal-data:export"), {"email": "Jan@example.org"}).content)
    assert [(m["name"], m["message"], m["consent"]["clause_version"]) for m in data["contact_messages"]] == [
        ("Jan Nowak", "Pytanie o PV", "1")
    ]
    response = client.post(reverse("personal-data:erase"), {"email": "jan@example.org", "confirm": "yes"}, follow=True)
    assert "wiadomości z formularza kontaktowego 1." in response.content.decode()
    assert list(ContactMessage.objects.values_list("email", flat=True)) == ["inna@example.org"]
