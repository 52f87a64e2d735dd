"""The agreement in tests: the seed agreement's facts, annexes, drafts and published versions, signatures and
accessions, council resolutions, and counting the PDF renderings.

Not re-exported by klaster.testing: it imports agreements, and the tests of members (a leaf that must not import
agreements, as import-linter checks in `make lint`) import klaster.testing. Import it as klaster.testing.agreements."""

import datetime
import threading

from django.urls import reverse
from django.utils import timezone

from agreements import services
from agreements.models import Annex, Document, Section, Signature, Version
from agreements.pdf import kept

FOUNDED = datetime.date(2018, 4, 10)  # the seed agreement was signed that day
TITLE = "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«"
LGD = "Stowarzyszenie Lokalna Grupa Działania „Leśna Kraina Górnego Śląska”"
PARTIES = ["Gmina Kochanowice", "Gmina Zbrosławice", "Gmina Krupski Młyn", "Gmina Tworóg", "Gmina Pawonków", LGD]
TEXT = "§ 1. Postanowienia ogólne\n\nKlaster działa na obszarze gmin.\n\n§ 2. Cel\n\nCelem jest **energia**."
SECTIONS_V2 = [
    ("Przedmiot porozumienia", "Strony tworzą klaster energii."),
    ("Koordynator", "Koordynatorem klastra jest stowarzyszenie.\n\n- pierwszy obowiązek\n- drugi obowiązek"),
    ("Postanowienia końcowe", "Porozumienie zawarto na czas **nieokreślony**."),
]
SECTIONS_V3 = [
    ("Przedmiot porozumienia", "Strony tworzą klaster energii."),
    ("Obszar klastra", "Klaster działa na obszarze pięciu gmin."),
    ("Koordynator klastra", "Koordynatorem klastra jest stowarzyszenie.\n\n- pierwszy obowiązek\n- drugi obowiązek"),
    ("Postanowienia końcowe", "Porozumienie zawarto na czas określony."),
]


def admin_url(name, *args):
    """The address of a coordinator's page of the agreement (namespace agreement-admin)."""
    return reverse(f"agreement-admin:{name}", args=args)


# --- annexes and versions ------------------------------------------------------------------------------------------


def annex_data(**changes):
    """What the coordinator types into the form of a new annex."""
    data = {
        "number": "1",
        "signed_on": "2025-05-01",
        "subject": "zmiana celów klastra",
        "text": "W porozumieniu wprowadza się następujące zmiany: …",
        "effective_on": "2025-06-01",
        "change_summary": "Nowy cel klastra.",
    }
    return {**data, **changes}


def new_draft(agreement, by, number="1", **fields):
    """An annex and its draft version, through the service."""
    values = {
        "signed_on": datetime.date(2025, 5, 1),
        "subject": "zmiana celów klastra",
        "effective_on": datetime.date(2025, 6, 1),
        "change_summary": "Nowy cel klastra.",
        **fields,
    }
    return services.annex_draft_create(agreement=agreement, number=number, by=by, **values)


def publish_version(agreement, number, sections, *, signers=(), effective_on=None, summary="", status="published"):
    """A version introduced by an annex, with its sections (heading, body) and the annex signatures of `signers`."""
    effective_on = effective_on or datetime.date(2023 + number, 1, 1)
    annex = Annex.objects.create(
        agreement=agreement,
        number=f"{number - 1}/{effective_on.year}",
        signed_on=effective_on - datetime.timedelta(days=30),
        subject=f"zmiana porozumienia nr {number - 1}",
        text=f"Aneks wprowadza **wersję {number}** porozumienia.",
    )
    version = Version.objects.create(
        agreement=agreement,
        number=number,
        status=status,
        effective_on=None if status == "draft" else effective_on,
        change_summary=summary,
        annex=annex,
    )
    for position, (heading, body) in enumerate(sections, start=1):
        Section.objects.create(version=version, number=position, heading=heading, body=body)
    for participant in signers:
        Signature.objects.create(
            version=version,
            participant=participant,
            basis=Signature.Basis.ANNEX,
            signed_on=effective_on - datetime.timedelta(days=30),
            signed_place="Tworóg",
        )
    return version


def publish_annex(agreement, sections, *, number="1/2024", effective_on=datetime.date(2024, 1, 1)):
    """The next version, published through annex `number`, with `sections` (heading, text) and no signatures."""
    annex = Annex.objects.create(
        agreement=agreement,
        number=number,
        signed_on=effective_on,
        subject="Dostosowanie do ustawy o OZE",
        text="Zmiana.",
    )
    version = Version.objects.create(
        agreement=agreement,
        number=agreement.versions.count() + 1,
        status=Version.Status.PUBLISHED,
        effective_on=effective_on,
        annex=annex,
        published_at=timezone.now(),
    )
    for number_, (heading, text_) in enumerate(sections, start=1):
        Section.objects.create(version=version, number=number_, heading=heading, body=text_)
    return version


def accede(participant, agreement, *, on=datetime.date(2022, 5, 1), representative=None):
    """`participant` joins `agreement` by accession to its current version."""
    participant.joined_on = participant.joined_on or on
    participant.save()
    return Signature.objects.create(
        version=agreement.current_version(),
        participant=participant,
        basis=Signature.Basis.ACCESSION,
        signed_on=on,
        signed_place="Tworóg",
        representative=representative,
    )


# --- council resolutions (documents of a gmina) --------------------------------------------------------------------


def make_resolution(gmina, number="XXXIV/245/2018", **fields):
    """A council resolution of `gmina` about joining the cluster."""
    values = {"date": datetime.date(2018, 3, 28), "title": "w sprawie przystąpienia do klastra energii", **fields}
    return Document.objects.create(kind=Document.Kind.RESOLUTION, participant=gmina, number=number, **values)


def resolution_data(**changes):
    """What a gmina's staff type into the form of a resolution (without its file)."""
    data = {
        "number": "XII/85/2024",
        "date": "2024-05-20",
        "title": "w sprawie przyjęcia planu energetycznego",
        "url": "https://bip.tworog.pl/uchwala-85",
    }
    return {**data, **changes}


# --- the PDFs: each content rendered once per test run ---------------------------------------------------------------

# A rendering takes about a second, so each PDF is kept by its content fingerprint for the whole run (the same content
# always gives the same document), and the portal's requests for a rendering are counted: a test that checks "served
# from the kept file" sees the count stay put.
_rendered = {}
_guard = threading.Lock()


class RenderCounter:
    def __init__(self):
        self.count = 0
        self.delay = 0.0


def count_renders(monkeypatch):
    """Make `kept.render` keep each rendering for the run and count the calls (the `renders` fixture)."""
    real = kept.render
    counter = RenderCounter()

    def render(export):
        with _guard:
            counter.count += 1
        if counter.delay:
            threading.Event().wait(counter.delay)  # widen the window for two requests to meet
        key = (export.kind, export.content_sha256)
        if key not in _rendered:
            _rendered[key] = real(export)
        return _rendered[key]

    monkeypatch.setattr(kept, "render", render)
    return counter
