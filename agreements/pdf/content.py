"""What each PDF of the agreement contains.

Three documents, always in Polish:

- the consolidated agreement (tekst jednolity): the current version's sections, or the plainly marked summary while the
  text is not published; its parties, annexes and documents;
- one party's accession declaration (deklaracja przystąpienia), for a party that joined by accession;
- the member register as of a day, in a public form (gminas, the coordinator, consenting stakeholders) or in full.

An `Export` holds exactly what its PDF shows (`content`); the SHA-256 of its canonical JSON is the content fingerprint
and gives the document identifier (POR-/DEK-/REJ- and 12 hex digits). Any change of the agreement, its parties or the
layout changes the content fingerprint: agreements.pdf.kept renders the new content once and keeps it, and
agreements.pdf.verification can tell that an older PDF has been superseded.
"""

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from urllib.parse import urlencode

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from klaster.pdf import DEFAULT_VARIANT
from members.models import Participant

from ..models import Agreement, Document, IssuedPdf, Signature, Version
from ..text import render_markdown

# Bump when the PDF templates or stylesheet change what a document looks like: every PDF is then rendered anew.
LAYOUT = 3
PREFIXES = {
    IssuedPdf.Kind.AGREEMENT: "POR",
    IssuedPdf.Kind.ACCESSION: "DEK",
    IssuedPdf.Kind.REGISTER: "REJ",
    IssuedPdf.Kind.ENERGY_REPORT: "ENE",
}
NOT_GIVEN = "nie podano"
DOCUMENT_KINDS = dict(Document.Kind.choices)


@dataclass
class Export:
    """One PDF to issue: its kind, variant, what it shows (`content`) and what it is about (`subject`)."""

    kind: str
    variant: str
    title: str
    filename: str
    template: str
    content: dict
    subject: dict
    agreement: Agreement | None = None
    version: Version | None = None
    participant: Participant | None = None
    as_of: date | None = None
    extra: dict = field(default_factory=dict)

    @cached_property
    def content_sha256(self):
        return hashlib.sha256(canonical_json(self.content)).hexdigest()

    @property
    def identifier(self):
        return f"{PREFIXES[self.kind]}-{self.content_sha256[:12].upper()}"

    @property
    def subject_key(self):
        return urlencode(sorted(self.subject.items()))

    @property
    def verify_url(self):
        return verify_url(self.identifier, base_url=self.content["site_url"])


def canonical_json(content):
    """The bytes that are fingerprinted: sorted keys, no spaces, dates in ISO 8601, UTF-8."""
    return json.dumps(
        content, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def verify_url(identifier, *, base_url=None):
    """The document's verification address, at `base_url` (klaster.addresses.site_url) or else at SITE_URL."""
    with translation.override("pl"):
        path = reverse("agreements:verify-document", kwargs={"identifier": identifier})
    return (base_url or settings.SITE_URL).rstrip("/") + path


@dataclass(frozen=True)
class Issuer:
    """How the verification page treats a kind of document that another app builds (the yearly energy report):
    `current(issued, base_url)` is the Export the same subject gives today (or None), `download_url(export)` where
    it is downloaded. That app registers it (register_issuer, from its AppConfig.ready), so agreements never imports
    it: the pipeline stays here, what a document shows stays with the app it is about."""

    current: Callable
    download_url: Callable


ISSUERS = {}


def register_issuer(kind, *, current, download_url):
    ISSUERS[kind] = Issuer(current=current, download_url=download_url)


def _author(cluster):
    return cluster.coordinator.name if cluster.coordinator_id else cluster.name


def _representative(role):
    if role is None:
        return NOT_GIVEN
    return f"{role.person.full_name}, {role.function}" if role.function else role.person.full_name


def common_content(kind, variant, cluster, base_url):
    """What every document's content holds: its kind, variant, layout, language, where it is verified, the cluster."""
    return {
        "kind": str(kind),
        "variant": variant,
        "layout": LAYOUT,
        "language": "pl",
        # Where the document is verified (its QR code): part of the content, so a PDF kept for one address is never
        # served as another's. In production always SITE_URL (klaster.addresses).
        "site_url": (base_url or settings.SITE_URL).rstrip("/"),
        "cluster": cluster.name,
        "author": _author(cluster),
    }


def _party_row(party):
    joined = party.joined
    participant = party.participant
    return {
        "name": participant.name,
        "kind": str(participant.get_kind_display()),
        "basis": str(joined.get_basis_display()),
        "signed_on": joined.signed_on,
        "signed_place": joined.signed_place,
        "representative": _representative(joined.representative),
        "bound_version": party.bound_version.number,
        "ended_on": participant.left_on,
        "ended": str(participant.get_status_display()) if participant.left_on else "",
    }


def agreement_export(agreement, *, variant=DEFAULT_VARIANT, base_url=None):
    """The consolidated agreement: its current version, parties, annexes and documents."""
    cluster = agreement.cluster
    with translation.override("pl"):
        # The published versions, newest first: the first is the current one (Agreement.current_version()), and
        # their annexes are the agreement's annexes in force. One query for both.
        published = list(agreement.versions.published().select_related("annex").order_by("-number"))
        version = published[0] if published else None
        sections = list(version.sections.order_by("number").values("number", "heading", "body")) if version else []
        # The parties (Agreement.parties: signed or acceded, not left); those a visitor may not see named are only
        # counted (members.models.parties).
        parties = agreement.parties()
        listed = [party for party in parties if party.participant.is_listed]
        annexed = sorted((v for v in published if v.annex_id), key=lambda v: (v.annex.signed_on, v.annex.number))
        content = {
            **common_content(IssuedPdf.Kind.AGREEMENT, variant, cluster, base_url),
            "title": agreement.title,
            "signed_on": agreement.signed_on,
            "signed_place": agreement.signed_place,
            "status": str(agreement.get_status_display()),
            "version": version
            and {
                "number": version.number,
                "effective_on": version.effective_on,
                "change_summary": version.change_summary,
                "is_placeholder": version.is_placeholder,
                "annex": f"aneks nr {version.annex.number}" if version.annex_id else "",
            },
            "sections": [
                {"number": s["number"], "heading": s["heading"], "html": str(render_markdown(s["body"]))}
                for s in sections
            ],
            # While the text is not published, what is known about the agreement, marked as such.
            "summary": agreement.summary if not sections else "",
            "parties": [_party_row(party) for party in listed],
            "parties_not_listed": len(parties) - len(listed),
            "annexes": [
                {
                    "number": v.annex.number,
                    "signed_on": v.annex.signed_on,
                    "subject": v.annex.subject,
                    "version": v.number,
                    "html": str(render_markdown(v.annex.text)),
                }
                for v in annexed
            ],
            "documents": [
                {**document, "kind": str(DOCUMENT_KINDS.get(document["kind"], document["kind"]))}
                for document in agreement.documents.order_by("date", "pk").values(
                    "kind", "date", "number", "title", "url"
                )
            ],
        }
    number = version.number if version else 0
    return Export(
        kind=IssuedPdf.Kind.AGREEMENT,
        variant=variant,
        title=agreement.title,
        filename=f"porozumienie-{cluster.slug}-wersja-{number}{_suffix(variant)}.pdf",
        template="agreements/pdf/agreement.html",
        content=content,
        subject={"agreement": agreement.slug, "variant": variant},
        agreement=agreement,
        version=version,
    )


def accession_signature(agreement, participant):
    """The signature by which `participant` acceded to `agreement`, or None (a founding party, or not a party)."""
    return (
        Signature.objects.filter(version__agreement=agreement, participant=participant, basis=Signature.Basis.ACCESSION)
        .select_related("version", "representative__person")
        .order_by("signed_on", "pk")
        .first()
    )


def accession_export(agreement, participant, *, variant=DEFAULT_VARIANT, base_url=None):
    """One party's accession declaration, as recorded; None when the party did not join by accession."""
    signature = accession_signature(agreement, participant)
    if signature is None:
        return None
    cluster = agreement.cluster
    with translation.override("pl"):
        declarations = participant.documents.filter(kind=Document.Kind.ACCESSION).order_by("date", "pk")
        content = {
            **common_content(IssuedPdf.Kind.ACCESSION, variant, cluster, base_url),
            "title": f"Deklaracja przystąpienia: {participant.name}",
            "agreement": agreement.title,
            "party": {
                "name": participant.name,
                "kind": str(participant.get_kind_display()),
                "category": str(participant.get_category_display()),
                "address": participant.address,
                # Identifiers of organisations; a natural person's are never printed.
                "nip": "" if participant.category == Participant.Category.PERSON else participant.nip_display,
                "regon": "" if participant.category == Participant.Category.PERSON else participant.regon,
                "krs": participant.krs,
            },
            "signed_on": signature.signed_on,
            "signed_place": signature.signed_place,
            "version": signature.version.number,
            "representative": _representative(signature.representative),
            "joined_on": participant.joined_on,
            "ended_on": participant.left_on,
            "ended": str(participant.get_status_display()) if participant.left_on else "",
            "documents": [{"date": d.date, "number": d.number, "title": d.title, "url": d.url} for d in declarations],
        }
    return Export(
        kind=IssuedPdf.Kind.ACCESSION,
        variant=variant,
        title=content["title"],
        filename=f"deklaracja-przystapienia-{participant.slug}{_suffix(variant)}.pdf",
        template="agreements/pdf/accession.html",
        content=content,
        subject={"agreement": agreement.slug, "participant": participant.slug, "variant": variant},
        agreement=agreement,
        version=signature.version,
        participant=participant,
    )


def register_pdf_export(cluster, *, as_of, full=False, variant=DEFAULT_VARIANT, base_url=None):
    """The member register on `as_of`: in full (the coordinator's), or only the parties a visitor may see.

    It shows the parties from the last change on or before `as_of` (an accession or a departure) on, not the day
    itself: every day until the next change gives the same content, so one PDF is kept however many of those days
    are asked for. Its `as_of` (kept on the IssuedPdf, and used to check later whether it is current) is the day of
    that change (before anyone joined: the first day asked for)."""
    parties = Participant.objects.filter(cluster=cluster)
    if not full:
        parties = parties.listed()
    since = parties.membership_since(as_of)
    # The parties of the agreement on that day (ParticipantQuerySet.agreement_parties, the one definition): the entries
    # of the register that are not parties yet are not members.
    members = parties.agreement_parties(as_of).select_related("located_in").order_by("joined_on")
    kind_order = {Participant.Kind.GMINA: 0, Participant.Kind.COORDINATOR: 1, Participant.Kind.STAKEHOLDER: 2}
    members = sorted(members, key=lambda p: (p.joined_on, kind_order.get(p.kind, 3), p.name))
    with translation.override("pl"):
        period = f"skład od {date_format(since, 'j E Y')} r." if since else "przed przystąpieniem pierwszej strony"
        content = {
            **common_content(IssuedPdf.Kind.REGISTER, variant, cluster, base_url),
            "title": f"Rejestr członków klastra „{cluster.name}” – {period}",
            "since": since,
            "full": full,
            "members": [
                {
                    "name": p.name,
                    "kind": str(p.get_kind_display()),
                    "category": str(p.get_category_display()),
                    "city": p.city,
                    "joined_on": p.joined_on,
                }
                for p in members
            ],
        }
    scope = "pelny" if full else "publiczny"
    day = since or as_of
    return Export(
        kind=IssuedPdf.Kind.REGISTER,
        variant=variant,
        title=content["title"],
        filename=f"rejestr-czlonkow-{cluster.slug}-{as_of.isoformat()}{'-pelny' if full else ''}{_suffix(variant)}.pdf",
        template="agreements/pdf/register.html",
        content=content,
        subject={"cluster": cluster.slug, "as_of": day.isoformat(), "scope": scope, "variant": variant},
        agreement=Agreement.objects.filter(cluster=cluster, status=Agreement.Status.IN_FORCE).first(),
        as_of=day,
    )


def _suffix(variant):
    return "" if variant == DEFAULT_VARIANT else f"-{variant}"
