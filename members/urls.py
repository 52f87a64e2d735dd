"""Every address of members, one list per namespace; klaster/urls.py mounts each under its prefix:
- `members` (the public pages: members, the coordinator, stakeholders, joining) at the root; klaster adds the
  gmina's page, which shows the agreement's records too (agreements.urls.gmina_patterns);
- `workspace` under /panel/ (a gmina's profile, contacts and applications; klaster adds the gmina's overview);
- `coordination` under /panel/koordynator/ (accounts, invitations, the parties and their people; klaster adds the
  dashboard);
- the invitation's page under /konto/;
- `audit`, `register`, `personal-data` under /panel/koordynator/historia/, /rejestr/, /dane-osobowe/.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .register import views as register
from .views import apply, audit, coordination, invitations, parties, personal_data, public, workspace

app_name = "members"

urlpatterns = [
    path(_("czlonkowie/"), public.member_list, name="list"),
    path(_("koordynator/"), public.coordinator_detail, name="coordinator"),
    path(_("interesariusze/"), public.directory, name="directory"),
    path(_("interesariusze/<slug:slug>/"), public.stakeholder_detail, name="stakeholder"),
    path(_("dolacz/"), apply.apply, name="apply"),
    path(_("dolacz/wniosek/<str:token>/"), apply.application_status, name="application-status"),
]

# The page behind an invitation's link, under /konto/ beside allauth's pages, without a namespace.
account_patterns = [
    path(_("zaproszenie/<str:token>/"), invitations.accept, name="invitation-accept"),
]

workspace_patterns = [
    path(_("gminy/<slug:slug>/profil/"), workspace.gmina_edit, name="gmina-edit"),
    path(_("gminy/<slug:slug>/kontakty/dodaj/"), workspace.contact_add, name="contact-add"),
    path(_("gminy/<slug:slug>/kontakty/<int:pk>/"), workspace.contact_edit, name="contact-edit"),
    path(_("gminy/<slug:slug>/kontakty/<int:pk>/usun/"), workspace.contact_delete, name="contact-delete"),
    path(_("gminy/<slug:slug>/wnioski/"), workspace.applications, name="applications"),
    path(_("gminy/<slug:slug>/wnioski/<int:pk>/"), workspace.application_detail, name="application"),
]

coordination_patterns = [
    path(_("konta/"), coordination.accounts, name="accounts"),
    path(_("konta/<int:pk>/wylacz/"), coordination.account_deactivate, name="account-deactivate"),
    path(_("konta/<int:pk>/wlacz/"), coordination.account_reactivate, name="account-reactivate"),
    path(_("zaproszenia/"), coordination.invitations, name="invitations"),
    path(_("zaproszenia/nowe/"), coordination.invitation_new, name="invitation-new"),
    path(_("zaproszenia/<int:pk>/odwolaj/"), coordination.invitation_revoke, name="invitation-revoke"),
    path(_("strony/<slug:slug>/"), parties.party_edit, name="party"),
    path(_("strony/<slug:slug>/osoby/dodaj/"), parties.party_contact_add, name="party-contact-add"),
    path(_("strony/<slug:slug>/osoby/<int:pk>/"), parties.party_contact_edit, name="party-contact-edit"),
    path(_("strony/<slug:slug>/osoby/<int:pk>/usun/"), parties.party_contact_delete, name="party-contact-delete"),
]

audit_patterns = [
    path("", audit.index, name="index"),
    path(_("eksport.csv"), audit.export, name="export"),
    path(_("konta.csv"), audit.account_events_export, name="account-events-export"),
    path("<str:app_label>/<str:model>/<str:pk>/", audit.object_history, name="object"),
]

register_patterns = [
    path("", register.index, name="index"),
    path(_("pobierz/<str:file_format>/"), register.export, name="export"),
    path(_("import/"), register.import_upload, name="import"),
    path(_("import/<slug:token>/"), register.import_preview, name="import-preview"),
    path(_("import/<slug:token>/zatwierdz/"), register.import_confirm, name="import-confirm"),
    path(_("import/<slug:token>/anuluj/"), register.import_discard, name="import-discard"),
]

personal_data_patterns = [
    path("", personal_data.index, name="index"),
    path(_("eksport.json"), personal_data.export, name="export"),
    path(_("usun/"), personal_data.erase, name="erase"),
]
