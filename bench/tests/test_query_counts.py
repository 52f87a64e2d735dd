"""Pages do not make more queries when the data grows: every page the benchmark loads, at two sizes of the generated
data set (`manage.py bench_data`), rendered without the page cache."""

import io

import pytest
from django.core.management import call_command

from agreements.models import Signature, Version
from bench.pages import PAGES, PANEL_PAGES
from events.models import Event, EventPhoto
from klaster.revision import Revision
from klaster.testing import count_queries
from members.models import Participant

pytestmark = pytest.mark.usefixtures("bench_installed")

# Enough for every benchmarked page to list something (a page with nothing to list skips its query).
SMALL = {"stakeholders": 20, "events": 2, "versions": 2, "signatures": 4}
LARGE = {"stakeholders": 120, "events": 25, "versions": 6, "signatures": 40}


def _fill(**sizes):
    call_command("bench_data", *[f"--{name}={value}" for name, value in sizes.items()], stdout=io.StringIO())


def test_the_generated_data_set_grows_to_the_totals_asked(cluster, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    _fill(**SMALL)
    _fill(**LARGE)  # adds only what is missing
    generated = Participant.objects.filter(slug__startswith="bench-")
    assert generated.count() == 120
    assert Signature.objects.filter(participant__in=generated).count() == 40
    assert Version.objects.published().count() == 6
    assert Event.objects.filter(slug__startswith="bench-").count() == 25
    assert EventPhoto.objects.filter(event__slug__startswith="bench-").count() == 75
    assert (tmp_path / "events/photos/bench/zdjecie.jpg").exists()


def test_every_benchmarked_page_makes_as_many_queries_with_ten_times_the_data(client, cluster, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PAGE_CACHE_SECONDS = 0
    paths = [path for label, path in PAGES if label != "agreement_pdf"]
    _fill(**SMALL)
    small = {path: count_queries(client, path) for path in paths}
    _fill(**LARGE)
    large = {path: count_queries(client, path) for path in paths}
    assert large == small
    assert all(count > 0 for path, count in small.items() if path != "/status/live/")


def test_every_benchmarked_panel_page_makes_as_many_queries_with_ten_times_the_data(cluster, settings, tmp_path):
    from django.test import Client

    from bench.management.commands.bench_data import bench_account

    settings.MEDIA_ROOT = tmp_path
    settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries, never a page kept for the session
    _fill(**SMALL)
    clients = {}
    for _label, _path, persona in PANEL_PAGES:
        clients[persona] = Client()
        clients[persona].force_login(bench_account(persona))

    def counts():
        # Each page asked twice, the second counted: the first request of a session in a process records the
        # session (klaster.middleware.UserSessionsMiddleware), whatever the page.
        return {
            label: [count_queries(clients[persona], path) for _ in range(2)][-1] for label, path, persona in PANEL_PAGES
        }

    small = counts()
    _fill(**LARGE)
    assert counts() == small
    assert all(clients[persona].get(path).status_code == 200 for _label, path, persona in PANEL_PAGES)


@pytest.mark.parametrize("path", ["/porozumienie/porozumienie.pdf"])
def test_a_kept_pdf_is_served_with_as_many_queries_with_ten_times_the_data(client, cluster, settings, tmp_path, path):
    settings.MEDIA_ROOT = tmp_path
    _fill(**SMALL)
    count_queries(client, path)  # rendered and kept
    # Each measured request reads the data revision (a revision this process read within the last second would answer
    # without a query, and whether it did would depend on how long the rendering took).
    Revision.forget()
    small = count_queries(client, path)
    _fill(**LARGE)
    count_queries(client, path)  # the data changed: rendered again
    Revision.forget()
    assert count_queries(client, path) == small
