"""django-allauth configuration: accounts come from invitations, never from open sign-up."""

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
