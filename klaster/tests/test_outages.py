"""A stopped database or cache: every page answers the designed 503 page, /status/ready/ says so, and the portal serves
pages again by itself once the service is back.

The database outage is a real one: a PostgreSQL cluster of the test's own (klaster.testing.throwaway_postgres, never the
shared server) stopped and started under a running gunicorn in the production configuration, once with a connection
kept per worker (DATABASE_CONN_MAX_AGE) and once with a connection pool (DATABASE_POOL_SIZE). It runs in the
PostgreSQL pass of the suite (on SQLite this module defines only the cache test, as CI's SQLite pass has no server).
"""

import time

import pytest
from django.conf import settings
from django.test import Client, override_settings

from klaster.testing import Portal, assert_accessible, free_port, run_manage, throwaway_postgres
from klaster.unavailable import RETRY_AFTER_SECONDS

UNAVAILABLE_PL = "Portal jest chwilowo niedostępny"
PAGES = ["/", "/en/", "/czlonkowie/", "/porozumienie/", "/wydarzenia/", "/dolacz/"]


def _assert_designed_503(status, headers, body, path):
    assert status == 503, (path, status, body[-2000:])
    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert "Traceback" not in body and "OperationalError" not in body
    assert '<main id="main"' in body and 'class="site-header"' in body and 'class="site-footer"' in body
    language = "en" if path.startswith("/en/") else "pl"
    assert f'<html lang="{language}">' in body
    if language == "pl":
        assert UNAVAILABLE_PL in body


# Pages that need Redis when it holds the counters (REDIS_URL): a register PDF counts its client, in Polish and English.
# Public pages do not: kept pages are shared in Redis too, but without it each process renders and keeps them in its
# own memory (klaster/page_cache.py).
NEEDS_THE_COUNTERS = [("/porozumienie/rejestr.pdf", UNAVAILABLE_PL), ("/en/agreement/register.pdf", None)]


def _unreachable_cache():
    """Settings whose counters' cache and shared page cache are a Redis that nothing listens for."""
    unreachable = f"redis://127.0.0.1:{free_port()}/0"
    default = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": unreachable}
    shared = {**default, "KEY_PREFIX": "klaster-pages"}
    return override_settings(
        REDIS_URL=unreachable, CACHES={**settings.CACHES, "default": default, "shared_pages": shared}
    )


@pytest.mark.browser
def test_the_503_page_is_designed_and_accessible_in_polish_and_english(page, live_server, browser_cluster):
    with _unreachable_cache():
        for path, heading in NEEDS_THE_COUNTERS:
            response = page.goto(live_server.url + path)
            assert response.status == 503
            assert response.headers["retry-after"] == str(RETRY_AFTER_SECONDS)
            assert page.locator("html").get_attribute("lang") == ("en" if path.startswith("/en/") else "pl")
            if heading:
                assert page.locator("h1").inner_text() == heading
            assert page.locator("header.site-header").is_visible() and page.locator("footer.site-footer").is_visible()
            assert_accessible(page)


@pytest.mark.django_db
def test_ready_answers_503_naming_the_cache_when_redis_does_not_answer_and_pages_needing_it_the_designed_503(
    cluster,
):
    client = Client(raise_request_exception=False)
    with _unreachable_cache():
        ready = client.get("/status/ready/")
        path = NEEDS_THE_COUNTERS[0][0]
        page = client.get(path)  # counted by the register PDFs' rate limit, in the (unreachable) Redis first
        public = client.get("/porozumienie/")  # rendered and kept in this process's memory: no need of Redis
        again = client.get("/porozumienie/")  # from memory, without asking the Redis that did not answer
    assert ready.status_code == 503
    assert ready.content == b"unavailable: cache\n"
    assert ready["Retry-After"] == str(RETRY_AFTER_SECONDS)
    _assert_designed_503(page.status_code, page, page.content.decode(), path)
    assert public.status_code == again.status_code == 200
    assert again.content == public.content


@pytest.mark.django_db
def test_ready_answers_200_when_the_database_and_the_cache_answer(client):
    response = client.get("/status/ready/")
    assert response.status_code == 200
    assert response.content == b"ready\n"
    assert "no-cache" in response["Cache-Control"]


def test_live_makes_no_query(django_assert_num_queries, client, db):
    with django_assert_num_queries(0):
        assert client.get("/status/live/").status_code == 200


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":

    def test_every_page_answers_503_while_postgresql_is_stopped_and_200_again_when_it_is_back(
        tmp_path, collected_static
    ):
        with throwaway_postgres() as postgres:
            env = {
                "DATABASE_URL": postgres.url,
                "KLASTER_VAR_DIR": str(tmp_path),
                "STATIC_ROOT": str(collected_static),
                "PRIVATE_ROOT": str(tmp_path / "private"),
            }
            for command in (["migrate", "--noinput", "-v0"], ["loadcluster"]):
                done = run_manage(*command, **env)
                assert done.returncode == 0, done.stderr
            kept = Portal(tmp_path, threads=2, DATABASE_CONN_MAX_AGE="600", **env)
            pooled = Portal(tmp_path, threads=2, DATABASE_POOL_SIZE="2", **env)
            try:
                for portal in (kept, pooled):
                    for path in PAGES:
                        status, _headers, body = portal.get(path)
                        assert status == 200, (path, body[-2000:])
                    assert portal.get("/status/ready/")[::2] == (200, "ready\n")

                postgres.stop()
                time.sleep(1.5)  # past the second for which a kept page may answer without asking the database
                for portal in (kept, pooled):
                    for path in PAGES if portal is kept else PAGES[:2]:  # the pool waits 10 s for a connection
                        _assert_designed_503(*portal.get(path), path)
                    status, headers, body = portal.get("/status/ready/")
                    assert (status, body) == (503, "unavailable: database\n")
                    assert headers["Retry-After"] == str(RETRY_AFTER_SECONDS)
                    assert portal.get("/status/live/")[0] == 200  # the process itself is up

                postgres.start()
                for portal in (
                    kept,
                    pooled,
                ):  # the first request after the restart is served: no broken connection kept
                    assert portal.get("/status/ready/")[::2] == (200, "ready\n")
                    for path in PAGES:
                        status, _headers, body = portal.get(path)
                        assert status == 200, (path, body[-2000:])
                        assert UNAVAILABLE_PL not in body
                    assert portal.process.poll() is None  # never restarted
            finally:
                kept.stop()
                pooled.stop()
