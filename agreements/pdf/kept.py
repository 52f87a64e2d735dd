"""Keeping the PDFs: each content is rendered once, stored under the SHA-256 of its file, and looked up after.

`issue(export)` answers the kept PDF (an IssuedPdf) of an export from agreements.pdf.content: the first time its
content is asked for it renders the PDF, saves the file under its own SHA-256 and then records the IssuedPdf; later
calls find that row and serve its file. A row whose file is gone (a lost media volume, or removed to keep the kept
files within their bounds: agreements.pdf.bounds) is rendered and kept again.
"""

import base64
import hashlib
import logging
import threading
import time
from contextlib import nullcontext
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, connection, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from klaster.pdf import render_pdf

from ..models import IssuedPdf
from . import bounds

logger = logging.getLogger(__name__)


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
    issued = _issue_locked(export)
    bounds.enforce(keep=[issued])  # a new file: the kept ones stay within their bounds (never this one)
    return issued


def _issue_locked(export):
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
