"""The site's own address, for the absolute links that leave it: emails, the verification address printed in a PDF.

Inside the site no address needs a host: redirects and links are paths, and the browser keeps the host and port it
is on. An absolute address is needed only where a link leaves the site, and which one it is depends on where we run:

- In production (DEBUG off), always SITE_URL, the canonical address, which production settings require. An email and
  a kept PDF outlive the request that made them (a kept PDF is served to every later visitor), so the Host header of
  whoever asked first, even one ALLOWED_HOSTS accepts such as a server's own 127.0.0.1, never gets into them.
- In development (DEBUG on), the address the request came to, so that a server on any host or port (`make run
  HOST=... PORT=...`, a test's live server) links to itself; ALLOWED_HOSTS guards the Host header. Without a request
  (a management command, a worker), SITE_URL, which `make run` sets to the development server's own address.
"""

from urllib.parse import urlsplit

from django.conf import settings


def site_url(request=None):
    """The address links that leave the site start with: scheme://host[:port], without a final "/"."""
    if request is not None and settings.DEBUG:
        return request.build_absolute_uri("/").rstrip("/")
    return settings.SITE_URL


def on_site(url, request=None):
    """`url` (a path, or an absolute address built from the request) moved to site_url(request): only its path,
    query and fragment are kept."""
    parts = urlsplit(url)
    rest = parts.path or "/"
    if parts.query:
        rest += "?" + parts.query
    if parts.fragment:
        rest += "#" + parts.fragment
    return site_url(request) + rest
