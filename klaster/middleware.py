import time
from collections import OrderedDict

from django.conf import settings


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header: the portal needs no camera, microphone or location."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# What a request may carry besides its files: the form's other fields and the multipart envelope.
UPLOAD_ENVELOPE_BYTES = 64 * 1024


def upload_limit(max_file_bytes):
    """Mark a view whose uploads are at most `max_file_bytes`: a larger request is refused before it is read."""

    def decorate(view):
        view.max_upload_bytes = max_file_bytes
        return view

    return decorate


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is larger than the view takes, by its Content-Length, before anything reads it.

    Django keeps at most DATA_UPLOAD_MAX_MEMORY_SIZE of form fields in memory but streams any file of any size to a
    temporary file before a form can check it. Placed before CsrfViewMiddleware (the first to read the body), this
    answers 413 with the usual message instead: the view's limit (`upload_limit`) or UPLOAD_MAX_REQUEST_BYTES. Django
    never reads past Content-Length (a body without one is read as empty), so this bound holds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return None  # Django refuses it itself
        limit = getattr(view_func, "max_upload_bytes", None)
        allowed = limit + UPLOAD_ENVELOPE_BYTES if limit else settings.UPLOAD_MAX_REQUEST_BYTES
        if length <= allowed:
            return None
        from django.shortcuts import render
        from django.template.defaultfilters import filesizeformat
        from django.utils.translation import gettext as _

        message = _("Plik jest za duży (%(size)s). Największy dopuszczalny rozmiar to %(limit)s.") % {
            "size": filesizeformat(length),
            "limit": filesizeformat(limit or settings.UPLOAD_MAX_REQUEST_BYTES - UPLOAD_ENVELOPE_BYTES),
        }
        return render(request, "413.html", {"message": message}, status=413)


class UserSessionsMiddleware:
    """django-allauth's record of each signed-in session (the "Sesje" page lists where and when each was last seen),
    written like allauth's own middleware but at most once every USER_SESSION_SEEN_SECONDS per session and process
    while the session's address and browser stay the same: a signed-in page does not cost a write and five queries
    each time. A new address or browser is recorded at once; "last seen" is right within that many seconds."""

    REMEMBERED = 10_000  # sessions this process remembers having recorded (the least recent are forgotten)

    def __init__(self, get_response):
        self.get_response = get_response
        self.recorded = OrderedDict()  # session key -> ((address, browser), time.monotonic() of the record)

    def __call__(self, request):
        from allauth.usersessions import app_settings

        if (
            app_settings.TRACK_ACTIVITY
            and hasattr(request, "session")
            and request.session.session_key
            and hasattr(request, "user")
            and request.user.is_authenticated
        ):
            self._record(request)
        return self.get_response(request)

    def _record(self, request):
        from allauth.account.adapter import get_adapter
        from allauth.usersessions.models import UserSession

        key = request.session.session_key
        client = (get_adapter().get_client_ip(request), request.META.get("HTTP_USER_AGENT", ""))
        now = time.monotonic()
        recorded = self.recorded.get(key)
        if recorded and recorded[0] == client and now - recorded[1] < settings.USER_SESSION_SEEN_SECONDS:
            return
        UserSession.objects.create_from_request(request)
        self.recorded[key] = (client, now)
        self.recorded.move_to_end(key)
        while len(self.recorded) > self.REMEMBERED:
            self.recorded.popitem(last=False)
