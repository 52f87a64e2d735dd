from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from energy.models import EmissionFactor, Installation, MeteringAuthorisation, MeteringPoint, Reading, Rule
from klaster.testing import make_stakeholder

CODE = "590322400000123450"


@pytest.fixture
def company(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna")


def make_point(party, gmina, code=CODE, **fields):
    return MeteringPoint.objects.create(
        party=party, code=code, direction="both", gmina=gmina, valid_from=date(2024, 1, 1), **fields
    )


def test_a_metering_point_takes_the_code_as_typed_and_checks_it(company, tworog):
    point = MeteringPoint(
        party=company, code="590 3224 0000012345 0", direction="consumption", gmina=tworog, valid_from=date(2024, 1, 1)
    )
    point.full_clean()
    point.save()
    assert MeteringPoint.objects.get().code == CODE
    assert str(point) == "590 3224 0000012345 0"

    wrong = MeteringPoint(
        party=company, code="590322400000123451", direction="consumption", gmina=tworog, valid_from=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as raised:
        wrong.full_clean()
    assert "cyfra kontrolna" in raised.value.message_dict["code"][0]


def test_a_metering_point_lies_in_a_gmina_and_ends_after_it_begins(company, tworog):
    point = MeteringPoint(
        party=tworog,
        code=CODE,
        direction="feed_in",
        gmina=company,
        valid_from=date(2024, 1, 1),
        valid_to=date(2023, 1, 1),
    )
    with pytest.raises(ValidationError) as raised:
        point.full_clean()
    assert set(raised.value.message_dict) >= {"gmina", "valid_to"}


def test_two_points_cannot_share_a_code_nor_an_old_code(company, tworog):
    make_point(company, tworog, old_code="PLTAUD000123")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_point(company, tworog)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_point(company, tworog, code="590322400000678905", old_code="PLTAUD000123")
    make_point(company, tworog, code="590322400000678905")  # no old code: nothing to share


def test_an_authorisation_is_given_by_the_party_of_the_point(company, tworog):
    point = make_point(company, tworog)
    wrong = MeteringAuthorisation(
        party=tworog, metering_point=point, signed_on=date(2024, 2, 1), withdrawn_on=date(2024, 1, 1)
    )
    with pytest.raises(ValidationError) as raised:
        wrong.full_clean()
    assert set(raised.value.message_dict) == {"metering_point", "withdrawn_on"}
    authorisation = MeteringAuthorisation.objects.create(
        party=company, metering_point=point, signed_on=date(2024, 2, 1)
    )
    authorisation.full_clean()
    assert authorisation.is_in_force_on(date(2024, 2, 1))
    assert not authorisation.is_in_force_on(date(2024, 1, 31))


def test_an_installation_is_checked(company, tworog):
    point = make_point(tworog, tworog)
    installation = Installation(
        party=company,
        technology="pv",
        capacity_kw=Decimal("49.5"),
        storage_kwh=Decimal("10"),
        status="operating",
        metering_point=point,
        gmina=tworog,
    )
    with pytest.raises(ValidationError) as raised:
        installation.full_clean()
    assert set(raised.value.message_dict) == {"metering_point", "storage_kwh", "commissioned_on"}
    storage = Installation(
        party=company,
        technology="storage",
        capacity_kw=Decimal("20"),
        storage_kwh=Decimal("40"),
        renewable=False,
        status="planned",
        gmina=tworog,
    )
    storage.full_clean()


def test_one_reading_per_point_direction_and_interval(company, tworog):
    point = make_point(company, tworog)
    start = datetime(2024, 10, 27, 0, tzinfo=UTC)
    Reading.objects.create(metering_point=point, direction="consumption", start=start, energy_kwh=Decimal("0.5"))
    Reading.objects.create(metering_point=point, direction="feed_in", start=start, energy_kwh=Decimal("0.5"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Reading.objects.create(metering_point=point, direction="consumption", start=start, energy_kwh=Decimal("1"))


def test_rules_and_factors_are_data_with_their_sources(db):
    rule = Rule.objects.create(
        name_pl="Pokrycie zapotrzebowania",
        name_en="Demand coverage",
        formula="demand_coverage",
        threshold=Decimal("40"),
        legal_source="projekt ustawy (2023), nie tekst uchwalony",
    )
    assert rule.verified is False
    with pytest.raises(ValidationError):
        Rule(name="x", formula="renewable_share", threshold=1, legal_source="x", applies_from=date(2025, 1, 1),
             applies_to=date(2024, 1, 1)).full_clean()  # fmt: skip
    EmissionFactor.objects.create(year=2023, kg_per_kwh=Decimal("0.6"), source="KOBiZE")
    with pytest.raises(IntegrityError), transaction.atomic():
        EmissionFactor.objects.create(year=2023, kg_per_kwh=Decimal("0.7"), source="KOBiZE")


def test_what_people_enter_is_audited(company, tworog):
    point = make_point(company, tworog)
    point.tariff_group = "C11"
    point.save()
    entries = LogEntry.objects.get_for_object(point)
    assert entries.count() == 2
    assert "tariff_group" in entries.first().changes_dict
