"""A gmina's energy in its workspace panel: its own metering points, their readings and its share of the cluster's
energy; its staff see only their gmina's. Who may open the page is asked by the permission matrix
(klaster/tests/test_permissions.py). Figures of the data set: klaster.testing.energy."""

from decimal import Decimal

import pytest
from django.urls import reverse

from energy.services.balances import balances_settle
from energy.services.indicators import Period
from energy.services.member import member_energy
from klaster.testing import count_queries, html_problems, read_page
from klaster.testing.energy import DAYS, energy_data, hours, make_point, write_readings


@pytest.fixture
def data(cluster):
    return energy_data(cluster)


def page(client, slug, query="?rok=2024"):
    return client.get(reverse("gmina-energy:index", kwargs={"slug": slug}) + query)


def test_tworogs_staff_see_their_gminas_own_points_and_share_and_nobody_elses(client, data, staff_tworog):
    client.force_login(staff_tworog)
    response = page(client, "tworog")
    assert response.status_code == 200
    text = read_page(response).text
    assert data["t"].code_display in text
    for other in ("a", "b", "c"):  # a cooperative's and a company's points in Tworóg, Pawonków's own
        assert data[other].code_display not in text
    assert "Wiatr Ukryty" not in text and "Spółdzielnia Słoneczna" not in text
    assert "Zapotrzebowanie (pobór) 40,0 187,0 21,4%" in text
    assert "Produkcja (oddanie do sieci) 0,0 115,0 0,0%" in text
    assert html_problems(response.content.decode()) == []


def test_pawonkows_staff_see_pawonkows_figures_and_are_refused_tworogs_panel(client, data, staff_pawonkow):
    client.force_login(staff_pawonkow)
    text = read_page(page(client, "pawonkow")).text
    assert data["b"].code_display in text and data["t"].code_display not in text
    assert "Zapotrzebowanie (pobór) 49,0 187,0 26,2%" in text
    assert page(client, "tworog").status_code == 403


def test_the_coordinator_sees_any_gminas_energy(client, data, coordinator):
    client.force_login(coordinator)
    assert data["t"].code_display in read_page(page(client, "tworog")).text


def test_a_gmina_without_points_is_told_so(client, cluster, staff_tworog):
    client.force_login(staff_tworog)
    text = read_page(page(client, "tworog", "")).text
    assert "Gmina nie podała jeszcze żadnego punktu poboru energii." in text
    assert "Klaster nie ma w portalu żadnych odczytów z roku" in text


def test_the_summary_sums_each_point_by_hand(data):
    energy = member_energy(data["tworog"], Period.year(2024))
    (summary,) = energy.points
    assert (summary.point, summary.consumption_kwh, summary.feed_in_kwh, summary.readings) == (
        data["t"], Decimal(40), None, 10
    )  # fmt: skip
    assert (energy.consumption_kwh, energy.cluster_consumption_kwh, energy.consumption_share) == (
        Decimal(40), Decimal(187), Decimal("21.4")
    )  # fmt: skip


def test_the_page_costs_the_same_queries_however_many_points_and_readings(client, data, staff_tworog):
    client.force_login(staff_tworog)
    url = reverse("gmina-energy:index", kwargs={"slug": "tworog"}) + "?rok=2024"
    balances_settle()
    count_queries(client, url)  # the first request of a session reads what later ones find remembered
    before = count_queries(client, url)
    for number in range(10, 30):
        point = make_point(data["tworog"], data["tworog"], f"00000000{number}", "both")
        write_readings(point, [("consumption", hour, Decimal(1)) for hour in hours(DAYS)])
    balances_settle()  # the years the import marked stale are summed again before the pages read them (once)
    assert count_queries(client, url) == before
    assert (
        str(make_point(data["tworog"], data["tworog"], "0000000099", "both").code_display)
        in read_page(client.get(url)).text
    )
