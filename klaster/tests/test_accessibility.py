"""The accessibility statement in the ministry's structure, the form to request an accessible version with the
coordinator's list of requests and their 7-day deadline, and the error summary every form shows after a failed send.

Who may open each page is asked once, in the permission matrix (test_permissions.py)."""

import re
from datetime import date, timedelta

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation

from klaster.testing import Page, log_in_as, messages_of, picture
from members.models import AccessibilityRequest
from members.services import personal_data as personal_data_services

STATEMENT_IDS = [
    "a11y-wstep",
    "a11y-podmiot",
    "a11y-url",
    "a11y-data-publikacja",
    "a11y-data-aktualizacja",
    "a11y-status",
    "a11y-data-sporzadzenie",
    "a11y-ocena",
    "a11y-kontakt",
    "a11y-email",
    "a11y-procedura",
    "a11y-architektura",
    "a11y-aplikacje",
]


def _ids(html):
    return re.findall(r'\bid="([^"]+)"', html)


def _request_data(**changes):
    data = {
        "name": "Ewa Nowak",
        "email": "ewa@example.org",
        "subject": "Uchwała rady gminy Tworóg w PDF jest skanem bez tekstu.",
        "preferred_form": "document",
        "consent": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def statement_data(cluster):
    cluster.accessibility_published_on = date(2025, 3, 1)
    cluster.accessibility_updated_on = date(2026, 3, 20)
    cluster.save()
    coordinator = cluster.coordinator
    coordinator.email, coordinator.phone = "biuro@lesnakraina.example.org", "+48 32 123 45 67"
    coordinator.save()
    return cluster


# --- the statement ------------------------------------------------------------------------------------------------


def test_the_statement_has_every_element_of_the_ministrys_template_with_its_dates_from_the_data(client, statement_data):
    html = client.get(reverse("accessibility")).content.decode()
    ids = _ids(html)
    assert [name for name in STATEMENT_IDS if name not in ids] == []
    assert len(ids) == len(set(ids)), "an element id appears twice"
    assert '<time id="a11y-data-publikacja" datetime="2025-03-01">2025-03-01</time>' in html
    assert '<time id="a11y-data-aktualizacja" datetime="2026-03-20">2026-03-20</time>' in html
    assert '<time id="a11y-data-sporzadzenie" datetime="2026-03-20">2026-03-20</time>' in html
    page = Page(html)
    assert page.h1 == ["Deklaracja dostępności"]
    assert "Rzecznika Praw Obywatelskich" in page.text and "7 dni" in page.text and "2 miesiące" in page.text
    assert reverse("accessibility-request") in page.links
    assert "Strona internetowa jest zgodna z ustawą" in page.text


def test_without_a_named_contact_person_the_statement_names_nobody_and_gives_the_coordinators_address_and_phone(
    client, statement_data
):
    html = client.get(reverse("accessibility")).content.decode()
    assert 'id="a11y-osoba"' not in html
    assert "Zgłoszenia przyjmuje koordynator klastra." in Page(html).text
    assert 'id="a11y-email" href="mailto:biuro@lesnakraina.example.org"' in html
    assert 'id="a11y-telefon" href="tel:+48321234567"' in html


def test_the_contact_person_and_their_details_come_from_the_site_texts(client, statement_data):
    statement_data.accessibility_contact_name = "Maria Kowalczyk"
    statement_data.accessibility_contact_email = "dostepnosc@lesnakraina.example.org"
    statement_data.accessibility_contact_phone = "+48 32 000 00 00"
    statement_data.accessibility_notes_pl = "Skany uchwał sprzed 2020 r. nie mają warstwy tekstowej."
    statement_data.save()
    html = client.get(reverse("accessibility")).content.decode()
    assert '<span id="a11y-osoba">Maria Kowalczyk</span>' in html
    assert 'id="a11y-email" href="mailto:dostepnosc@lesnakraina.example.org"' in html
    assert 'id="a11y-telefon" href="tel:+48320000000"' in html
    assert "częściowo zgodna" in Page(html).text  # the inaccessible content makes it partly compliant


def test_the_coordinator_edits_the_contact_person_among_the_site_texts(client, request, cluster):
    log_in_as(client, request, "coordinator")
    html = client.get(reverse("site-texts:edit")).content.decode()
    for name in ("accessibility_contact_name", "accessibility_contact_email", "accessibility_architecture_pl"):
        assert f'name="{name}"' in html


# --- the request form ---------------------------------------------------------------------------------------------


def test_a_request_is_kept_with_its_7_day_deadline_and_sent_to_the_coordinator(
    client, statement_data, django_capture_on_commit_callbacks
):
    page = Page(client.get(reverse("accessibility-request")).content.decode())
    assert "Klauzula informacyjna" in page.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accessibility-request"), _request_data())
    assert response.status_code == 302 and response["Location"] == reverse("accessibility-request") + "?wyslano=1"
    kept = AccessibilityRequest.objects.get()
    assert (kept.name, kept.email, kept.preferred_form, kept.status) == (
        "Ewa Nowak",
        "ewa@example.org",
        "document",
        "new",
    )
    assert kept.due_on == timezone.localdate(kept.created_at) + timedelta(days=7)
    assert kept.clause_version
    (sent,) = mail.outbox
    assert sent.to == ["biuro@lesnakraina.example.org"] and sent.reply_to == ["ewa@example.org"]
    assert "skanem bez tekstu" in sent.body and "/panel/koordynator/dostepnosc/" in sent.body
    assert "Dziękujemy" in Page(client.get(response["Location"]).content.decode()).text


def test_a_request_without_consent_is_refused_keeping_what_was_typed(client, statement_data):
    response = client.post(reverse("accessibility-request"), _request_data(consent=None))
    assert response.status_code == 200
    assert response.context["form"].errors["consent"] == ["Bez tej zgody nie możemy rozpatrzyć żądania."]
    html = response.content.decode()
    assert "skanem bez tekstu" in html and 'href="#id_consent"' in html
    assert Page(html).title.startswith("Błąd: ")
    assert not AccessibilityRequest.objects.exists() and mail.outbox == []


def test_a_request_without_a_preferred_form_links_the_error_to_the_first_choice(client, statement_data):
    response = client.post(reverse("accessibility-request"), _request_data(preferred_form=None))
    assert response.status_code == 200
    assert 'href="#id_preferred_form_0"' in response.content.decode()
    assert 'id="id_preferred_form_0"' in response.content.decode()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_kept(client, statement_data):
    response = client.post(reverse("accessibility-request"), _request_data(fax="555"))
    assert response.status_code == 302
    assert not AccessibilityRequest.objects.exists() and mail.outbox == []


def test_too_many_requests_are_refused_and_what_was_typed_stays(client, statement_data, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "klaster_accessibility_request": "2/h/ip"}
    for _number in range(2):
        assert client.post(reverse("accessibility-request"), _request_data()).status_code == 302
    response = client.post(reverse("accessibility-request"), _request_data(subject="Trzecie żądanie"))
    assert response.status_code == 429
    html = response.content.decode()
    assert "zbyt wiele żądań" in html and "Trzecie żądanie" in html
    assert Page(html).title.startswith("Błąd: ")
    assert AccessibilityRequest.objects.count() == 2


# --- the coordinator's list ---------------------------------------------------------------------------------------


def _kept(name, days_ago, **fields):
    sent = timezone.now() - timedelta(days=days_ago)
    return AccessibilityRequest.objects.create(
        name=name,
        email=f"{name.split()[0].lower()}@example.org",
        subject=f"Prośba od {name}",
        preferred_form="text",
        clause_version="2026-11-29",
        created_at=sent,
        due_on=AccessibilityRequest.due_for(sent),
        **fields,
    )


def test_the_coordinator_sees_open_requests_by_deadline_with_the_overdue_ones_marked(client, request, cluster):
    late = _kept("Adam Spóźniony", days_ago=9)
    fresh = _kept("Basia Świeża", days_ago=1)
    _kept("Celina Załatwiona", days_ago=3, status="handled", handled_at=timezone.now())
    log_in_as(client, request, "coordinator")
    html = client.get(reverse("accessibility-requests:index")).content.decode()
    page = Page(html)
    assert page.text.index("Adam Spóźniony") < page.text.index("Basia Świeża")
    assert "Celina Załatwiona" not in page.text
    assert "1 żądanie jest po terminie." in page.text
    assert html.count('class="overdue"') == 1
    assert f'datetime="{late.due_on:%Y-%m-%d}"' in html and f'datetime="{fresh.due_on:%Y-%m-%d}"' in html
    handled = Page(client.get(reverse("accessibility-requests:index"), {"stan": "handled"}).content.decode())
    assert "Celina Załatwiona" in handled.text and "Adam Spóźniony" not in handled.text
    dashboard = Page(client.get(reverse("coordination:dashboard")).content.decode())
    assert "1 żądanie zapewnienia dostępności jest po terminie." in dashboard.text
    assert reverse("accessibility-requests:index") in dashboard.links


def test_the_coordinator_marks_a_request_handled_and_back_and_the_history_keeps_only_the_status(
    client, request, cluster
):
    kept = _kept("Adam Spóźniony", days_ago=9)
    log_in_as(client, request, "coordinator")
    url = reverse("accessibility-requests:set-status", args=[kept.pk])
    response = client.post(url, {"status": "handled"}, follow=True)
    assert "Żądanie od: Adam Spóźniony oznaczono jako załatwione." in messages_of(response)
    kept.refresh_from_db()
    assert kept.status == "handled" and kept.handled_at is not None and not kept.is_overdue()
    client.post(url, {"status": "new"})
    kept.refresh_from_db()
    assert kept.status == "new" and kept.handled_at is None
    changes = [entry.changes for entry in LogEntry.objects.get_for_object(kept)]
    assert changes and all(set(change) <= {"status", "due_on", "handled_at"} for change in changes)
    assert not any("Prośba" in str(change) for change in changes)


def test_staff_of_a_gmina_cannot_mark_a_request_handled(client, request, cluster):
    kept = _kept("Adam Spóźniony", days_ago=2)
    log_in_as(client, request, "staff_tworog")
    response = client.post(reverse("accessibility-requests:set-status", args=[kept.pk]), {"status": "handled"})
    assert response.status_code == 403
    kept.refresh_from_db()
    assert kept.status == "new"


def test_the_export_and_the_erasure_of_personal_data_reach_the_requests(request, cluster):
    _kept("Adam Spóźniony", days_ago=2)
    exported = personal_data_services.personal_data("adam@example.org")
    assert [item["subject"] for item in exported["accessibility_requests"]] == ["Prośba od Adam Spóźniony"]
    coordinator = request.getfixturevalue("coordinator")
    _people, _applications, _messages, others = personal_data_services.erase_everything_about(
        email="ADAM@example.org", by=coordinator
    )
    assert others["accessibility_requests"] == 1 and not AccessibilityRequest.objects.exists()


# --- the error summary of every form ------------------------------------------------------------------------------


def _summary(html):
    match = re.search(r'<div class="error-summary"[^>]*>.*?</div>', html, re.S)
    assert match, "no error summary"
    return match.group(0)


def test_the_contact_form_sent_with_errors_has_a_focused_announced_summary_linking_to_each_field(client, cluster):
    response = client.post(reverse("contact"), {"name": "", "email": "jan@", "message": "Dzień dobry"})
    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary and "data-error-summary" in summary
    assert "Popraw 3 pola oznaczone poniżej." in summary
    for field in ("name", "email", "consent"):
        assert f'href="#id_{field}"' in summary and f'id="id_{field}"' in html
    assert html.index("data-error-summary") < html.index('id="id_name"')  # at the top of the form
    assert Page(html).title.startswith("Błąd: Kontakt")
    assert "js/error-summary" in html  # the script that moves the focus to it


def test_the_application_form_sent_with_errors_has_the_summary_and_the_title_says_so(client, cluster):
    response = client.post(reverse("members:apply"), {"category": "company"})
    assert response.status_code == 200
    html = response.content.decode()
    summary = _summary(html)
    assert 'role="alert"' in summary and 'tabindex="-1"' in summary
    assert 'href="#id_name"' in summary and 'href="#id_consent"' in summary
    assert html.index("data-error-summary") < html.index('id="id_name"')
    assert Page(html).title.startswith("Błąd: Dołącz do klastra")


def test_a_page_whose_form_has_no_errors_has_neither_summary_nor_error_title(client, cluster):
    for name in ("contact", "members:apply", "accessibility-request"):
        html = client.get(reverse(name)).content.decode()
        assert "data-error-summary" not in html and not Page(html).title.startswith("Błąd")


def test_the_english_title_says_error(client, cluster):
    with translation.override("en"):
        url = reverse("contact")
    response = client.post(url, {"name": ""})
    assert Page(response.content.decode()).title.startswith("Error: ")


def test_a_file_chosen_in_a_form_that_failed_must_be_chosen_again_and_the_form_says_so(
    client, request, cluster, media_root
):
    log_in_as(client, request, "coordinator")
    upload = picture("zdjecie.png")
    response = client.post(reverse("news-admin:new"), {"title_pl": "", "status": "draft", "image": upload})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Plik „zdjecie.png” nie został zapisany, bo formularz zawiera błędy. Wybierz go ponownie" in html
    help_id = re.search(r'<input type="file" name="image"[^>]*aria-describedby="([^"]+)"', html)
    assert help_id and f'id="{help_id.group(1)}"' in html


def test_checkboxes_and_radio_buttons_are_rendered_beside_their_labels(client, cluster):
    html = client.get(reverse("accessibility-request")).content.decode()
    assert re.search(r'<div class="checkbox"><input type="radio" name="preferred_form"[^>]*> <label for=', html)
    assert re.search(r'<div class="checkbox"><input type="checkbox" name="consent"[^>]*> <label for="id_consent"', html)
