"""The kept agreement PDF, answered early: a download of the agreement's PDF that is kept (agreements.views.pdf) is
served before the session, language, CSRF, authentication, messages and audit middleware and URL resolution run, as
WhiteNoise serves a static file. They have nothing to add to a public file that is the same for everyone: the
headers they would set (X-Frame-Options, Vary, Content-Language) are set here; the security, content-security and
permissions policies come from the middleware before this one. Anything else (nothing kept yet, a bad variant, a
POST) goes through the whole stack to the view, which renders and keeps the file."""

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers


class KeptPdfMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.paths = None  # the PDF's address in each language -> the language

    def _paths(self):
        if self.paths is None:
            paths = {}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    paths[reverse("agreements:pdf")] = language
            self.paths = paths
        return self.paths

    def __call__(self, request):
        language = self._paths().get(request.path_info) if request.method in ("GET", "HEAD") else None
        if language is not None:
            from agreements.views.pdf import kept_agreement_pdf

            request.get_host()  # ALLOWED_HOSTS, as CommonMiddleware would check it
            with translation.override(language):
                response = kept_agreement_pdf(request)
            if response is not None:
                response.headers.setdefault("X-Frame-Options", "DENY")
                response.headers.setdefault("Content-Language", language)
                patch_vary_headers(response, ("Accept-Language", "Cookie"))
                return response
        return self.get_response(request)
