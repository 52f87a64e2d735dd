"""The coordinator's metering points: adding, changing (with a change made meanwhile refused), moving a point with
its readings, and the list. Who may open each page is asked by the permission matrix."""

from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from energy import services
from energy.models import HourlyBalance, MeteringPoint
from energy.parsing import parse_elicznik
from klaster.testing import count_queries, html_problems, make_stakeholder, messages_of, read_page

DATA = Path(__file__).parent / "data"
CODE = "590322400000123450"


@pytest.fixture
def company(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna")


def point_data(party_, gmina_, **changes):
    data = {
        "party": party_.pk,
        "code": "590 3224 0000012345 0",
        "old_code": "",
        "direction": "both",
        "tariff_group": "C11",
        "street": "ul. Słoneczna 1",
        "postal_code": "42-690",
        "city": "Tworóg",
        "gmina": gmina_.pk,
        "valid_from": "2024-01-01",
        "valid_to": "",
    }
    return {**data, **changes}


def test_the_coordinator_adds_a_point_typed_as_on_an_invoice(client, coordinator, company, tworog):
    client.force_login(coordinator)
    form = client.get(reverse("energy-admin:point-new"))
    assert html_problems(form.content.decode()) == []
    response = client.post(reverse("energy-admin:point-new"), point_data(company, tworog))
    assert response["Location"] == reverse("energy-admin:points")
    point = MeteringPoint.objects.get()
    assert (point.code, point.party, point.gmina, point.tariff_group) == (CODE, company, tworog, "C11")
    assert LogEntry.objects.get_for_object(point).get().actor == coordinator
    listing = client.get(response["Location"])
    assert "Dodano punkt poboru 590 3224 0000012345 0." in messages_of(listing)
    assert "590 3224 0000012345 0 Spółdzielnia Słoneczna Tworóg pobór i oddawanie C11" in read_page(listing).text
    assert html_problems(listing.content.decode()) == []


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"code": "590 3224 0000012345 1"}, "code", "cyfra kontrolna się nie zgadza"),
        ({"code": "5903224"}, "code", "18 cyfr"),
        ({"valid_to": "2023-12-31"}, "valid_to", "zanim zaczął"),
        ({"gmina": "@company"}, "gmina", ""),
    ],
)
def test_a_wrong_point_is_refused_with_a_polish_message(client, coordinator, company, tworog, changes, field, words):
    client.force_login(coordinator)
    changes = {key: company.pk if value == "@company" else value for key, value in changes.items()}
    response = client.post(reverse("energy-admin:point-new"), point_data(company, tworog, **changes))
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert MeteringPoint.objects.count() == 0
    assert html_problems(response.content.decode()) == []


def test_a_change_saved_meanwhile_is_not_overwritten(client, coordinator, company, tworog):
    point = services.metering_point_create(
        data={"party": company, "code": CODE, "direction": "both", "gmina": tworog, "valid_from": date(2024, 1, 1)},
        by=coordinator,
    )
    client.force_login(coordinator)
    opened = client.get(reverse("energy-admin:point-edit", kwargs={"pk": point.pk}))
    edited_from = opened.context["form"].initial["edited_from"]
    MeteringPoint.objects.filter(pk=point.pk).update(tariff_group="G11")  # someone else, meanwhile
    response = client.post(
        reverse("energy-admin:point-edit", kwargs={"pk": point.pk}),
        {**point_data(company, tworog, tariff_group="C21"), "edited_from": edited_from},
    )
    assert response.status_code == 200
    assert "Grupa taryfowa: było (puste), teraz jest „G11”." in read_page(response).text
    assert MeteringPoint.objects.get().tariff_group == "G11"


def test_moving_a_point_to_another_gmina_moves_its_hourly_sums(client, coordinator, company, tworog, pawonkow):
    point = MeteringPoint.objects.create(
        party=company, code=CODE, direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )
    content = (DATA / "elicznik-2021-07-03.csv").read_bytes()
    services.readings_import(metering_point=point, parsed=parse_elicznik(content), content=content)
    assert HourlyBalance.objects.filter(gmina=tworog).count() == 96
    services.metering_point_update(point=point, data={"gmina": pawonkow}, by=coordinator)
    assert HourlyBalance.objects.filter(gmina=tworog).count() == 0
    assert HourlyBalance.objects.get(
        gmina=pawonkow, party=company, direction="consumption", hour=datetime(2021, 7, 3, 11, tzinfo=UTC)
    ).energy_kwh == Decimal("0.114")
    assert HourlyBalance.objects.count() == 96


def test_only_the_coordinator_changes_points_even_outside_the_views(staff_tworog, company, tworog):
    with pytest.raises(PermissionDenied):
        services.metering_point_create(
            data={"party": company, "code": CODE, "direction": "both", "gmina": tworog, "valid_from": date(2024, 1, 1)},
            by=staff_tworog,
        )
    assert MeteringPoint.objects.count() == 0


def test_the_list_of_points_costs_the_same_queries_however_many(client, coordinator, company, tworog, pawonkow):
    client.force_login(coordinator)
    MeteringPoint.objects.create(party=company, code=CODE, direction="both", gmina=tworog, valid_from=date(2020, 1, 1))
    count_queries(client, reverse("energy-admin:points"))  # the first page of a session also touches the session
    few = count_queries(client, reverse("energy-admin:points"))
    for code, gmina in (("590322400000678905", pawonkow), ("590322400000000010", tworog)):
        party = make_stakeholder(company.cluster, f"Firma {code[-4:]}")
        MeteringPoint.objects.create(
            party=party, code=code, direction="feed_in", gmina=gmina, valid_from=date(2020, 1, 1)
        )
    assert count_queries(client, reverse("energy-admin:points")) == few
