"""Uploaded files are checked by what they contain, not by their name.

Documents must be real PDFs (the header and the structure parse with pypdf); pictures must be JPEG,
PNG or WebP that Pillow can decode (no SVG: it can carry scripts). Nothing above 10 MB is accepted.
A replaced or deleted upload is removed from the storage once the change is committed (`delete_file_on_commit`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def validate_size(upload):
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(MAX_UPLOAD_BYTES)},
        )


def validate_pdf_header(upload):
    """Within the size limit and starting as a PDF does (`%PDF-`): what can be checked without parsing it. A PDF
    from an anonymous visitor is parsed only within limits (klaster.pdf_probe)."""
    validate_size(upload)
    upload.seek(0)
    header = upload.read(5)
    upload.seek(0)
    if header != b"%PDF-":
        raise ValidationError(_("To nie jest plik PDF. Dołącz dokument w formacie PDF."), code="not_pdf")


def validate_pdf(upload):
    """A PDF document, by content: `%PDF-` header and a structure pypdf can read, not encrypted."""
    validate_pdf_header(upload)
    try:
        reader = PdfReader(upload, strict=False)
        if reader.is_encrypted:
            raise ValidationError(_("Plik PDF jest zaszyfrowany hasłem. Dołącz plik bez hasła."), code="encrypted_pdf")
        if len(reader.pages) == 0:
            raise ValidationError(_("Plik PDF nie ma żadnej strony."), code="empty_pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError, RecursionError):
        raise ValidationError(_("Pliku PDF nie da się odczytać; może być uszkodzony."), code="broken_pdf") from None
    finally:
        upload.seek(0)


def validate_image(upload):
    """A JPEG, PNG or WebP picture, by content; returns nothing, raises ValidationError otherwise."""
    validate_size(upload)
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image_format = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("To nie jest obraz JPEG, PNG ani WebP albo plik jest uszkodzony."), code="not_image"
        ) from None
    finally:
        upload.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Dozwolone są obrazy JPEG, PNG i WebP."), code="image_format")


def delete_file_on_commit(storage, name):
    """Remove the stored file `name` once the current transaction commits (nothing when it rolls back, nothing for an
    empty name): a replaced or deleted upload must not linger, /media/ is public."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
