"""What a visitor may see of a party and of a person (the rule of members.models.parties), on every public surface: a
natural person who acceded to the agreement without consenting to the public listing, represented by herself and
speaking at an event, and a gmina's deputy mayor who did not consent to publishing his contacts, are present
everywhere the data can reach; a visitor walks every public page, sitemap, feed, calendar, PDF and the verification of
each PDF, and finds neither her name nor any of their e-mail addresses and phone numbers.

The walk is kept complete: every URL name the permission matrix (test_permissions.py) serves to an anonymous visitor
is either walked here or named in EXEMPT with the reason it cannot show a party or a person."""

import datetime
import re
from html import unescape

import pytest
from django.urls import resolve, reverse
from django.utils import timezone, translation

from agreements.models import Signature
from events.models import AgendaItem, Event, EventParty, Speaker
from klaster.testing import client_sitemap_paths, make_stakeholder, pdf_text
from klaster.testing.agreements import accede
from klaster.testing.content import make_news
from klaster.tests.test_permissions import MATRIX
from members.models import Participant, Person, Role

pytestmark = pytest.mark.usefixtures("media_root")

LANGUAGES = ("pl", "en")
HIDDEN_SLUG = "halina-prywatna"
ACCEDED_ON = datetime.date(2022, 5, 1)

# What must never reach a visitor: her name (each part alone), their e-mail addresses and phone numbers, however
# spaced.
SECRETS = [
    re.compile(r"halina", re.IGNORECASE),
    re.compile(r"prywatn[aą]", re.IGNORECASE),
    re.compile(r"halina-prywatna", re.IGNORECASE),
    re.compile(r"poufna\.skrzynka", re.IGNORECASE),
    re.compile(r"zenon\.zastepca", re.IGNORECASE),
    re.compile(r"601[\s\-.]*234[\s\-.]*567"),
    re.compile(r"602[\s\-.]*345[\s\-.]*678"),
]

# Public URL names the walk does not open, each with the reason it cannot show a party or a person.
EXEMPT = {
    "live": "a health check: a word, no data",
    "ready": "a health check: a word, no data",
    "robots-txt": "the rules for robots: addresses of sections, no data",
    "members:apply": "the empty form to apply",
    "energy:report-pdf": "the cluster's energy in a year: no party is named in it (energy/tests/test_report.py)",
    "energy:balances-export": "sums per gmina only, never per party (energy/tests/test_exports.py)",
    "accessibility-request": "the empty form to ask for an accessible version",
    "events:register": "the empty form to register for an event: the event's own page (walked) shows its parties",
    "events:registration-cancel": "a registered person's own registration, behind a signed link only they receive",
    "members:application-status": "an applicant's own application, behind a signed link only they receive",
    "invitation-accept": "an invited person's own invitation, behind a signed link only they receive",
    "agreements:document-file": "a file the coordinator uploaded and chose to publish, not made from the register",
    "agreements:annex-file": "a scan the coordinator uploaded and chose to publish, not made from the register",
    "events:material-file": "a presentation or document the coordinator uploaded and chose to publish, not made from "
    "the register",
    "account_login": "a form to sign in",
    "account_signup": "a form to sign up (closed)",
    "account_inactive": "a notice to a signed-out account",
    "account_email_verification_sent": "a notice to whoever asked for it",
    "account_reset_password": "a form to reset a password",
    "account_reset_password_done": "a notice to whoever asked for it",
    "account_reset_password_from_key": "a form behind a link only the account's owner receives",
    "account_reset_password_from_key_done": "a notice to whoever asked for it",
    "account_confirm_email": "a confirmation behind a link only the address's owner receives",
}


@pytest.fixture
def private_people(cluster, coordinator):
    """A natural person who acceded without consenting to the public listing (she represents herself, has a
    contact e-mail and phone, speaks at the conference and is its partner), and a deputy mayor of Tworóg, whose
    function is public but who did not consent to publishing his contacts."""
    agreement = cluster.agreements.get()
    halina = make_stakeholder(
        cluster,
        "Halina Prywatna",
        category=Participant.Category.PERSON,
        public_listing=False,
        email="poufna.skrzynka@example.org",
        phone="601 234 567",
        city="Tworóg",
        street="ul. Cicha 7",
        postal_code="42-690",
        located_in=Participant.objects.get(slug="tworog"),
        description="Instalacja fotowoltaiczna na dachu domu.",
    )
    herself = Role.objects.create(
        person=Person.objects.create(
            first_name="Halina", last_name="Prywatna", email="poufna.skrzynka@example.org", phone="601-234-567"
        ),
        participant=halina,
        function_pl="osobiście",
        is_representative=True,
    )
    accede(halina, agreement, on=ACCEDED_ON, representative=herself)
    deputy = Role.objects.create(
        person=Person.objects.create(
            first_name="Zenon", last_name="Zastępca", email="zenon.zastepca@example.org", phone="602 345 678"
        ),
        participant=Participant.objects.get(slug="tworog"),
        function_pl="zastępca wójta",
        is_representative=True,
    )
    conference = Event.objects.get(slug="konferencja-2018")
    item = conference.agenda.order_by("position").first() or AgendaItem.objects.create(
        event=conference, position=1, kind=AgendaItem.Kind.TALK, title="Wystąpienie"
    )
    Speaker.objects.create(
        agenda_item=item,
        position=(item.speakers.order_by("-position").values_list("position", flat=True).first() or 0) + 1,
        name="Halina Prywatna",
        function="prosumentka",
        participant=halina,
        role=herself,
    )
    EventParty.objects.create(
        event=conference,
        role=EventParty.Role.PARTNER,
        position=(conference.parties.order_by("-position").values_list("position", flat=True).first() or 0) + 1,
        participant=halina,
    )
    make_news("Konferencja za nami")  # a news item, so that the walk opens one
    return {"agreement": agreement, "halina": halina, "herself": herself, "deputy": deputy}


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _text(response):
    """What a visitor gets from a response, as text: a PDF's text, an HTML or XML page unescaped, a calendar with its
    folded lines joined."""
    body = _body(response)
    if body.startswith(b"%PDF"):
        return pdf_text(body)
    text = body.decode()
    return unescape(text.replace("\r\n ", "").replace("\\,", ",").replace("\\;", ";"))


def _leaks(text):
    return [pattern.pattern for pattern in SECRETS if pattern.search(text)]


def _explicit_paths():
    """The public addresses the sitemaps do not list: the sitemaps themselves, the feeds, the calendars, the PDFs, the
    difference between versions, each in both languages."""
    today = timezone.localdate().isoformat()
    acceded = Participant.objects.agreement_parties().filter(signatures__basis=Signature.Basis.ACCESSION)
    paths = ["/sitemap.xml"]
    for language in LANGUAGES:
        with translation.override(language):
            paths += [
                reverse("events:feed"),
                reverse("news:feed"),
                reverse("events:calendar"),
                reverse("agreements:diff"),
                reverse("agreements:pdf"),
                reverse("agreements:register-pdf"),
                reverse("agreements:register-pdf") + f"?dzien={ACCEDED_ON.isoformat()}",
                reverse("agreements:register-pdf") + f"?dzien={today}",
                reverse("members:stakeholder", kwargs={"slug": HIDDEN_SLUG}),  # not found, and says nothing
            ]
            paths += [reverse("events:event-calendar", kwargs={"slug": e.slug}) for e in Event.objects.public()]
            paths += [reverse("agreements:accession-pdf", kwargs={"slug": p.slug}) for p in acceded.distinct()]
    return paths


def _name_of(path):
    """The URL name of a path, whatever its language prefix."""
    language = "en" if path.startswith("/en/") else "pl"
    with translation.override(language):
        match = resolve(path.split("?")[0])
    return match.view_name


def _walk(client, paths):
    """GET each path (and the verification page of each PDF served): {path: (status, text)}."""
    seen = {}
    queue = list(dict.fromkeys(paths))
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        response = client.get(path)
        text = _text(response) if response.status_code in (200, 404) else ""
        if response.status_code == 404:
            text = text.replace(HIDDEN_SLUG, "")  # the page not found repeats the address asked for, nothing more
        seen[path] = (response.status_code, text)
        if response.status_code == 200 and response["Content-Type"].startswith("application/pdf"):
            identifier = re.search(r"(?:POR|DEK|REJ)-[0-9A-F]{12}", text).group(0)
            for language in LANGUAGES:
                with translation.override(language):
                    queue.append(reverse("agreements:verify-document", kwargs={"identifier": identifier}))
    return seen


def test_no_public_surface_shows_a_person_who_did_not_consent(client, private_people):
    index = client.get("/sitemap.xml").content.decode()
    sections = [unescape(path) for path in re.findall(r"<loc>[^<]*?(/sitemap-[^<]+)</loc>", index)]
    assert sections
    paths = [*client_sitemap_paths(client), *sections, *_explicit_paths()]
    seen = _walk(client, paths)

    leaks = {path: _leaks(text) for path, (_status, text) in seen.items() if _leaks(text)}
    assert leaks == {}, "a person who did not consent is shown"
    broken = {path: status for path, (status, _text) in seen.items() if status not in (200, 404)}
    assert broken == {}
    # Each page the walk meant to open answered, except the pages of parties a visitor may not see.
    not_found = {path for path, (status, _text) in seen.items() if status == 404}
    assert all(HIDDEN_SLUG in path for path in not_found), not_found

    # The walk reached every kind of public page (the permission matrix's list of them) or says why not.
    walked = {_name_of(path) for path in seen}
    public = {row[0] for row in MATRIX if row[2].get("anonymous") == 200}
    assert public - walked - set(EXEMPT) == set(), "public pages the privacy walk does not open"
    assert set(EXEMPT) & walked == set(), "exempt pages that the walk opens after all"
    assert set(EXEMPT) <= public, "exemptions for pages that are not public"


def test_the_walk_would_see_them_where_they_are_shown(client, coordinator, private_people):
    """The data the walk looks for is really there: the coordinator's register PDF names her, and a contact who
    consented shows her e-mail on the gmina's page, by the same templates."""
    client.force_login(coordinator)
    response = client.get(reverse("agreements:register-pdf") + f"?dzien={ACCEDED_ON.isoformat()}")
    assert response.status_code == 200 and "Halina Prywatna" in _text(response)
    client.logout()
    deputy = private_people["deputy"].person
    deputy.contact_public = True
    deputy.save()
    page = _text(client.get(reverse("members:gmina", kwargs={"slug": "tworog"})))
    assert "zenon.zastepca@example.org" in page and "602 345 678" in page


def test_a_natural_person_who_did_not_consent_is_counted_not_named_on_the_agreement_page(client, private_people):
    """The page says how many parties it leaves out, as the PDF does."""
    page = _text(client.get(reverse("agreements:detail")))
    assert "nie zgodziły się na publikację danych, nie są tu wymienione (1)" in page
    speaker_page = _text(client.get(reverse("events:detail", kwargs={"slug": "konferencja-2018"})))
    assert "prosumentka" in speaker_page and "osoba fizyczna" in speaker_page


def test_the_rule_says_the_same_in_queries_and_on_records(cluster, private_people):
    """Participant.is_listed / public_name, Role.is_public and Speaker.is_public agree with the querysets."""
    listed = set(Participant.objects.listed().values_list("pk", flat=True))
    for party in Participant.objects.all():
        assert party.is_listed is (party.pk in listed)
        assert (party.public_name == party.name) is (party.is_listed or party.name == party.get_category_display())
    public_roles = set(Role.objects.public().values_list("pk", flat=True))
    for role in Role.objects.select_related("participant"):
        assert role.is_public is (role.pk in public_roles)
    assert private_people["halina"].public_name == "osoba fizyczna"
    speaker = Speaker.objects.get(participant=private_people["halina"])
    assert not speaker.is_public and speaker.public_name == "" and speaker.public_organisation == "osoba fizyczna"
