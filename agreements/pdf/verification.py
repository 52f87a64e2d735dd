"""Verification of the agreement's PDFs: what a kept document is about, whether it is still current, and what an
uploaded copy is (exactly one of ours, one that names one of our identifiers, or unknown)."""

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import parse_qsl

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from klaster import pdf_probe
from klaster.pdf import DEFAULT_VARIANT, VARIANTS

from ..models import Agreement, IssuedPdf
from .content import ISSUERS, accession_export, agreement_export, register_pdf_export

IDENTIFIER = re.compile(r"\b(?:POR|DEK|REJ|ENE)-[0-9A-F]{12}\b")


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
    if issued.kind in ISSUERS:
        return ISSUERS[issued.kind].current(issued, base_url=base_url)
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
    if export.kind in ISSUERS:
        return ISSUERS[export.kind].download_url(export)
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


class Unreadable(Exception):
    """An uploaded file that is none of ours and could not be looked into within the limits; `message` says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = str(message)


def check_upload(upload):
    """Fingerprint an uploaded PDF (its size and header checked) and find what it is, or claims to be.

    The fingerprint comes first: an exact copy of a PDF we issued is answered by it, without parsing anything. Only a
    file that is none of ours is looked into, for an identifier it names, and only within the limits of
    klaster.pdf_probe (pages, decompressed streams, time); Unreadable when that fails."""
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    sha256 = digest.hexdigest()
    issued = IssuedPdf.objects.filter(file_sha256=sha256).first()
    claimed_identifier = "" if issued else _named_identifier(upload)
    claimed = IssuedPdf.objects.filter(identifier=claimed_identifier).first() if claimed_identifier else None
    return UploadCheck(sha256=sha256, issued=issued, claimed_identifier=claimed_identifier, claimed=claimed)


def probe_limits():
    return pdf_probe.Limits(
        pages=settings.VERIFY_PDF_MAX_PAGES,
        stream_bytes=settings.VERIFY_PDF_MAX_STREAM_BYTES,
        seconds=settings.VERIFY_PDF_SECONDS,
    )


def _refusal(refused, limits):
    """What to tell the visitor about a file that could not be looked into."""
    if refused.reason == "encrypted":
        return _("Plik PDF jest zaszyfrowany hasłem. Prześlij plik bez hasła.")
    if refused.reason == "empty":
        return _("Plik PDF nie ma żadnej strony.")
    if refused.reason == "busy":
        return _("Serwer sprawdza teraz inne pliki. Spróbuj ponownie za chwilę.")
    if refused.reason == "broken":
        return _("Pliku PDF nie da się odczytać; może być uszkodzony.")
    not_ours = _(
        "Ten plik nie jest kopią żadnego dokumentu wydanego przez portal: jego odcisk SHA-256 nie pasuje do żadnego z "
        "nich."
    )
    if refused.reason == "pages":
        why = _(
            "Nie szukaliśmy w nim identyfikatora dokumentu, bo ma %(pages)s stron, a przeszukujemy pliki do %(max)s stron."
        ) % {
            "pages": refused.pages,
            "max": limits.pages,
        }
    elif refused.reason == "stream":
        why = _(
            "Nie szukaliśmy w nim identyfikatora dokumentu, bo jego zawartość po rozpakowaniu jest za duża (ponad "
            "%(max)s w jednym strumieniu) albo zbyt złożona."
        ) % {"max": filesizeformat(limits.stream_bytes)}
    else:
        why = _("Nie szukaliśmy w nim identyfikatora dokumentu, bo jego odczytanie trwałoby zbyt długo.")
    return f"{not_ours} {why}"


def _named_identifier(upload):
    """The first identifier of ours named in the PDF's metadata (keywords, subject) or the text of its first pages."""
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    limits = probe_limits()
    try:
        found = pdf_probe.probe(data, limits)
    except pdf_probe.Refused as refused:
        raise Unreadable(_refusal(refused, limits)) from None
    for text in found.texts:
        match = IDENTIFIER.search(text)
        if match:
            return match.group(0)
    return ""
