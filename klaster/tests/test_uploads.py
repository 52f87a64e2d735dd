import io
import os

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models, transaction
from django.test.utils import isolate_apps
from PIL import Image

from agreements.models import Document, IssuedPdf
from events.models import EventPhoto
from klaster import uploads
from klaster.testing import (
    APPENDED_HTML,
    image_bytes,
    is_random_name,
    pdf_bytes,
    pdf_upload,
    pdf_with_html,
    png_with_html,
    stored_paths,
)


def _code(validator, upload):
    with pytest.raises(ValidationError) as caught:
        validator(upload)
    return caught.value.code


def test_a_real_pdf_is_accepted():
    uploads.validate_pdf(pdf_upload("uchwala.pdf"))


def test_a_file_that_only_pretends_to_be_a_pdf_is_refused():
    fake = pdf_upload("uchwala.pdf", b"<html>not a pdf</html>")
    assert _code(uploads.validate_pdf, fake) == "not_pdf"


def test_a_pdf_header_on_garbage_is_refused():
    broken = pdf_upload("uchwala.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50)
    assert _code(uploads.validate_pdf, broken) == "broken_pdf"


def test_a_too_large_file_is_refused_with_the_limit_in_the_message():
    big = pdf_upload("duzy.pdf", b"%PDF-" + b"0" * uploads.MAX_UPLOAD_BYTES)
    with pytest.raises(ValidationError) as caught:
        uploads.validate_pdf(big)
    assert caught.value.code == "too_large"
    assert "10,0" in str(caught.value.messages[0]) or "10.0" in str(caught.value.messages[0])


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_jpeg_png_and_webp_pictures_are_accepted(fmt):
    uploads.validate_image(SimpleUploadedFile(f"herb.{fmt.lower()}", image_bytes(fmt)))


def test_svg_and_other_pictures_are_refused():
    svg = SimpleUploadedFile("herb.png", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    assert _code(uploads.validate_image, svg) == "not_image"
    gif = SimpleUploadedFile("herb.png", image_bytes("GIF"))
    assert _code(uploads.validate_image, gif) == "image_format"
    pdf = SimpleUploadedFile("herb.jpg", pdf_bytes())
    assert _code(uploads.validate_image, pdf) == "not_image"


@pytest.mark.django_db
def test_a_replaced_file_is_deleted_only_once_the_change_is_committed(tmp_path, django_capture_on_commit_callbacks):
    storage = FileSystemStorage(location=tmp_path)
    kept, dropped = storage.save("kept.pdf", ContentFile(b"%PDF-")), storage.save("dropped.pdf", ContentFile(b"%PDF-"))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            uploads.delete_file_on_commit(storage, kept)
            raise RuntimeError  # rolled back: the file stays
        with transaction.atomic():
            uploads.delete_file_on_commit(storage, dropped)
            uploads.delete_file_on_commit(storage, "")  # nothing stored: nothing to do
        assert storage.exists(dropped)  # not before the commit
    assert len(callbacks) == 1
    assert storage.exists(kept) and not storage.exists(dropped)


# --- pictures are written again ----------------------------------------------------------------------------------------


def _jpeg_with_exif(size, orientation):
    image = Image.new("RGB", size, "green")
    exif = image.getexif()
    exif[0x0112] = orientation  # Orientation
    exif[0x013B] = "Jan Kowalski, ul. Leśna 1"  # Artist: personal data a camera or an editor may write
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_picture_is_written_again_without_what_was_appended_or_embedded():
    data, image_format = uploads.reencode_image(ContentFile(png_with_html((20, 10))))
    assert image_format == "PNG" and APPENDED_HTML not in data and b"<script" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (20, 10)

    original = _jpeg_with_exif((40, 20), orientation=6)  # to be turned 90° clockwise
    assert b"Kowalski" in original
    data, image_format = uploads.reencode_image(ContentFile(original))
    assert image_format == "JPEG" and b"Kowalski" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.size == (20, 40) and not image.getexif()


def test_a_picture_of_too_many_pixels_is_refused_with_a_clear_message():
    out = io.BytesIO()
    Image.new("1", (5001, 5000)).save(out, "PNG")  # 25,005,000 pixels in a few kilobytes
    with pytest.raises(ValidationError) as caught:
        uploads.validate_image(SimpleUploadedFile("herb.png", out.getvalue()))
    assert caught.value.code == "too_many_pixels"
    assert caught.value.messages == [
        "Obraz ma za dużo pikseli: dopuszczalne jest najwyżej 25 mln pikseli (na przykład 6000 × 4000). "
        "Zmniejsz obraz i dodaj go ponownie."
    ]
    uploads.validate_image(SimpleUploadedFile("herb.png", image_bytes("PNG", (5000, 5000))))  # at the bound


def test_pillows_decompression_bomb_refusal_becomes_the_same_clear_message(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 100)  # Pillow refuses above twice this, before we look
    upload = SimpleUploadedFile("herb.png", image_bytes("PNG", (20, 20)))
    assert _code(uploads.validate_image, upload) == "too_many_pixels"
    upload = SimpleUploadedFile("herb.png", image_bytes("PNG", (12, 12)))  # Pillow only warns
    assert _code(uploads.validate_image, upload) == "too_many_pixels"


def test_a_picture_cut_short_is_refused_as_broken():
    out = io.BytesIO()
    Image.frombytes("RGB", (64, 64), os.urandom(64 * 64 * 3)).save(out, "PNG")  # noise: nothing to compress
    whole = out.getvalue()
    assert _code(uploads.validate_image, SimpleUploadedFile("herb.png", whole[: len(whole) // 2])) == "not_image"


# --- names -------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("uploaded", "kept"),
    [
        ("..\\..\\x.html", "x.html"),
        ("../../etc/passwd", "passwd"),
        ("C:\\Users\\Jan\\uchwała nr 5.pdf", "uchwała nr 5.pdf"),
        ("skan\u202efdp.exe", "skanfdp.exe"),  # a right-to-left override
        ("a\u200bb\x00c\n.pdf", "abc .pdf"),  # zero-width space, NUL; a new line is a space
        ("  dwie\u00a0 spacje .pdf ", "dwie spacje .pdf"),
        ("..", ""),
        ("a" * 300 + ".pdf", "a" * 251 + ".pdf"),
    ],
)
def test_the_uploaded_name_is_kept_without_folders_or_invisible_characters(uploaded, kept):
    assert uploads.clean_original_name(uploaded) == kept


@pytest.mark.parametrize(
    ("original", "extension", "offered"),
    [
        ("x.html", ".pdf", "x.pdf"),
        ("x.pdf.html", ".pdf", "x.pdf"),
        ("x.PHP", ".pdf", "x.pdf"),
        ("x.svg", ".png", "x.png"),
        ("uchwała.PDF", ".pdf", "uchwała.PDF"),
        ("zdjęcie.jpeg", ".jpg", "zdjęcie.jpeg"),
        ("skan", ".pdf", "skan.pdf"),
        ("", ".pdf", "plik.pdf"),
    ],
)
def test_a_download_is_offered_under_its_name_with_the_checked_extension(original, extension, offered):
    assert uploads.download_name(original, extension) == offered


def test_the_download_name_is_sent_as_rfc_6266_asks():
    assert uploads.content_disposition("x.pdf") == 'attachment; filename="x.pdf"'
    assert uploads.content_disposition('uchwała "nr 5".pdf') == (
        "attachment; filename=\"uchwala _nr 5_.pdf\"; filename*=UTF-8''uchwa%C5%82a%20%22nr%205%22.pdf"
    )


# --- every upload of the project -------------------------------------------------------------------------------------


def test_every_uploaded_file_gets_a_random_name_and_only_pictures_are_public():
    public, private = [], []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not isinstance(field, models.FileField) or field is IssuedPdf._meta.get_field("file"):
                continue  # kept PDFs are rendered by the portal, named by their fingerprint
            assert isinstance(field, uploads.UploadField | uploads.UploadImageField), field
            uses_default = field.storage is default_storage or field.storage._wrapped is storages["default"]
            (public if uses_default else private).append(f"{model.__name__}.{field.name}")
            assert uses_default == isinstance(field, models.ImageField), field
    assert sorted(public) == ["EventPhoto.image", "EventPhoto.thumbnail", "NewsItem.image", "Participant.emblem"]
    assert sorted(private) == [
        "Annex.file",
        "Document.file",
        "EventMaterial.file",
        "MeteringAuthorisation.document",
        "Signature.scan",
    ]


@isolate_apps("klaster")
def test_an_upload_field_without_a_field_for_its_original_name_is_a_start_up_error():
    class Thing(models.Model):  # noqa: DJ008 (never saved)
        file = uploads.UploadField(upload_to="things/")

    assert [error.id for error in Thing._meta.get_field("file").check()] == ["klaster.E001"]


# --- files stored before the names were random -------------------------------------------------------------------------


@pytest.mark.django_db
def test_stored_files_move_to_the_private_storage_under_random_names_with_their_names_kept(
    cluster, media_root, private_files, django_capture_on_commit_callbacks
):
    tworog = cluster.participants.get(slug="tworog")
    old = default_storage.save("documents/2018/uchwała.html", ContentFile(pdf_with_html()))
    document = Document.objects.create(participant=tworog, kind="resolution", date="2018-03-28", title="Uchwała")
    Document.objects.filter(pk=document.pk).update(file=old)
    gone = Document.objects.create(participant=tworog, kind="resolution", date="2018-03-29", title="U", number="2")
    Document.objects.filter(pk=gone.pk).update(file="documents/2018/zgubiona.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        missing = uploads.rename_stored_uploads(Document, "file", source=default_storage, target=storages["private"])

    document.refresh_from_db()
    assert missing == ["documents/2018/zgubiona.pdf"]
    assert is_random_name(document.file.name, ".pdf", "documents/") and document.file.name.startswith("documents/2018/")
    assert document.file_original_name == "uchwała.html"
    assert stored_paths(private_files) == [document.file.name] and stored_paths(media_root) == []
    assert (private_files / document.file.name).read_bytes() == pdf_with_html()
    assert Document.objects.get(pk=gone.pk).file.name == "documents/2018/zgubiona.pdf"


@pytest.mark.django_db
def test_stored_pictures_are_renamed_in_place_and_written_again(
    cluster, media_root, django_capture_on_commit_callbacks
):
    event = cluster.events.first()
    old = default_storage.save("events/photos/2018/scena.svg", ContentFile(_jpeg_with_exif((40, 20), orientation=6)))
    photo = EventPhoto.objects.create(event=event, position=1, image=old, width=40, height=20, alt_text="Sala")

    with django_capture_on_commit_callbacks(execute=True):
        uploads.rename_stored_uploads(EventPhoto, "image", source=default_storage, target=default_storage)

    photo.refresh_from_db()
    assert is_random_name(photo.image.name, ".jpg", "events/photos/") and photo.image_original_name == "scena.svg"
    assert (photo.width, photo.height) == (20, 40)
    assert stored_paths(media_root) == [photo.image.name]
    assert b"Kowalski" not in (media_root / photo.image.name).read_bytes()


# --- office documents and thumbnails ------------------------------------------------------------------------------------


def _zip_of(entries, *, compress_first=True):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_DEFLATED if compress_first or index else zipfile.ZIP_STORED
            archive.writestr(name, data, compress_type=method)
    return out.getvalue()


def test_office_documents_are_told_by_their_package_not_their_name():
    from klaster.testing import docx_bytes, odp_bytes, pptx_bytes, register_xlsx

    for data, expected in (
        (docx_bytes(), "DOCX"),
        (pptx_bytes(), "PPTX"),
        (odp_bytes(), "ODP"),
        (register_xlsx([]), "XLSX"),
    ):
        assert uploads.office_format(io.BytesIO(data)) == expected
        content, extension = uploads.checked_content(ContentFile(data, name="x.html"))
        assert extension == f".{expected.lower()}"
    assert uploads.office_format(io.BytesIO(b"%PDF-1.7")) is None  # not a zip at all


@pytest.mark.parametrize(
    "entries",
    [
        [
            ("mimetype", b"application/vnd.oasis.opendocument.presentation"),
            ("META-INF/manifest.xml", b"<m/>"),
        ],  # packed
        [("mimetype", b"application/vnd.oasis.opendocument.text")],  # a text document: not accepted for materials
        [("[Content_Types].xml", b"<!DOCTYPE x [<!ENTITY a 'b'>]><Types>&a;</Types>")],  # an entity: defusedxml refuses
        [(f"part{number}.xml", b"") for number in range(uploads.MAX_ZIP_ENTRIES + 1)],
    ],
    ids=["odp-mimetype-compressed", "odt", "xml-entity", "too-many-entries"],
)
def test_a_zip_that_is_not_an_accepted_package_is_refused_and_stored_as_bytes(entries):
    data = _zip_of(entries)
    with pytest.raises(ValidationError):
        uploads.validate_document(ContentFile(data, name="x.odp"))
    assert uploads.checked_content(ContentFile(data, name="x.odp"))[1] == uploads.UNKNOWN_EXTENSION


def test_a_thumbnail_keeps_the_format_and_proportions_within_the_bound():
    from klaster.testing import picture

    thumbnail = uploads.thumbnail(picture("x.png", size=(2000, 1000)))
    assert thumbnail.name == "miniatura.png"
    with Image.open(thumbnail) as opened:
        assert (opened.format, opened.size) == ("PNG", (480, 240))
    with pytest.raises(ValidationError):
        uploads.thumbnail(SimpleUploadedFile("x.png", b"nie obraz"))
