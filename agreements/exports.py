"""The PDFs of the agreement: what each contains, and keeping each one once rendered.

Three documents, always in Polish:

- the consolidated agreement (tekst jednolity): the current version's sections, or the plainly marked summary while the
  text is not published; its parties, annexes and documents;
- one party's accession declaration (deklaracja przystąpienia), for a party that joined by accession;
- the member register as of a day, in a public form (gminas, the coordinator, consenting stakeholders) or in full.

An `Export` holds exactly what its PDF shows (`content`); the SHA-256 of its canonical JSON is the content fingerprint
and gives the document identifier (POR-/DEK-/REJ- and 12 hex digits). The same content is rendered once: `issue()`
saves the file under its own SHA-256 and then records an IssuedPdf; later downloads serve that file. Any change of the
agreement, its parties or the layout changes the content fingerprint, so the next download is a new rendering, and the
verification page can tell that the older PDF has been superseded.
"""

import base64
import hashlib
import json
import logging
import re
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from io import BytesIO
from urllib.parse import parse_qsl, urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from klaster.pdf import DEFAULT_VARIANT, VARIANTS, render_pdf
from members.models import Participant

from .models import Agreement, Document, IssuedPdf, Signature, Version
from .text import render_markdown

# Bump when the PDF templates or stylesheet change what a document looks like: every PDF is then rendered anew.
LAYOUT = 2
PREFIXES = {IssuedPdf.Kind.AGREEMENT: "POR", IssuedPdf.Kind.ACCESSION: "DEK", IssuedPdf.Kind.REGISTER: "REJ"}
IDENTIFIER = re.compile(r"\b(?:POR|DEK|REJ)-[0-9A-F]{12}\b")
NOT_GIVEN = "nie podano"
DOCUMENT_KINDS = dict(Document.Kind.choices)

logger = logging.getLogger(__name__)


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
        return verify_url(self.identifier)


def canonical_json(content):
    """The bytes that are fingerprinted: sorted keys, no spaces, dates in ISO 8601, UTF-8."""
    return json.dumps(
        content, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":")
    ).encode()


def verify_url(identifier):
    with translation.override("pl"):
        return settings.SITE_URL + reverse("agreements:verify-document", kwargs={"identifier": identifier})


def is_listable(participant):
    """May a visitor see this party in a list? Gminas and the coordinator always; stakeholders that consented."""
    return participant.kind != Participant.Kind.STAKEHOLDER or participant.public_listing


def _author(cluster):
    return cluster.coordinator.name if cluster.coordinator_id else cluster.name


def _representative(role):
    if role is None:
        return NOT_GIVEN
    return f"{role.person.full_name}, {role.function}" if role.function else role.person.full_name


def _common(kind, variant, cluster):
    return {
        "kind": str(kind),
        "variant": variant,
        "layout": LAYOUT,
        "language": "pl",
        "site_url": settings.SITE_URL,
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


def agreement_export(agreement, *, variant=DEFAULT_VARIANT):
    """The consolidated agreement: its current version, parties, annexes and documents."""
    cluster = agreement.cluster
    with translation.override("pl"):
        # The published versions, newest first: the first is the current one (Agreement.current_version()), and
        # their annexes are the agreement's annexes in force. One query for both.
        published = list(agreement.versions.published().select_related("annex").order_by("-number"))
        version = published[0] if published else None
        sections = list(version.sections.order_by("number").values("number", "heading", "body")) if version else []
        parties = agreement.parties()
        listed = [party for party in parties if is_listable(party.participant)]
        annexed = sorted((v for v in published if v.annex_id), key=lambda v: (v.annex.signed_on, v.annex.number))
        content = {
            **_common(IssuedPdf.Kind.AGREEMENT, variant, cluster),
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


def accession_export(agreement, participant, *, variant=DEFAULT_VARIANT):
    """One party's accession declaration, as recorded; None when the party did not join by accession."""
    signature = accession_signature(agreement, participant)
    if signature is None:
        return None
    cluster = agreement.cluster
    with translation.override("pl"):
        declarations = participant.documents.filter(kind="deklaracja").order_by("date", "pk")
        content = {
            **_common(IssuedPdf.Kind.ACCESSION, variant, cluster),
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


def register_pdf_export(cluster, *, as_of, full=False, variant=DEFAULT_VARIANT):
    """The member register on `as_of`: in full (the coordinator's), or only the parties a visitor may see."""
    members = (
        Participant.objects.filter(cluster=cluster).parties_on(as_of).select_related("located_in").order_by("joined_on")
    )
    if not full:
        members = members.filter(~Q(kind=Participant.Kind.STAKEHOLDER) | Q(public_listing=True))
    kind_order = {Participant.Kind.GMINA: 0, Participant.Kind.COORDINATOR: 1, Participant.Kind.STAKEHOLDER: 2}
    members = sorted(members, key=lambda p: (p.joined_on, kind_order.get(p.kind, 3), p.name))
    with translation.override("pl"):
        day = date_format(as_of, "j E Y")
        content = {
            **_common(IssuedPdf.Kind.REGISTER, variant, cluster),
            "title": f"Rejestr członków klastra „{cluster.name}” na dzień {day} r.",
            "as_of": as_of,
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
    return Export(
        kind=IssuedPdf.Kind.REGISTER,
        variant=variant,
        title=content["title"],
        filename=f"rejestr-czlonkow-{cluster.slug}-{as_of.isoformat()}{'-pelny' if full else ''}{_suffix(variant)}.pdf",
        template="agreements/pdf/register.html",
        content=content,
        subject={"cluster": cluster.slug, "as_of": as_of.isoformat(), "scope": scope, "variant": variant},
        agreement=Agreement.objects.filter(cluster=cluster, status=Agreement.Status.IN_FORCE).first(),
        as_of=as_of,
    )


def _suffix(variant):
    return "" if variant == DEFAULT_VARIANT else f"-{variant}"


# --- rendering and keeping -----------------------------------------------------------------------------------------


def qr_data_uri(text):
    """A QR code of `text` as an SVG data: URI (no file, nothing fetched)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def render(export):
    """Render the export's PDF (bytes). Called once per content; `issue()` keeps the result."""
    with translation.override("pl"):
        html = render_to_string(
            export.template,
            {
                "doc": export.content,
                "identifier": export.identifier,
                "content_sha256": export.content_sha256,
                "verify_url": export.verify_url,
                "qr": qr_data_uri(export.verify_url),
            },
        )
    started = time.perf_counter()
    pdf = render_pdf(html, variant=export.variant, identifier=export.content_sha256[:32])
    logger.info("PDF rendered: %s, %d bytes in %.2f s", export.identifier, len(pdf), time.perf_counter() - started)
    return pdf


# Locks for the threads of one process, picked by content (a fixed pool: memory stays bounded); PostgreSQL's advisory
# lock covers several processes.
_LOCKS = [threading.Lock() for _ in range(32)]


def _process_lock(export):
    return _LOCKS[int(export.content_sha256[:8], 16) % len(_LOCKS)]


def _advisory_lock(export):
    """Hold a PostgreSQL transaction-level advisory lock on this content until the transaction ends."""
    digest = hashlib.sha256(f"{export.kind}:{export.content_sha256}".encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int(digest[:15], 16)])


def _issued(export):
    return IssuedPdf.objects.filter(kind=export.kind, content_sha256=export.content_sha256).first()


def is_kept(issued):
    return bool(issued.file) and storages["private"].exists(issued.file.name)


def _save_file(pdf):
    """Save the PDF under its SHA-256 (before any row points at it); a file of the same name is the same file."""
    file_sha256 = hashlib.sha256(pdf).hexdigest()
    name = f"pdf/{file_sha256}.pdf"
    if not storages["private"].exists(name):
        saved = storages["private"].save(name, ContentFile(pdf))
        if saved != name:  # another thread saved the same bytes meanwhile: keep one
            storages["private"].delete(saved)
    return file_sha256, name


def _restore(issued, export):
    """The row is there but its file is gone (a lost media volume): render it again and keep it."""
    pdf = render(export)
    issued.file_sha256, issued.file.name = _save_file(pdf)
    issued.size = len(pdf)
    issued.save(update_fields=["file_sha256", "file", "size"])
    return issued


def issue(export):
    """The kept PDF of this content, rendering and keeping it first if it has never been issued.

    Two first requests at once render once: a lock per content (a thread lock, and on PostgreSQL an advisory lock held
    by the transaction) makes the second wait and then find the first one's row. Where no database lock exists
    (SQLite with several processes), the unique constraint on (kind, content_sha256) decides and the loser serves the
    winner's row. The file is complete in storage before the row that points at it is committed.
    """
    issued = _issued(export)
    if issued is not None and is_kept(issued):
        return issued
    # On PostgreSQL the render runs in a transaction holding the advisory lock. SQLite stays in autocommit: a read
    # transaction held through a render would make a concurrent write fail with "database is locked".
    locking = connection.vendor == "postgresql"
    with _process_lock(export), transaction.atomic() if locking else nullcontext():
        if locking:
            _advisory_lock(export)
        issued = _issued(export)
        if issued is not None:
            return issued if is_kept(issued) else _restore(issued, export)
        pdf = render(export)
        file_sha256, name = _save_file(pdf)
        try:
            with transaction.atomic():
                return IssuedPdf.objects.create(
                    identifier=export.identifier,
                    kind=export.kind,
                    title=export.title[:500],
                    language="pl",
                    subject_key=export.subject_key[:200],
                    agreement=export.agreement,
                    version=export.version,
                    participant=export.participant,
                    as_of=export.as_of,
                    content_sha256=export.content_sha256,
                    file_sha256=file_sha256,
                    file=name,
                    size=len(pdf),
                    issued_at=timezone.now(),
                )
        except IntegrityError:  # kept meanwhile by another process: serve that one, drop this copy
            winner = IssuedPdf.objects.get(kind=export.kind, content_sha256=export.content_sha256)
            if winner.file.name != name:
                storages["private"].delete(name)
            return winner


# --- verification --------------------------------------------------------------------------------------------------


def parse_subject(issued):
    """What an issued PDF is about, from its subject key: variant, agreement, participant, day, scope."""
    return dict(parse_qsl(issued.subject_key))


def current_export(issued):
    """The export the same subject gives today (same kind, variant, party, day, scope), or None if it has none."""
    subject = parse_subject(issued)
    variant = subject.get("variant", DEFAULT_VARIANT)
    if variant not in VARIANTS:
        return None
    if issued.kind == IssuedPdf.Kind.AGREEMENT:
        if issued.agreement is None or issued.agreement.status != Agreement.Status.IN_FORCE:
            return None
        return agreement_export(issued.agreement, variant=variant)
    if issued.kind == IssuedPdf.Kind.ACCESSION:
        if issued.agreement is None or issued.participant is None:
            return None
        return accession_export(issued.agreement, issued.participant, variant=variant)
    if issued.kind == IssuedPdf.Kind.REGISTER:
        cluster = issued.agreement.cluster if issued.agreement else None
        if cluster is None or issued.as_of is None:
            return None
        return register_pdf_export(cluster, as_of=issued.as_of, full=subject.get("scope") == "pelny", variant=variant)
    return None


def current_download_url(export):
    """Where the current PDF of this subject is downloaded."""
    with translation.override("pl"):
        if export.kind == IssuedPdf.Kind.AGREEMENT:
            url = reverse("agreements:pdf")
        elif export.kind == IssuedPdf.Kind.ACCESSION:
            url = reverse("agreements:accession-pdf", kwargs={"slug": export.participant.slug})
        else:
            url = reverse("agreements:register-pdf") + f"?dzien={export.as_of.isoformat()}"
    if export.variant != DEFAULT_VARIANT:
        url += ("&" if "?" in url else "?") + f"wariant={export.variant}"
    return url


@dataclass(frozen=True)
class UploadCheck:
    """What an uploaded file is to us: its SHA-256, the issued PDF it is exactly (or None), and the identifier of ours
    it names in its metadata or text (or "") with the matching issued PDF (or None)."""

    sha256: str
    issued: IssuedPdf | None
    claimed_identifier: str
    claimed: IssuedPdf | None


def check_upload(upload):
    """Fingerprint an uploaded (already validated) PDF and find what it is, or claims to be."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    issued = IssuedPdf.objects.filter(file_sha256=sha256).first()
    claimed_identifier = "" if issued else _named_identifier(upload)
    claimed = IssuedPdf.objects.filter(identifier=claimed_identifier).first() if claimed_identifier else None
    return UploadCheck(sha256=sha256, issued=issued, claimed_identifier=claimed_identifier, claimed=claimed)


def _named_identifier(upload):
    """The first identifier of ours named in the PDF's metadata (keywords, subject) or the text of its pages."""
    upload.seek(0)
    try:
        reader = PdfReader(upload, strict=False)
        metadata = reader.metadata or {}
        texts = [str(metadata.get("/Keywords", "")), str(metadata.get("/Subject", ""))]
        for page in reader.pages[:3]:
            texts.append(page.extract_text() or "")
    except (PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        return ""
    finally:
        upload.seek(0)
    for text in texts:
        match = IDENTIFIER.search(text)
        if match:
            return match.group(0)
    return ""
