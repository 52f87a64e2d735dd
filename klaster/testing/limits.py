"""Rate limits as a client behind the reverse proxy meets them: requests as the proxy passes them on, the login form,
floods of distinct addresses, the caches as the settings make them, and emptying them between tests."""

import json

from django.core.cache import caches
from django.core.cache.backends.db import BaseDatabaseCache
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from klaster.testing.accounts import PASSWORD
from klaster.testing.servers import run_python

PROXY = "127.0.0.1"  # the reverse proxy, on the same machine as gunicorn: every connection comes from it

# What the login form says when the per-address or per-account counter of failed logins is full.
TOO_MANY_FAILED = "Zbyt wiele nieudanych prób logowania."


def via_proxy(client_address, *, spoofed=None):
    """The request's META as the one trusted proxy passes on a request from `client_address`: the connection comes
    from the proxy, which adds the address it saw to X-Forwarded-For after whatever the client sent (`spoofed`)."""
    forwarded = f"{spoofed}, {client_address}" if spoofed else client_address
    return {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": forwarded}


def post_login(client, email, password=PASSWORD, **meta):
    """Send the real login form (allauth's view, its rate limits) with the request's `meta`."""
    return client.post(reverse("account_login"), {"login": email, "password": password}, **meta)


def signed_in(client):
    return "_auth_user_id" in client.session


def flood_public_pages(client, count, path="/deklaracja-dostepnosci/"):
    """`count` requests for distinct addresses of one public page (each its own kept page): what a crawler or an
    attacker with a query string does to the page cache. Answers the status codes seen."""
    return {client.get(path, {"strona": number}).status_code for number in range(count)}


def cache_settings_with(**env):
    """settings.CACHES as the portal's settings make them with `env` (REDIS_URL, say), read in a fresh process."""
    result = run_python("from django.conf import settings; import json; print(json.dumps(settings.CACHES))", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def forget_redis_prefix(url, prefix):
    """Remove what was written to Redis at `url` under the cache KEY_PREFIX `prefix`: never FLUSHDB (what Django's
    RedisCache.clear does), since another test process may be counting in the same Redis database meanwhile."""
    import redis

    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def clear_caches(django_db_blocker=None):
    """Empty every cache: those in memory or Redis at once, the database's (the counters without Redis) only with
    `django_db_blocker` (pytest-django's), that is once the test database exists."""
    for cache in caches.all():
        if isinstance(cache, RedisCache) and cache.key_prefix:
            # Only this cache's keys: another test process may be counting in the same Redis database meanwhile.
            client = cache._cache.get_client(write=True)
            keys = list(client.scan_iter(f"{cache.key_prefix}:*"))
            if keys:
                client.delete(*keys)
        elif not isinstance(cache, BaseDatabaseCache):
            cache.clear()
        elif django_db_blocker is not None:
            with django_db_blocker.unblock():
                cache.clear()
