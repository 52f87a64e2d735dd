"""One backup file holds everything the portal keeps: the database and the files of both storages (uploads in
"default", MEDIA_ROOT or the bucket's media/; kept PDFs and waiting imports in "private", PRIVATE_ROOT or private/).

The database is dumped by django-dbbackup's connector for the engine in use: pg_dump in its custom format for
PostgreSQL (restored by pg_restore --clean --if-exists in one transaction: into an empty database or over the same
one), SQLite's online backup for SQLite (restored by copying the file back). A backup restores into the same engine.

Consistency: the database is dumped first (pg_dump reads one snapshot; SQLite's backup copies one state), then the
files are copied. Files are written under new names and never changed in place, so every file a record of the dump
names is already stored when the files are copied; a file added meanwhile is copied too and is harmless. Do not run
a purge (purge_applications, the cleanup of kept PDFs) at the same moment as a backup.

The archive is a gzipped tar: manifest.json (what, when, which engine, how many files), database.<extension> and
media/..., private/... with the storages' own names.
"""

import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import PurePosixPath

from dbbackup.db.base import get_connector
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, connections
from django.utils.translation import gettext as _

FORMAT = 1
STORAGES = {"media": "default", "private": "private"}  # folder in the archive: storage alias


def file_names(storage, folder=""):
    """Every file name in `storage` under `folder`."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local storage whose folder was never made
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for sub in folders:
        yield from file_names(storage, f"{folder}/{sub}" if folder else sub)


def _add(archive, name, fileobj, size):
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(datetime.now(UTC).timestamp())
    archive.addfile(info, fileobj)


def backup(path):
    """Write the backup of the database and of both storages to `path`; returns the manifest."""
    connector = get_connector()
    manifest = {
        "format": FORMAT,
        "created": datetime.now(UTC).isoformat(),
        "engine": connection.vendor,
        "connector": f"{type(connector).__module__}.{type(connector).__qualname__}",
        "database": f"database.{connector.extension}",
        "files": {},
    }
    with tarfile.open(path, "w:gz") as archive:
        dump = connector.create_dump()  # first: see the module's description
        dump.seek(0, os.SEEK_END)
        size = dump.tell()
        dump.seek(0)
        _add(archive, manifest["database"], dump, size)
        for folder, alias in STORAGES.items():
            storage = storages[alias]
            names = sorted(file_names(storage))
            for name in names:
                with storage.open(name, "rb") as stored:
                    _add(archive, f"{folder}/{name}", stored, storage.size(name))
            manifest["files"][folder] = len(names)
        data = json.dumps(manifest, indent=2).encode()
        with tempfile.SpooledTemporaryFile() as buffer:
            buffer.write(data)
            buffer.seek(0)
            _add(archive, "manifest.json", buffer, len(data))
    return manifest


def read_manifest(path):
    """The manifest of the backup at `path`; ValidationError when it is not a backup this portal can restore."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            manifest = json.load(archive.extractfile("manifest.json"))
    except (OSError, KeyError, tarfile.TarError, ValueError):
        raise ValidationError(_("To nie jest plik kopii zapasowej portalu.")) from None
    if manifest.get("format") != FORMAT:
        raise ValidationError(_("Ta kopia zapasowa ma nieznany format."))
    if manifest.get("engine") != connection.vendor:
        raise ValidationError(
            _("Kopię bazy %(engine)s można odtworzyć tylko w bazie tego samego rodzaju (tu: %(here)s).")
            % {"engine": manifest.get("engine"), "here": connection.vendor}
        )
    return manifest


def restore(path):
    """Restore the backup at `path`: the database replaced by the dump, each file written back under its own name (a
    file of the same name is replaced). Returns the manifest."""
    manifest = read_manifest(path)
    connector = get_connector()  # the one for this engine (the manifest's engine was checked), never a name from a file
    with tarfile.open(path, "r:gz") as archive:
        with tempfile.SpooledTemporaryFile() as dump:
            dump.write(archive.extractfile(manifest["database"]).read())
            dump.seek(0)
            connections.close_all()  # nothing of the database being replaced stays open
            connector.restore_dump(dump)
            connections.close_all()
        for member in archive:
            folder, _sep, name = member.name.partition("/")
            if not member.isfile() or folder not in STORAGES:
                continue
            if not name or ".." in PurePosixPath(name).parts or name.startswith("/"):
                raise ValidationError(_("Kopia zapasowa zawiera niedozwoloną ścieżkę pliku: %(name)s") % {"name": name})
            storage = storages[STORAGES[folder]]
            if storage.exists(name):
                storage.delete(name)
            saved = storage.save(name, File(archive.extractfile(member), name=name))
            if saved != name:
                raise ValidationError(_("Nie udało się odtworzyć pliku pod jego nazwą: %(name)s") % {"name": name})
    return manifest
