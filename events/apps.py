from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Wydarzenia")

    def ready(self):
        # The export and erasure of personal data on request (members) reach the registrations for events.
        from members.services.personal_data import register_source

        from .services.registrations import registrations_erase, registrations_personal_data

        register_source("event_registrations", export=registrations_personal_data, erase=registrations_erase)
