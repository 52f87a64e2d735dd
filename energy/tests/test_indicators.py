"""The indicators of a period and the register's conditions compared with them, against figures computed by hand.

The data set: two days of Warsaw, Saturday 26 October 2024 (24 hours) and Sunday 27 October (25 hours: the clock goes
back at 3:00, so 2:00–3:00 comes twice), 49 hours in all.
- Point A (a cooperative, Tworóg, both ways): draws 2 kWh every hour; feeds in 5 kWh from 10:00 to 14:00 each day.
  Its sources: 10 kW of PV (renewable) and a 5 kW / 10 kWh battery.
- Point B (Gmina Pawonków, consumption): draws 1 kWh every hour. A 7 kW heat pump (not a source).
- Point C (a wind company, Tworóg, feed-in): feeds in 3 kWh in every one of the 25 hours of Sunday. Its sources: 100
  kW of wind (renewable) and a 100 kW gas CHP (not renewable).

By hand:
- drawn: 49 hours × (2 + 1) = 147 kWh; fed in: A 2 days × 4 hours × 5 = 40, C 25 × 3 = 75, together 115 kWh;
- the same hour: Saturday 10–14 min(5, 3) × 4 = 12; Sunday 10–14 min(5 + 3, 3) × 4 = 12 and the other 21 hours
  min(3, 3) × 21 = 63: 87 kWh;
- coverage 115 / 147 = 78.2%; hour by hour 87 / 147 = 59.2%;
- renewable: A all of its 40, C half of its 75 (100 of 200 kW): 77.5 kWh, 77.5 / 115 = 67.4%;
- storage 5 kW of 210 kW of sources = 2.4%; installed 0.21 MW;
- CO₂ with the factor of 2023 (0.8 kg/kWh; the one of 2025 is later than the period): 77.5 × 0.8 = 62 kg.
"""

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from energy import services
from energy.models import EmissionFactor, ImportBatch, Installation, MeteringAuthorisation, MeteringPoint, Reading, Rule
from energy.parsing import WARSAW, ParsedReadings
from energy.services.indicators import FORMULAS, Period, cluster_indicators, rule_met
from energy.services.readiness import cluster_readiness
from energy.services.sample import sample_code
from klaster.testing import count_queries, html_problems, make_stakeholder, read_page

DAYS = Period(date(2024, 10, 26), date(2024, 10, 27))
D = Decimal


def hours(period):
    moment = period.start
    while moment < period.end:
        yield moment
        moment += timedelta(hours=1)


def write(point, readings):
    parsed = ParsedReadings(
        interval_minutes=60, readings=sorted(readings, key=lambda r: (r[1], r[0])), file_format="elicznik"
    )
    services.readings_import(metering_point=point, parsed=parsed, content=repr(readings[:3]).encode())


def install(party, point, technology, kw, renewable=True, **fields):
    return Installation.objects.create(
        party=party,
        technology=technology,
        capacity_kw=D(kw),
        renewable=renewable,
        gmina=point.gmina,
        metering_point=point,
        commissioned_on=fields.pop("commissioned_on", date(2023, 1, 1)),
        **fields,
    )


@pytest.fixture
def data(cluster, tworog, pawonkow):
    cooperative = make_stakeholder(cluster, "Spółdzielnia Słoneczna", joined_on=date(2020, 1, 1))
    wind = make_stakeholder(cluster, "Wiatr Tworóg sp. z o.o.", joined_on=date(2020, 1, 1))
    a = MeteringPoint.objects.create(
        party=cooperative, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )
    b = MeteringPoint.objects.create(
        party=pawonkow, code=sample_code("0000000002"), direction="consumption", gmina=pawonkow,
        valid_from=date(2020, 1, 1),
    )  # fmt: skip
    c = MeteringPoint.objects.create(
        party=wind, code=sample_code("0000000003"), direction="feed_in", gmina=tworog,
        valid_from=date(2020, 1, 1),
    )  # fmt: skip
    all_hours = list(hours(DAYS))
    assert len(all_hours) == 49
    write(
        a,
        [("consumption", hour, D(2)) for hour in all_hours]
        + [("feed_in", hour, D(5)) for hour in all_hours if 10 <= hour.astimezone(WARSAW).hour < 14],
    )
    write(b, [("consumption", hour, D(1)) for hour in all_hours])
    write(c, [("feed_in", hour, D(3)) for hour in all_hours if hour.astimezone(WARSAW).day == 27])

    install(cooperative, a, "pv", 10)
    install(cooperative, a, "storage", 5, storage_kwh=D(10))
    install(cooperative, a, "pv", 1000, commissioned_on=date(2025, 3, 1))  # after the period: not counted
    install(cooperative, a, "wind", 500, status="planned", commissioned_on=None)  # planned: not counted
    install(pawonkow, b, "heat_pump", 7)
    install(wind, c, "wind", 100)
    install(wind, c, "chp", 100, renewable=False)

    EmissionFactor.objects.create(year=2023, kg_per_kwh=D("0.8"), source="KOBiZE 2024, wskaźnik dla 2023 r.")
    EmissionFactor.objects.create(year=2025, kg_per_kwh=D("0.1"), source="później niż okres")
    MeteringAuthorisation.objects.create(party=cooperative, metering_point=a, signed_on=date(2024, 1, 1))
    MeteringAuthorisation.objects.create(
        party=pawonkow, metering_point=b, signed_on=date(2024, 1, 1), withdrawn_on=date(2024, 10, 1)
    )
    return {"a": a, "b": b, "c": c, "cooperative": cooperative, "wind": wind}


def test_the_period_of_two_october_days_has_49_hours_and_a_year_8784():
    assert DAYS.hours == 49
    assert DAYS.start == datetime(2024, 10, 25, 22, tzinfo=UTC)
    assert DAYS.end == datetime(2024, 10, 27, 23, tzinfo=UTC)
    assert Period.year(2024).hours == 8784 and Period.year(2024).is_year and not DAYS.is_year
    assert Period(date(2024, 3, 31), date(2024, 3, 31)).hours == 23


def test_the_indicators_of_the_two_days_are_the_ones_computed_by_hand(data):
    ind = cluster_indicators(DAYS)
    assert ind.hours_with_readings == 49  # both hours 2:00–3:00 of Sunday
    assert (ind.consumption_kwh, ind.production_kwh, ind.matched_kwh) == (D(147), D(115), D(87))
    assert ind.demand_coverage == D("78.2")
    assert ind.hourly_coverage == D("59.2")
    assert ind.renewable_kwh == D("77.5") and ind.other_kwh == D("37.5")
    assert ind.renewable_share == D("67.4")
    assert ind.unattributed == []
    capacity = ind.capacity
    assert (capacity.sources_kw, capacity.storage_kw, capacity.storage_kwh) == (D(210), D(5), D(10))
    assert ind.storage_share == D("2.4")
    assert ind.installed_mw == D("0.210")
    assert (ind.factor.year, ind.co2_avoided_kg) == (2023, D("62.0"))
    assert [(label, count, kw) for label, count, kw in capacity.by_technology] == [
        ("kogeneracja", 1, D(100)),  # the largest first; equal ones in the order of their stored names
        ("elektrownia wiatrowa", 1, D(100)),
        ("fotowoltaika", 1, D(10)),
        ("pompa ciepła", 1, D(7)),
        ("magazyn energii", 1, D(5)),
    ]
    assert capacity.by_gmina == [("Gmina Tworóg", D(210), D(5))]  # Pawonków has only a heat pump, not a source
    [october] = ind.months
    assert (october.month, october.hours, october.consumption_kwh, october.matched_kwh) == (
        date(2024, 10, 1),
        49,
        D(147),
        D(87),
    )
    assert october.co2_kg == D("62.0") and october.hourly_share == D("59.2")


def test_a_year_names_the_months_without_readings(data):
    ind = cluster_indicators(Period.year(2024))
    assert len(ind.months) == 12
    assert ind.months_without_readings == [date(2024, month, 1) for month in range(1, 13) if month != 10]
    assert ind.demand_coverage == D("78.2")  # the same readings; the year is incomplete (the readiness page says so)


def test_feed_in_of_a_point_without_installations_is_not_counted_renewable_and_is_named(data):
    Installation.objects.filter(metering_point=data["c"]).delete()
    ind = cluster_indicators(DAYS)
    assert ind.renewable_kwh == D(40)
    assert ind.unattributed == [("Wiatr Tworóg sp. z o.o.", "Gmina Tworóg", D(75))]
    assert ind.renewable_share == D("34.8")  # 40 / 115


def test_nothing_known_gives_no_share_rather_than_zero(db):
    ind = cluster_indicators(Period.year(2024))
    assert not ind.has_readings
    assert ind.demand_coverage is None and ind.hourly_coverage is None and ind.renewable_share is None
    assert ind.storage_share is None and ind.installed_mw is None and ind.co2_avoided_kg is None


def test_the_indicators_cost_five_queries_however_many_readings(data, django_assert_num_queries):
    # Four, and one to see that no year waits to be summed again (an import marks its years; the first page after it
    # sums the cluster's hours again: energy.services.balances.balances_settle).
    services.balances_settle()
    with django_assert_num_queries(5):
        cluster_indicators(Period.year(2024))
    more = [("consumption", hour, D(1)) for hour in hours(Period(date(2024, 1, 1), date(2024, 6, 30)))]
    write(data["c"], more)
    services.balances_settle()
    with django_assert_num_queries(5):
        ind = cluster_indicators(Period.year(2024))
    assert len(ind.months_without_readings) == 5


# --- the register's conditions ----------------------------------------------------------------------------------------


def test_every_formula_of_a_rule_has_its_indicator():
    assert set(FORMULAS) == set(Rule.Formula)


def rule(formula, threshold, comparison="at_least", verified=True, **fields):
    return Rule.objects.create(
        name_pl=f"Warunek {formula}",
        name_en=f"Condition {formula}",
        formula=formula,
        comparison=comparison,
        threshold=D(threshold),
        legal_source=fields.pop("legal_source", "art. 38 ustawy o OZE"),
        verified=verified,
        **fields,
    )


def test_each_rule_is_met_not_met_or_unknown(data):
    rule("demand_coverage", 40)
    rule("hourly_coverage", 60)
    rule("renewable_share", 30, verified=False)
    rule("storage_share", 2)
    rule("installed_capacity", "0.1", comparison="at_most")
    rule("demand_coverage", 10, applies_to=date(2023, 12, 31))  # over before the period
    readiness = cluster_readiness(DAYS, today=date(2026, 1, 1))
    found = {(check.rule.formula, check.rule.threshold): (check.value, check.status) for check in readiness.checks}
    assert found == {
        ("demand_coverage", D(40)): (D("78.2"), "met"),
        ("hourly_coverage", D(60)): (D("59.2"), "not_met"),
        ("renewable_share", D(30)): (D("67.4"), "met"),
        ("storage_share", D(2)): (D("2.4"), "met"),
        ("installed_capacity", D("0.1")): (D("0.210"), "not_met"),
    }
    assert [check.rule.formula for check in readiness.unverified] == ["renewable_share"]

    # The whole year: eleven months without readings leave every rule measured in energy unknown.
    year = cluster_readiness(Period.year(2024), today=date(2026, 1, 1))
    statuses = {check.rule.formula: (check.status, check.incomplete) for check in year.checks}
    assert statuses["demand_coverage"] == ("unknown", True)
    assert statuses["renewable_share"] == ("unknown", True)
    assert statuses["storage_share"] == ("met", False)


def test_an_at_most_rule_and_an_unknown_value():
    at_most = Rule(formula="installed_capacity", comparison="at_most", threshold=D(100))
    assert rule_met(at_most, D(100)) is True and rule_met(at_most, D("100.001")) is False
    assert rule_met(at_most, None) is None


def test_what_is_missing_is_named(data, tworog):
    readiness = cluster_readiness(DAYS, today=date(2026, 1, 1))
    assert readiness.day == date(2024, 10, 27)
    without_points = {party.name for party in readiness.parties_without_points}
    assert "Gmina Tworóg" in without_points and "Gmina Pawonków" not in without_points
    assert "Spółdzielnia Słoneczna" not in without_points
    assert {point.pk for point in readiness.points_without_authorisation} == {data["b"].pk, data["c"].pk}
    assert readiness.points_without_readings == []
    assert readiness.neighbourhood_matters  # the five gminas lie in two powiats
    assert readiness.powiats == ["lubliniecki", "tarnogórski"]


# --- the readiness page -----------------------------------------------------------------------------------------------


def test_the_readiness_page_shows_each_rule_with_its_source_and_what_is_missing(client, coordinator, data):
    rule("demand_coverage", 40, legal_source="art. 38a ust. 4 ustawy o OZE")
    rule("renewable_share", 30, verified=False, legal_source="projekt ustawy (2023)")
    client.force_login(coordinator)
    response = client.get(reverse("energy-admin:readiness"), {"rok": 2024})
    assert response.status_code == 200
    text = read_page(response).text
    assert "Gotowość do wpisu do rejestru klastrów: 2024" in text
    assert "Warunek demand_coverage" in text and "art. 38a ust. 4 ustawy o OZE" in text
    assert "78,2 % z niepełnych danych co najmniej 40 %" in text
    assert "nie: niesprawdzony" in text and "1 warunek nie jest sprawdzony" in text
    assert "nie da się ustalić" in text
    assert (
        "Strony porozumienia bez punktu poboru energii (PPE):" in text and "Kochanowice, Krupski Młyn, Tworóg," in text
    )
    assert "Punkty poboru bez obowiązującego upoważnienia" in text and data["c"].code_display in text
    assert "Miesiące bez odczytów: styczeń" in text
    assert "Portal nie zapisuje, które gminy ze sobą sąsiadują" in text
    assert "Dane przykładowe" not in text
    assert html_problems(response.content.decode()) == []


def test_without_rules_the_readiness_page_says_so(client, coordinator):
    client.force_login(coordinator)
    text = read_page(client.get(reverse("energy-admin:readiness"))).text
    assert "Nie wpisano jeszcze żadnego warunku rejestru" in text
    assert "Nie ma żadnych odczytów z roku" in text


def test_the_readiness_page_costs_the_same_queries_however_much_data(client, coordinator, data, cluster):
    rule("demand_coverage", 40)
    client.force_login(coordinator)
    url = reverse("energy-admin:readiness") + "?rok=2024"
    count_queries(client, url)  # the first request of a session asks a few things once (and settles the balances)
    few = count_queries(client, url)
    for number in range(4, 9):
        party = make_stakeholder(cluster, f"Firma {number}", joined_on=date(2020, 1, 1))
        point = MeteringPoint.objects.create(
            party=party, code=sample_code(f"000000000{number}"), direction="consumption",
            gmina=data["a"].gmina, valid_from=date(2020, 1, 1),
        )  # fmt: skip
        write(point, [("consumption", hour, D(1)) for hour in hours(DAYS)])
        rule("storage_share", number)
    services.balances_settle()  # else the next request sums the cluster's hours again, once
    assert count_queries(client, url) == few
    assert ImportBatch.objects.count() == 8 and Reading.objects.filter(direction="consumption").count() == 7 * 49
