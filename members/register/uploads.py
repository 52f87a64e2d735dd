"""Uploaded register files waiting between the preview and the confirmation, in the private storage
(STORAGES["private"]) under imports/<random token>. The token is only ever made here; a confirmed, discarded or
expired upload is gone."""

import contextlib
import re
import secrets
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone

MAX_UPLOAD_BYTES = 20 * 1024 * 1024
UPLOADS_DIR = "imports"
UPLOAD_MAX_AGE = timedelta(hours=24)
_TOKEN = re.compile(r"[A-Za-z0-9_-]{32}")


def upload_name(token):
    """The storage name of an upload: only ever built from a token this module made."""
    if not isinstance(token, str) or not _TOKEN.fullmatch(token):
        raise ValueError("not an upload token")
    return f"{UPLOADS_DIR}/{token}"


def upload_save(content):
    """Keep an uploaded file until it is confirmed; returns its token."""
    uploads_purge()
    token = secrets.token_urlsafe(24)
    name = storages["private"].save(upload_name(token), ContentFile(content))
    if name != upload_name(token):  # the storage chose another name: never hand out a path it did not make
        storages["private"].delete(name)
        raise OSError("upload stored under an unexpected name")
    return token


def upload_read(token):
    """The content of an upload, or None when it is gone (imported, discarded or expired) or the token is bad."""
    try:
        name = upload_name(token)
    except ValueError:
        return None
    if not storages["private"].exists(name):
        return None
    if timezone.now() - storages["private"].get_modified_time(name) > UPLOAD_MAX_AGE:
        storages["private"].delete(name)
        return None
    with storages["private"].open(name, "rb") as stored:
        return stored.read()


def upload_discard(token):
    with contextlib.suppress(ValueError):
        storages["private"].delete(upload_name(token))


def uploads_purge(max_age=UPLOAD_MAX_AGE):
    """Delete uploads nobody confirmed in time."""
    try:
        _dirs, files = storages["private"].listdir(UPLOADS_DIR)
    except (FileNotFoundError, NotImplementedError):
        return
    cutoff = timezone.now() - max_age
    for name in files:
        path = f"{UPLOADS_DIR}/{name}"
        try:
            if storages["private"].get_modified_time(path) < cutoff:
                storages["private"].delete(path)
        except (FileNotFoundError, NotImplementedError):
            continue


class UploadGone(Exception):
    """The upload was imported already, discarded, or it expired."""
