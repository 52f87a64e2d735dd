"""Shared test set-up: the real cluster, the personas, and CI's rule that nothing is skipped."""

import io
import os

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import translation
from django.utils.text import slugify

from members.models import Cluster, Participant, StaffMembership

PASSWORD = "test-password-123"


@pytest.fixture(autouse=True)
def polish_first():
    """Each test starts in Polish, the portal's first language, whatever the previous request activated."""
    translation.activate("pl")
    yield
    translation.deactivate()


@pytest.fixture
def cluster(db):
    """The real cluster, loaded by the same command users run."""
    call_command("loadcluster", stdout=io.StringIO())
    return Cluster.objects.main()


def make_stakeholder(cluster, name, **fields):
    """A current stakeholder that consented to the public directory, unless told otherwise."""
    values = {
        "cluster": cluster,
        "kind": Participant.Kind.STAKEHOLDER,
        "category": Participant.Category.COMPANY,
        "name": name,
        "slug": fields.pop("slug", None) or slugify(name),
        "status": Participant.Status.ACTIVE,
        "public_listing": True,
        **fields,
    }
    return Participant.objects.create(**values)


def make_user(email, *, role=None, gmina=None, superuser=False):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        StaffMembership.objects.create(user=user, role=role, gmina=gmina)
    return user


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
    return make_user("koordynator@example.org", role=StaffMembership.Role.COORDINATOR)


@pytest.fixture
def superuser(cluster):
    return make_user("admin@example.org", superuser=True)


def pytest_sessionfinish(session, exitstatus):
    """In CI a skipped test is a failing test: the browser and PostgreSQL runs must really run."""
    if not os.environ.get("CI"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = len(reporter.stats.get("skipped", [])) if reporter else 0
    if skipped and session.exitstatus == 0:
        reporter.write_line(f"CI: {skipped} test(s) were skipped; in CI that is a failure.", red=True)
        session.exitstatus = 1
