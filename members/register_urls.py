from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import register_views

app_name = "register"

urlpatterns = [
    path("", register_views.index, name="index"),
    path(_("pobierz/<str:file_format>/"), register_views.export, name="export"),
    path(_("import/"), register_views.import_upload, name="import"),
    path(_("import/<slug:token>/"), register_views.import_preview, name="import-preview"),
    path(_("import/<slug:token>/zatwierdz/"), register_views.import_confirm, name="import-confirm"),
    path(_("import/<slug:token>/anuluj/"), register_views.import_discard, name="import-discard"),
]
