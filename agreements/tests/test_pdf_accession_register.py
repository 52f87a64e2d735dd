"""The PDFs of one party's accession declaration and of the member register as of a day: what each shows, and to
whom."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from agreements.models import IssuedPdf
from klaster.testing import download, identifier_in, log_in_as, make_stakeholder, pdf_text
from klaster.testing.agreements import FOUNDED, PARTIES, accede
from members.models import Participant

pytestmark = pytest.mark.usefixtures("media_root")


# --- the accession declaration ---------------------------------------------------------------------------------------


@pytest.fixture
def acceded(agreement, cluster):
    company = make_stakeholder(
        cluster, "Przedsiębiorstwo Ciepłownicze Łąka", slug="pc-laka", city="Tworóg", nip="5261040828"
    )
    accede(company, agreement)
    return company


@pytest.mark.parametrize("persona", ["anonymous", "staff_tworog", "coordinator"])
def test_accession_pdf_of_a_public_party_is_public(persona, request, client, acceded, renders):
    log_in_as(client, request, persona)
    response, data = download(client, "agreements:accession-pdf", slug=acceded.slug)
    assert response.status_code == 200
    flat = " ".join(pdf_text(data).split())
    assert "Deklaracja przystąpienia: Przedsiębiorstwo Ciepłownicze Łąka" in flat
    assert "1 maja 2022 r., Tworóg" in flat and "526-104-08-28" in flat
    assert "Nie zastępuje podpisanej deklaracji" in flat
    assert identifier_in(data).startswith("DEK-")
    assert response["Content-Disposition"].endswith('"deklaracja-przystapienia-pc-laka.pdf"')


def test_accession_pdf_of_a_founding_party_or_a_stranger_is_not_found(client, cluster, renders):
    assert client.get(reverse("agreements:accession-pdf", kwargs={"slug": "tworog"})).status_code == 404
    assert client.get(reverse("agreements:accession-pdf", kwargs={"slug": "nie-ma-takiej"})).status_code == 404
    make_stakeholder(cluster, "Firma Bez Podpisu")
    assert client.get(reverse("agreements:accession-pdf", kwargs={"slug": "firma-bez-podpisu"})).status_code == 404
    assert renders.count == 0


def test_accession_pdf_of_a_party_that_is_not_public_is_the_coordinators(
    client, coordinator, agreement, cluster, renders
):
    """Everyone else is not found: the permission matrix (klaster/tests/test_permissions.py) asks each persona."""
    hidden = make_stakeholder(cluster, "Jan Nowak", category=Participant.Category.PERSON, public_listing=False)
    accede(hidden, agreement)
    client.force_login(coordinator)
    response, data = download(client, "agreements:accession-pdf", slug=hidden.slug)
    assert response.status_code == 200
    assert "Jan Nowak" in pdf_text(data)
    assert "private" in response["Cache-Control"]


# --- the member register ---------------------------------------------------------------------------------------------


def test_register_before_the_signing_has_no_members(client, cluster, renders):
    response, data = download(client, "agreements:register-pdf", query="?dzien=2018-04-09")
    assert response.status_code == 200
    flat = " ".join(pdf_text(data).split())
    assert "przed przystąpieniem pierwszej strony" in flat
    assert "Klaster nie miał wtedy członków" in flat
    assert not any(gmina in flat for gmina in PARTIES[:5])
    assert "(0)" not in flat and "Lp." not in flat  # no table at all
    assert response["Content-Disposition"].endswith('"rejestr-czlonkow-zielona-energia-lesnej-krainy-2018-04-09.pdf"')


def test_register_on_the_day_of_signing_lists_the_six_parties(client, cluster, renders):
    response, data = download(client, "agreements:register-pdf", query="?dzien=2018-04-10")
    flat = " ".join(pdf_text(data).split())
    assert "Członkowie klastra od 10 kwietnia 2018 r. (6)" in flat
    for party in PARTIES[:5]:
        assert party in flat
    assert "6. Stowarzyszenie Lokalna Grupa" in flat
    assert identifier_in(data).startswith("REJ-")
    issued = IssuedPdf.objects.get()
    assert issued.as_of == FOUNDED and issued.kind == IssuedPdf.Kind.REGISTER


def test_register_without_a_day_is_as_of_today(client, cluster, agreement, renders):
    joined_today = make_stakeholder(cluster, "Spółka Dzisiejsza")
    accede(joined_today, agreement, on=timezone.localdate())
    response, data = download(client, "agreements:register-pdf")
    assert IssuedPdf.objects.get().as_of == timezone.localdate()
    assert joined_today.name in pdf_text(data)


@pytest.mark.parametrize("day", ["2018-13-01", "10.04.2018", "jutro", "2018-4-1", "<script>"])
def test_register_with_a_malformed_day_says_how_to_write_it(client, cluster, day, renders):
    response = client.get(reverse("agreements:register-pdf"), {"dzien": day})
    assert response.status_code == 400
    page = response.content.decode()
    assert "nie jest poprawną datą" in page and "RRRR-MM-DD" in page
    assert "<script>" not in page
    assert renders.count == 0


def test_register_of_a_future_day_is_refused(client, cluster, renders):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.get(reverse("agreements:register-pdf"), {"dzien": tomorrow.isoformat()})
    assert response.status_code == 400
    assert "dzień dzisiejszy" in response.content.decode()


@pytest.mark.parametrize(
    "persona, sees_hidden",
    [("anonymous", False), ("staff_tworog", False), ("coordinator_without_mfa", False), ("coordinator", True)],
)
def test_register_lists_parties_that_did_not_consent_only_for_the_coordinator(
    persona, sees_hidden, request, client, cluster, agreement, renders
):
    day = datetime.date(2020, 1, 1)
    accede(make_stakeholder(cluster, "Ukryta Spółka Energetyczna", public_listing=False), agreement, on=day)
    accede(make_stakeholder(cluster, "Jawna Spółka Energetyczna"), agreement, on=day)
    log_in_as(client, request, persona)
    response, data = download(client, "agreements:register-pdf", query="?dzien=2021-01-01")
    flat = " ".join(pdf_text(data).split())
    assert "Jawna Spółka Energetyczna" in flat
    assert ("Ukryta Spółka Energetyczna" in flat) is sees_hidden
    assert ("pełny rejestr" in flat) is sees_hidden
    assert f"Członkowie klastra od 1 stycznia 2020 r. ({8 if sees_hidden else 7})" in flat
    assert ("private" in response["Cache-Control"]) is sees_hidden


def test_a_client_walking_through_register_days_is_slowed_down(client, cluster, agreement, renders, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "klaster_register_pdf": "2/m/ip"}
    accede(make_stakeholder(cluster, "Spółka Styczniowa"), agreement, on=datetime.date(2020, 1, 2))
    assert client.get(reverse("agreements:register-pdf"), {"dzien": "2020-01-01"}).status_code == 200
    assert client.get(reverse("agreements:register-pdf"), {"dzien": "2020-01-02"}).status_code == 200
    refused = client.get(reverse("agreements:register-pdf"), {"dzien": "2020-01-03"})
    assert refused.status_code == 429 and "Zbyt wiele prób" in refused.content.decode()
    assert renders.count == 2
