"""Shared test set-up: the real cluster, the personas, and CI's rule that nothing is skipped."""

import io
import os

import pytest
from django.core.management import call_command
from django.utils import translation

from klaster.testing import (  # noqa: F401  (also imported from here by tests not yet moved to klaster.testing)
    CHROMIUM,
    CHROMIUM_ARGS,
    PASSWORD,
    TOTP_SECRET,
    WCAG_TAGS,
    assert_accessible,
    axe_problems,
    make_stakeholder,
    make_user,
    new_page,
    s3_endpoint,
    totp_code,
    totp_code_of_period,
)
from members.models import Cluster, Participant, StaffMembership


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests make many accounts; production hashes with PBKDF2, tests with a fast hasher."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path_factory):
    """Kept PDFs and waiting import files go to a fresh folder per test, never to var/private."""
    settings.PRIVATE_ROOT = tmp_path_factory.mktemp("private")
    return settings.PRIVATE_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    """What one test remembered (kept PDFs and pages keyed by a data revision that restarts with each test's database,
    the revision this process read last, rate limits) must not leak into the next."""
    from django.core.cache import caches

    from klaster.revision import Revision

    for cache in caches.all():
        cache.clear()
    Revision.forget()
    yield
    for cache in caches.all():
        cache.clear()
    Revision.forget()


@pytest.fixture(autouse=True)
def polish_first():
    """Each test starts in Polish, the portal's first language, whatever the previous request activated."""
    translation.activate("pl")
    yield
    translation.deactivate()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database starts with the real cluster, loaded once by the same command users run; each test's
    transaction is rolled back, so every test sees it as loaded. (Tests with a transactional database flush it
    afterwards; pytest-django runs them after the others, and `cluster` loads it again when it is gone.)"""
    with django_db_blocker.unblock():
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
def staff_tworog(cluster):
    return make_user(
        "tworog@example.org", role=StaffMembership.Role.STAFF, gmina=Participant.objects.get(slug="tworog")
    )


@pytest.fixture
def staff_pawonkow(cluster):
    gmina = Participant.objects.get(slug="pawonkow")
    return make_user("pawonkow@example.org", role=StaffMembership.Role.STAFF, gmina=gmina)


@pytest.fixture
def coordinator(cluster):
    """The coordinator, with TOTP set up (coordinator pages require it)."""
    from allauth.mfa.totp.internal.auth import TOTP

    user = make_user("koordynator@example.org", role=StaffMembership.Role.COORDINATOR)
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def coordinator_without_mfa(cluster):
    return make_user("nowy.koordynator@example.org", role=StaffMembership.Role.COORDINATOR)


@pytest.fixture
def superuser(cluster):
    return make_user("admin@example.org", superuser=True)


# --- the browser: Playwright driving the system Chromium ------------------------------------------


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session. Missing Chromium skips locally and fails in CI."""
    if not os.path.exists(CHROMIUM):
        message = f"the system Chromium is not at {CHROMIUM} (apt install chromium)"
        if os.environ.get("KLASTER_REQUIRE_BROWSER") or os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the tests' own ORM calls are still sync.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


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


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failing test: the browser and PostgreSQL runs must really run."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; in CI that is a failure.", red=True)
        session.exitstatus = 1
