import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from klaster import uploads
from klaster.testing import image_bytes, pdf_bytes, pdf_upload


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
