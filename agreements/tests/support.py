"""Helpers shared by the agreements tests (fixtures built on them are in conftest.py; reading PDFs is in
pdf_support.py): the seed agreement's facts, the coordinator's pages, drafts and published versions, uploads."""

import datetime
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from agreements import services
from agreements.models import Annex, Section, Signature, Version
from klaster.testing import Page, pdf_bytes
from members.models import Participant

FOUNDED = datetime.date(2018, 4, 10)  # the seed agreement was signed that day
TITLE = "Porozumienie o utworzeniu Klastra Energii »Zielona Energia Leśnej Krainy«"
LGD = "Stowarzyszenie Lokalna Grupa Działania „Leśna Kraina Górnego Śląska”"
PARTIES = ["Gmina Kochanowice", "Gmina Zbrosławice", "Gmina Krupski Młyn", "Gmina Tworóg", "Gmina Pawonków", LGD]
TEXT = "§ 1. Postanowienia ogólne\n\nKlaster działa na obszarze gmin.\n\n§ 2. Cel\n\nCelem jest **energia**."
FAKE_PDF = b"<html>to nie jest PDF</html>"
PERSONAS = ["anonymous", "staff_tworog", "coordinator", "coordinator_without_mfa", "superuser"]


# --- uploads -----------------------------------------------------------------------------------------------------


def stored_files(media_root):
    return sorted(path.name for path in media_root.rglob("*") if path.is_file()) if media_root.exists() else []


def pdf_upload(name="skan.pdf", content=None):
    return SimpleUploadedFile(name, pdf_bytes() if content is None else content, "application/pdf")


# --- pages ---------------------------------------------------------------------------------------------------------


def url(name, *args):
    """The address of a coordinator's page of the agreement (namespace agreement-admin)."""
    return reverse(f"agreement-admin:{name}", args=args)


def page_of(response):
    return Page(response.content.decode())


def messages_of(response):
    return [str(message) for message in response.context["messages"]]


def get(client, name, language="pl", **kwargs):
    """GET the page named `name` in `language` (`query` is appended to the address)."""
    query = kwargs.pop("query", "")
    with translation.override(language):
        address = reverse(name, kwargs=kwargs) + query
    return client.get(address)


class Read(Page):
    @property
    def text(self):
        """The visible text, without the spaces Page puts between elements before punctuation."""
        return re.sub(r"\(\s+", "(", re.sub(r"\s+([,.;:)])", r"\1", super().text))


def read(response):
    """The public page as a reader sees its text (Read)."""
    return Read(response.content.decode())


# --- versions and signatures ---------------------------------------------------------------------------------------


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


def parties(*slugs):
    return [Participant.objects.get(slug=slug) for slug in slugs]


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
