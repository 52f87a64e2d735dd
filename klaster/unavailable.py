"""When a service the portal stands on (the database, the shared cache) does not answer.

Every page then answers 503 with the designed page templates/503.html and `Retry-After`, never a trace: Django hands
every uncaught exception, raised by a view or by a middleware, to the project's 500 handler (klaster.urls.handler500),
and `server_error` below tells an unreachable service from a bug by the exception being handled. The page is rendered
without the context processors and without the signed-in user, so that it needs neither the database nor the cache.

Nothing has to be restarted when the service is back: a connection that failed is closed at the end of its request
(Django's close_old_connections), a kept one is checked before it is used again (CONN_HEALTH_CHECKS), and the
connection pool checks what it hands out; so the next request after the database returns is answered as usual.
With DEBUG on, Django shows its technical page instead of any 500 handler: developers see the trace.
"""

import sys

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader
from django.utils import translation
from django.views.decorators.csrf import requires_csrf_token
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# What "the service does not answer" raises: Django's wrappers of the database driver's errors (a refused or broken
# connection, psycopg_pool's timeout waiting for one, a locked SQLite file) and Redis's when the cache is unreachable.
UNAVAILABLE_ERRORS = (OperationalError, InterfaceError, RedisConnectionError, RedisTimeoutError)

RETRY_AFTER_SECONDS = 30


def is_unavailable(error):
    return isinstance(error, UNAVAILABLE_ERRORS)


def service_unavailable(request):
    """The designed 503 page, in the language of the address, rendered from nothing but the request."""
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"request": request, "user": AnonymousUser(), "cluster": None, "retry_after": RETRY_AFTER_SECONDS}
        content = loader.get_template("503.html").render(context)
    response = HttpResponse(content, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


@requires_csrf_token
def server_error(request):
    """The project's 500 handler: 503 when the exception being handled says a service is unreachable, else Django's
    own 500 page (templates/500.html)."""
    if is_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    return HttpResponseServerError(loader.get_template("500.html").render())
