"""The data revision: one counter, raised by every change to the data of members, agreements, events, energy and the
site's own content (klaster's news).

What is derived from that data and kept (the issued PDFs, the public pages of klaster/page_cache.py) is looked up by
it: one cheap query tells every server whether what it remembers is still current. The counter is raised by model
signals (any save or delete in REVISED_APPS, and a change to an account other than a login or a new password) and by
members.signals.data_changed, which writes that send no model signals (a bulk import) send. It is not workflow logic, only "something changed"; the apps know nothing of it.
"""

import time

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import gettext_lazy as _

REVISED_APPS = {"members", "agreements", "events", "energy", "klaster"}
NOT_REVISING = {
    "members.accountevent",
    "agreements.issuedpdf",
    "klaster.revision",
    "members.contactmessage",
    "events.registration",  # a registration changes no public page (the event page with its form is never kept)
}


class Revision(models.Model):
    counter = models.PositiveBigIntegerField(default=0)

    # The last value this process read and when (time.monotonic): current(max_age=...) may answer from it.
    _read = (None, 0.0)

    class Meta:
        verbose_name = _("wersja danych")
        verbose_name_plural = _("wersje danych")

    def __str__(self):
        return str(self.counter)

    @classmethod
    def current(cls, *, max_age=0.0):
        """The counter. With max_age (seconds), a value this process read that recently answers without a query:
        a change made by this process shows at once (bump() forgets the value), one made by another within max_age."""
        counter, read_at = cls._read
        now = time.monotonic()
        if counter is not None and now - read_at < max_age:
            return counter
        counter = cls.objects.values_list("counter", flat=True).first() or 0
        cls._read = (counter, now)
        return counter

    @classmethod
    def forget(cls):
        """The next current() reads the database."""
        cls._read = (None, 0.0)

    @classmethod
    def bump(cls):
        cls.forget()
        if not cls.objects.filter(pk=1).update(counter=models.F("counter") + 1):
            cls.objects.get_or_create(pk=1, defaults={"counter": 1})


def _revises(sender):
    meta = getattr(sender, "_meta", None)
    return meta is not None and meta.app_label in REVISED_APPS and meta.label_lower not in NOT_REVISING


def raise_revision(sender, **kwargs):
    if kwargs.get("raw"):  # loading fixtures
        return
    if _revises(sender):  # for m2m_changed the sender is the through model, in the same app
        Revision.bump()


def raise_revision_on_data_changed(sender, **kwargs):
    Revision.bump()


# An account's changes the pages show (switched off or on, its email); a login's last_login and a new password, none.
ACCOUNT_FIELDS_NOT_SHOWN = {"last_login", "password"}


def raise_revision_on_account_change(sender, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and set(update_fields) <= ACCOUNT_FIELDS_NOT_SHOWN):
        return
    Revision.bump()


def connect():
    """Listen to every app's changes (klaster's AppConfig.ready)."""
    from django.contrib.auth import get_user_model

    from members.signals import data_changed

    post_save.connect(raise_revision, dispatch_uid="klaster_revision_on_save")
    post_delete.connect(raise_revision, dispatch_uid="klaster_revision_on_delete")
    m2m_changed.connect(raise_revision, dispatch_uid="klaster_revision_on_m2m")
    data_changed.connect(raise_revision_on_data_changed, dispatch_uid="klaster_revision_on_data_changed")
    # Accounts are not the apps' own models, but the coordinator's pages count them (keep_for_session).
    post_save.connect(
        raise_revision_on_account_change, sender=get_user_model(), dispatch_uid="klaster_revision_on_account"
    )
