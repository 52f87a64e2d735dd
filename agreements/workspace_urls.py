"""Council resolutions of one gmina, in its workspace; mounted under the gmina's address, so each view gets `slug`."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import workspace

app_name = "resolutions"

urlpatterns = [
    path(_("dodaj/"), workspace.resolution_add, name="add"),
    path("<int:pk>/", workspace.resolution_edit, name="edit"),
    path(_("<int:pk>/usun/"), workspace.resolution_delete, name="delete"),
]
