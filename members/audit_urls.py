from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import audit

app_name = "audit"

urlpatterns = [
    path("", audit.index, name="index"),
    path(_("eksport.csv"), audit.export, name="export"),
    path(_("konta.csv"), audit.account_events_export, name="account-events-export"),
    path("<str:app_label>/<str:model>/<str:pk>/", audit.object_history, name="object"),
]
