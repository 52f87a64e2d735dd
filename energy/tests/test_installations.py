"""The coordinator's installations and storage: adding them (shown on the public energy page), what is refused, and
the list. Who may open each page is asked by the permission matrix."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from energy import services
from energy.models import Installation, MeteringPoint
from klaster.testing import count_queries, html_problems, make_stakeholder, messages_of, read_page


@pytest.fixture
def company(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna")


def installation_data(party_, gmina_, **changes):
    data = {
        "party": party_.pk,
        "name": "Dach szkoły",
        "technology": "pv",
        "capacity_kw": "49,5",
        "storage_kwh": "",
        "renewable": "on",
        "status": "operating",
        "commissioned_on": "2023-05-01",
        "metering_point": "",
        "gmina": gmina_.pk,
    }
    return {**data, **changes}


def test_the_coordinator_adds_an_installation_that_the_public_page_counts(client, coordinator, company, tworog):
    client.force_login(coordinator)
    form = client.get(reverse("energy-admin:installation-new"))
    assert html_problems(form.content.decode()) == []
    point = MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )
    response = client.post(
        reverse("energy-admin:installation-new"), installation_data(company, tworog, metering_point=point.pk)
    )
    assert response["Location"] == reverse("energy-admin:installations")
    installation = Installation.objects.get()
    assert (installation.capacity_kw, installation.metering_point, installation.renewable) == (
        Decimal("49.5"), point, True)  # fmt: skip
    listing = client.get(response["Location"])
    assert "Zapisano instalację." in messages_of(listing)
    text = read_page(listing).text
    assert "fotowoltaika: Dach szkoły Spółdzielnia Słoneczna Tworóg 49,5 – tak działa (1 maja 2023 r.)" in text
    assert reverse("energy-admin:installation-delete", kwargs={"pk": installation.pk}) in listing.content.decode()
    assert html_problems(listing.content.decode()) == []
    client.logout()
    assert "fotowoltaika 1 49,500" in read_page(client.get(reverse("energy:index"))).text


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"storage_kwh": "10"}, "storage_kwh", "tylko dla magazynu"),
        ({"commissioned_on": ""}, "commissioned_on", "Podaj datę uruchomienia"),
        ({"capacity_kw": "-1"}, "capacity_kw", "większa lub równa 0"),
        ({"capacity_kw": "dużo"}, "capacity_kw", "Wpisz liczbę"),
    ],
)
def test_a_wrong_installation_is_refused_in_polish(client, coordinator, company, tworog, changes, field, words):
    client.force_login(coordinator)
    response = client.post(reverse("energy-admin:installation-new"), installation_data(company, tworog, **changes))
    assert response.status_code == 200
    assert words in " ".join(response.context["form"].errors[field])
    assert Installation.objects.count() == 0
    assert html_problems(response.content.decode()) == []


def test_a_planned_storage_needs_no_commissioning_date(coordinator, company, tworog):
    storage = services.installation_save(
        data={"party": company, "technology": "storage", "capacity_kw": Decimal("20"), "storage_kwh": Decimal("40"),
              "renewable": False, "status": "planned", "gmina": tworog},
        by=coordinator,
    )  # fmt: skip
    assert storage.storage_kwh == Decimal("40")


def test_only_the_coordinator_adds_installations_even_outside_the_views(staff_tworog, company, tworog):
    with pytest.raises(PermissionDenied):
        services.installation_save(
            data={"party": company, "technology": "pv", "capacity_kw": Decimal("5"), "gmina": tworog},
            by=staff_tworog,
        )
    assert Installation.objects.count() == 0


def test_the_list_of_installations_costs_the_same_queries_however_many(client, coordinator, company, tworog, pawonkow):
    client.force_login(coordinator)
    Installation.objects.create(party=company, technology="pv", capacity_kw=5, gmina=tworog,
                                commissioned_on=date(2020, 1, 1))  # fmt: skip
    count_queries(client, reverse("energy-admin:installations"))
    few = count_queries(client, reverse("energy-admin:installations"))
    for code, gmina in (("590322400000678905", pawonkow), ("590322400000000010", tworog)):
        party = make_stakeholder(company.cluster, f"Firma {code[-4:]}")
        point = MeteringPoint.objects.create(party=party, code=code, direction="feed_in", gmina=gmina,
                                             valid_from=date(2020, 1, 1))  # fmt: skip
        Installation.objects.create(party=party, technology="wind", capacity_kw=900, gmina=gmina, status="planned",
                                    metering_point=point)  # fmt: skip
    assert count_queries(client, reverse("energy-admin:installations")) == few
