"""Public pages kept for visitors without an account, valid for one data revision.

A public page looks the same to every visitor who is not signed in. Rendering it costs several queries and the
template work, which grows with what the page lists; serving it again costs one cache read, and once a second one
query (the data revision). What is kept is keyed by:
- the data revision (klaster.revision.Revision, raised by every change to members, agreements and events): a change
  shows on the next request in the process that made it, and within REVISION_MAX_AGE (one second) on every other
  process and server, which read the counter from the database at most once a second;
- the language, the day (pages that split upcoming from past events) and the full address (scheme, host, path and
  query: a page carries absolute addresses built from its request);
- and it expires after PAGE_CACHE_SECONDS, so a deployment's new templates show within that time.
Pages are kept in each process's memory (the "pages" cache, bounded: the least used go first), never in the cache of the
counters (Redis or the database, settings.CACHES): a flood of distinct addresses only pushes out other kept pages,
never a rate limit's counter. With Redis (REDIS_URL) they are also shared by every worker and server (the
"shared_pages" cache, its own key prefix): one rendering serves them all, and a process finding a page there copies it
into its memory. Redis is never filled by them: at most PAGE_CACHE_SHARED_ENTRIES new entries are shared every
PAGE_CACHE_SECONDS, each for at most that long; past that a page is kept in memory only. When Redis does not answer,
a process leaves it alone for SHARED_RETRY_SECONDS and renders and keeps pages in its own memory meanwhile: public
pages never depend on Redis.

Views say that their page is public with klaster.public.public_page; PublicPageMiddleware keeps what they answer.
A page is not kept when the visitor is signed in or has a message waiting, when the page carries a CSRF token or sets
a cookie, or when it is not a plain 200 answer. Forms that post (applying, verifying an upload) are never kept.
"""

import hashlib
import logging
import time
from functools import wraps

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.http import HttpResponse
from django.utils import timezone, translation

from klaster.public import public_page  # noqa: F401  (the mark, for the apps that import it from here)
from klaster.revision import Revision

REVISION_MAX_AGE = 1.0  # seconds: a kept page costs no query at all


def _for_everyone(request):
    """Nothing in this request makes its page different from anyone else's."""
    if request.method not in ("GET", "HEAD"):
        return False
    if request.user.is_authenticated:  # no session cookie: no query
        return False
    return len(get_messages(request)) == 0  # counted without marking them read


def _key(request):
    # The whole address, scheme and host included: a page carries absolute addresses built from its request (canonical,
    # alternates, the sitemap's), so one kept for a host ALLOWED_HOSTS accepts (127.0.0.1, say) is never served on another.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    day = timezone.localdate().isoformat()
    return f"klaster:page:{Revision.current(max_age=REVISION_MAX_AGE)}:{translation.get_language()}:{day}:{address}"


def _keepable(request, response, *, csrf_cookie_kept=False):
    """Whether a response may be kept: a plain 200 that sets no cookie and says nothing of caching, and that carries no
    CSRF token (asking for one makes Django send the cookie again) - unless `csrf_cookie_kept`: a page kept for one
    session may carry the token of the CSRF cookie the request came with, which stays that browser's (a sign-in, which
    changes it, also changes the session)."""
    if not (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
    ):
        return False
    if not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return True
    cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    return csrf_cookie_kept and bool(cookie) and cookie == request.META.get("CSRF_COOKIE")


SHARED_RETRY_SECONDS = 5.0
logger = logging.getLogger(__name__)
# When (time.monotonic) this process may ask the shared cache again after it did not answer.
_shared_down_until = 0.0


def _shared():
    """The shared cache (Redis), or None: not configured, or it did not answer a moment ago."""
    if "shared_pages" not in settings.CACHES or time.monotonic() < _shared_down_until:
        return None
    return caches["shared_pages"]


def _shared_failed(error):
    global _shared_down_until
    _shared_down_until = time.monotonic() + SHARED_RETRY_SECONDS
    logger.warning("The shared page cache did not answer (%s); pages are kept in memory only for a while.", error)


def kept_get(key):
    """What is kept under `key`: in this process's memory, else in the shared cache (then copied to memory), or None."""
    value = caches["pages"].get(key)
    if value is not None:
        return value
    shared = _shared()
    if shared is None:
        return None
    try:
        value = shared.get(key)
    except Exception as error:  # a Redis that does not answer: the page is rendered, as without Redis
        _shared_failed(error)
        return None
    if value is not None:
        caches["pages"].set(key, value, settings.PAGE_CACHE_SECONDS)
    return value


def kept_set(key, value, timeout):
    """Keep `value` in this process's memory and, while the window's allowance lasts, in the shared cache."""
    caches["pages"].set(key, value, timeout)
    shared = _shared()
    if shared is None:
        return
    window = max(settings.PAGE_CACHE_SECONDS, 1)
    counter = f"klaster:shared-entries:{int(time.time() // window)}"
    try:
        shared.add(counter, 0, 2 * window)
        if shared.incr(counter) <= settings.PAGE_CACHE_SHARED_ENTRIES:
            shared.set(key, value, min(timeout, window))
    except ValueError:  # the window's counter expired between add and incr: this one is not shared
        pass
    except Exception as error:
        _shared_failed(error)


def keep(view):
    """`view`, answering visitors without an account from what is kept (see the module's description)."""

    @wraps(view)
    def keeping(request, *args, **kwargs):
        if settings.PAGE_CACHE_SECONDS <= 0 or not _for_everyone(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        kept = kept_get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()  # a TemplateResponse (the sitemap) renders now, to be kept
        if _keepable(request, response):
            kept_set(key, (response.content, response["Content-Type"]), settings.PAGE_CACHE_SECONDS)
        return response

    return keeping


SESSION_PAGE_SECONDS = 60  # a signed-in page kept for its session: at most this old (what depends on the clock)


def keep_for_session(view):
    """`view`, a signed-in person's main page, kept for their session in this process's memory (never shared, never
    in Redis) for one data revision, language and day, and at most SESSION_PAGE_SECONDS: asking for it again while
    nothing changed costs the session, the account and its access checks, not the rendering. Put it below the access
    decorators (member_required, coordinator_required), which are checked on every request. What the page shows must
    all raise the data revision when it changes (klaster.revision; a change to an account says so with
    members.signals.data_changed). Kept only as _keepable says: never a page that set a cookie (a new CSRF token), had
    a message waiting or was not a plain 200; the CSRF token it carries (the header's sign-out form) is the one of the
    CSRF cookie the request came with."""

    @wraps(view)
    def keeping(request, *args, **kwargs):
        session_key = getattr(getattr(request, "session", None), "session_key", None)
        if (
            settings.PAGE_CACHE_SECONDS <= 0
            or request.method not in ("GET", "HEAD")
            or not session_key
            or not request.user.is_authenticated
            or len(get_messages(request))
        ):
            return view(request, *args, **kwargs)
        who = hashlib.sha256(f"{session_key}:{request.user.pk}:{request.build_absolute_uri()}".encode()).hexdigest()
        day = timezone.localdate().isoformat()
        key = f"klaster:session-page:{Revision.current(max_age=REVISION_MAX_AGE)}:{translation.get_language()}:{day}:{who}"
        kept = caches["pages"].get(key)
        if kept is not None:
            content, content_type = kept
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        if _keepable(request, response, csrf_cookie_kept=True):
            caches["pages"].set(key, (response.content, response["Content-Type"]), SESSION_PAGE_SECONDS)
        return response

    return keeping


class PublicPageMiddleware:
    """Keeps the pages of views marked with klaster.public.public_page. Last in MIDDLEWARE, so that it sees the
    response as the view made it (before the session and CSRF middleware add their cookies)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not getattr(view_func, "public_page", False):
            return None
        return keep(view_func)(request, *view_args, **view_kwargs)
