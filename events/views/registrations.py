"""Registration for an event, for the public: the form on the event's page (a visitor: name, e-mail, organisation and
the information clause; a signed-in member of the portal: one click), and the personal cancel link from the e-mail.

Neither page is kept by the page cache (each carries a CSRF token). What a registration does is
events.services.registrations; the coordinator's side is events/views/registration_admin.py.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from klaster import ratelimit
from klaster.addresses import site_url
from members.models import LegalText

from .. import services
from ..forms import MemberRegistrationForm, RegistrationForm
from ..models import Event, Registration, RegistrationSettings


def registration_context(request, event, form=None):
    """What the registration section of an event's page shows: whether registration is open, the places, the form
    (a visitor's or a member's) and the information clause, or the member's own registration."""
    registration_settings = RegistrationSettings.objects.filter(event=event).select_related("event").first()
    if registration_settings is None:
        return {"registration_settings": None}
    member = request.user.is_authenticated
    own = None
    if member and request.user.email:
        own = event.registrations.active().filter(email=services.registrations.normalise_email(request.user.email))
        own = own.first()
    accepts = registration_settings.accepts()
    if form is None and accepts and own is None:
        form_class = MemberRegistrationForm if member else RegistrationForm
        form = form_class(questions=registration_settings.questions)
    confirmed = event.registrations.confirmed().count()
    return {
        "registration_settings": registration_settings,
        "registration_open": accepts,
        "places_left": max(registration_settings.capacity - confirmed, 0),
        "registration_form": form,
        "own_registration": own,
        "member_details": services.member_details(request.user) if member else None,
        "clause": None if member else LegalText.objects.current(LegalText.Kind.EVENT_CLAUSE),
    }


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def register(request, slug):
    """The registration form of a published event (GET: the form on a page of its own; POST: registering)."""
    event = get_object_or_404(Event.objects.public(), slug=slug)
    registration_settings = RegistrationSettings.objects.filter(event=event).first()
    if registration_settings is None:
        raise Http404("Registration has never been opened for this event.")
    member = request.user.is_authenticated
    form_class = MemberRegistrationForm if member else RegistrationForm
    # Bound on every POST: a member's one click sends no field at all.
    form = form_class(request.POST if request.method == "POST" else None, questions=registration_settings.questions)
    status = 200
    if request.method == "POST":
        if not member and form.is_spam:
            # Held back without a word to the bot: what a person sees after registering, nothing kept, nothing sent.
            messages.success(request, _("Zapisano. Potwierdzenie wysłaliśmy na podany adres e-mail."))
            return redirect(event.get_absolute_url() + "#registration-title")
        if form.is_valid():
            response = _register(request, event, form, member=member)
            if response is not None:
                return response
            status = 429 if getattr(form, "rate_limited", False) else 200
    context = {"event": event, **registration_context(request, event, form)}
    return render(request, "events/registrations/register.html", context, status=status)


def _register(request, event, form, *, member):
    data = form.cleaned_data
    if member:
        name, organisation = services.member_details(request.user)
        email, clause_version = request.user.email, ""
    else:
        name, email, organisation = data["name"], data["email"], data["organisation"]
        if not ratelimit.allow(request, action="klaster_event_registration", key=email.strip().lower()):
            form.add_error(None, _("Z tego adresu wysłano w krótkim czasie zbyt wiele zgłoszeń. Zgłoszenie nie zostało "
                                   "przyjęte; spróbuj ponownie za godzinę."))  # fmt: skip
            form.rate_limited = True
            return None
        clause = LegalText.objects.current(LegalText.Kind.EVENT_CLAUSE)
        clause_version = clause.version if clause else ""
    try:
        registration = services.registration_create(
            event=event,
            name=name,
            email=email,
            organisation=organisation,
            answers=form.answers(),
            user=request.user if member else None,
            language=translation.get_language(),
            clause_version=clause_version,
            base_url=site_url(request),
        )
    except (services.AlreadyRegistered, services.RegistrationClosed) as error:
        form.add_error(None, error.messages[0])
        return None
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("Zapisano. Potwierdzenie wysłaliśmy na podany adres e-mail."))
    else:
        messages.success(
            request,
            _("Wszystkie miejsca są zajęte: zgłoszenie jest na liście rezerwowej. Gdy zwolni się miejsce, napiszemy."),
        )
    return redirect(event.get_absolute_url() + "#registration-title")


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def cancel(request, token):
    """The personal cancel link: GET asks (a mail program opening the link cancels nothing), POST cancels."""
    try:
        registration = services.registration_for_token(token)
    except services.LinkExpired:
        return _noindex(render(request, "events/registrations/link_gone.html", status=410))
    except Registration.DoesNotExist:
        return _noindex(render(request, "events/registrations/link_gone.html", {"unknown": True}, status=404))
    cancelled_now = False
    if request.method == "POST" and registration.is_active:
        registration = services.registration_cancel(registration=registration, base_url=site_url(request))
        cancelled_now = True
    context = {"registration": registration, "event": registration.event, "cancelled_now": cancelled_now}
    return _noindex(render(request, "events/registrations/cancel.html", context))


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
