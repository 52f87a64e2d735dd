"""Uploads and private files in S3-compatible object storage (S3_BUCKET), against a real HTTP S3 endpoint (moto).

The portal runs as it does in production with S3_BUCKET set: uploads under media/, kept PDFs and waiting import files
under private/, nothing on the local disk. Settings built from the S3_* variables are checked in a fresh process.
"""

import hashlib
import json
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.urls import reverse
from storages.backends.s3 import S3Storage

from agreements.models import Document, IssuedPdf, Signature
from klaster.pdf import LocalFetcher, RefusedURL, render_pdf
from klaster.testing import (
    APPENDED_HTML,
    S3_KEYS,
    S3_REGION,
    Page,
    image_bytes,
    is_random_name,
    pdf_bytes,
    pdf_reader,
    pdf_upload,
    pdf_with_html,
    png_with_html,
    response_body,
    run_python,
    s3_client,
    stored_paths,
)
from klaster.testing.agreements import resolution_data
from members.models import Participant
from members.register import uploads


@pytest.fixture
def s3(endpoint):
    return s3_client(endpoint)


@pytest.fixture
def bucket(s3, endpoint, settings, tmp_path):
    """A fresh bucket, and the storages of the portal pointed at it as settings.py does with S3_BUCKET set."""
    settings.MEDIA_ROOT = tmp_path / "media"  # to show that nothing is written there
    name = f"klaster-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
    options = {
        "bucket_name": name,
        "endpoint_url": endpoint,
        "region_name": S3_REGION,
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        **S3_KEYS,
    }
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": "media"}},
        "private": {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {**options, "location": "private"}},
    }
    return name


def objects(s3, bucket):
    listed = s3.list_objects_v2(Bucket=bucket)
    return sorted(entry["Key"] for entry in listed.get("Contents", []))


def read_object(s3, bucket, key):
    return s3.get_object(Bucket=bucket, Key=key)["Body"].read()


# --- the storages follow the settings -------------------------------------------------------------------------------


def test_both_storages_are_object_storage_once_configured(bucket):
    assert isinstance(default_storage, S3Storage) and default_storage.bucket_name == bucket
    assert (storages["default"].location, storages["private"].location) == ("media", "private")


# --- kept PDFs ------------------------------------------------------------------------------------------------------


def test_a_downloaded_pdf_is_kept_under_private_and_served_from_there_after(
    client, cluster, bucket, s3, renders, private_files, settings
):

    first = client.get(reverse("agreements:pdf"))
    data = response_body(first)

    assert first.status_code == 200 and first["Content-Type"] == "application/pdf"
    assert data.startswith(b"%PDF-") and renders.count == 1
    issued = IssuedPdf.objects.get()
    key = f"private/pdf/{issued.file_sha256}.pdf"
    assert objects(s3, bucket) == [key]
    assert read_object(s3, bucket, key) == data
    assert issued.file_sha256 == hashlib.sha256(data).hexdigest()
    assert stored_paths(private_files) == [] and stored_paths(settings.MEDIA_ROOT) == []

    second = client.get(reverse("agreements:pdf"))

    assert second.status_code == 200 and response_body(second) == data
    assert renders.count == 1  # served from the object, not rendered again
    assert second["ETag"] == f'"{issued.file_sha256}"'


def test_a_kept_pdf_whose_object_is_gone_is_rendered_and_kept_again(client, cluster, bucket, s3, renders):
    data = response_body(client.get(reverse("agreements:pdf")))
    key = objects(s3, bucket)[0]
    s3.delete_object(Bucket=bucket, Key=key)

    again = client.get(reverse("agreements:pdf"))

    assert again.status_code == 200 and response_body(again) == data
    assert renders.count == 2
    assert objects(s3, bucket) == [key]


# --- uploads --------------------------------------------------------------------------------------------------------


def test_an_uploaded_resolution_lands_under_private_and_its_link_leads_to_a_signed_address(
    client, staff_tworog, cluster, bucket, s3, endpoint, settings
):
    client.force_login(staff_tworog)
    pdf = pdf_bytes()

    response = client.post(
        reverse("resolutions:add", args=["tworog"]),
        {**resolution_data(), "file": pdf_upload("uchwała.html", pdf)},
    )

    assert response.status_code == 302
    resolution = Document.objects.resolutions().get()
    assert is_random_name(resolution.file.name, ".pdf", "documents/")
    assert objects(s3, bucket) == [f"private/{resolution.file.name}"]
    assert read_object(s3, bucket, f"private/{resolution.file.name}") == pdf
    assert stored_paths(settings.MEDIA_ROOT) == []
    address = reverse("agreements:document-file", args=[resolution.pk])
    assert address in Page(client.get(response.url).content.decode()).links
    client.logout()  # a resolution is public
    signed = client.get(address)
    assert signed.status_code == 302 and signed["Cache-Control"] == "no-store"
    assert signed["Location"].startswith(f"{endpoint}/{bucket}/private/documents/")
    assert "X-Amz-Signature=" in signed["Location"] and "X-Amz-Expires=300" in signed["Location"]
    with urllib.request.urlopen(signed["Location"]) as answer:  # noqa: S310 (the test's own S3 endpoint)
        assert answer.read() == pdf
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == (
            "attachment; filename=\"uchwala.pdf\"; filename*=UTF-8''uchwa%C5%82a.pdf"
        )


def test_a_replaced_upload_leaves_no_old_object_behind(
    client, staff_tworog, cluster, bucket, s3, django_capture_on_commit_callbacks
):
    client.force_login(staff_tworog)
    add = reverse("resolutions:add", args=["tworog"])
    client.post(add, {**resolution_data(), "file": pdf_upload("stara.pdf")})
    resolution = Document.objects.resolutions().get()
    old = f"private/{resolution.file.name}"
    assert objects(s3, bucket) == [old]

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("resolutions:edit", args=["tworog", resolution.pk]),
            {**resolution_data(), "file": pdf_upload("nowa.pdf")},
        )

    resolution.refresh_from_db()
    assert resolution.file_original_name == "nowa.pdf"
    assert objects(s3, bucket) == [f"private/{resolution.file.name}"]


def test_a_private_scan_is_handed_out_as_a_signed_address_that_expires_to_those_who_may_read_it(
    client, cluster, bucket, s3, endpoint, coordinator, staff_pawonkow
):
    signature = Signature.objects.get(participant__slug="tworog")
    pdf = pdf_with_html()
    signature.scan = pdf_upload("..\\skan.html", pdf)
    signature.save()
    key = f"private/{signature.scan.name}"
    assert is_random_name(signature.scan.name, ".pdf", "signatures/") and objects(s3, bucket) == [key]
    address = reverse("agreements:signature-scan", args=[signature.pk])

    assert client.get(address).status_code == 404
    client.force_login(staff_pawonkow)
    assert client.get(address).status_code == 404
    client.force_login(coordinator)
    response = client.get(address)

    assert response.status_code == 302 and response["Cache-Control"] == "no-store"
    signed = urlsplit(response["Location"])
    query = parse_qs(signed.query)
    assert f"{signed.scheme}://{signed.netloc}{signed.path}" == f"{endpoint}/{bucket}/{key}"
    assert query["X-Amz-Expires"] == ["300"] and query["X-Amz-Signature"]
    with urllib.request.urlopen(response["Location"]) as answer:  # noqa: S310 (the test's own S3 endpoint)
        assert answer.read() == pdf
        assert answer.headers["Content-Type"] == "application/pdf"
        assert answer.headers["Content-Disposition"] == 'attachment; filename="skan.pdf"'


def test_an_emblem_lands_under_media_under_a_random_name_written_again(client, staff_tworog, cluster, bucket, s3):
    client.force_login(staff_tworog)
    data = {"description_pl": "Opis", "postal_code": "42-690", "emblem_alt_pl": "Herb"}

    client.post(
        reverse("workspace:gmina-edit", args=["tworog"]), {**data, "emblem": ContentFile(png_with_html(), "x.svg")}
    )

    emblem = Participant.objects.get(slug="tworog").emblem
    assert is_random_name(emblem.name, ".png", "participants/") and objects(s3, bucket) == [f"media/{emblem.name}"]
    stored = s3.get_object(Bucket=bucket, Key=f"media/{emblem.name}")
    assert stored["ContentType"] == "image/png" and APPENDED_HTML not in stored["Body"].read()


def test_a_second_upload_of_the_same_name_keeps_both(bucket, s3):
    first = default_storage.save("documents/uchwala.pdf", ContentFile(b"%PDF-1"))
    second = default_storage.save("documents/uchwala.pdf", ContentFile(b"%PDF-2"))
    assert first == "documents/uchwala.pdf" and second != first
    assert read_object(s3, bucket, f"media/{first}") == b"%PDF-1"
    assert read_object(s3, bucket, f"media/{second}") == b"%PDF-2"


# --- import files waiting for confirmation --------------------------------------------------------------------------


def test_an_import_file_waits_under_private_until_it_is_discarded(bucket, s3, private_files):
    token = uploads.upload_save(b"nazwa,kategoria\n")

    assert objects(s3, bucket) == [f"private/imports/{token}"]
    assert uploads.upload_read(token) == b"nazwa,kategoria\n"
    assert stored_paths(private_files) == []
    uploads.uploads_purge()  # lists the waiting files; a fresh one stays
    assert uploads.upload_read(token) == b"nazwa,kategoria\n"

    uploads.upload_discard(token)

    assert uploads.upload_read(token) is None and objects(s3, bucket) == []


# --- pictures from /media/ in PDFs ----------------------------------------------------------------------------------


def test_a_pdf_takes_a_picture_from_media_through_the_storage(bucket, settings):
    settings.SITE_URL = "http://127.0.0.1:8000"
    picture = image_bytes("PNG")
    name = default_storage.save("participants/herb.png", ContentFile(picture))

    fetched = LocalFetcher().fetch(f"http://127.0.0.1:8000/media/{name}")

    assert fetched.read() == picture
    assert fetched.headers["Content-Type"] == "image/png"
    html = (
        '<html lang="pl"><head><title>Herb</title><meta name="author" content="Klaster"></head>'
        f'<body><h1>Herb</h1><img src="http://127.0.0.1:8000/media/{name}" alt="Herb gminy"></body></html>'
    )
    assert len(pdf_reader(render_pdf(html)).pages[0].images) == 1


@pytest.mark.parametrize(
    "path",
    [
        "/media/../private/pdf/kept.pdf",
        "/media/%2e%2e/private/pdf/kept.pdf",
        "/media//private/pdf/kept.pdf",
        "/media/participants/../../private/pdf/kept.pdf",
        "/media/participants/no-such-file.png",
        "/media/",
    ],
)
def test_the_fetcher_never_leaves_media_in_the_bucket(bucket, settings, path):
    settings.SITE_URL = "http://127.0.0.1:8000"
    storages["private"].save("pdf/kept.pdf", ContentFile(b"%PDF-private"))
    with pytest.raises(RefusedURL):
        LocalFetcher().fetch(f"http://127.0.0.1:8000{path}")


# --- settings from the environment ----------------------------------------------------------------------------------

SHOW_SETTINGS = """
import json
from django.conf import settings
from django.core.files.storage import storages
print(json.dumps({
    "storages": {name: settings.STORAGES[name] for name in ("default", "private")},
    "classes": {name: type(storages[name]).__name__ for name in ("default", "private")},
    "img_src": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""


def _settings(**env):
    result = run_python(SHOW_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_s3_bucket_files_stay_in_local_folders():
    shown = _settings()
    assert shown["storages"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert shown["storages"]["private"] == {"BACKEND": "klaster.storage.PrivateStorage"}
    assert shown["img_src"] == ["'self'", "data:"]


def test_s3_bucket_puts_uploads_and_private_files_in_one_private_bucket():
    shown = _settings(
        S3_BUCKET="klaster-files",
        S3_ENDPOINT_URL="https://s3.example.net:9000",
        S3_REGION=S3_REGION,
        S3_ACCESS_KEY_ID="id",
        S3_SECRET_ACCESS_KEY="secret",
        PAGE_CACHE_SECONDS="600",
    )
    assert shown["classes"] == {"default": "S3Storage", "private": "S3Storage"}
    media, private = shown["storages"]["default"]["OPTIONS"], shown["storages"]["private"]["OPTIONS"]
    assert (media["bucket_name"], media["location"]) == ("klaster-files", "media")
    assert (private["bucket_name"], private["location"]) == ("klaster-files", "private")
    for options in (media, private):
        assert options["endpoint_url"] == "https://s3.example.net:9000" and options["region_name"] == S3_REGION
        assert (options["access_key"], options["secret_key"]) == ("id", "secret")
        assert options["querystring_auth"] is True and options["default_acl"] is None
        assert options["file_overwrite"] is False
    assert media["querystring_expire"] == 600 + 3600  # outlives the kept public pages that carry the addresses
    assert shown["img_src"] == ["'self'", "data:", "https://s3.example.net:9000"]


def test_without_keys_boto3_finds_them_and_a_private_bucket_and_custom_domain_may_be_named():
    shown = _settings(
        S3_BUCKET="klaster-media", S3_PRIVATE_BUCKET="klaster-private", S3_CUSTOM_DOMAIN="cdn.example.org"
    )
    media, private = shown["storages"]["default"]["OPTIONS"], shown["storages"]["private"]["OPTIONS"]
    assert "access_key" not in media and "secret_key" not in private
    assert (media["bucket_name"], media["custom_domain"]) == ("klaster-media", "cdn.example.org")
    assert private["bucket_name"] == "klaster-private" and "custom_domain" not in private
    assert shown["img_src"] == ["'self'", "data:", "https://cdn.example.org"]


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"S3_BUCKET": "k", "S3_ENDPOINT_URL": "s3.example.net"}, "S3_ENDPOINT_URL"),
        ({"S3_BUCKET": "k", "S3_ENDPOINT_URL": "ftp://s3.example.net"}, "S3_ENDPOINT_URL"),
        ({"S3_BUCKET": "k", "S3_ENDPOINT_URL": "http://s3.example.net:port"}, "S3_ENDPOINT_URL"),
        ({"S3_BUCKET": "k", "S3_ENDPOINT_URL": "http://[::1"}, "S3_ENDPOINT_URL"),
        ({"S3_BUCKET": "k", "S3_ACCESS_KEY_ID": "id"}, "S3_SECRET_ACCESS_KEY"),
        ({"S3_BUCKET": "k", "S3_CUSTOM_DOMAIN": "https://cdn.example.org"}, "S3_CUSTOM_DOMAIN"),
        ({"S3_ENDPOINT_URL": "https://s3.example.net"}, "S3_BUCKET"),
    ],
)
def test_a_wrong_s3_variable_stops_start_up_and_names_it(env, named):
    result = run_python("", **env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured") and named in last
