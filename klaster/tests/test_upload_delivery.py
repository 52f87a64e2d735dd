"""Hostile uploads, as an attacker tries them: a real PDF or picture with a web page appended, uploaded under a name
that a server or a browser would take for a page. Each is stored under a random name with the extension of its
checked type and delivered so that no browser runs it; private files are only for those who may read them.

Who gets which answer from each file's address is the permission matrix's (klaster/tests/test_permissions.py).
"""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from PIL import Image

from agreements.models import Document, Signature
from events.models import Event
from events.services import photo_add
from klaster.testing import (
    APPENDED_HTML,
    HOSTILE_NAMES,
    Page,
    image_bytes,
    is_random_name,
    pdf_upload,
    pdf_with_html,
    png_with_html,
    response_body,
    stored_paths,
)
from klaster.testing.agreements import FOUNDED, resolution_data

SANDBOX = "default-src 'none'; sandbox"

pytestmark = pytest.mark.usefixtures("media_root")


def assert_never_run(response, content_type):
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_pdf_with_a_page_appended_is_stored_as_pdf_and_downloaded_never_shown(
    client, staff_tworog, private_files, settings, name
):
    hostile = pdf_with_html()
    client.force_login(staff_tworog)

    client.post(reverse("resolutions:add", args=["tworog"]), {**resolution_data(), "file": pdf_upload(name, hostile)})

    resolution = Document.objects.resolutions().get()
    assert is_random_name(resolution.file.name, ".pdf", "documents/")
    assert resolution.file_original_name == name.rsplit("\\", 1)[-1]  # without the folders
    assert stored_paths(private_files) == [resolution.file.name] and stored_paths(settings.MEDIA_ROOT) == []
    client.logout()
    response = client.get(reverse("agreements:document-file", args=[resolution.pk]))
    assert response.status_code == 200 and response_body(response) == hostile
    assert_never_run(response, "application/pdf")
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_picture_with_a_page_appended_is_stored_as_png_without_it(client, staff_tworog, tworog, settings, name):
    client.force_login(staff_tworog)
    data = {"description_pl": "Opis", "postal_code": "42-690", "city": "Tworóg", "emblem_alt_pl": "Herb Tworoga"}

    client.post(
        reverse("workspace:gmina-edit", args=["tworog"]), {**data, "emblem": ContentFile(png_with_html(), name)}
    )

    tworog.refresh_from_db()
    assert is_random_name(tworog.emblem.name, ".png", "participants/")
    stored = (settings.MEDIA_ROOT / tworog.emblem.name).read_bytes()
    assert stored.startswith(b"\x89PNG") and APPENDED_HTML not in stored and b"<script" not in stored
    settings.DEBUG = True  # the development route serves /media/
    response = client.get(f"/media/{tworog.emblem.name}")
    assert response.status_code == 200 and response_body(response) == stored
    assert_never_run(response, "image/png")
    assert "Content-Disposition" not in response  # a public picture, shown on the page


@pytest.mark.parametrize("name", ["participants/x.html", "participants/x.svg", "documents/x.pdf.html", "x.PHP"])
def test_the_development_route_sends_anything_but_a_picture_as_bytes_to_download(settings, client, name):
    default_storage.save(name, ContentFile(b"<html><script>alert(1)</script></html>"))
    settings.DEBUG = True

    response = client.get(f"/media/{name}")

    assert response.status_code == 200
    assert_never_run(response, "application/octet-stream")
    assert response["Content-Disposition"].startswith("attachment; ")


def test_a_private_scan_is_not_under_media_and_reaches_only_those_who_may_read_it(
    client, tworog, coordinator, staff_pawonkow, staff_tworog, private_files, settings
):
    signature = Signature.objects.get(participant=tworog)
    signature.scan = pdf_upload("skan podpisu – Tworóg.pdf")
    signature.save()
    address = reverse("agreements:signature-scan", args=[signature.pk])

    assert not address.startswith(settings.MEDIA_URL) and stored_paths(settings.MEDIA_ROOT) == []
    assert stored_paths(private_files) == [signature.scan.name]
    assert client.get(address).status_code == 404
    client.force_login(staff_pawonkow)
    assert client.get(address).status_code == 404
    for reader in (coordinator, staff_tworog):
        client.force_login(reader)
        response = client.get(address)
        assert response.status_code == 200 and response_body(response).startswith(b"%PDF-")
        assert_never_run(response, "application/pdf")
        assert response["Cache-Control"] == "private, no-store"
        assert response["Content-Disposition"] == (
            "attachment; filename=\"skan podpisu _ Tworog.pdf\"; filename*=UTF-8''skan%20podpisu%20%E2%80%93%20Twor%C3%B3g.pdf"
        )
        assert client.head(address).status_code == 200


def test_the_public_agreement_page_links_public_documents_and_not_private_ones(client, cluster, tworog, coordinator):
    agreement = cluster.agreements.get()
    rules = Document.objects.create(
        agreement=agreement, kind="rules", date=FOUNDED, title="Regulamin", file=pdf_upload()
    )
    declaration = Document.objects.create(
        agreement=agreement, participant=tworog, kind="accession", date=FOUNDED, title="Deklaracja", file=pdf_upload()
    )
    rules_address = reverse("agreements:document-file", args=[rules.pk])
    declaration_address = reverse("agreements:document-file", args=[declaration.pk])

    public = Page(client.get(reverse("agreements:detail")).content.decode())

    assert rules_address in public.links and declaration_address not in public.links
    assert "Deklaracja" in public.text and "plik niepubliczny" in public.text
    client.force_login(coordinator)
    listed = Page(client.get(reverse("agreement-admin:documents")).content.decode())
    assert rules_address in listed.links and declaration_address in listed.links


def test_a_file_whose_stored_copy_is_gone_is_not_found(client, tworog, private_files):
    resolution = Document.objects.create(
        participant=tworog, kind="resolution", date=FOUNDED, title="Uchwała", file=pdf_upload()
    )
    (private_files / resolution.file.name).unlink()

    assert client.get(reverse("agreements:document-file", args=[resolution.pk])).status_code == 404


def test_a_jpeg_keeps_its_type_and_is_re_encoded(client, coordinator, media_root):
    photo = photo_add(
        event=Event.objects.first(),
        image=ContentFile(image_bytes("JPEG", (30, 20)) + APPENDED_HTML, "zdjęcie.html"),
        alt_text="Sala",
        by=coordinator,
    )

    assert is_random_name(photo.image.name, ".jpg", "events/photos/") and photo.image_original_name == "zdjęcie.html"
    assert (photo.width, photo.height) == (30, 20)
    assert APPENDED_HTML not in (media_root / photo.image.name).read_bytes()


def test_an_emblem_of_too_many_pixels_is_refused_with_a_clear_message_and_nothing_changes(
    client, staff_tworog, tworog, settings
):
    out = io.BytesIO()
    Image.new("1", (6000, 6000)).save(out, "PNG")
    client.force_login(staff_tworog)
    data = {"description_pl": "Nowy opis", "postal_code": "42-690", "emblem_alt_pl": "Herb"}

    response = client.post(
        reverse("workspace:gmina-edit", args=["tworog"]), {**data, "emblem": ContentFile(out.getvalue(), "herb.png")}
    )

    assert response.status_code == 200
    assert "Obraz ma za dużo pikseli: dopuszczalne jest najwyżej 25 mln pikseli" in Page(response.content.decode()).text
    tworog.refresh_from_db()
    assert not tworog.emblem and tworog.description_pl != "Nowy opis"
    assert stored_paths(settings.MEDIA_ROOT) == []
