from django.urls import path
from django.utils.translation import gettext_lazy as _

from .register import views

app_name = "register"

urlpatterns = [
    path("", views.index, name="index"),
    path(_("pobierz/<str:file_format>/"), views.export, name="export"),
    path(_("import/"), views.import_upload, name="import"),
    path(_("import/<slug:token>/"), views.import_preview, name="import-preview"),
    path(_("import/<slug:token>/zatwierdz/"), views.import_confirm, name="import-confirm"),
    path(_("import/<slug:token>/anuluj/"), views.import_discard, name="import-discard"),
]
