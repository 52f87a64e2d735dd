"""Storage for files that are never served as they are (kept PDFs, import files waiting for confirmation).

The location is read from settings.PRIVATE_ROOT on each use, so tests (and a changed setting) move it.
With S3_BUCKET set, settings.STORAGES["private"] is object storage (prefix private/) instead of this class.
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import LazyObject


class PrivateStorage(FileSystemStorage):
    def __init__(self, **kwargs):
        super().__init__(base_url="/no-public-url/", **kwargs)

    @property
    def base_location(self):
        return settings.PRIVATE_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


class ConfiguredStorage(LazyObject):
    """settings.STORAGES[alias] looked up on every use, for a FileField's `storage`.

    A FileField keeps the storage it is given when its model class is made; this one stands for whatever the settings
    say at the moment (a local folder, or object storage), so changed settings (tests among them) are followed.
    """

    def __init__(self, alias):
        super().__init__()
        self.__dict__["_alias"] = alias

    @property
    def _wrapped(self):
        return storages[self.__dict__["_alias"]]

    @_wrapped.setter
    def _wrapped(self, value):
        pass  # never kept: read from the settings each time

    def _setup(self):
        pass
