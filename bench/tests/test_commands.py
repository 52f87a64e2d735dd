"""The benchmark's commands: listed by manage.py only with KLASTER_BENCH=1, and what they leave behind."""

import io
import json

import pytest
from django.core.management import call_command

from energy.models import HourlyBalance, ImportBatch, MeteringPoint, Reading
from klaster.testing import register_snapshot, run_manage

BENCH_COMMANDS = {
    "bench_data",
    "bench_queries",
    "bench_pdf",
    "bench_import",
    "bench_energy_import",
    "bench_sessions",
    "bench_hostile",
    "bench_registration",
}


def _listed_commands(**env):
    """The command names `manage.py help --commands` lists, with the development settings and `env`."""
    result = run_manage("help", "--commands", **env)
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


@pytest.mark.parametrize("env", [{}, {"KLASTER_BENCH": "0"}])
def test_without_klaster_bench_manage_py_lists_no_bench_command(env):
    commands = _listed_commands(**env)
    assert "loadcluster" in commands
    assert not BENCH_COMMANDS & commands


def test_with_klaster_bench_manage_py_lists_the_bench_commands():
    assert _listed_commands(KLASTER_BENCH="1") >= BENCH_COMMANDS


@pytest.mark.usefixtures("bench_installed")
def test_bench_import_times_an_import_and_leaves_the_database_as_it_was(cluster):
    before = register_snapshot()
    out = io.StringIO()
    call_command("bench_import", "--rows", "40", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rows"] == 40 and result["created"] == 40 and result["seconds"] > 0
    assert register_snapshot() == before


@pytest.mark.usefixtures("bench_installed")
def test_bench_energy_import_imports_every_point_renders_the_balance_pages_and_leaves_nothing(cluster):
    before = register_snapshot()
    counts = [model.objects.count() for model in (Reading, HourlyBalance, ImportBatch, MeteringPoint)]
    out = io.StringIO()
    call_command("bench_energy_import", "--points", "2", "--year", "2024", "--renders", "1", stdout=out)
    result = json.loads(out.getvalue())
    # 2024 has 366 days, one of 23 hours and one of 25: 8,784 hours, in two directions, for each of the two points.
    assert result["points"] == 2 and result["rows"] == 2 * 2 * 8784 and result["seconds"] > 0
    assert result["hourly_sums"] == 2 * 2 * 8784  # each point has a party of its own
    assert set(result["pages"]) == {"energy_public", "energy_readiness"}
    assert all(page["status"] == 200 and page["render_ms"] > 0 for page in result["pages"].values())
    assert [model.objects.count() for model in (Reading, HourlyBalance, ImportBatch, MeteringPoint)] == counts
    assert register_snapshot() == before


@pytest.mark.usefixtures("bench_installed")
def test_bench_hostile_has_every_hostile_file_refused_and_writes_nothing(cluster):
    before = register_snapshot()
    out = io.StringIO()
    call_command("bench_hostile", stdout=out)
    result = json.loads(out.getvalue())
    assert set(result) >= {
        "register_xlsx_unpacking_to_1_gb",
        "verify_pdf_inflating_to_50_mb",
        "verify_pdf_of_2000_pages",
    }
    assert all(figures["refused"] and figures["seconds"] >= 0 for figures in result.values())
    assert register_snapshot() == before


@pytest.mark.usefixtures("bench_installed")
def test_bench_registration_opens_an_event_for_the_rush_and_counts_what_it_left(cluster, client):
    out = io.StringIO()
    call_command("bench_registration", "--open", "2", stdout=out)
    opened = json.loads(out.getvalue())
    for number in range(3):
        data = {"name": f"Osoba {number}", "email": f"osoba{number}@example.org", "consent": "on", "fax": ""}
        assert client.post(opened["path"], data, REMOTE_ADDR=f"198.18.0.{number}").status_code == 302
    out = io.StringIO()
    call_command("bench_registration", "--count", stdout=out)
    assert json.loads(out.getvalue()) == {
        "confirmed": 2,
        "waiting": 1,
        "cancelled": 0,
        "registrations": 3,
        "distinct_emails": 3,
    }
    call_command("bench_registration", "--open", "2", stdout=io.StringIO())  # again: the rush can be run again
    out = io.StringIO()
    call_command("bench_registration", "--count", stdout=out)
    assert json.loads(out.getvalue())["registrations"] == 0


@pytest.mark.usefixtures("bench_installed")
def test_bench_sessions_signs_the_benchmarks_staff_and_coordinator_in_by_a_cookie(cluster):
    from django.test import Client

    out = io.StringIO()
    call_command("bench_sessions", stdout=out)
    cookies = json.loads(out.getvalue())
    pages = {"staff": "/panel/gminy/tworog/", "coordinator": "/panel/koordynator/"}
    for persona, path in pages.items():
        assert Client().get(path).status_code == 302  # the login page without the cookie
        response = Client(headers={"cookie": cookies[persona]}).get(path)
        assert response.status_code == 200, (persona, response.status_code)
    # The staff member is not the coordinator.
    assert Client(headers={"cookie": cookies["staff"]}).get("/panel/koordynator/").status_code == 403
