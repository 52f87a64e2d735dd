from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KlasterConfig(AppConfig):
    name = "klaster"
    verbose_name = _("Portal klastra")

    def ready(self):
        from . import revision

        revision.connect()
