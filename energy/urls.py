"""The energy pages' addresses; klaster/urls.py mounts them: `public_patterns` at /energia/ (namespace energy),
`admin_patterns` at /panel/energia/ (namespace energy-admin), `gmina_patterns` at /panel/gminy/<slug>/energia/
(namespace gmina-energy)."""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import corrections, energy_admin, exports, member, public, report

public_patterns = [
    path("", public.index, name="index"),
    path(_("raport.pdf"), report.report_pdf, name="report-pdf"),
    path(_("bilans/<str:file_format>/"), exports.public_balances, name="balances-export"),
]

gmina_patterns = [
    path("", member.gmina_energy, name="index"),
]

admin_patterns = [
    path("", energy_admin.index, name="index"),
    path(_("punkty/"), energy_admin.point_list, name="points"),
    path(_("punkty/nowy/"), energy_admin.point_new, name="point-new"),
    path(_("punkty/<int:pk>/"), energy_admin.point_edit, name="point-edit"),
    path(_("punkty/<int:pk>/usun/"), corrections.point_delete, name="point-delete"),
    path(_("upowaznienia/"), energy_admin.authorisation_list, name="authorisations"),
    path(_("upowaznienia/nowe/"), energy_admin.authorisation_edit, name="authorisation-new"),
    path(_("upowaznienia/<int:pk>/"), energy_admin.authorisation_edit, name="authorisation-edit"),
    path(_("upowaznienia/<int:pk>/dokument/"), energy_admin.authorisation_document, name="authorisation-document"),
    path(_("upowaznienia/<int:pk>/usun/"), corrections.authorisation_delete_view, name="authorisation-delete"),
    path(_("instalacje/"), energy_admin.installation_list, name="installations"),
    path(_("instalacje/nowa/"), energy_admin.installation_edit, name="installation-new"),
    path(_("instalacje/<int:pk>/"), energy_admin.installation_edit, name="installation-edit"),
    path(_("instalacje/<int:pk>/usun/"), corrections.installation_delete_view, name="installation-delete"),
    path(_("odczyty/wpisz/"), corrections.manual_reading, name="manual-reading"),
    path(_("importy/<int:pk>/usun/"), corrections.batch_delete, name="batch-delete"),
    path(_("bilans/<str:file_format>/"), exports.admin_balances, name="balances-export"),
    path(_("gotowosc/"), energy_admin.readiness, name="readiness"),
    path(_("warunki/"), energy_admin.rule_list, name="rules"),
    path(_("warunki/nowy/"), energy_admin.rule_edit, name="rule-new"),
    path(_("warunki/<int:pk>/"), energy_admin.rule_edit, name="rule-edit"),
    path(_("warunki/z-projektu-ustawy/"), energy_admin.rules_draft, name="rules-draft"),
    path(_("wskazniki-emisji/nowy/"), energy_admin.factor_edit, name="factor-new"),
    path(_("wskazniki-emisji/<int:pk>/"), energy_admin.factor_edit, name="factor-edit"),
    path(_("import/"), energy_admin.import_upload, name="import"),
    path(_("import/<slug:token>/"), energy_admin.import_preview, name="import-preview"),
    path(_("import/<slug:token>/zatwierdz/"), energy_admin.import_confirm, name="import-confirm"),
    path(_("import/<slug:token>/anuluj/"), energy_admin.import_discard, name="import-discard"),
]
