"""The public energy page and the coordinator's import of readings: upload, preview, confirm, discard. Who may open
each page is asked by the permission matrix (klaster/tests/test_permissions.py)."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from energy import services
from energy.models import HourlyBalance, ImportBatch, Installation, MeteringPoint, Reading, StaleBalanceYear
from energy.parsing import parse_elicznik
from klaster.testing import count_queries, html_problems, make_stakeholder, messages_of, read_page
from members.register import uploads

DATA = Path(__file__).parent / "data"


@pytest.fixture
def company(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna")


@pytest.fixture
def point(company, tworog):
    return MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )


def upload(client, point, name="elicznik-2021-07-03.csv", content=None):
    content = content if content is not None else (DATA / name).read_bytes()
    return client.post(
        reverse("energy-admin:import"),
        {"metering_point": point.pk, "file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def token_of(response):
    return response["Location"].rstrip("/").rsplit("/", 1)[1]


# --- the public page -------------------------------------------------------------------------------------------------


def test_the_public_page_says_plainly_that_there_is_no_energy_data_yet(client, cluster):
    response = client.get(reverse("energy:index"))
    assert response.status_code == 200
    text = read_page(response).text
    assert "Klaster nie ma jeszcze w portalu żadnych danych o energii" in text
    assert "kWh" not in text
    assert html_problems(response.content.decode()) == []


def test_the_public_page_shows_capacity_and_energy_from_the_aggregate(client, point, company, tworog):
    Installation.objects.create(
        party=company, technology="pv", capacity_kw=Decimal("49.5"), gmina=tworog, commissioned_on=date(2021, 1, 1)
    )
    Installation.objects.create(
        party=company, technology="pv", capacity_kw=Decimal("10"), gmina=tworog, commissioned_on=date(2022, 1, 1)
    )
    Installation.objects.create(party=company, technology="wind", capacity_kw=Decimal("900"), gmina=tworog,
                                status="planned")  # fmt: skip
    content = (DATA / "elicznik-2021-07-03.csv").read_bytes()
    services.readings_import(metering_point=point, parsed=parse_elicznik(content), content=content)
    response = client.get(reverse("energy:index"))
    text = read_page(response).text
    assert "Klaster nie ma jeszcze" not in text
    assert "fotowoltaika 2 59,500" in text  # two operating PV installations, 49.5 + 10 kW
    assert "elektrownia wiatrowa" not in text  # only planned
    assert "pobór 2,700" in text and "oddanie 14,690" in text  # the sums computed by hand in test_parsing
    assert "od 3 lipca 2021, 00:00 do 4 lipca 2021, 00:00" in text  # Warsaw time
    assert html_problems(response.content.decode()) == []


def test_the_public_page_costs_the_same_queries_however_much_data(client, point, company, tworog):
    Installation.objects.create(
        party=company, technology="pv", capacity_kw=Decimal("5"), gmina=tworog, commissioned_on=date(2021, 1, 1)
    )
    HourlyBalance.objects.create(
        party=company, gmina=tworog, direction="consumption", hour=datetime(2021, 1, 1, tzinfo=UTC), energy_kwh=1
    )
    StaleBalanceYear.objects.create(year=2021)
    services.balances_settle()
    few = count_queries(client, reverse("energy:index"))
    for technology in ("wind", "biogas", "storage"):
        Installation.objects.create(
            party=company,
            technology=technology,
            capacity_kw=Decimal("5"),
            gmina=tworog,
            commissioned_on=date(2021, 1, 1),
        )
    for name in ("elicznik-2021-07-03.csv", "elicznik-2024-10-27-1-25.csv"):
        content = (DATA / name).read_bytes()
        services.readings_import(metering_point=point, parsed=parse_elicznik(content), content=content)
    services.balances_settle()  # else this request sums the cluster's hours again, once
    assert count_queries(client, reverse("energy:index")) == few


# --- the coordinator's import ----------------------------------------------------------------------------------------


def test_upload_preview_confirm_writes_the_readings(client, coordinator, point):
    client.force_login(coordinator)
    response = upload(client, point)
    assert response.status_code == 302
    token = token_of(response)
    assert Reading.objects.count() == 0  # nothing before the confirmation

    preview = client.get(reverse("energy-admin:import-preview", kwargs={"token": token}))
    assert preview.status_code == 200
    text = read_page(preview).text
    assert "590 3224 0000012345 0" in text and "Spółdzielnia Słoneczna" in text
    assert "2021-07-03 00:00 – 2021-07-04 00:00" in text
    # The sums by hand: pobór 24 × 0.1 + (1 + … + 24) / 1000; balanced feed-in 13 × 0.5 + (7 + … + 19) / 100.
    assert "pobór 24 2,700" in text and "oddanie po zbilansowaniu 24 8,190" in text
    assert html_problems(preview.content.decode()) == []
    assert Reading.objects.count() == 0

    confirmed = client.post(reverse("energy-admin:import-confirm", kwargs={"token": token}))
    assert confirmed["Location"] == reverse("energy-admin:index")
    assert Reading.objects.filter(metering_point=point).count() == 96
    batch = ImportBatch.objects.get()
    assert (batch.file_name, batch.imported_by) == ("elicznik-2021-07-03.csv", coordinator)
    assert uploads.upload_read(token) is None  # the file is gone from the server
    index = client.get(confirmed["Location"])
    assert "Zaimportowano odczyty punktu 590 3224 0000012345 0: 96, w tym zastąpione: 0." in messages_of(index)
    assert "elicznik-2021-07-03.csv" in read_page(index).text
    assert html_problems(index.content.decode()) == []

    # The same file again: the preview says what it replaces, and confirming does not double anything.
    token = token_of(upload(client, point))
    again = client.get(reverse("energy-admin:import-preview", kwargs={"token": token}))
    assert "Odczyty tego punktu, które import zastąpi 96" in read_page(again).text
    client.post(reverse("energy-admin:import-confirm", kwargs={"token": token}))
    assert Reading.objects.count() == 96


def test_a_malformed_file_is_previewed_with_its_problems_and_changes_nothing(client, coordinator, point):
    client.force_login(coordinator)
    token = token_of(upload(client, point, name="elicznik-malformed.csv"))
    preview = client.get(reverse("energy-admin:import-preview", kwargs={"token": token}))
    page = preview.content.decode()
    text = read_page(preview).text
    assert "Plik ma 7 problemów" in text
    assert "4 Data „03.07.2021 3:00” to nie jest data i godzina" in text
    assert "6 Rodzaj nieznany rodzaj „zużycie”" in text
    assert reverse("energy-admin:import-confirm", kwargs={"token": token}) not in page
    assert html_problems(page) == []

    # Posting the confirmation anyway writes nothing.
    response = client.post(reverse("energy-admin:import-confirm", kwargs={"token": token}))
    assert response.status_code == 200
    assert "Plik ma problemy, więc niczego nie zapisano." in messages_of(response)
    assert (Reading.objects.count(), ImportBatch.objects.count(), HourlyBalance.objects.count()) == (0, 0, 0)


def test_the_upload_form_names_what_is_missing_in_polish(client, coordinator, point):
    client.force_login(coordinator)
    response = client.post(reverse("energy-admin:import"), {})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"metering_point", "file"}
    assert "Popraw 2 pola oznaczone poniżej" in read_page(response).text
    assert html_problems(response.content.decode()) == []


def test_an_upload_of_another_session_or_a_discarded_one_is_gone(client, coordinator, point, django_user_model):
    client.force_login(coordinator)
    token = token_of(upload(client, point))
    discarded = client.post(reverse("energy-admin:import-discard", kwargs={"token": token}))
    assert discarded["Location"] == reverse("energy-admin:import")
    assert uploads.upload_read(token) is None
    gone = client.post(reverse("energy-admin:import-confirm", kwargs={"token": token}))
    assert gone["Location"] == reverse("energy-admin:import")
    assert Reading.objects.count() == 0

    # A token this session never made finds nothing, even while the file waits for its own session.
    token = token_of(upload(client, point))
    client.logout()
    client.force_login(coordinator)  # a new session of the same coordinator
    assert client.get(reverse("energy-admin:import-preview", kwargs={"token": token}))["Location"] == reverse(
        "energy-admin:import"
    )
    assert uploads.upload_read(token) is not None


def test_the_panel_says_when_there_is_no_metering_point_to_import_for(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("energy-admin:index"))
    text = read_page(response).text
    assert "Nie ma jeszcze żadnego punktu poboru energii" in text
    assert reverse("energy-admin:import") not in response.content.decode().split("<main", 1)[1]
