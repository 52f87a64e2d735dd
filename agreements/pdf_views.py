"""Downloads of the kept PDFs and their public verification. (Being built: issue 4.)"""

from django.http import Http404


def agreement_pdf(request):
    raise Http404


def register_pdf(request):
    raise Http404


def accession_pdf(request, slug):
    raise Http404


def verify(request):
    raise Http404


def verify_document(request, identifier):
    raise Http404
