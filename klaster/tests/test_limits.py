"""Limits that hold: behind the reverse proxy every rate limit counts the real client, one abusive client locks out
no one else, and a counter is never pushed out of its cache, whatever else fills the caches, in one process or many,
with Redis or without."""

import json
import sqlite3
import uuid

import pytest
import redis
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.urls import reverse

from klaster.testing import (
    REDIS_URL,
    TOO_MANY_FAILED,
    Page,
    application_form,
    cache_settings_with,
    flood_public_pages,
    forget_redis_prefix,
    post_login,
    redis_or_skip,
    run_manage,
    run_python,
    signed_in,
    via_proxy,
)
from members.models import Application

ATTACKER = "198.51.100.66"
VICTIM = "203.0.113.5"


def _refused(response):
    """A login refused by a rate limit: the form's message (failed logins) or 429 (logins per address)."""
    return response.status_code == 429 or TOO_MANY_FAILED in Page(response.content.decode()).text


@pytest.fixture
def behind_one_proxy(settings):
    """The portal behind one reverse proxy of ours, as TRUSTED_PROXY_COUNT=1 sets it (test_settings checks that)."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1


def test_forty_failed_logins_from_one_client_behind_the_proxy_do_not_stop_another_client_logging_in(
    behind_one_proxy, staff_tworog, staff_pawonkow
):
    attacker = Client()
    answers = []
    for attempt in range(40):
        answers.append(post_login(attacker, f"osoba{attempt}@example.org", "zgadywane-haslo", **via_proxy(ATTACKER)))
        if attempt == 20:  # meanwhile, another client of the same proxy signs in
            colleague = Client()
            assert post_login(colleague, staff_pawonkow.email, **via_proxy(VICTIM)).status_code == 302
            assert signed_in(colleague)
    assert not any(_refused(answer) for answer in answers[:10])
    assert all(_refused(answer) for answer in answers[10:])  # the attacker is stopped after 10 failures a minute
    assert answers[-1].status_code == 429  # and after 30 attempts a minute answered 429
    victim = Client()
    response = post_login(victim, staff_tworog.email, **via_proxy(VICTIM))
    assert response.status_code == 302 and signed_in(victim)
    # The attacker is refused even with a right password: the counter is the client's, whichever account it tries.
    assert _refused(post_login(attacker, staff_tworog.email, **via_proxy(ATTACKER)))


def test_a_spoofed_x_forwarded_for_neither_hides_the_attacker_nor_blames_another_client(behind_one_proxy, staff_tworog):
    attacker = Client()
    for attempt in range(12):
        # The attacker writes its own X-Forwarded-For: a new address each time, or the victim's; the proxy adds the
        # address it really saw after it, and only that one is read.
        spoofed = VICTIM if attempt % 2 else f"10.0.{attempt}.1"
        response = post_login(attacker, f"osoba{attempt}@example.org", "zle", **via_proxy(ATTACKER, spoofed=spoofed))
        assert _refused(response) == (attempt >= 10)
    victim = Client()
    assert post_login(victim, staff_tworog.email, **via_proxy(VICTIM)).status_code == 302


def test_without_a_trusted_proxy_x_forwarded_for_changes_nothing(settings, staff_tworog):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0  # the default: clients connect to the portal directly
    attacker = Client()
    for attempt in range(12):
        forwarded = {"HTTP_X_FORWARDED_FOR": VICTIM if attempt % 2 else f"10.0.{attempt}.1"}
        response = post_login(attacker, f"osoba{attempt}@example.org", "zle", REMOTE_ADDR=ATTACKER, **forwarded)
        assert _refused(response) == (attempt >= 10)
    victim = Client()
    assert post_login(victim, staff_tworog.email, REMOTE_ADDR=VICTIM).status_code == 302


def test_one_client_sending_many_applications_through_the_proxy_stops_only_itself(behind_one_proxy, client, cluster):
    apply = reverse("members:apply")
    for number in range(5):
        data = application_form(email=f"osoba{number}@example.org", name=f"Firma {number}")
        assert client.post(apply, data, **via_proxy(ATTACKER, spoofed=f"10.1.{number}.1")).status_code == 302
    refused = client.post(apply, application_form(email="szosta@example.org"), **via_proxy(ATTACKER))
    assert refused.status_code == 429
    accepted = Client().post(apply, application_form(email="inna@example.org"), **via_proxy(VICTIM))
    assert accepted.status_code == 302
    assert Application.objects.count() == 6


# --- the counters' cache ---------------------------------------------------------------------------------------------


def _lock_out(client, user):
    """Five failed logins for `user`'s account (the per-account limit), from five addresses; then even the right
    password is refused."""
    for attempt in range(5):
        post_login(client, user.email, "zle-haslo", REMOTE_ADDR=f"192.0.2.{attempt + 1}")
    assert _refused(post_login(client, user.email, REMOTE_ADDR="192.0.2.99"))


FLOOD_CACHE_ENTRIES = 50  # the page cache made small for these tests: a flood three times as large fills it


def _small_page_cache(settings):
    settings.CACHES = {
        **settings.CACHES,
        "pages": {**settings.CACHES["pages"], "OPTIONS": {"MAX_ENTRIES": FLOOD_CACHE_ENTRIES, "CULL_FREQUENCY": 3}},
    }


def _assert_flood_does_not_unlock(user, pages=3 * FLOOD_CACHE_ENTRIES):
    client = Client()
    _lock_out(client, user)
    assert flood_public_pages(Client(), pages) == {200}
    assert len(caches["pages"]._cache) <= caches["pages"]._max_entries < pages  # the page cache was full and evicted
    response = post_login(client, user.email, REMOTE_ADDR="192.0.2.100")
    assert _refused(response) and not signed_in(client)


def test_a_flood_of_distinct_addresses_filling_the_page_cache_does_not_push_out_a_failure_counter(
    settings, staff_tworog
):
    """The caches as the settings make them without Redis: pages in memory, the counters in the database."""
    _small_page_cache(settings)
    assert caches["default"].__class__.__name__ == "CounterCache"
    _assert_flood_does_not_unlock(staff_tworog)


@pytest.fixture
def redis_counters(settings):
    """The caches as the settings make them with REDIS_URL: the counters in Redis, under a prefix of this test's."""
    redis_or_skip()
    configured = cache_settings_with(REDIS_URL=REDIS_URL)
    configured["default"]["KEY_PREFIX"] = f"limits-test-{uuid.uuid4().hex}"
    settings.CACHES = configured
    _small_page_cache(settings)
    yield configured["default"]["KEY_PREFIX"]
    forget_redis_prefix(REDIS_URL, configured["default"]["KEY_PREFIX"])


def test_with_redis_a_flood_of_distinct_addresses_does_not_push_out_a_failure_counter(redis_counters, staff_tworog):
    assert caches["default"].__class__.__name__ == "RedisCache"
    _assert_flood_does_not_unlock(staff_tworog)
    kept_in_redis = {key.split(b":")[2] for key in redis.Redis.from_url(REDIS_URL).scan_iter(f"{redis_counters}:*")}
    assert kept_in_redis == {b"allauth"}  # the rate limits' counters, and nothing else


def test_the_counters_table_drops_expired_counters_but_never_a_running_one(settings, db):
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}},
    }
    counters = caches["default"]
    for number in range(5):
        counters.set(f"ended-{number}", number, 0)  # expired at once
    for number in range(40):  # four times MAX_ENTRIES, all running
        counters.set(f"running-{number}", number, 300)
    assert [counters.get(f"running-{number}") for number in range(40)] == list(range(40))
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM klaster_counters")
        assert cursor.fetchone()[0] == 40  # the expired ones were swept out


# --- several processes, no Redis: the counters in the database, read from TRUSTED_PROXY_COUNT -----------------------

OUTCOMES = """
import json
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse

# The fast hasher of the tests: forty failed logins must fall within allauth's one-minute window on a loaded machine
# (the real hasher took a second a login there, and the first failures were forgotten before the second process ran).
override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()

def outcome(response):
    if response.status_code in (302, 429):
        return response.status_code
    return "refused" if "Zbyt wiele nieudanych" in response.content.decode() else "wrong"

def login(client, email, password, address, spoofed=None):
    forwarded = f"{spoofed}, {address}" if spoofed else address
    response = client.post(reverse("account_login"), {"login": email, "password": password},
                           REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    return outcome(response)
"""

ATTACK = (
    OUTCOMES
    + """
from klaster.testing import make_user
make_user("ofiara@example.org")
attacker = Client()
print(json.dumps([login(attacker, f"osoba{n}@example.org", "zle", "198.51.100.66", spoofed=f"10.0.{n}.1")
                  for n in range(40)]))
"""
)

AFTER_THE_ATTACK = (
    OUTCOMES
    + """
from klaster.testing import PASSWORD
print(json.dumps([login(Client(), "ofiara@example.org", PASSWORD, "198.51.100.66"),
                  login(Client(), "ofiara@example.org", PASSWORD, "203.0.113.5")]))
"""
)


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory):
    """A fresh SQLite database, migrated as `make run` and the README's production steps do: the folder (var/)."""
    folder = tmp_path_factory.mktemp("var")
    result = run_manage("migrate", "--noinput", KLASTER_VAR_DIR=str(folder), REDIS_URL="")
    assert result.returncode == 0, result.stderr
    return folder


def test_migrate_makes_the_counters_table(migrated_sqlite):
    database = sqlite3.connect(migrated_sqlite / "klaster.sqlite3")
    assert database.execute("SELECT name FROM sqlite_master WHERE name = 'klaster_counters'").fetchall()


def test_two_processes_behind_the_proxy_share_the_counters_without_redis(migrated_sqlite):
    env = {"KLASTER_VAR_DIR": str(migrated_sqlite), "REDIS_URL": "", "TRUSTED_PROXY_COUNT": "1"}
    attack = run_python(ATTACK, **env)
    assert attack.returncode == 0, attack.stderr
    answers = json.loads(attack.stdout.strip().splitlines()[-1])
    assert answers[:10] == ["wrong"] * 10  # rotating a spoofed address gains nothing
    assert answers[10:30] == ["refused"] * 20 and answers[30:] == [429] * 10
    after = run_python(AFTER_THE_ATTACK, **env)  # another worker process
    assert after.returncode == 0, after.stderr
    attacker, victim = json.loads(after.stdout.strip().splitlines()[-1])
    assert attacker == 429  # this process knows the attacker's count from the first one
    assert victim == 302  # and the client next to it signs in


def test_the_failed_logins_of_an_account_count_together_whatever_host_name_the_request_gives(settings, staff_tworog):
    """The per-account counter is the account's: a Host header with a port or in capitals (which Django accepts as
    the same host) does not start a new one."""
    settings.ALLOWED_HOSTS = ["klaster.example.org"]
    hosts = ["klaster.example.org", "klaster.example.org:443", "KLASTER.example.org", "klaster.example.org:8443"]
    for number, host in enumerate([*hosts, "Klaster.Example.Org"]):
        address = f"192.0.2.{number + 1}"
        response = post_login(Client(), staff_tworog.email, "zle-haslo", REMOTE_ADDR=address, HTTP_HOST=host)
        assert response.status_code == 200
    client = Client()
    response = post_login(client, staff_tworog.email, REMOTE_ADDR="192.0.2.50", HTTP_HOST="klaster.example.org:80")
    assert _refused(response) and not signed_in(client)
