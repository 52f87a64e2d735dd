"""django-allauth configuration: accounts come from invitations, never from open sign-up.

The client address that every rate limit counts (logins, password resets, applications, the contact form, register
PDFs, uploads to the verification page: all go through django-allauth's rate limits, klaster/ratelimit.py) is the
adapter's get_client_ip, which reads ALLAUTH_TRUSTED_PROXY_COUNT and ALLAUTH_TRUSTED_CLIENT_IP_HEADER (settings:
TRUSTED_PROXY_COUNT, TRUSTED_CLIENT_IP_HEADER); it is not overridden here, so there is one reading of the client for
every limit.

Signing in counts as a recent authentication: pages that allauth guards by asking for the password again (setting up
or changing the second factor, the recovery codes) open without that question for ACCOUNT_REAUTHENTICATION_TIMEOUT
after the sign-in (is_reauthentication_required below).
"""

import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context as allauth_context
from django.utils.translation import gettext as _

from klaster.addresses import on_site


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request):
        return False

    def send_mail(self, template_prefix, email, context):
        """The links in account emails (password reset, email confirmation: allauth's `..._url`) at the site's address
        (klaster.addresses): SITE_URL in production, never the Host header the request came with."""
        request = allauth_context.request
        links = {
            name: on_site(value, request)
            for name, value in context.items()
            if name.endswith("_url") and isinstance(value, str)
        }
        super().send_mail(template_prefix, email, {**context, **links})

    def is_reauthentication_required(self, *, app, **kwargs):
        """No second password prompt right after signing in.

        allauth records each step of a sign-in in the session (the password; the authenticator's code) and each later
        confirmation, but since 65.x counts only the confirmations (records marked `reauthenticated`) as recent: a
        person who has just signed in with the password and the code, and goes straight to the two-factor pages (a
        coordinator without it is sent there by the sign-in itself), was asked for the password again. Here any
        authentication of this user in this session counts, as it did before: the latest record (of this user: allauth
        keeps them per user and Django's login and logout replace the session) no older than
        ACCOUNT_REAUTHENTICATION_TIMEOUT."""
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = allauth_context.request
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return True
        records = get_authentication_records(request, user)
        if not records:
            return True
        return time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT

    def get_reauthentication_methods(self, user):
        """allauth's ways of confirming, with the authenticator app named as on every other page."""
        methods = super().get_reauthentication_methods(user)
        for method in methods:
            if method["id"] == "mfa_reauthenticate":
                method["description"] = _("Użyj aplikacji uwierzytelniającej lub kodu odzyskiwania")
        return methods

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The key of an account's failed-login counter: the account alone. allauth puts the request's host name in
        front, as the Host header gives it; Django accepts the one allowed host with any port and in any case, so
        each spelling (klaster.example.org:444, KLASTER.example.org) would start a new count of 5 for the account."""
        return credentials.get("email", credentials.get("username", "")).strip().lower()
