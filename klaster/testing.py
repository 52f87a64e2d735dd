"""What the tests share, in one module that every test imports (no test module imports another): the personas'
accounts and second factor, small factories of the cluster's records, counting queries, files that are what they
claim to be, and the browser (Playwright driving the system Chromium, with an axe-core scan). Fixtures that use these
live in the root conftest.py. Not imported by the portal itself."""

import io

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from klaster.slugs import slugify
from members import services
from members.models import Invitation, Participant, Person, Role, StaffMembership

PASSWORD = "test-password-123"


def make_stakeholder(cluster, name, **fields):
    """A current stakeholder that consented to the public directory, unless told otherwise."""
    values = {
        "cluster": cluster,
        "kind": Participant.Kind.STAKEHOLDER,
        "category": Participant.Category.COMPANY,
        "name": name,
        "slug": fields.pop("slug", None) or slugify(name),
        "status": Participant.Status.ACTIVE,
        "public_listing": True,
        **fields,
    }
    return Participant.objects.create(**values)


def make_user(email, *, role=None, gmina=None, superuser=False):
    user = get_user_model().objects.create_user(username=email, email=email, password=PASSWORD)
    if superuser:
        user.is_staff = user.is_superuser = True
        user.save()
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if role:
        StaffMembership.objects.create(user=user, role=role, gmina=gmina)
    return user


TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def totp_code(secret=TOTP_SECRET):
    """The current one-time code for `secret`, as an authenticator app would show it."""
    return totp_code_of_period(0, secret)


def totp_code_of_period(offset, secret=TOTP_SECRET):
    """The code of the 30-second period `offset` periods from now (-1: the one before)."""
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value

    return format_hotp_value(hotp_value(secret, int(time.time()) // app_settings.TOTP_PERIOD + offset))


CHROMIUM = "/usr/bin/chromium"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def new_page(browser, **context_options):
    context = browser.new_context(locale="pl-PL", **context_options)
    context.set_default_timeout(10_000)
    context.set_default_navigation_timeout(15_000)
    return context, context.new_page()


def _format_axe(results):
    lines = []
    for violation in results:
        lines.append(f"    {violation['id']} ({violation['impact']}): {violation['help']}")
        lines.extend(f"        {' '.join(str(part) for part in node['target'])}" for node in violation["nodes"])
    return "\n".join(lines)


def axe_problems(page):
    """Run axe-core (WCAG 2.1 A and AA) on the page: (violations, needs-review), each formatted, empty if none."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}}).response
    return _format_axe(results["violations"]), _format_axe(results["incomplete"])


def assert_accessible(page):
    violations, _review = axe_problems(page)
    assert not violations, f"axe-core violations on {page.url}:\n{violations}"


def make_contact(gmina, first_name, last_name, function="inspektor ds. energii", **fields):
    """A person in a role at `gmina` (a contact of the gmina)."""
    person = Person.objects.create(first_name=first_name, last_name=last_name, email=fields.pop("email", ""))
    return Role.objects.create(person=person, participant=gmina, function_pl=function, **fields)


def invite(email, gmina=None, *, role=StaffMembership.Role.STAFF, by=None, **fields):
    """An invitation made through the service; `fields` (accepted_at, revoked_at, expires_at) set afterwards."""
    invitation, _link = services.invitation_create(email=email, role=role, gmina=gmina, by=by, send=False)
    if fields:
        Invitation.objects.filter(pk=invitation.pk).update(**fields)
        invitation.refresh_from_db()
    return invitation


def count_queries(client, url):
    """How many queries the page at `url` makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def pdf_bytes():
    """A real one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image_bytes(fmt, size=(8, 8)):
    """A real picture in `fmt` (PNG, JPEG, WEBP...)."""
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, "green").save(out, format=fmt)
    return out.getvalue()
