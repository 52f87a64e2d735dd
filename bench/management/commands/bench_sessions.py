"""Sign the benchmark's accounts in without the login form: a session for each persona of bench.pages, written into
the session store as a login would write it, printed as JSON {persona: "Cookie header value"} (the session and a CSRF cookie, as a browser sends them) for wrk:

python manage.py bench_sessions

The coordinator's account has the second factor set up (bench_data), which is all the coordinator's pages ask for;
the form's second step is what a session made here skips. Run bench_data first.
"""

import json
from importlib import import_module

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.core.management.base import BaseCommand
from django.middleware.csrf import _get_new_csrf_string

from bench.management.commands.bench_data import BENCH_ACCOUNTS, bench_account


def session_cookie(user):
    """A new session of `user` in the configured store, as the value of a Cookie header."""
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    # And the CSRF cookie a browser has after its first page, so that a page with a form sets no new one.
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"


class Command(BaseCommand):
    help = "Writes a session for each of the benchmark's accounts and prints their cookies as JSON."

    def handle(self, *args, **options):
        cookies = {persona: session_cookie(bench_account(persona)) for persona in BENCH_ACCOUNTS}
        self.stdout.write(json.dumps(cookies))
