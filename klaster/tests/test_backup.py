"""Backup and restore: one file with the database and both storages (klaster/backup.py), restored into an empty
database and empty folders by a fresh process, gives back every record and file, and the kept PDFs still verify (by
their identifier and by uploading the downloaded copy). On the engine the suite runs on: SQLite, or PostgreSQL (the
empty database is made on the same server and dropped afterwards)."""

import hashlib
import io
import json
import os

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.db import connection

from klaster.backup import STORAGES, file_names
from klaster.testing import download, identifier_in, image_bytes, pdf_bytes, run_manage, run_python
from klaster.testing.agreements import make_resolution
from members.models import Participant

# Run in the restored portal: what it holds, and what its verification pages answer.
CHECK_RESTORED = """
import hashlib, json
from urllib.parse import urlsplit
from django.apps import apps
from django.conf import settings
from django.core.files.storage import storages
from django.test import Client
from klaster.backup import STORAGES, file_names

identifier, pdf_path = {identifier!r}, {pdf_path!r}
counts = {{m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}}
files = {{
    folder: {{n: hashlib.sha256(storages[alias].open(n, "rb").read()).hexdigest() for n in file_names(storages[alias])}}
    for folder, alias in STORAGES.items()
}}
# The restored portal answers at the address it had (SITE_URL): the PDFs it kept carry that address.
client = Client(HTTP_HOST=urlsplit(settings.SITE_URL).netloc)
page = client.get(f"/porozumienie/weryfikacja/{{identifier}}/")
with open(pdf_path, "rb") as pdf:
    upload = client.post(f"/porozumienie/weryfikacja/{{identifier}}/", {{"plik": pdf}})
print(json.dumps({{
    "counts": counts,
    "files": files,
    "by_identifier": [page.status_code, "jest to jego aktualna wersja" in page.content.decode()],
    "by_upload": [upload.status_code, "Zgodny: przesłany plik jest dokładnie tym plikiem" in upload.content.decode()],
}}))
"""


def _counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models(include_auto_created=True)}


def _files():
    return {
        folder: {
            name: hashlib.sha256(storages[alias].open(name, "rb").read()).hexdigest()
            for name in file_names(storages[alias])
        }
        for folder, alias in STORAGES.items()
    }


@pytest.fixture
def empty_database():
    """The environment of a fresh process that uses an empty database of the engine the tests run on."""
    if connection.vendor != "postgresql":
        yield {}  # a fresh KLASTER_VAR_DIR: its SQLite file does not exist yet
        return
    import psycopg

    db = connection.settings_dict
    name = f"klaster_restore_{os.urandom(4).hex()}"
    server = {"host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"] or "postgres"}
    if db["PASSWORD"]:
        server["password"] = db["PASSWORD"]
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    yield {"DATABASE_URL": f"postgres://{server['user']}{password}@{server['host']}:{server['port']}/{name}"}
    with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_a_backup_restored_into_an_empty_database_and_storage_has_every_record_and_file_and_its_pdfs_still_verify(
    transactional_db, client, cluster, media_root, private_files, tmp_path, empty_database
):
    tworog = Participant.objects.get(slug="tworog")
    make_resolution(tworog, file=ContentFile(pdf_bytes(), name="uchwala.pdf"))  # private: uploads but pictures are
    tworog.emblem = ContentFile(image_bytes("PNG"), name="herb.png")
    tworog.save()
    response, agreement_pdf = download(client)  # rendered once and kept in the private storage
    assert response.status_code == 200
    identifier = identifier_in(agreement_pdf)
    (tmp_path / "pobrany.pdf").write_bytes(agreement_pdf)
    counts, files = _counts(), _files()
    assert counts["agreements.IssuedPdf"] == 1 and counts["members.Participant"] > 5
    assert len(files["media"]) == 1 and len(files["private"]) == 2

    archive = tmp_path / "kopia.tar.gz"
    call_command("backup", "-o", str(archive), stdout=io.StringIO())

    target = tmp_path / "odtworzony"
    env = {
        "KLASTER_VAR_DIR": str(target),
        "MEDIA_ROOT": str(target / "media"),
        "PRIVATE_ROOT": str(target / "private"),
        "SITE_URL": settings.SITE_URL,
        **empty_database,
    }
    done = run_manage("restore", str(archive), "--noinput", **env)
    assert done.returncode == 0, done.stderr
    assert "odtworzona (pliki przesłane: 1, pliki prywatne: 2)" in done.stdout

    code = CHECK_RESTORED.format(identifier=identifier, pdf_path=str(tmp_path / "pobrany.pdf"))
    checked = run_python(code, **env)
    assert checked.returncode == 0, checked.stderr
    restored = json.loads(checked.stdout.strip().splitlines()[-1])
    assert restored["counts"] == counts
    assert restored["files"] == files
    assert restored["by_identifier"] == [200, True]
    assert restored["by_upload"] == [200, True]


def test_restore_refuses_a_file_that_is_not_a_backup_and_changes_nothing(db, tmp_path):
    not_a_backup = tmp_path / "kopia.tar.gz"
    not_a_backup.write_bytes(b"to nie jest kopia")
    before = _counts()
    with pytest.raises(CommandError, match="To nie jest plik kopii zapasowej portalu."):
        call_command("restore", str(not_a_backup), "--noinput")
    assert _counts() == before
