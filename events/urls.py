from django.urls import path
from django.utils.translation import gettext_lazy as _

from klaster.public import public_page

from .feeds import EventsFeed
from .views import calendar, event_admin, proposals, public, registration_admin, registrations

app_name = "events"

urlpatterns = [
    path("", public.event_list, name="list"),
    path("atom.xml", public_page(EventsFeed()), name="feed"),
    path(_("kalendarz.ics"), calendar.calendar_feed, name="calendar"),
    path(_("<slug:slug>/kalendarz.ics"), calendar.event_calendar, name="event-calendar"),
    path(_("zapisy/rezygnacja/<str:token>/"), registrations.cancel, name="registration-cancel"),
    path("<slug:slug>/", public.event_detail, name="detail"),
    path(_("<slug:slug>/zapisy/"), registrations.register, name="register"),
    path(_("<slug:slug>/materialy/<int:pk>/"), public.material_file, name="material-file"),
]

# The coordinator's pages, mounted by klaster/urls.py at /panel/wydarzenia/ (namespace "event-admin").
admin_patterns = [
    path("", event_admin.index, name="index"),
    path(_("nowe/"), event_admin.new, name="new"),
    path("<int:pk>/", event_admin.edit, name="edit"),
    path(_("<int:pk>/program/nowy/"), event_admin.agenda_new, name="agenda-new"),
    path(_("<int:pk>/program/<int:item_pk>/"), event_admin.agenda_edit, name="agenda-edit"),
    path(_("<int:pk>/program/<int:item_pk>/przesun/"), event_admin.agenda_move, name="agenda-move"),
    path(_("<int:pk>/program/<int:item_pk>/usun/"), event_admin.agenda_delete, name="agenda-delete"),
    path(_("<int:pk>/zdjecia/nowe/"), event_admin.photo_new, name="photo-new"),
    path(_("<int:pk>/zdjecia/<int:photo_pk>/przesun/"), event_admin.photo_move, name="photo-move"),
    path(_("<int:pk>/zdjecia/<int:photo_pk>/usun/"), event_admin.photo_delete, name="photo-delete"),
    path(_("<int:pk>/zapisy/"), registration_admin.index, name="registrations"),
    path(_("<int:pk>/zapisy/eksport.csv"), registration_admin.export, name="registrations-export"),
    path(_("<int:pk>/zapisy/eksport.xlsx"), registration_admin.export_xlsx, name="registrations-export-xlsx"),
    path(
        _("<int:pk>/zapisy/<int:registration_pk>/obecnosc/"),
        registration_admin.attendance,
        name="registration-attendance",
    ),
    path(_("<int:pk>/zapisy/wiadomosc/"), registration_admin.write, name="registrations-write"),
    path(_("<int:pk>/zdjecia/<int:photo_pk>/"), event_admin.photo_edit, name="photo-edit"),
    path(_("<int:pk>/kopiuj/"), event_admin.duplicate, name="duplicate"),
    path(_("<int:pk>/materialy/nowy/"), event_admin.material_new, name="material-new"),
    path(_("<int:pk>/materialy/<int:material_pk>/"), event_admin.material_edit, name="material-edit"),
    path(_("<int:pk>/materialy/<int:material_pk>/przesun/"), event_admin.material_move, name="material-move"),
    path(_("<int:pk>/materialy/<int:material_pk>/usun/"), event_admin.material_delete, name="material-delete"),
    path(_("<int:pk>/efekty/nowy/"), event_admin.outcome_new, name="outcome-new"),
    path(_("<int:pk>/efekty/<int:outcome_pk>/"), event_admin.outcome_edit, name="outcome-edit"),
    path(_("<int:pk>/efekty/<int:outcome_pk>/usun/"), event_admin.outcome_delete, name="outcome-delete"),
]

# A gmina's staff propose an event, mounted by klaster/urls.py under the gmina's panel (/panel/gminy/<slug>/wydarzenia/,
# namespace "event-proposals"): each view gets `slug`.
proposal_patterns = [
    path(_("zaproponuj/"), proposals.propose, name="propose"),
]
