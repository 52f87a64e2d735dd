"""Storage for files that are never served as they are (kept PDFs, import files waiting for confirmation).

The location is read from settings.PRIVATE_ROOT on each use, so tests (and a changed setting) move it.
With S3_BUCKET set, settings.STORAGES["private"] is object storage (prefix private/) instead of this class.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(base_url="/no-public-url/", **kwargs)

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)
