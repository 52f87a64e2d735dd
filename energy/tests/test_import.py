"""Importing parsed files: COPY on PostgreSQL, bulk_create on SQLite (this module runs on both), all or nothing, a
re-import replaces, and the hourly aggregate agrees with sums computed by hand."""

from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from energy import services
from energy.models import (
    ClusterHourlyBalance,
    HourlyBalance,
    ImportBatch,
    MeteringPoint,
    MonthlyBalance,
    Reading,
    StaleBalanceYear,
)
from energy.parsing import WARSAW, parse_elicznik
from energy.services import balances
from klaster.revision import Revision
from klaster.testing import make_stakeholder

DATA = Path(__file__).parent / "data"


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
def company(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna")


@pytest.fixture
def point(company, tworog):
    return MeteringPoint.objects.create(
        party=company, code="590322400000123450", direction="both", gmina=tworog, valid_from=date(2020, 1, 1)
    )


@pytest.fixture
def second_point(company, tworog):
    return MeteringPoint.objects.create(
        party=company, code="590322400000678905", direction="consumption", gmina=tworog, valid_from=date(2020, 1, 1)
    )


def run_import(point, content, user=None, name="odczyty.csv"):
    if isinstance(content, str) and content.endswith(".csv"):
        content = (DATA / content).read_bytes()
    elif isinstance(content, str):
        content = content.encode()
    return services.readings_import(
        metering_point=point, parsed=parse_elicznik(content), content=content, file_name=name, actor=user
    )


def balance(party, gmina, direction, hour):
    return HourlyBalance.objects.get(party=party, gmina=gmina, direction=direction, hour=hour).energy_kwh


def hourly(*rows):
    return "Data; Wartość kWh;Rodzaj\n" + "".join(f"{when};{value};{kind}\n" for when, value, kind in rows)


def test_a_file_is_written_whole_with_its_batch(point, coordinator):
    batch = run_import(point, "elicznik-2021-07-03.csv", user=coordinator, name="eksport.csv")
    assert Reading.objects.filter(metering_point=point).count() == 96
    assert set(Reading.objects.values_list("batch", flat=True)) == {batch.pk}
    assert (batch.reading_count, batch.replaced_count, batch.file_name) == (96, 0, "eksport.csv")
    assert (batch.period_start, batch.period_end) == (utc(2021, 7, 2, 22), utc(2021, 7, 3, 22))
    assert batch.imported_by == coordinator
    assert len(batch.sha256) == 64
    reading = Reading.objects.get(direction="consumption", start=utc(2021, 7, 3, 11))
    assert (reading.energy_kwh, reading.interval_minutes, reading.source) == (Decimal("0.114"), 60, "import")


def test_a_re_import_of_the_same_period_replaces_instead_of_doubling(point, company, tworog):
    run_import(point, "elicznik-2021-07-03.csv")
    again = run_import(point, "elicznik-2021-07-03.csv")
    assert Reading.objects.count() == 96
    assert again.replaced_count == 96
    assert HourlyBalance.objects.count() == 96
    assert balance(company, tworog, "consumption", utc(2021, 7, 3, 11)) == Decimal("0.114")


def test_a_re_import_replaces_only_its_period_and_its_kinds(point, company, tworog):
    run_import(point, "elicznik-2021-07-03.csv")
    # New values for 1:00 and 2:00 of pobór only: the other 22 hours, and every other kind, stay as they were.
    batch = run_import(point, hourly(("2021-07-03 1:00", "5", "pobór"), ("2021-07-03 2:00", "6", "pobór")))
    assert batch.replaced_count == 2
    assert Reading.objects.count() == 96
    consumption = dict(Reading.objects.filter(direction="consumption").values_list("start", "energy_kwh"))
    assert consumption[utc(2021, 7, 2, 22)] == Decimal("5")
    assert consumption[utc(2021, 7, 2, 23)] == Decimal("6")
    assert consumption[utc(2021, 7, 3, 0)] == Decimal("0.103")
    assert balance(company, tworog, "consumption", utc(2021, 7, 2, 22)) == Decimal("5")
    assert balance(company, tworog, "consumption", utc(2021, 7, 3, 0)) == Decimal("0.103")


def test_the_hourly_aggregate_sums_a_partys_points_in_a_gmina(point, second_point, company, tworog, pawonkow):
    run_import(point, "elicznik-2021-07-03.csv")
    run_import(second_point, hourly(("2021-07-03 14:00", "1,5", "pobór"), ("2021-07-03 15:00", "0,25", "pobór")))
    # By hand: 13:00–14:00 Warsaw (11:00 UTC) is 0.114 + 1.5; 14:00–15:00 is 0.115 + 0.25; 15:00–16:00 only 0.116.
    assert balance(company, tworog, "consumption", utc(2021, 7, 3, 11)) == Decimal("1.614")
    assert balance(company, tworog, "consumption", utc(2021, 7, 3, 12)) == Decimal("0.365")
    assert balance(company, tworog, "consumption", utc(2021, 7, 3, 13)) == Decimal("0.116")
    # oddanie 12:00–13:00 Warsaw: 1 + 13/100
    assert balance(company, tworog, "feed_in", utc(2021, 7, 3, 10)) == Decimal("1.130")
    assert HourlyBalance.objects.filter(direction="consumption").count() == 24
    # A point of the gmina itself, in another gmina, is summed under its own key.
    own = MeteringPoint.objects.create(
        party=tworog, code="590322400000000010", direction="consumption", gmina=pawonkow, valid_from=date(2020, 1, 1)
    )
    run_import(own, hourly(("2021-07-03 14:00", "2", "pobór")))
    assert balance(tworog, pawonkow, "consumption", utc(2021, 7, 3, 11)) == Decimal("2")
    assert balance(company, tworog, "consumption", utc(2021, 7, 3, 11)) == Decimal("1.614")


def test_the_october_day_keeps_25_hours_in_the_aggregate(point, company, tworog):
    run_import(point, "elicznik-2024-10-27-clock-cp1250.csv")
    hours = list(
        HourlyBalance.objects.filter(direction="consumption").order_by("hour").values_list("hour", "energy_kwh")
    )
    assert hours == [(utc(2024, 10, 26, 22) + timedelta(hours=n), Decimal(n + 1) / 1000) for n in range(25)]


def test_a_failure_while_writing_leaves_everything_as_it_was(point, monkeypatch):
    run_import(point, "elicznik-2021-07-03.csv")
    before = (
        list(Reading.objects.order_by("pk").values_list("direction", "start", "energy_kwh", "batch")),
        list(HourlyBalance.objects.order_by("pk").values_list("direction", "hour", "energy_kwh")),
        ImportBatch.objects.count(),
    )

    def broken(**_kwargs):
        raise RuntimeError("the aggregate could not be written")

    monkeypatch.setattr("energy.services.readings.balances_refresh", broken)
    with pytest.raises(RuntimeError):
        run_import(point, hourly(("2021-07-03 1:00", "5", "pobór"), ("2021-07-04 1:00", "6", "pobór")))
    after = (
        list(Reading.objects.order_by("pk").values_list("direction", "start", "energy_kwh", "batch")),
        list(HourlyBalance.objects.order_by("pk").values_list("direction", "hour", "energy_kwh")),
        ImportBatch.objects.count(),
    )
    assert after == before


def test_postgresql_is_written_with_copy_and_sqlite_with_bulk_create(point, monkeypatch):
    calls = []
    original = Reading.objects.bulk_create

    def counting(*args, **kwargs):
        calls.append("bulk_create")
        return original(*args, **kwargs)

    monkeypatch.setattr(Reading.objects, "bulk_create", counting)
    run_import(point, "elicznik-2024-03-31-1-23.csv")
    assert Reading.objects.count() == 46
    assert calls == ([] if connection.vendor == "postgresql" else ["bulk_create"])


def test_rebuilding_the_aggregate_gives_what_the_imports_kept(point, second_point):
    run_import(point, "elicznik-2021-07-03.csv")
    run_import(second_point, "elicznik-2024-10-27-1-25.csv")
    kept = sorted(HourlyBalance.objects.values_list("party", "gmina", "direction", "hour", "energy_kwh"))
    balances.balances_rebuild()
    assert sorted(HourlyBalance.objects.values_list("party", "gmina", "direction", "hour", "energy_kwh")) == kept
    assert len(kept) == 96 + 50


def test_a_re_import_costs_a_few_queries_whatever_its_size_and_raises_the_data_revision(
    point, django_assert_max_num_queries
):
    run_import(point, "elicznik-2021-07-03.csv")
    before = Revision.current()
    content = (DATA / "elicznik-2021-07-03.csv").read_bytes()
    parsed = parse_elicznik(content)
    # Replacing 96 readings and 96 hourly sums: no query per row (no reading is loaded to be deleted one by one).
    with django_assert_max_num_queries(25):
        services.readings_import(metering_point=point, parsed=parsed, content=content)
    assert Revision.current() > before


def cluster_hours():
    balances.balances_settle()
    return sorted(ClusterHourlyBalance.objects.values_list("direction", "hour", "energy_kwh", "parts"))


def cluster_hours_summed():
    """The cluster's hours as they should be: the hourly aggregate summed over parties and gminas, by hand."""
    sums = defaultdict(lambda: [Decimal(0), 0])
    for direction, hour, kwh in HourlyBalance.objects.values_list("direction", "hour", "energy_kwh"):
        sums[(direction, hour)][0] += kwh
        sums[(direction, hour)][1] += 1
    return sorted((direction, hour, kwh, parts) for (direction, hour), (kwh, parts) in sums.items())


def months():
    balances.balances_settle()
    return sorted(MonthlyBalance.objects.values_list("party", "gmina", "direction", "month", "energy_kwh"))


def months_summed():
    sums = defaultdict(Decimal)
    for party, gmina, direction, hour, kwh in HourlyBalance.objects.values_list(
        "party", "gmina", "direction", "hour", "energy_kwh"
    ):
        local = hour.astimezone(WARSAW)
        sums[(party, gmina, direction, date(local.year, local.month, 1))] += kwh
    return sorted((*key, kwh) for key, kwh in sums.items())


def test_the_clusters_hours_and_the_parties_months_are_summed_again_after_every_import_and_rebuild(
    point, second_point, company, tworog, pawonkow
):
    run_import(point, "elicznik-2021-07-03.csv")
    run_import(second_point, hourly(("2021-07-03 14:00", "1,5", "pobór"), ("2021-07-03 15:00", "0,25", "pobór")))
    own = MeteringPoint.objects.create(
        party=tworog, code="590322400000000010", direction="both", gmina=pawonkow, valid_from=date(2020, 1, 1)
    )
    run_import(own, hourly(("2021-07-03 14:00", "2", "pobór"), ("2021-07-31 24:00", "3", "oddanie")))
    # By hand: 13:00–14:00 Warsaw (11:00 UTC) is 0.114 + 1.5 of the company's two points and 2 of the gmina's own.
    assert StaleBalanceYear.objects.get().year == 2021  # summed again when a balance page (here: cluster_hours) asks
    balances.balances_settle()
    assert not StaleBalanceYear.objects.exists()
    hour = ClusterHourlyBalance.objects.get(direction="consumption", hour=utc(2021, 7, 3, 11))
    assert (hour.energy_kwh, hour.parts) == (Decimal("3.614"), 2)
    assert cluster_hours() == cluster_hours_summed() and len(cluster_hours()) == 97  # and July 31, 23:00
    # July in Warsaw: the company's pobór 2.7 + 1.75; the gmina's own point, pobór 2 and oddanie 3 (its last hour).
    assert months() == months_summed()
    july = date(2021, 7, 1)
    assert MonthlyBalance.objects.get(party=company, direction="consumption", month=july).energy_kwh == Decimal("4.45")
    assert MonthlyBalance.objects.get(party=tworog, direction="feed_in", month=july).energy_kwh == Decimal("3")

    # A re-import with other values: taken off and added again, nothing doubled.
    run_import(second_point, hourly(("2021-07-03 14:00", "0,5", "pobór"), ("2021-07-03 15:00", "0,25", "pobór")))
    balances.balances_settle()
    hour = ClusterHourlyBalance.objects.get(direction="consumption", hour=utc(2021, 7, 3, 11))
    assert (hour.energy_kwh, hour.parts) == (Decimal("2.614"), 2)
    assert cluster_hours() == cluster_hours_summed() and months() == months_summed()

    # Another month and year; then everything summed again from the readings gives the same.
    run_import(point, "elicznik-2024-10-27-clock-cp1250.csv")
    kept = (cluster_hours(), months())
    assert kept == (cluster_hours_summed(), months_summed())
    balances.balances_rebuild()
    assert (cluster_hours(), months()) == kept


def test_the_clusters_hour_goes_when_no_reading_is_left_in_it(point, company, tworog):
    run_import(point, hourly(("2021-07-03 14:00", "0", "pobór")))
    assert cluster_hours() == [("consumption", utc(2021, 7, 3, 11), Decimal("0"), 1)]  # a zero is a reading
    Reading.objects.all().delete()
    balances.balances_refresh(
        party_id=company.pk, gmina_id=tworog.pk, start=utc(2021, 7, 3, 11), end=utc(2021, 7, 3, 12)
    )
    assert cluster_hours() == [] and months() == [] and not HourlyBalance.objects.exists()
