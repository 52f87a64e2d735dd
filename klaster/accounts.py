"""django-allauth configuration: accounts come from invitations, never from open sign-up.

The client address that every rate limit counts (logins, password resets, applications, the contact form, register
PDFs, uploads to the verification page: all go through django-allauth's rate limits, klaster/ratelimit.py) is the
adapter's get_client_ip, which reads ALLAUTH_TRUSTED_PROXY_COUNT and ALLAUTH_TRUSTED_CLIENT_IP_HEADER (settings:
TRUSTED_PROXY_COUNT, TRUSTED_CLIENT_IP_HEADER); it is not overridden here, so there is one reading of the client for
every limit.
"""

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context

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

    def _get_login_attempts_cache_key(self, request, **credentials):
        """The key of an account's failed-login counter: the account alone. allauth puts the request's host name in
        front, as the Host header gives it; Django accepts the one allowed host with any port and in any case, so
        each spelling (klaster.example.org:444, KLASTER.example.org) would start a new count of 5 for the account."""
        return credentials.get("email", credentials.get("username", "")).strip().lower()
