"""The addresses of the agreements app: one pattern list per URL namespace, each mounted by klaster/urls.py with
`include((patterns, namespace))` under its prefix.

- `urlpatterns` (`agreements`, under /porozumienie/): the public pages, the PDFs and their verification, the uploaded
  files (each checks who may read it);
- `admin_patterns` (`agreement-admin`, under /panel/koordynator/porozumienie/): the coordinator's work on the agreement;
- `application_patterns` (`applications`, under /panel/koordynator/wnioski/): the coordinator's review of applications
  to join and the decisions on them;
- `gmina_patterns`: a gmina's public page (agreements.views.public.gmina_detail), which klaster/urls.py mounts at the
  root in members' namespace `members`, beside the other party pages (`members:gmina`);
- `resolution_patterns` (`resolutions`, under /panel/gminy/<slug>/uchwaly/): a gmina's council resolutions in its
  workspace; mounted under the gmina's address, so each view gets `slug`.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _

from .views import agreement_admin, applications, files, public, resolutions
from .views import pdf as pdf_views

urlpatterns = [
    path("", public.agreement_detail, name="detail"),
    path(_("wersje/"), public.version_list, name="versions"),
    path(_("wersje/<int:number>/"), public.version_detail, name="version"),
    path(_("zmiany/"), public.version_diff, name="diff"),
    path(_("porozumienie.pdf"), pdf_views.agreement_pdf, name="pdf"),
    path(_("rejestr.pdf"), pdf_views.register_pdf, name="register-pdf"),
    path(_("deklaracje/<slug:slug>.pdf"), pdf_views.accession_pdf, name="accession-pdf"),
    path(_("weryfikacja/"), pdf_views.verify, name="verify"),
    path(_("weryfikacja/<str:identifier>/"), pdf_views.verify_document, name="verify-document"),
    path(_("dokumenty/<int:pk>/plik/"), files.document_file, name="document-file"),
    path(_("aneksy/<int:pk>/skan/"), files.annex_file, name="annex-file"),
    path(_("podpisy/<int:pk>/skan/"), files.signature_scan, name="signature-scan"),
]

gmina_patterns = [
    path(_("gminy/<slug:slug>/"), public.gmina_detail, name="gmina"),
]

admin_patterns = [
    path("", agreement_admin.overview, name="overview"),
    path(_("edytuj/"), agreement_admin.agreement_edit, name="edit"),
    path(_("aneksy/nowy/"), agreement_admin.annex_new, name="annex-new"),
    path(_("wersje/<int:number>/"), agreement_admin.version_edit, name="version"),
    path(_("wersje/<int:number>/opublikuj/"), agreement_admin.version_publish, name="version-publish"),
    path(_("wersje/<int:number>/odrzuc/"), agreement_admin.version_discard, name="version-discard"),
    path(_("wersje/<int:number>/podpisy/"), agreement_admin.version_signatures, name="version-signatures"),
    path(_("podpisy/nowy/"), agreement_admin.signature_new, name="signature-new"),
    path(
        _("podpisy/<int:pk>/reprezentant/"), agreement_admin.signature_representative, name="signature-representative"
    ),
    path(_("strony/<slug:slug>/zakonczenie/"), agreement_admin.party_end, name="party-end"),
    path(_("dokumenty/"), agreement_admin.documents, name="documents"),
    path(_("dokumenty/nowy/"), agreement_admin.document_new, name="document-new"),
    path(_("dokumenty/<int:pk>/"), agreement_admin.document_edit, name="document-edit"),
    path(_("dokumenty/<int:pk>/usun/"), agreement_admin.document_delete, name="document-delete"),
]

application_patterns = [
    path("", applications.queue, name="queue"),
    path(_("dodaj-interesariusza/"), applications.stakeholder_add, name="stakeholder-add"),
    path(_("decyzje/"), applications.bulk, name="bulk"),
    path("<int:pk>/", applications.detail, name="detail"),
    path(_("<int:pk>/rozpatruj/"), applications.start_review, name="start-review"),
    path(_("<int:pk>/przyjmij/"), applications.decide, {"action": "accept"}, name="accept"),
    path(_("<int:pk>/odrzuc/"), applications.decide, {"action": "reject"}, name="reject"),
]

resolution_patterns = [
    path(_("dodaj/"), resolutions.resolution_add, name="add"),
    path("<int:pk>/", resolutions.resolution_edit, name="edit"),
    path(_("<int:pk>/usun/"), resolutions.resolution_delete, name="delete"),
]
