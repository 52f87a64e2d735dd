"""Verification of the agreement's PDFs: what a kept document is about, whether it is still current, and what an
uploaded copy is (exactly one of ours, one that names one of our identifiers, or unknown)."""

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from klaster.pdf import DEFAULT_VARIANT, VARIANTS

from ..models import Agreement, IssuedPdf
from .content import accession_export, agreement_export, register_pdf_export

IDENTIFIER = re.compile(r"\b(?:POR|DEK|REJ)-[0-9A-F]{12}\b")


def parse_subject(issued):
    """What an issued PDF is about, from its subject key: variant, agreement, participant, day, scope."""
    return dict(parse_qsl(issued.subject_key))


def current_export(issued, *, base_url=None):
    """The export the same subject gives today (same kind, variant, party, day, scope), or None if it has none;
    verified at `base_url` (klaster.addresses.site_url of the request), else at SITE_URL."""
    subject = parse_subject(issued)
    variant = subject.get("variant", DEFAULT_VARIANT)
    if variant not in VARIANTS:
        return None
    if issued.kind == IssuedPdf.Kind.AGREEMENT:
        if issued.agreement is None or issued.agreement.status != Agreement.Status.IN_FORCE:
            return None
        return agreement_export(issued.agreement, variant=variant, base_url=base_url)
    if issued.kind == IssuedPdf.Kind.ACCESSION:
        if issued.agreement is None or issued.participant is None:
            return None
        return accession_export(issued.agreement, issued.participant, variant=variant, base_url=base_url)
    if issued.kind == IssuedPdf.Kind.REGISTER:
        cluster = issued.agreement.cluster if issued.agreement else None
        if cluster is None or issued.as_of is None:
            return None
        full = subject.get("scope") == "pelny"
        return register_pdf_export(cluster, as_of=issued.as_of, full=full, variant=variant, base_url=base_url)
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
