from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import personal_data

app_name = "personal-data"

urlpatterns = [
    path("", personal_data.index, name="index"),
    path(_("eksport.json"), personal_data.export, name="export"),
    path(_("usun/"), personal_data.erase, name="erase"),
]
