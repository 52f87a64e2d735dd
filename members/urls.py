from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import apply, views

app_name = "members"

urlpatterns = [
    path(_("czlonkowie/"), views.member_list, name="list"),
    path(_("gminy/<slug:slug>/"), views.gmina_detail, name="gmina"),
    path(_("koordynator/"), views.coordinator_detail, name="coordinator"),
    path(_("interesariusze/"), views.directory, name="directory"),
    path(_("interesariusze/<slug:slug>/"), views.stakeholder_detail, name="stakeholder"),
    path(_("dolacz/"), apply.apply, name="apply"),
    path(_("dolacz/wniosek/<str:token>/"), apply.application_status, name="application-status"),
]
