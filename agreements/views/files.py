"""Uploaded files of the agreement (annex scans, signature scans, documents), delivered from the private storage to
whoever may read them (agreements/files.py), never as a page: klaster.uploads.file_response."""

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_safe

from klaster.uploads import file_response

from ..files import is_public, may_read
from ..models import Annex, Document, Signature


def _deliver(request, record, file, original_name):
    if not may_read(request.user, record):
        raise Http404
    try:
        return file_response(file, original_name=original_name, public=is_public(record))
    except FileNotFoundError:
        raise Http404 from None


@require_safe
def document_file(request, pk):
    document = get_object_or_404(Document.objects.exclude(file=""), pk=pk)
    return _deliver(request, document, document.file, document.file_original_name)


@require_safe
def annex_file(request, pk):
    annex = get_object_or_404(Annex.objects.select_related("version").exclude(file=""), pk=pk)
    return _deliver(request, annex, annex.file, annex.file_original_name)


@require_safe
def signature_scan(request, pk):
    signature = get_object_or_404(Signature.objects.exclude(scan=""), pk=pk)
    return _deliver(request, signature, signature.scan, signature.scan_original_name)
