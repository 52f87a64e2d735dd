"""Public pages kept for visitors without an account (klaster/page_cache.py) and the baseline page."""

import uuid

import pytest
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.base import SessionBase
from django.core.cache import caches
from django.db import connection
from django.db.models import F
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events.models import Event
from klaster.page_cache import keep
from klaster.revision import Revision
from klaster.testing import (
    PASSWORD,
    REDIS_URL,
    cache_settings_with,
    count_queries,
    forget_redis_prefix,
    free_port,
    get_with_queries,
    make_stakeholder,
    redis_or_skip,
)
from members.models import Participant

PUBLIC_PAGES = [
    ("home", {}),
    ("members:list", {}),
    ("members:gmina", {"slug": "tworog"}),
    ("members:directory", {}),
    ("events:list", {}),
    ("agreements:detail", {}),
    ("sitemap", {}),
    ("sitemap-section", {"section": "participants"}),
]


@pytest.mark.parametrize(("name", "kwargs"), PUBLIC_PAGES)
def test_a_kept_public_page_costs_no_query_and_is_the_same_page(client, cluster, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    first, rendering = get_with_queries(client, url)
    again, kept = get_with_queries(client, url)
    assert kept == []  # the data revision was read within the last second
    assert len(rendering) > 1
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


def test_a_change_to_the_data_shows_on_the_next_request(client, cluster):
    url = reverse("members:directory")
    assert "Nowa Spółdzielnia Energetyczna" not in client.get(url).content.decode()
    make_stakeholder(cluster, "Nowa Spółdzielnia Energetyczna")
    assert "Nowa Spółdzielnia Energetyczna" in client.get(url).content.decode()

    stakeholder = Participant.objects.get(name="Nowa Spółdzielnia Energetyczna")
    stakeholder.name = "Spółdzielnia Energetyczna Tworóg"
    stakeholder.save()
    page = client.get(url).content.decode()
    assert "Spółdzielnia Energetyczna Tworóg" in page
    assert "Nowa Spółdzielnia Energetyczna" not in page


def test_a_change_to_an_event_shows_on_the_home_page(client, cluster):
    event = Event.objects.latest().first()
    client.get(reverse("home"))
    event.title = "Konferencja po zmianie tytułu"
    event.save()
    assert "Konferencja po zmianie tytułu" in client.get(reverse("home")).content.decode()


def test_each_language_and_each_query_is_kept_apart(client, cluster):
    polish = client.get(reverse("home")).content.decode()
    english = client.get("/en/").content.decode()
    assert 'lang="pl"' in polish
    assert 'lang="en"' in english
    assert 'lang="en"' in client.get("/en/").content.decode()
    make_stakeholder(cluster, "Agroenergia Kochanowice", slug="agroenergia")
    url = reverse("members:directory")
    found = client.get(url, {"q": "Agroenergia"}).content.decode()
    missed = client.get(url, {"q": "Nic takiego"}).content.decode()
    assert "Agroenergia Kochanowice" in found
    assert "Agroenergia Kochanowice" not in missed


@pytest.mark.parametrize(("name", "kwargs"), [("home", {}), ("sitemap-section", {"section": "participants"})])
def test_a_page_kept_for_one_host_is_never_served_on_another(client, cluster, settings, name, kwargs):
    """Pages carry absolute addresses built from their request (canonical, alternates, the sitemap's): one kept when
    a server was asked at its own 127.0.0.1 must not reach visitors of the site's name."""
    settings.ALLOWED_HOSTS = ["127.0.0.1", "klaster.example.org"]
    url = reverse(name, kwargs=kwargs)
    assert "http://127.0.0.1:8101/" in client.get(url, HTTP_HOST="127.0.0.1:8101").content.decode()
    page = client.get(url, HTTP_HOST="klaster.example.org", secure=True).content.decode()
    assert "https://klaster.example.org/" in page and "127.0.0.1" not in page


def test_a_signed_in_user_gets_their_own_page_not_the_kept_one(client, cluster, staff_tworog):
    anonymous = client.get(reverse("home")).content.decode()
    assert "tworog@example.org" not in anonymous
    client.login(username="tworog@example.org", password=PASSWORD)
    signed_in = client.get(reverse("home")).content.decode()
    assert signed_in != anonymous
    assert reverse("account_logout") in signed_in
    client.logout()
    assert reverse("account_logout") not in client.get(reverse("home")).content.decode()


def test_a_visitor_with_a_message_waiting_sees_it(client, cluster):
    client.get(reverse("home"))  # kept
    request = RequestFactory().get(reverse("home"))
    request.user = AnonymousUser()
    request.session = SessionBase()
    storage = FallbackStorage(request)
    request._messages = storage
    messages.success(request, "Wniosek został wysłany.")
    response = HttpResponse()
    storage.update(response)
    client.cookies.update(response.cookies)
    assert "Wniosek został wysłany." in client.get(reverse("home")).content.decode()
    assert "Wniosek został wysłany." not in client.get(reverse("home")).content.decode()  # shown once


def test_missing_pages_are_not_kept(client, cluster):
    url = reverse("members:gmina", kwargs={"slug": "nie-ma-takiej"})
    assert client.get(url).status_code == 404
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 404
    assert len(queries) > 1


def test_keeping_can_be_turned_off(client, cluster, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = reverse("members:list")
    count_queries(client, url)
    assert count_queries(client, url) > 1


def _counting_view(answer):
    calls = []

    @keep
    def view(request):
        calls.append(request)
        return answer(request)

    return view, calls


def _anonymous(method="get"):
    request = getattr(RequestFactory(), method)("/strona/")
    request.user = AnonymousUser()
    request.session = SessionBase()
    request._messages = FallbackStorage(request)
    return request


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(lambda request: HttpResponse(get_token(request)), id="a CSRF token"),
        pytest.param(lambda request: _with_cookie(HttpResponse("strona")), id="a cookie"),
        pytest.param(lambda request: HttpResponse("błąd", status=500), id="an error"),
        pytest.param(lambda request: _private(HttpResponse("strona")), id="its own cache rules"),
    ],
)
def test_pages_that_belong_to_one_visitor_are_never_kept(cluster, answer):
    view, calls = _counting_view(answer)
    view(_anonymous())
    view(_anonymous())
    assert len(calls) == 2


def test_a_plain_page_is_rendered_once(cluster):
    view, calls = _counting_view(lambda request: HttpResponse("strona"))
    assert view(_anonymous()).content == b"strona"
    assert view(_anonymous()).content == b"strona"
    assert len(calls) == 1


def test_posting_is_never_answered_from_what_is_kept(cluster):
    view, calls = _counting_view(lambda request: HttpResponse("strona"))
    view(_anonymous())
    view(_anonymous("post"))
    assert len(calls) == 2


def _with_cookie(response):
    response.set_cookie("wybor", "1")
    return response


def _private(response):
    response["Cache-Control"] = "private"
    return response


def test_the_baseline_page_answers_without_touching_the_database(client, db):
    response, queries = get_with_queries(client, reverse("live"))
    assert queries == []
    assert "Działa" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]
    assert response["Content-Security-Policy"]  # the same middleware as every page


def test_a_change_made_by_another_process_shows_within_a_second(client, cluster, monkeypatch):
    from klaster import revision

    url = reverse("members:directory")
    make_stakeholder(cluster, "Energia Wspólna")
    assert "Energia Wspólna" in client.get(url).content.decode()
    # Another server renames it: the counter rises in the database, not in this process.
    Participant.objects.filter(name="Energia Wspólna").update(name="Energia Wspólna Kochanowice")
    Revision.objects.update(counter=F("counter") + 1)
    assert "Energia Wspólna Kochanowice" not in client.get(url).content.decode()  # this process read it just now
    later = revision.time.monotonic() + 1.5
    monkeypatch.setattr(revision.time, "monotonic", lambda: later)
    assert "Energia Wspólna Kochanowice" in client.get(url).content.decode()


@pytest.fixture
def redis_caches(settings):
    """The caches as the settings make them with REDIS_URL (the counters and the shared pages in Redis), under
    prefixes of this test's own: (counters' prefix, shared pages' prefix)."""
    redis_or_skip()
    configured = cache_settings_with(REDIS_URL=REDIS_URL)
    prefixes = (f"page-cache-test-{uuid.uuid4().hex}", f"page-cache-test-pages-{uuid.uuid4().hex}")
    configured["default"]["KEY_PREFIX"], configured["shared_pages"]["KEY_PREFIX"] = prefixes
    settings.CACHES = configured
    yield prefixes
    for prefix in prefixes:
        forget_redis_prefix(REDIS_URL, prefix)


def _redis_keys(prefix):
    import redis

    return list(redis.Redis.from_url(REDIS_URL).scan_iter(f"{prefix}:*"))


def test_with_redis_a_kept_page_is_shared_by_every_process_and_never_kept_with_the_counters(
    client, cluster, redis_caches
):
    counters, shared = redis_caches
    url = reverse("members:list")
    first, rendering = get_with_queries(client, url)
    assert len(rendering) > 1
    again, queries = get_with_queries(client, url)
    assert (again.content, queries) == (first.content, [])
    assert _redis_keys(counters) == []  # the counters' place holds no page
    assert _redis_keys(shared)  # the page, for every other process
    caches["pages"].clear()  # another process: it serves the page the first one rendered
    other, queries = get_with_queries(client, url)
    assert other.content == first.content
    assert len(queries) <= 1  # at most the data revision, never the rendering's queries


def test_with_redis_no_more_pages_are_shared_than_the_allowance(client, cluster, redis_caches, settings):
    _counters, shared = redis_caches
    settings.PAGE_CACHE_SHARED_ENTRIES = 3
    for number in range(6):
        assert client.get(reverse("members:directory"), {"q": f"szukane {number}"}).status_code == 200
    kept = [key for key in _redis_keys(shared) if b":klaster:page:" in key]
    assert len(kept) == 3
    # The pages past the allowance are kept in this process's memory all the same.
    assert count_queries(client, reverse("members:directory") + "?q=szukane+5") == 0


def test_with_a_redis_that_does_not_answer_public_pages_are_rendered_and_kept_in_memory(client, cluster, monkeypatch):
    from klaster import page_cache

    monkeypatch.setattr(page_cache, "_shared_down_until", 0.0)  # put back after the test
    unreachable = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        "KEY_PREFIX": "klaster-pages",
    }
    url = reverse("members:list")
    with override_settings(CACHES={**settings.CACHES, "shared_pages": unreachable}):
        assert client.get(url).status_code == 200
        assert page_cache._shared() is None  # left alone for a few seconds: no wait on every request
        assert count_queries(client, url) == 0  # kept in memory


def test_with_redis_a_change_still_shows_on_the_next_request(client, cluster, redis_caches):
    url = reverse("members:directory")
    client.get(url)
    make_stakeholder(cluster, "Energia Z Pamięci")
    assert "Energia Z Pamięci" in client.get(url).content.decode()


# --- a signed-in person's main page, kept for their session --------------------------------------------------------


def test_the_coordinators_dashboard_is_kept_for_the_session_and_shows_a_change_at_once(
    client, coordinator, staff_tworog, cluster
):
    from klaster.testing import Page, invite
    from members.services import account_set_active

    client.force_login(coordinator)
    url = reverse("coordination:dashboard")
    client.get(reverse("workspace"))  # the session's first request records the session
    client.get(reverse("home"))  # and the header's sign-out form gives it its CSRF cookie
    first, rendering = get_with_queries(client, url)
    again, kept = get_with_queries(client, url)
    assert again.content == first.content
    assert len(kept) < len(rendering)
    invite("nowa.osoba@example.org", Participant.objects.get(slug="pawonkow"), by=coordinator)
    assert "nowa.osoba@example.org" in client.get(url).content.decode()
    assert "Gmina Tworóg 1" in Page(client.get(url).content.decode()).text
    account_set_active(user=staff_tworog, active=False, by=coordinator)  # an account, not members' model
    assert "Gmina Tworóg brak kont" in Page(client.get(url).content.decode()).text


def test_a_kept_page_of_one_session_is_never_another_sessions(staff_tworog, cluster):
    url = reverse("workspace:gmina", args=["tworog"])
    one, other = Client(), Client()
    for client in (one, other):
        client.force_login(staff_tworog)
        client.get(reverse("workspace"))  # the session's first request records the session
        client.get(reverse("home"))  # and the header's sign-out form gives it its CSRF cookie
    _page, rendering = get_with_queries(one, url)
    _page, kept = get_with_queries(one, url)
    assert len(kept) < len(rendering)
    _page, others = get_with_queries(other, url)  # the same account in another browser renders its own page
    assert len(others) > len(kept)
