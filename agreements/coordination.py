"""The coordinator's work on the agreement. (Being built: issue 4.)"""

from django.http import Http404


def overview(request):
    raise Http404


def agreement_edit(request):
    raise Http404


def annex_new(request):
    raise Http404


def version_edit(request, number):
    raise Http404


def version_publish(request, number):
    raise Http404


def version_discard(request, number):
    raise Http404


def version_signatures(request, number):
    raise Http404


def signature_new(request):
    raise Http404


def party_end(request, slug):
    raise Http404


def documents(request):
    raise Http404


def document_new(request):
    raise Http404


def document_delete(request, pk):
    raise Http404
