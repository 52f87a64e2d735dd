"""The sample energy data (manage.py load_energy_sample): clearly marked, a year of hourly readings made the same way
each time, every energy page saying the figures are not the cluster's while it is stored, and removed whole; and the
public page's charts drawn from it."""

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from energy.charts import bar_chart
from energy.models import (
    EmissionFactor,
    HourlyBalance,
    ImportBatch,
    Installation,
    MeteringAuthorisation,
    MeteringPoint,
    Reading,
)
from energy.ppe import normalize_ppe
from energy.services.indicators import Period, cluster_indicators
from energy.services.sample import sample_present, sample_readings
from klaster.testing import html_problems, make_stakeholder, read_page

YEAR = 2024
BANNER = "Dane przykładowe."


def load(*args):
    out = io.StringIO()
    call_command("load_energy_sample", *args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def sample(django_db_setup, django_db_blocker):
    """The sample, loaded once for the module (a year of readings takes a while on SQLite, where the import has no
    COPY) and removed after it; each test runs in a transaction rolled back, so sees it as loaded."""
    with django_db_blocker.unblock():
        load("--year", str(YEAR))
    yield
    with django_db_blocker.unblock():
        load("--remove")


def test_the_sample_is_a_marked_year_of_hourly_readings_with_valid_codes(db, sample):
    assert sample_present()
    points = list(MeteringPoint.objects.all())
    assert len(points) == 5
    for point in points:
        assert normalize_ppe(point.code) == point.code and point.code.startswith("5903224")
    batches = ImportBatch.objects.all()
    assert {batch.file_format for batch in batches} == {"sample"}
    assert all("DANE PRZYKŁADOWE" in batch.file_name for batch in batches)
    assert set(Reading.objects.values_list("source", flat=True).distinct()) == {"sample"}
    # A leap year of Warsaw: 8,784 hours, each point drawing in every one.
    assert Reading.objects.filter(direction="consumption").count() == 5 * 8784
    assert HourlyBalance.objects.filter(direction="consumption").values("hour").distinct().count() == 8784
    assert Installation.objects.filter(technology="storage").get().storage_kwh == Decimal(40)
    assert Installation.objects.filter(renewable=False).count() == 1
    assert MeteringAuthorisation.objects.count() == 3  # two points left without one, for the readiness page


def test_the_sample_is_the_same_each_time():
    assert sample_readings("school", YEAR, "9000000001") == sample_readings("school", YEAR, "9000000001")
    assert sample_readings("school", YEAR, "9000000001") != sample_readings("school", YEAR + 1, "9000000001")


def test_the_indicators_of_the_sample_year_are_complete_and_plausible(db, sample):
    ind = cluster_indicators(Period.year(YEAR))
    assert ind.months_without_readings == [] and ind.hours_with_readings == 8784
    assert 0 < ind.hourly_coverage <= ind.demand_coverage
    assert 0 < ind.renewable_share < 100  # the gas CHP is not renewable
    assert ind.storage_share == Decimal("6.1")  # 20 kW of storage for 329.5 kW of sources


def test_every_energy_page_says_the_figures_are_sample_data(client, coordinator, sample):
    text = read_page(client.get(reverse("energy:index"))).text
    assert BANNER in text and "nie są danymi klastra" in text
    client.force_login(coordinator)
    pages = (
        "index",
        "readiness",
        "points",
        "authorisations",
        "installations",
        "rules",
        "import",
        "point-new",
        "rule-new",
    )
    for name in pages:
        response = client.get(reverse(f"energy-admin:{name}"))
        assert response.status_code == 200, name
        assert BANNER in read_page(response).text, name


def test_loading_twice_or_over_real_readings_is_refused(cluster, tworog, sample):
    with pytest.raises(CommandError, match="już wczytane"):
        load("--year", str(YEAR))
    load("--remove")
    company = make_stakeholder(cluster, "Spółdzielnia Słoneczna")
    point = MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )
    ImportBatch.objects.create(
        metering_point=point, file_format="elicznik", sha256="0" * 64, period_start="2024-01-01T00:00Z",
        period_end="2024-01-02T00:00Z", reading_count=0,
    )  # fmt: skip
    with pytest.raises(CommandError, match="prawdziwe odczyty"):
        load("--year", str(YEAR))
    assert not sample_present()


def test_remove_takes_away_the_sample_and_leaves_real_records(client, cluster, tworog, sample):
    company = make_stakeholder(cluster, "Spółdzielnia Słoneczna")
    real = MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )
    Installation.objects.create(
        party=company, technology="pv", capacity_kw=Decimal(5), gmina=tworog, commissioned_on=date(2021, 1, 1)
    )
    assert "Usunięto dane przykładowe: punkty poboru 5" in load("--remove")
    assert not sample_present()
    assert list(MeteringPoint.objects.all()) == [real]
    assert Installation.objects.count() == 1
    assert not Reading.objects.exists() and not HourlyBalance.objects.exists() and not ImportBatch.objects.exists()
    assert not MeteringAuthorisation.objects.exists()
    assert BANNER not in read_page(client.get(reverse("energy:index"))).text
    assert "Nie ma danych przykładowych" in load("--remove")


def test_the_public_page_draws_each_indicator_as_an_accessible_chart_beside_its_table(client, db, sample):
    response = client.get(reverse("energy:index"), {"rok": YEAR})
    assert response.status_code == 200
    page = response.content.decode()
    assert "<script" not in page
    charts = re.findall(r"<svg[^>]*>.*?</svg>", page, flags=re.S)
    ids = re.findall(r'<svg[^>]*aria-labelledby="(chart-[a-z0-9]+)-title', page)
    assert ids == [
        "chart-technology",
        "chart-gmina",
        "chart-storage",
        "chart-energy",
        "chart-coverage",
        "chart-hourly",
        "chart-renewable",
    ]  # fmt: skip  (no emission factor entered: no CO₂ chart, and the page says why)
    for chart in charts:
        assert 'role="img"' in chart and "<title id=" in chart and "<desc id=" in chart
    text = read_page(response).text
    assert f"Produkcja i zapotrzebowanie członków w roku {YEAR}" in text
    assert "Koordynator nie wpisał jeszcze wskaźnika emisji CO₂" in text
    assert "Moc magazynów jako % mocy źródeł 6,1%" in text
    assert "Gmina Kochanowice 200,000" in text  # capacity by gmina, in the table
    assert page.count("<caption>") >= len(charts)
    assert html_problems(page) == []


def test_the_chart_escapes_what_people_typed():
    svg = bar_chart(
        chart_id="chart-x", title="<b>", description="a & b", rows=[("<script>alert(1)</script>", 5, 0)], unit="kW"
    )
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "a &amp; b" in svg


def test_the_co2_chart_names_its_dated_factor(client, db, sample):
    EmissionFactor.objects.create(year=2023, kg_per_kwh=Decimal("0.7"), source="KOBiZE, wskaźnik dla 2023 r.")
    response = client.get(reverse("energy:index"), {"rok": YEAR})
    text = read_page(response).text
    assert "wskaźnikiem emisji 0,7 kg CO₂/kWh z roku 2023 (źródło: KOBiZE, wskaźnik dla 2023 r.)" in text
    assert 'aria-labelledby="chart-co2-title' in response.content.decode()
    assert html_problems(response.content.decode()) == []
