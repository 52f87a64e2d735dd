from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import workspace

app_name = "workspace"

urlpatterns = [
    path(_("gminy/<slug:slug>/"), workspace.gmina_overview, name="gmina"),
    path(_("gminy/<slug:slug>/profil/"), workspace.gmina_edit, name="gmina-edit"),
    path(_("gminy/<slug:slug>/kontakty/dodaj/"), workspace.contact_add, name="contact-add"),
    path(_("gminy/<slug:slug>/kontakty/<int:pk>/"), workspace.contact_edit, name="contact-edit"),
    path(_("gminy/<slug:slug>/kontakty/<int:pk>/usun/"), workspace.contact_delete, name="contact-delete"),
    path(_("gminy/<slug:slug>/wnioski/"), workspace.applications, name="applications"),
    path(_("gminy/<slug:slug>/wnioski/<int:pk>/"), workspace.application_detail, name="application"),
]
