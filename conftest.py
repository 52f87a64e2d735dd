"""Shared test set-up: the real cluster, the personas, media folders, the browser, and CI's rule that nothing is skipped.
The fixtures are thin: what they call is in klaster.testing (the one test-support package that tests import)."""

import io
import os

import pytest
from django.core.management import call_command
from django.utils import translation

from klaster.testing import (
    chromium,
    clear_caches,
    collect_static,
    invite,
    make_contact,
    make_persona,
    new_page,
    s3_endpoint,
)
from klaster.testing.agreements import count_renders
from members.models import Cluster, Participant


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many accounts; production hashes with PBKDF2, tests with a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path_factory):
    """Kept PDFs and waiting import files go to a fresh folder per test, never to var/private."""
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")
    return settings.PRIVATE_ROOT


# Set once the test database exists (django_db_setup below): from then on the counters' table can be emptied.
DATABASE_READY = pytest.StashKey[bool]()


@pytest.fixture(autouse=True)
def fresh_cache(request, django_db_blocker):
    """What one test remembered (kept PDFs and pages keyed by a data revision that restarts with each test's database,
    the revision this process read last, rate limits) must not leak into the next. Without Redis the rate limits live
    in a table of the database (klaster/counters.py), emptied too once the test database exists."""
    from klaster import page_cache
    from klaster.revision import Revision

    database_ready = request.config.stash.get(DATABASE_READY, False)
    clear_caches(django_db_blocker if database_ready else None)
    Revision.forget()
    page_cache._shared_down_until = 0.0  # a Redis made unreachable by an earlier test is not avoided in this one
    yield
    clear_caches(django_db_blocker if database_ready else None)
    Revision.forget()


@pytest.fixture(autouse=True)
def polish_first():
    """Each test starts in Polish, the portal's first language, whatever the previous request activated."""
    translation.activate("pl")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker):
    """The test database starts with the real cluster, loaded once by the same command users run; each test's
    transaction is rolled back, so every test sees it as loaded. (Tests with a transactional database flush it
    afterwards; pytest-django runs them after the others, and `cluster` loads it again when it is gone.)"""
    with django_db_blocker.unblock():
        call_command("loadcluster", stdout=io.StringIO())
    request.config.stash[DATABASE_READY] = True


@pytest.fixture(autouse=True)
def cluster_again_after_a_flush(request, django_db_blocker):
    """A test with a transactional database (the browser's live server) empties the database when it ends; the real
    cluster is then loaded again at once, committed, as django_db_setup loaded it. Otherwise every later test in this
    process would load it inside its own rolled-back transaction (`cluster`: 0.85 s each, after every such test)."""
    yield
    if not request.config.stash.get(DATABASE_READY, False):
        return
    if not {"transactional_db", "live_server", "browser_cluster"} & set(request.fixturenames):
        return
    with django_db_blocker.unblock():
        if not Cluster.objects.exists():
            call_command("loadcluster", stdout=io.StringIO())


@pytest.fixture
def cluster(db):
    """The real cluster, as loadcluster loads it."""
    if not Cluster.objects.exists():
        call_command("loadcluster", stdout=io.StringIO())
    return Cluster.objects.main()


@pytest.fixture(scope="module")
def endpoint():
    """A real S3 endpoint over HTTP (klaster.testing.s3_endpoint), one per test module."""
    with s3_endpoint() as address:
        yield address


@pytest.fixture
def tworog(cluster):
    return Participant.objects.get(slug="tworog")


@pytest.fixture
def pawonkow(cluster):
    return Participant.objects.get(slug="pawonkow")


@pytest.fixture
def contact(tworog):
    """Anna Nowak, a contact of Tworóg."""
    return make_contact(tworog, "Anna", "Nowak", email="anna.nowak@tworog.example.org")


@pytest.fixture
def pending_invitation(tworog, coordinator):
    """The coordinator's invitation of a new member of Tworóg's staff, not yet accepted."""
    return invite("nowa.osoba@tworog.example.org", tworog, by=coordinator)


# --- the personas (klaster.testing.PERSONAS) -------------------------------------------------------


@pytest.fixture
def staff_tworog(cluster):
    return make_persona("staff_tworog")


@pytest.fixture
def staff_pawonkow(cluster):
    return make_persona("staff_pawonkow")


@pytest.fixture
def coordinator(cluster):
    """The coordinator, with TOTP set up (coordinator pages require it)."""
    return make_persona("coordinator")


@pytest.fixture
def coordinator_without_mfa(cluster):
    return make_persona("coordinator_without_mfa")


@pytest.fixture
def superuser(cluster):
    return make_persona("superuser")


# --- files: uploads and the PDFs the portal renders ------------------------------------------------


@pytest.fixture
def media_root(settings, tmp_path):
    """Uploads and kept PDFs go to a fresh media folder for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(scope="session")
def collected_static():
    """The static files collected once for every test process, as a deployment does, for the portal run in production
    processes (klaster.testing.collect_static)."""
    return collect_static()


@pytest.fixture
def renders(monkeypatch):
    """Each PDF content rendered once per run; `renders.count` says how often the portal asked for a rendering."""
    return count_renders(monkeypatch)


# --- the browser: Playwright driving the system Chromium ------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session (klaster.testing.chromium: missing, it skips locally and fails in CI)."""
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser):
    context, page = new_page(browser)
    yield page
    context.close()


@pytest.fixture
def browser_cluster(transactional_db):
    """The real cluster for tests against `live_server` (which needs a transactional database)."""
    call_command("loadcluster", stdout=io.StringIO())
    return Cluster.objects.main()


# CI runs the suite twice: on PostgreSQL with the browser, then on SQLite (.ci/run). The second pass
# (KLASTER_DATABASE_PASS=second) runs the tests that use a database; a test that uses none (a parser, the typography,
# the settings' checks, the benchmark's verdicts) gives the same answer whatever the database and ran in the first.
DATABASE_FIXTURES = {"db", "transactional_db", "live_server"}


# The longest single test (a PostgreSQL cluster of its own stopped and started under two gunicorns, about two minutes)
# starts first, on the first test process, while the others share out the rest: collected in its place it came near
# the end, after pytest-django's reordering, and the whole run waited for it.
STARTS_FIRST = "klaster/tests/test_outages.py::test_every_page_answers_503_while_postgresql_is_stopped"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    first = [item for item in items if item.nodeid.startswith(STARTS_FIRST)]
    if first:
        items[:] = first + [item for item in items if item not in first]
    if os.environ.get("KLASTER_DATABASE_PASS") != "second":
        return
    kept, without_database = [], []
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        uses_database = DATABASE_FIXTURES & fixtures or item.get_closest_marker("django_db")
        (kept if uses_database else without_database).append(item)
    if without_database:
        config.hook.pytest_deselected(items=without_database)
        items[:] = kept


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failing test: the browser and PostgreSQL runs must really run."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; in CI that is a failure.", red=True)
        session.exitstatus = 1
