from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import views
from .pdf import views as pdf_views

app_name = "agreements"

urlpatterns = [
    path("", views.agreement_detail, name="detail"),
    path(_("wersje/"), views.version_list, name="versions"),
    path(_("wersje/<int:number>/"), views.version_detail, name="version"),
    path(_("zmiany/"), views.version_diff, name="diff"),
    path(_("porozumienie.pdf"), pdf_views.agreement_pdf, name="pdf"),
    path(_("rejestr.pdf"), pdf_views.register_pdf, name="register-pdf"),
    path(_("deklaracje/<slug:slug>.pdf"), pdf_views.accession_pdf, name="accession-pdf"),
    path(_("weryfikacja/"), pdf_views.verify, name="verify"),
    path(_("weryfikacja/<str:identifier>/"), pdf_views.verify_document, name="verify-document"),
]
