"""The coordinator's review of applications and the gmina's read-only view of them."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from agreements import services as agreement_services
from klaster.testing import count_queries, make_application, make_stakeholder
from members import services
from members.duplicates import duplicates_of
from members.models import Application, Participant


def test_the_queue_shows_open_applications_oldest_first_with_counts(client, coordinator, cluster, tworog):
    first = make_application(cluster, "Alfa", gmina=tworog, nip="5260001246")
    second = make_application(cluster, "Beta", email="b@example.org")
    rejected = make_application(cluster, "Gamma", email="g@example.org")
    agreement_services.application_reject(
        application=rejected, reason="Poza obszarem klastra.", by=coordinator, send=False
    )
    client.force_login(coordinator)
    response = client.get(reverse("applications:queue"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Alfa") < page.index("Beta") and "Gamma</a>" not in page
    assert "Odrzucony: 1" in page and "Złożony: 2" in page
    assert [a.name for a in response.context["page"].object_list] == ["Alfa", "Beta"]
    filtered = client.get(reverse("applications:queue"), {"status": "", "gmina": tworog.pk})
    assert [a.name for a in filtered.context["page"].object_list] == ["Alfa"]
    by_nip = client.get(reverse("applications:queue"), {"status": "", "q": "526-000"})
    assert [a.name for a in by_nip.context["page"].object_list] == ["Alfa"]
    assert first.pk and second.pk


def test_the_queue_does_not_query_more_with_more_applications(client, coordinator, cluster, tworog):
    client.force_login(coordinator)
    make_application(cluster, "Pierwsza", gmina=tworog)
    url = reverse("applications:queue")
    client.get(url)  # the first request of a session writes it
    small = count_queries(client, url)
    for number in range(40):
        make_application(cluster, f"Firma {number}", gmina=tworog, email=f"f{number}@example.org")
    assert count_queries(client, url) == small


def test_duplicates_are_shown_before_deciding(client, coordinator, cluster):
    make_stakeholder(cluster, "Spółdzielnia Energetyczna Słoneczny Tworóg sp. z o.o.", nip="5260001246")
    application = make_application(cluster, "SPÓŁDZIELNIA ENERGETYCZNA SŁONECZNY TWORÓG", krs="0000123456")
    twin = make_application(cluster, "Zupełnie Inna Nazwa", krs="123456", email="x@example.org")
    found = {(d.kind, d.obj.name): d.reasons for d in duplicates_of(application)}
    assert found[("participant", "Spółdzielnia Energetyczna Słoneczny Tworóg sp. z o.o.")] == ("name",)
    assert found[("application", twin.name)] == ("KRS",)
    client.force_login(coordinator)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Możliwe duplikaty" in page and "ten sam KRS" in page and "podobna nazwa" in page


def test_rejecting_needs_a_reason_and_tells_the_applicant(
    client, coordinator, cluster, django_capture_on_commit_callbacks
):
    application = make_application(cluster)
    client.force_login(coordinator)
    response = client.post(reverse("applications:reject", args=[application.pk]), {"reason": ""}, follow=True)
    assert "To pole jest wymagane" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("applications:reject", args=[application.pk]), {"reason": "Brak instalacji OZE."})
    application.refresh_from_db()
    assert application.status == "rejected" and application.decided_by == coordinator
    assert application.decision_reason == "Brak instalacji OZE."
    assert [e.status for e in application.events.all()] == ["received", "rejected"]
    assert len(mail.outbox) == 1 and "Brak instalacji OZE." in mail.outbox[0].body
    status = client.get(services.application_status_path(application))
    assert "odrzucony" in status.content.decode() and "Brak instalacji OZE." in status.content.decode()


def test_the_accept_form_proposes_today_as_a_date_the_date_field_can_show(client, coordinator, cluster):
    """An <input type="date"> reads only an ISO date: "29.11.2026" would show an empty, required field."""
    application = make_application(cluster, "Spółdzielnia Słoneczna")
    client.force_login(coordinator)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert f'name="signed_on" value="{timezone.localdate().isoformat()}"' in page


def test_a_second_decision_on_the_same_application_changes_nothing(client, coordinator, cluster):
    application = make_application(cluster)
    stale = Application.objects.get(pk=application.pk)
    agreement_services.application_reject(
        application=application, reason="Pierwsza decyzja.", by=coordinator, send=False
    )
    with pytest.raises(ValidationError, match="już rozstrzygnięty"):
        agreement_services.application_reject(application=stale, reason="Druga decyzja.", by=coordinator, send=False)
    client.force_login(coordinator)
    response = client.post(reverse("applications:reject", args=[application.pk]), {"reason": "Trzecia."}, follow=True)
    assert "już rozstrzygnięty" in response.content.decode()
    application.refresh_from_db()
    assert application.decision_reason == "Pierwsza decyzja." and application.events.count() == 2


def test_marking_under_review_is_recorded_once(client, coordinator, cluster):
    application = make_application(cluster)
    client.force_login(coordinator)
    client.post(reverse("applications:start-review", args=[application.pk]))
    client.post(reverse("applications:start-review", args=[application.pk]))
    application.refresh_from_db()
    assert application.status == "under_review"
    assert [e.status for e in application.events.all()] == ["received", "under_review"]


def test_bulk_rejection_decides_the_open_ones_and_reports_the_rest(client, coordinator, cluster):
    open_one = make_application(cluster, "Alfa")
    other = make_application(cluster, "Beta", email="b@example.org")
    decided = make_application(cluster, "Gamma", email="g@example.org")
    agreement_services.application_reject(application=decided, reason="Wcześniej.", by=coordinator, send=False)
    client.force_login(coordinator)
    response = client.post(
        reverse("applications:bulk"),
        {"action": "reject", "ids": [open_one.pk, other.pk, decided.pk], "reason": "Nabór zamknięty."},
        follow=True,
    )
    page = response.content.decode()
    assert "Odrzucono wnioski: 2." in page and "Gamma: Ten wniosek został już rozstrzygnięty" in page
    assert set(Application.objects.filter(decision_reason="Nabór zamknięty.").values_list("name", flat=True)) == {
        "Alfa",
        "Beta",
    }


def test_bulk_without_an_action_or_a_selection_changes_nothing(client, coordinator, cluster):
    application = make_application(cluster)
    client.force_login(coordinator)
    no_action = client.post(reverse("applications:bulk"), {"ids": [application.pk]}, follow=True)
    assert "Wybierz, co zrobić" in no_action.content.decode()
    nothing = client.post(reverse("applications:bulk"), {"action": "reject", "reason": "x"}, follow=True)
    assert "Nie zaznaczono żadnego wniosku" in nothing.content.decode()
    application.refresh_from_db()
    assert application.status == "received"


def test_staff_read_the_applications_from_their_gmina_without_contact_details(client, staff_tworog, cluster, tworog):
    mine = make_application(cluster, "Z Tworoga", gmina=tworog)
    make_application(cluster, "Z Pawonkowa", gmina=Participant.objects.get(slug="pawonkow"), email="p@example.org")
    client.force_login(staff_tworog)
    listing = client.get(reverse("workspace:applications", args=["tworog"])).content.decode()
    assert "Z Tworoga" in listing and "Z Pawonkowa" not in listing
    detail = client.get(reverse("workspace:application", args=["tworog", mine.pk]))
    assert detail.status_code == 200
    page = detail.content.decode()
    assert "Instalacja fotowoltaiczna" in page
    assert "kontakt@example.org" not in page and "600 100 200" not in page and "Anna Kowalska" not in page
    assert "<form" not in page.split("<main", 1)[1].split("</main>", 1)[0]
    overview = client.get(reverse("workspace:gmina", args=["tworog"])).content.decode()
    assert "1 wniosek czeka na decyzję koordynatora" in overview


def test_the_decision_services_refuse_a_coordinator_without_the_second_factor(cluster, coordinator_without_mfa):
    from django.core.exceptions import PermissionDenied

    application = make_application(cluster)
    with pytest.raises(PermissionDenied):
        agreement_services.application_start_review(application=application, by=coordinator_without_mfa)
    with pytest.raises(PermissionDenied):
        agreement_services.application_reject(application=application, reason="Nie.", by=coordinator_without_mfa)
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
