"""Fixtures shared by the tests of members: the register of parties and its files (test_register_*.py)."""

from datetime import date

import pytest
from auditlog.models import LogEntry

from klaster.testing import make_stakeholder
from members.models import Participant

NIPS = ["5260001246", "1234563218", "7680002466", "9531011544", "1132191233"]
REGON = "123456785"
HEADER = ["nazwa", "kategoria", "nip", "regon", "krs", "status", "data_przystapienia", "gmina_teryt", "email"]


@pytest.fixture
def nips():
    """Valid NIPs that no party of the real cluster has."""
    return NIPS


@pytest.fixture
def regon():
    """A valid REGON that no party of the real cluster has."""
    return REGON


@pytest.fixture
def header():
    """The columns of a register file of stakeholders that `csv_file` writes."""
    return list(HEADER)


@pytest.fixture
def row():
    """A row of a register file: a valid active company, with `cells` on top."""

    def row(name, **cells):
        values = {"nazwa": name, "kategoria": "company", "status": "active", "data_przystapienia": "2024-01-15"}
        return {**values, **cells}

    return row


@pytest.fixture
def csv_file():
    """A register file of `rows` as CSV bytes."""

    def csv_file(rows, *, header=HEADER, delimiter=",", encoding="utf-8"):
        lines = [delimiter.join(header)]
        lines += [delimiter.join(str(values.get(column, "")) for column in header) for values in rows]
        return ("\n".join(lines) + "\n").encode(encoding)

    return csv_file


@pytest.fixture
def register_snapshot():
    """Every party with every column, and the size of the history: what an import that changes nothing keeps."""

    def register_snapshot():
        return list(Participant.objects.order_by("pk").values()), LogEntry.objects.count()

    return register_snapshot


@pytest.fixture
def problems_of():
    """The problems of an import report as the user reads them."""

    def problems_of(report):
        return [str(problem) for problem in report.problems]

    return problems_of


@pytest.fixture
def html_problems():
    """What is wrong with a page's HTML ([] when it is well formed), as klaster's HTML checker sees it."""
    from klaster.testing import Checker

    def html_problems(html):
        checker = Checker()
        checker.feed(html)
        return checker.finish()

    return html_problems


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


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
