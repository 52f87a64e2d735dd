"""Uploaded files: checked by what they contain, stored under a name the portal chooses, delivered so that no browser
ever runs them.

Checking. Documents must be real PDFs (the header and the structure parse with pypdf); pictures must be JPEG, PNG or
WebP that Pillow decodes in full, of at most MAX_IMAGE_PIXELS pixels (no SVG: it can carry scripts). Nothing above
10 MB is accepted. Where office documents are accepted too (`validate_document`: the materials of an event), a DOCX,
XLSX, PPTX or ODP is a zip checked by its structure, never by its name: nothing before the first entry nor after the
end of the archive, at most MAX_ZIP_ENTRIES entries unpacking to at most MAX_ZIP_UNPACKED_BYTES (declared and really
read, so a zip bomb is refused), none encrypted, and the package's own description naming the type: OOXML's
`[Content_Types].xml` (read by defusedxml) declares the main part of a document, a presentation or a workbook (not a
macro-enabled one) and the part is there; ODF's first entry `mimetype`, stored uncompressed, says a presentation.

Storing. Every uploaded file of every model is an `UploadField` or an `UploadImageField`: on save the file gets a
random name with the extension of its checked type (`annexes/2026/Xq3…Zk.pdf`, whatever it was uploaded as), a
picture is re-encoded by Pillow (which drops whatever was appended or embedded, EXIF included, after turning it the
way its EXIF said), and the name it was uploaded under, cleaned of folders and control characters, is kept only as
data in the model's `<field>_original_name`, for the name of the download (a save with `update_fields` names that
field too). A replaced or deleted upload is removed from the storage once the change is committed
(`delete_file_on_commit`).

Who reads what (the rule; agreements/files.py applies it to each request):

  Participant.emblem          public picture, in the public storage (/media/), shown inline
  EventPhoto.image            public picture, in the public storage (/media/), shown inline
  NewsItem.image              public picture, in the public storage (/media/), shown inline
  EventPhoto.thumbnail        public picture (made from EventPhoto.image by `thumbnail`), as the photo
  EventMaterial.file          private storage; anyone when the material is public and its event published, else the
                              coordinator (events/views/public.py: material_file)
  Annex.file                  private storage; anyone once its version is published, else the coordinator
  Document.file               private storage; anyone for the agreement's own documents and council resolutions
                              (Document.PUBLIC_FILE_KINDS), else the coordinator and the staff of the document's gmina
  Signature.scan              private storage; the coordinator and the staff of the signing gmina
  IssuedPdf.file              private storage (kept PDFs, rendered by the portal itself): their own views

Delivering (`file_response`, `protect`): the type from the checked extension only, `nosniff`, a sandboxing
Content-Security-Policy, and `Content-Disposition: attachment` with the original name for anything that is not a
public picture. In object storage the private files are handed out as signed addresses that expire within
PRIVATE_URL_SECONDS, with the same type and disposition.
"""

import io
import os
import posixpath
import secrets
import unicodedata
import warnings
from urllib.parse import quote

from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.files.base import ContentFile
from django.core.files.images import get_image_dimensions
from django.db import models, transaction
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.http import FileResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from klaster.slugs import TRANSLITERATION
from klaster.text import clean_text

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# 25 million pixels: a 6000 × 4000 photo from a camera fits; decoding one takes about 100 MB for a moment.
MAX_IMAGE_PIXELS = 25_000_000
IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
# The extension of each checked type, and the type each extension is delivered as (nothing else is ever guessed).
EXTENSIONS = {
    "PDF": ".pdf",
    "JPEG": ".jpg",
    "PNG": ".png",
    "WEBP": ".webp",
    "DOCX": ".docx",
    "XLSX": ".xlsx",
    "PPTX": ".pptx",
    "ODP": ".odp",
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".odp": "application/vnd.oasis.opendocument.presentation",
}
# The office formats (zip packages) by what their own description says: the content type of an OOXML package's main
# part (in [Content_Types].xml), or the `mimetype` entry of an ODF package.
OOXML_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml": "DOCX",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml": "XLSX",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml": "PPTX",
}
ODF_MIMETYPES = {"application/vnd.oasis.opendocument.presentation": "ODP"}
DOCUMENT_FORMATS = ("PDF", "PPTX", "ODP", "DOCX", "XLSX")
MAX_ZIP_ENTRIES = 2_000
MAX_ZIP_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_PACKAGE_DESCRIPTION_BYTES = 1024 * 1024  # [Content_Types].xml, manifest: small XML files
THUMBNAIL_SIZE = (480, 480)  # the longer side of a photo's thumbnail, at most
PUBLIC_IMAGE_EXTENSIONS = (".jpg", ".png", ".webp")
UNKNOWN_EXTENSION = ".bin"  # content that is none of the above (never from a form: the validators refuse it)
UNKNOWN_TYPE = "application/octet-stream"
# Delivered files may not run anything, load anything, or be framed as a page of ours.
SANDBOX_POLICY = "default-src 'none'; sandbox"
PRIVATE_URL_SECONDS = 300  # how long a signed address of a private file in object storage stays valid
ORIGINAL_NAME_LENGTH = 255
_ALIASES = {".jpg": (".jpg", ".jpeg", ".jpe", ".jfif"), ".pdf": (".pdf",), ".png": (".png",), ".webp": (".webp",)}


# --- checking --------------------------------------------------------------------------------------------------------


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


def _too_many_pixels():
    return ValidationError(
        _(
            "Obraz ma za dużo pikseli: dopuszczalne jest najwyżej %(limit)s mln pikseli (na przykład 6000 × 4000). "
            "Zmniejsz obraz i dodaj go ponownie."
        ),
        code="too_many_pixels",
        params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
    )


def _not_image():
    return ValidationError(_("To nie jest obraz JPEG, PNG ani WebP albo plik jest uszkodzony."), code="not_image")


def reencode_image(upload):
    """The picture in `upload` decoded and written again by Pillow in its own format: (bytes, format).

    Only the pixels survive (and the transparency): anything appended after the image data, EXIF (its orientation is
    applied first), comments, XMP, thumbnails and colour profiles (the pixels are converted to sRGB) are gone.
    ValidationError for a file that is not a whole JPEG, PNG or WebP picture, or has more than MAX_IMAGE_PIXELS pixels
    (Pillow's own decompression-bomb refusal gives the same answer).
    """
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(upload) as opened:
                image_format = opened.format
                if image_format not in IMAGE_FORMATS:
                    raise ValidationError(_("Dozwolone są obrazy JPEG, PNG i WebP."), code="image_format")
                if opened.width * opened.height > MAX_IMAGE_PIXELS:
                    raise _too_many_pixels()
                # The structure first: decoding alone would fill a picture cut short with grey, as WeasyPrint sets
                # Pillow's LOAD_TRUNCATED_IMAGES for the whole process.
                opened.verify()
            upload.seek(0)
            with Image.open(upload) as opened:
                opened.load()
                image = _to_srgb(ImageOps.exif_transpose(opened))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_many_pixels() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, MemoryError):
        raise _not_image() from None
    finally:
        upload.seek(0)
    return _encode(image, image_format), image_format


def _to_srgb(image):
    """The pixels in sRGB when the picture carried a colour profile; the profile itself is not kept."""
    profile = image.info.pop("icc_profile", None)
    if profile and image.mode in ("RGB", "RGBA"):
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
            return ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            return image
    return image


def _encode(image, image_format):
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    if image_format == "JPEG":
        image, options = image.convert("L" if image.mode in ("1", "L") else "RGB"), {"quality": 90}
    elif image_format == "WEBP":
        image, options = image.convert("RGBA" if has_alpha else "RGB"), {"quality": 90}
    else:
        keep = ("1", "L", "LA", "RGB", "RGBA")
        image, options = (image if image.mode in keep else image.convert("RGBA" if has_alpha else "RGB")), {}
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return out.getvalue()


def validate_image(upload):
    """A JPEG, PNG or WebP picture, by content, decoded in full and of bounded size; raises ValidationError
    otherwise. The picture stored is written again on save (UploadImageField), so what is checked here is that
    this will work."""
    validate_size(upload)
    reencode_image(upload)


# --- office documents (zip packages) ---------------------------------------------------------------------------------

_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_END = b"PK\x05\x06"
_ZIP_END_LENGTH = 22
_ZIP_READ_CHUNK = 1024 * 1024


def _not_document():
    return ValidationError(
        _("Dozwolone są pliki PDF, PPTX, ODP, DOCX i XLSX; ten plik nie jest żadnym z nich albo jest uszkodzony."),
        code="not_document",
    )


def _zip_too_large():
    return ValidationError(
        _("Plik po rozpakowaniu miałby ponad %(limit)s albo składa się z za wielu części. Sprawdź plik."),
        code="zip_too_large",
        params={"limit": filesizeformat(MAX_ZIP_UNPACKED_BYTES)},
    )


def _ends_as_zip(data):
    """Whether `data` ends exactly with the zip's end record and its comment (nothing appended after the archive)."""
    end = data.rfind(_ZIP_END, max(0, len(data) - _ZIP_END_LENGTH - 65_535))
    if end < 0 or len(data) < end + _ZIP_END_LENGTH:
        return False
    comment_length = int.from_bytes(data[end + 20 : end + 22], "little")
    return end + _ZIP_END_LENGTH + comment_length == len(data)


def _read_bounded(archive, info, limit):
    """The bytes of the entry `info`, refused beyond `limit` (whatever it declares)."""
    chunks, total = [], 0
    with archive.open(info) as stream:
        while chunk := stream.read(min(_ZIP_READ_CHUNK, limit + 1)):
            total += len(chunk)
            if total > limit:
                raise _zip_too_large()
            chunks.append(chunk)
    return b"".join(chunks)


def _ooxml_format(archive, names):
    from defusedxml import ElementTree
    from defusedxml.common import DefusedXmlException

    description = _read_bounded(archive, names["[Content_Types].xml"], MAX_PACKAGE_DESCRIPTION_BYTES)
    try:
        root = ElementTree.fromstring(description)
    except (ElementTree.ParseError, DefusedXmlException, ValueError):
        raise _not_document() from None
    found = set()
    for element in root:
        if element.tag.rsplit("}", 1)[-1] == "Override" and element.get("ContentType") in OOXML_MAIN_TYPES:
            part = (element.get("PartName") or "").lstrip("/")
            if part in names:
                found.add(OOXML_MAIN_TYPES[element.get("ContentType")])
    return found.pop() if len(found) == 1 else None


def _odf_format(archive, infos, names):
    first = infos[0]
    if first.filename != "mimetype" or first.compress_type != 0 or "META-INF/manifest.xml" not in names:
        return None
    mimetype = _read_bounded(archive, first, 200).decode("ascii", "replace").strip()
    return ODF_MIMETYPES.get(mimetype)


def office_format(upload):
    """The office format of `upload` ("DOCX", "XLSX", "PPTX" or "ODP"), checked by its structure (see the module's
    docstring), or None when it is not a zip package at all. ValidationError for a zip that unpacks to too much, has
    too many entries, something appended or prepended, encrypted entries, or that is not one of these formats."""
    import zipfile

    upload.seek(0)
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    upload.seek(0)
    if not data.startswith(_ZIP_LOCAL_HEADER):
        return None
    if not _ends_as_zip(data):
        raise _not_document()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
            if not infos:
                raise _not_document()
            if len(infos) > MAX_ZIP_ENTRIES or sum(info.file_size for info in infos) > MAX_ZIP_UNPACKED_BYTES:
                raise _zip_too_large()
            if any(info.flag_bits & 0x1 for info in infos):
                raise _not_document()
            # Every entry really unpacked (a declared size can lie; the CRC is checked at the end of each).
            remaining = MAX_ZIP_UNPACKED_BYTES
            for info in infos:
                with archive.open(info) as stream:
                    while chunk := stream.read(min(_ZIP_READ_CHUNK, remaining + 1)):
                        remaining -= len(chunk)
                        if remaining < 0:
                            raise _zip_too_large()
            names = {info.filename: info for info in infos}
            if "[Content_Types].xml" in names:
                found = _ooxml_format(archive, names)
            else:
                found = _odf_format(archive, infos, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, OSError, EOFError, ValueError, KeyError):
        raise _not_document() from None
    if found is None:
        raise _not_document()
    return found


def validate_document(upload):
    """A document of one of DOCUMENT_FORMATS, by content: a PDF (`validate_pdf`) or an office package
    (`office_format`), within the size limit; ValidationError otherwise."""
    validate_size(upload)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        validate_pdf(upload)
    elif office_format(upload) is None:
        raise _not_document()


def document_format(name):
    """The format of a stored document by its (checked) extension: "PDF", "DOCX"…, or "" for another."""
    extension = extension_of(name)
    return next((fmt for fmt, ext in EXTENSIONS.items() if ext == extension and fmt in DOCUMENT_FORMATS), "")


# --- thumbnails ------------------------------------------------------------------------------------------------------


def thumbnail(upload, size=THUMBNAIL_SIZE):
    """A smaller copy of the picture in `upload` (at most `size`, proportions kept), made from the pixels
    `reencode_image` checked and written the same way: a ContentFile named with the picture's extension, for an
    UploadImageField. ValidationError when `upload` is not a picture it accepts."""
    data, image_format = reencode_image(upload)
    with Image.open(io.BytesIO(data)) as opened:
        opened.load()
        image = opened.copy()
    image.thumbnail(size, Image.Resampling.LANCZOS)
    return ContentFile(_encode(image, image_format), name=f"miniatura{EXTENSIONS[image_format]}")


def checked_content(content):
    """What to store for the uploaded `content`, and its extension: a PDF as it is (`.pdf`), an office document as it
    is (`.docx`, `.xlsx`, `.pptx`, `.odp`: `office_format`), a picture re-encoded (`.jpg`, `.png`, `.webp`), anything
    else as it is under UNKNOWN_EXTENSION (delivered as bytes to download)."""
    content.seek(0)
    head = content.read(5)
    content.seek(0)
    if head == b"%PDF-":
        return content, EXTENSIONS["PDF"]
    if head.startswith(_ZIP_LOCAL_HEADER):
        try:
            office = office_format(content)
        except ValidationError:
            office = None
        return content, (EXTENSIONS[office] if office else UNKNOWN_EXTENSION)
    try:
        data, image_format = reencode_image(content)
    except ValidationError:
        return content, UNKNOWN_EXTENSION
    # Named, as an ImageField reads the dimensions of what it was saved with, and takes a nameless file for none.
    return ContentFile(data, name=f"upload{EXTENSIONS[image_format]}"), EXTENSIONS[image_format]


# --- names -----------------------------------------------------------------------------------------------------------


def clean_original_name(name):
    """The uploaded file's own name, as data: without folders (either slash), without what klaster.text cleans from
    every name (control and invisible formatting characters: right-to-left overrides, zero-width spaces), spaces
    collapsed, at most ORIGINAL_NAME_LENGTH long."""
    name = clean_text(str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    name = " ".join(name.split()).strip(". ")
    return name[-ORIGINAL_NAME_LENGTH:]


def download_name(original_name, extension, fallback="plik"):
    """The name a download is offered under: the original name with the extension of the checked type, whatever it
    was uploaded as (`x.html` holding a PDF downloads as `x.pdf`, `x.pdf.html` as `x.pdf`)."""
    name = clean_original_name(original_name) or fallback
    accepted = _ALIASES.get(extension, (extension,))
    stem, suffix = os.path.splitext(name)
    if suffix.lower() in accepted:
        return name
    if os.path.splitext(stem)[1].lower() in accepted:
        return stem
    return f"{stem or fallback}{extension}"


def extension_of(name):
    """The extension of a stored name, in lower case (the type it was stored as)."""
    return os.path.splitext(str(name))[1].lower()


class _CheckedFieldFile:
    """FieldFile.save for uploads: checked content, a random name with the checked type's extension, and the
    uploaded name kept in `<field>_original_name`."""

    def save(self, name, content, save=True):
        checked, extension = checked_content(content)
        setattr(self.instance, self.field.original_name_attname, clean_original_name(name))
        super().save(f"{secrets.token_urlsafe(16)}{extension}", checked, save)


class UploadFieldFile(_CheckedFieldFile, FieldFile):
    pass


class UploadImageFieldFile(_CheckedFieldFile, ImageFieldFile):
    pass


class _UploadFieldMixin:
    @property
    def original_name_attname(self):
        return f"{self.name}_original_name"

    def check(self, **kwargs):
        problems = super().check(**kwargs)
        try:
            self.model._meta.get_field(self.original_name_attname)
        except FieldDoesNotExist:
            problems.append(
                checks.Error(
                    f"{self.model.__name__}.{self.name} keeps the uploaded name in a field "
                    f"{self.original_name_attname}; add it (a CharField of {ORIGINAL_NAME_LENGTH}).",
                    obj=self,
                    id="klaster.E001",
                )
            )
        return problems


class UploadField(_UploadFieldMixin, models.FileField):
    """A FileField for uploaded files: see the module's docstring."""

    attr_class = UploadFieldFile


class UploadImageField(_UploadFieldMixin, models.ImageField):
    """An ImageField for uploaded pictures: see the module's docstring."""

    attr_class = UploadImageFieldFile


def original_name_field():
    """The field that keeps an upload's original name (`<field>_original_name`)."""
    return models.CharField(_("nazwa przesłanego pliku"), max_length=ORIGINAL_NAME_LENGTH, blank=True, editable=False)


# --- delivering ------------------------------------------------------------------------------------------------------


def content_disposition(name, *, attachment=True):
    """`attachment` (or `inline`) with `name` as RFC 6266 asks: an ASCII `filename` for old clients and the exact
    name as `filename*` (RFC 5987, UTF-8) when it is not plain ASCII."""
    disposition = "attachment" if attachment else "inline"
    decomposed = unicodedata.normalize("NFKD", name.translate(TRANSLITERATION))
    ascii_name = "".join(
        char if char.isascii() and char.isprintable() and char not in '"\\;' else "_"
        for char in decomposed
        if not unicodedata.combining(char)
    )
    header = f'{disposition}; filename="{ascii_name or "plik"}"'
    if ascii_name != name:
        header += f"; filename*=UTF-8''{quote(name, safe='')}"
    return header


def protect(response, stored_name, *, original_name="", public_image=False):
    """Headers of a delivered upload: its type from the stored extension only, `nosniff`, the sandboxing policy,
    and `attachment` (with the original name) unless it is a public picture. Returns the response."""
    extension = extension_of(stored_name)
    response["Content-Type"] = CONTENT_TYPES.get(extension, UNKNOWN_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_POLICY
    if public_image and extension in PUBLIC_IMAGE_EXTENSIONS:
        if "Content-Disposition" in response:
            del response["Content-Disposition"]
    else:
        name = download_name(original_name or os.path.basename(str(stored_name)), extension)
        response["Content-Disposition"] = content_disposition(name)
    return response


def file_response(file, *, original_name="", public=False):
    """The response delivering the stored `file` (a FieldFile) to download.

    From object storage with signed addresses (S3): a redirect to a signed address valid PRIVATE_URL_SECONDS, which
    makes the storage send the type and the attachment. Otherwise the file itself, with `protect`'s headers.
    `public` lets shared caches keep it for a while; private files are never stored by any cache.
    """
    storage, name = file.storage, file.name
    extension = extension_of(name)
    if getattr(storage, "querystring_auth", False):
        disposition = content_disposition(download_name(original_name or os.path.basename(name), extension))
        parameters = {
            "ResponseContentType": CONTENT_TYPES.get(extension, UNKNOWN_TYPE),
            "ResponseContentDisposition": disposition,
        }
        response = HttpResponseRedirect(storage.url(name, parameters=parameters, expire=PRIVATE_URL_SECONDS))
        response["Cache-Control"] = "no-store"
        return response
    response = FileResponse(storage.open(name, "rb"))
    response["Cache-Control"] = "public, max-age=600" if public else "private, no-store"
    return protect(response, name, original_name=original_name)


# --- files stored before the names were random (data migrations) ------------------------------------------------------


def rename_stored_uploads(model, field_name, *, source, target, rename=True, using="default"):
    """Store every file of `model.<field_name>` (a model of a data migration) again in `target`: under a random name
    with the extension of its checked type in the same folder, a picture re-encoded, the old name kept as the
    original name (`rename`; without it, the same name, as the migration's way back does). Through the storage API,
    so local folders and object storage alike. The old file is deleted once the migration's transaction commits.
    Returns the names it could not find (their rows are left as they were)."""
    field = model._meta.get_field(field_name)
    attname, original_attname = field.attname, f"{field_name}_original_name"
    dimension_fields = (getattr(field, "width_field", None), getattr(field, "height_field", None))
    missing = []
    for pk, old in model._base_manager.using(using).exclude(**{attname: ""}).values_list("pk", attname):
        if not source.exists(old):
            missing.append(old)
            continue
        changes = {}
        with source.open(old, "rb") as stored:
            if rename:
                content, extension = checked_content(stored)
                new = target.save(f"{posixpath.dirname(old)}/{secrets.token_urlsafe(16)}{extension}", content)
                changes[original_attname] = clean_original_name(old)
                if all(dimension_fields) and extension in PUBLIC_IMAGE_EXTENSIONS:  # turned by its EXIF, perhaps
                    changes.update(zip(dimension_fields, get_image_dimensions(content), strict=True))
            else:
                new = target.save(old, stored)
        model._base_manager.using(using).filter(pk=pk).update(**{attname: new, **changes})
        if (new, target) != (old, source):
            transaction.on_commit(lambda name=old: source.delete(name), using=using)
    return missing


def delete_file_on_commit(storage, name):
    """Remove the stored file `name` once the current transaction commits (nothing when it rolls back, nothing for an
    empty name): a replaced or deleted upload must not linger."""
    if name:
        transaction.on_commit(lambda: storage.delete(name))
