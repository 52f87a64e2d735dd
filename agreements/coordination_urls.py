from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import coordination

app_name = "agreement-admin"

urlpatterns = [
    path("", coordination.overview, name="overview"),
    path(_("edytuj/"), coordination.agreement_edit, name="edit"),
    path(_("aneksy/nowy/"), coordination.annex_new, name="annex-new"),
    path(_("wersje/<int:number>/"), coordination.version_edit, name="version"),
    path(_("wersje/<int:number>/opublikuj/"), coordination.version_publish, name="version-publish"),
    path(_("wersje/<int:number>/odrzuc/"), coordination.version_discard, name="version-discard"),
    path(_("wersje/<int:number>/podpisy/"), coordination.version_signatures, name="version-signatures"),
    path(_("podpisy/nowy/"), coordination.signature_new, name="signature-new"),
    path(_("strony/<slug:slug>/zakonczenie/"), coordination.party_end, name="party-end"),
    path(_("dokumenty/"), coordination.documents, name="documents"),
    path(_("dokumenty/nowy/"), coordination.document_new, name="document-new"),
    path(_("dokumenty/<int:pk>/usun/"), coordination.document_delete, name="document-delete"),
]
