from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnergyConfig(AppConfig):
    name = "energy"
    verbose_name = _("Energia")

    def ready(self):
        # The verification page of the portal's PDFs (agreements) learns here how to rebuild the yearly energy report.
        from . import report

        report.register()
