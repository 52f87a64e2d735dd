from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlasterConfig(AppConfig):
    name = "klaster"
    verbose_name = _("Portal klastra")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import counters, revision

        revision.connect()
        # `migrate` also makes the table of the counters' cache when there is no Redis (klaster/counters.py).
        post_migrate.connect(counters.create_table, sender=self, dispatch_uid="klaster_counters_table")
