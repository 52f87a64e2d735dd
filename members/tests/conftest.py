"""Fixtures of the tests of members, on top of the project's (conftest.py at the root): the register of parties that
test_register_*.py import, export and show. The register's files are made with klaster.testing (register_csv)."""

from datetime import date

import pytest

from klaster.testing import NIPS, make_stakeholder
from members.models import Participant


@pytest.fixture
def parties(cluster, tworog):
    """A register with stakeholders that joined, left and have not joined yet."""
    return {
        "current": make_stakeholder(
            cluster, "Spółdzielnia Energetyczna Łąka", category="cooperative", nip=NIPS[0], joined_on=date(2020, 5, 4),
            located_in=tworog, phone="+48 600 100 200", email="biuro@laka.example.org",
        ),
        "left": make_stakeholder(
            cluster, "Firma Wystąpiła", nip=NIPS[1], joined_on=date(2019, 1, 1), left_on=date(2021, 6, 30),
            status=Participant.Status.WITHDRAWN, left_reason="Oświadczenie o wystąpieniu.",
        ),
        "later": make_stakeholder(cluster, "Firma Później", krs="0000123456", joined_on=date(2023, 3, 1)),
        "person": make_stakeholder(
            cluster, "Jan Kowalski", category="person", joined_on=date(2022, 2, 2), public_listing=False
        ),
    }  # fmt: skip
