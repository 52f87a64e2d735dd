"""The one rate-limit helper of the portal, for every app: allauth's rate limits, the same machinery that limits
logins, so every limit lives in one setting (ACCOUNT_RATE_LIMITS), keeps its counters in the same cache (the default
one, which holds counters only: Redis, or the database, settings.CACHES) and counts the same client: the address
allauth's adapter reads, behind TRUSTED_PROXY_COUNT proxies (klaster/accounts.py).

allauth's public `allauth.core.ratelimit.consume` never counts GET requests; a PDF rendered on a GET must be counted,
so this helper calls the function that public one wraps, with `limit_get`. This is the only place that does (the
pinned allauth version in requirements.txt is the one its tests run against).
"""

from allauth.core.internal import ratelimit as allauth_ratelimit


def allow(request, *, action, key=None):
    """Count one use of `action` by this client (and by `key`, when given: an e-mail address, say) and answer whether
    it is within the rates ACCOUNT_RATE_LIMITS[action] sets. GET requests count too."""
    usage = allauth_ratelimit.consume(request=request, app="allauth.account", action=action, key=key, limit_get=True)
    return bool(usage)
