"""Accepting an application: the applicant becomes a party by accession, with its declaration PDF, in one step."""

import threading
from datetime import date

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from agreements import services as agreement_services
from agreements.models import IssuedPdf, Signature
from klaster.testing import Page, make_application
from members.models import Application, Participant


def submit(cluster, name="Spółdzielnia Słoneczna", **fields):
    """An application of a company from Tworóg with its NIP, that agreed to be listed in the directory."""
    values = {
        "nip": "5260001246",
        "contribution": "Farma fotowoltaiczna 1 MW",
        "public_listing": True,
        "gmina": Participant.objects.get(slug="tworog"),
        **fields,
    }
    return make_application(cluster, name, **values)


def test_acceptance_makes_a_party_with_its_accession_and_declaration(
    client, coordinator, cluster, django_capture_on_commit_callbacks
):
    application = submit(cluster)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("applications:accept", args=[application.pk]),
            {"signed_on": "2026-11-20", "signed_place": "Tworóg"},
            follow=True,
        )
    assert "Wniosek przyjęty" in response.content.decode()
    application.refresh_from_db()
    party = application.participant
    assert application.status == "accepted" and application.decided_by == coordinator
    assert (party.kind, party.status, party.joined_on, party.nip) == (
        "stakeholder",
        "active",
        date(2026, 11, 20),
        "5260001246",
    )
    assert party.located_in.slug == "tworog" and party.public_listing
    signature = Signature.objects.get(participant=party)
    assert (signature.basis, signature.version.number, signature.signed_place) == ("accession", 1, "Tworóg")
    assert IssuedPdf.objects.filter(kind="accession", participant=party).count() == 1
    assert len(mail.outbox) == 1 and "przyjęty" in mail.outbox[0].body
    # It appears in the register, among the agreement's parties and in the directory (it consented).
    assert party in Participant.objects.agreement_parties(date(2026, 11, 20))
    assert party.name in client.get(reverse("agreements:detail")).content.decode()
    assert party.name in client.get(reverse("members:directory")).content.decode()
    pdf = client.get(reverse("agreements:accession-pdf", args=[party.slug]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"


def test_an_applicant_without_consent_to_be_listed_is_not_in_the_directory(client, coordinator, cluster):
    application = submit(cluster, public_listing=False)
    party = agreement_services.application_accept(
        application=application, by=coordinator, signed_on=date(2026, 11, 20), send=False
    )
    assert application.name not in client.get(reverse("members:directory")).content.decode()
    assert client.get(reverse("agreements:accession-pdf", args=[party.slug])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("agreements:accession-pdf", args=[party.slug])).status_code == 200


def test_an_application_is_never_accepted_twice(coordinator, cluster):
    application = submit(cluster)
    stale = Application.objects.get(pk=application.pk)
    agreement_services.application_accept(
        application=application, by=coordinator, signed_on=date(2026, 11, 20), send=False
    )
    with pytest.raises(ValidationError, match="już rozstrzygnięty"):
        agreement_services.application_accept(
            application=stale, by=coordinator, signed_on=date(2026, 11, 20), send=False
        )
    with pytest.raises(ValidationError, match="już rozstrzygnięty"):
        agreement_services.application_reject(application=stale, reason="Za późno.", by=coordinator, send=False)
    assert Signature.objects.filter(basis="accession").count() == 1
    assert Participant.objects.filter(nip="5260001246").count() == 1


def test_an_organisation_already_in_the_register_is_refused_and_nothing_changes(coordinator, cluster):
    first = submit(cluster)
    agreement_services.application_accept(application=first, by=coordinator, signed_on=date(2026, 11, 20), send=False)
    again = submit(cluster, name="Spółdzielnia Słoneczna (ponownie)", email="inny@example.org")
    with pytest.raises(ValidationError, match="jest już w rejestrze"):
        agreement_services.application_accept(
            application=again, by=coordinator, signed_on=date(2026, 11, 21), send=False
        )
    again.refresh_from_db()
    assert again.status == "received" and Participant.objects.filter(nip="5260001246").count() == 1


def test_an_accession_before_the_version_in_force_is_refused(client, coordinator, cluster):
    application = submit(cluster)
    client.force_login(coordinator)
    response = client.post(
        reverse("applications:accept", args=[application.pk]), {"signed_on": "2017-01-01"}, follow=True
    )
    assert "przystąpienie nie może być wcześniejsze" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "received" and not Participant.objects.filter(nip="5260001246").exists()


def test_bulk_acceptance(client, coordinator, cluster):
    one = submit(cluster, "Alfa", nip="", krs="0000123456")
    two = submit(cluster, "Beta", nip="", krs="0000654321", email="b@example.org")
    client.force_login(coordinator)
    response = client.post(
        reverse("applications:bulk"),
        {"action": "accept", "ids": [one.pk, two.pk], "signed_on": "2026-11-20", "signed_place": ""},
        follow=True,
    )
    assert "Przyjęto wnioski: 2." in response.content.decode()
    assert Signature.objects.filter(basis="accession").count() == 2


def test_the_coordinator_adds_a_stakeholder_directly_with_the_same_validation(client, coordinator, cluster):
    client.force_login(coordinator)
    data = {
        "category": "company",
        "name": "Firma Energetyczna",
        "nip": "526-000-12-47",
        "city": "Pawonków",
        "signed_on": "2026-11-01",
    }
    bad = client.post(reverse("applications:stakeholder-add"), data)
    assert "suma kontrolna" in bad.content.decode() and not Participant.objects.filter(name="Firma Energetyczna")
    data["nip"] = "526-000-12-46"
    response = client.post(reverse("applications:stakeholder-add"), data, follow=True)
    assert "Dodano interesariusza Firma Energetyczna" in response.content.decode()
    party = Participant.objects.get(name="Firma Energetyczna")
    assert party.status == "active" and party.signatures.get().basis == "accession"


def test_the_add_a_stakeholder_form_speaks_to_the_coordinator_not_to_an_applicant(client, coordinator, cluster):
    client.force_login(coordinator)
    response = client.get(reverse("applications:stakeholder-add"))
    assert response.status_code == 200
    form = response.context["form"]
    assert form["gmina"].label == "Gmina interesariusza"
    assert form["gmina"].help_text.startswith("Gmina klastra, w której interesariusz działa")
    said = " ".join(f"{field.label} {field.help_text}" for field in form)
    text = Page(response.content.decode()).text
    page = text.split("Dodaj interesariusza", 1)[1].split("Dodaj i zapisz przystąpienie", 1)[0]
    for applicants_words in ("Twoja", "Twoją", "Twojej", "działasz", "Zgadzam się", "wyślemy", "Zapoznałem"):
        assert applicants_words not in page, applicants_words
    assert "wniosku" not in said  # the applicant's own words about their application


if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):

    @pytest.mark.django_db(transaction=True)
    def test_two_coordinators_accepting_at_the_same_moment_make_one_accession(coordinator, cluster):
        """PostgreSQL only (SQLite has no row locks; the stale-instance test above covers the logic there)."""
        application = submit(cluster)
        barrier = threading.Barrier(2)
        outcomes = []

        def decide():
            try:
                barrier.wait()
                agreement_services.application_accept(
                    application=application, by=coordinator, signed_on=date(2026, 11, 20), send=False
                )
                outcomes.append("accepted")
            except ValidationError as error:
                outcomes.append(" ".join(error.messages))
            finally:
                connection.close()

        threads = [threading.Thread(target=decide) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert outcomes.count("accepted") == 1 and len(outcomes) == 2
        assert "już rozstrzygnięty" in next(outcome for outcome in outcomes if outcome != "accepted")
        assert Signature.objects.filter(basis="accession").count() == 1
