"""Registration for events: the coordinator opens it (capacity, deadline, questions); a visitor or a signed-in member
of the portal registers; past the capacity they wait, and the waiting list moves up by itself when a place frees.

Every change to who holds a place locks the event's row first (SELECT ... FOR UPDATE on PostgreSQL; SQLite writes one
at a time anyway), so a rush of registrations or a cancellation during one never confirms more people than there are
places. The database holds one active registration per e-mail and event (a unique constraint), the backstop.

Mail goes through the portal's queue (klaster/mail.py), once the transaction is committed, in the language the person
registered in: the confirmation carries the event's .ics (events/calendar.py) and a personal cancel link, signed and
valid until the event is over.
"""

import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from members.access import gmina_of, is_coordinator

from ..calendar import calendar_of
from ..models import EVENT_TIMEZONE, AgendaItem, Event, Registration, RegistrationSettings, Speaker

CANCEL_SALT = "events.registration-cancel"
ERASED = "[usunięto]"
# The reminder leaves on the day before the event, from this hour (Warsaw time).
REMINDER_TIME = datetime.time(9, 0)


class RegistrationClosed(ValidationError):
    pass


class AlreadyRegistered(ValidationError):
    pass


class LinkExpired(Exception):
    """A cancel link of an event that is over (or whose registration's data has been removed)."""


def normalise_email(email):
    return (email or "").strip().lower()


# --- the coordinator: opening and closing ---------------------------------------------------------------------------


@transaction.atomic
def registration_settings_save(*, event, is_open, capacity, deadline, questions, by, base_url=None):
    """Open or close registration for `event`, with its capacity, deadline (an aware moment or None) and questions (a
    list of at most RegistrationSettings.MAX_QUESTIONS texts). A larger capacity moves the waiting list up at once."""
    if not is_coordinator(by):
        raise PermissionDenied
    event = Event.objects.select_for_update().get(pk=event.pk)
    questions = [question.strip() for question in questions if question and question.strip()]
    if len(questions) > RegistrationSettings.MAX_QUESTIONS:
        raise ValidationError(_("Najwyżej %(count)d pytania.") % {"count": RegistrationSettings.MAX_QUESTIONS})
    found = RegistrationSettings.objects.filter(event=event).first()
    registration_settings = found or RegistrationSettings(event=event)
    registration_settings.is_open = is_open
    registration_settings.capacity = capacity
    registration_settings.deadline = deadline
    registration_settings.questions = questions
    registration_settings.full_clean()
    registration_settings.save()
    _move_up(event, registration_settings, base_url=base_url)
    return registration_settings


# --- registering ----------------------------------------------------------------------------------------------------


def member_details(user):
    """The name and organisation a signed-in member of the portal registers with, in one click."""
    name = user.get_full_name().strip() or user.email
    gmina = gmina_of(user)
    return name, (gmina.name if gmina else "")


@transaction.atomic
def registration_create(
    *, event, name, email, organisation="", answers=(), user=None, language="pl", clause_version="", base_url=None
):
    """Register a person for `event`: confirmed while there are places, on the waiting list after. Refused
    (RegistrationClosed) when registration is not open or its deadline has passed, and (AlreadyRegistered) when the
    address is already registered for the event. `answers`: the answers to the event's questions, in their order."""
    event = Event.objects.select_for_update().get(pk=event.pk)
    registration_settings = RegistrationSettings.objects.filter(event=event).select_related("event").first()
    if registration_settings is None or not registration_settings.accepts():
        raise RegistrationClosed(_("Zapisy na to wydarzenie są zamknięte."), code="closed")
    email = normalise_email(email)
    if event.registrations.active().filter(email=email).exists():
        raise AlreadyRegistered(_("Ten adres e-mail jest już zapisany na to wydarzenie."), code="duplicate")
    confirmed = event.registrations.confirmed().count() < registration_settings.capacity
    now = timezone.now()
    answered = [
        {"question": question, "answer": (answer or "").strip()}
        for question, answer in zip(registration_settings.questions, list(answers), strict=False)
    ]
    try:
        with transaction.atomic():  # the database's unique constraint: the backstop of the check above
            registration = Registration.objects.create(
                event=event,
                name=name.strip(),
                email=email,
                organisation=(organisation or "").strip(),
                user=user if user is not None and user.is_authenticated else None,
                status=Registration.Status.CONFIRMED if confirmed else Registration.Status.WAITING,
                answers=answered,
                clause_version=clause_version,
                language=language or "pl",
                confirmed_at=now if confirmed else None,
            )
    except IntegrityError:
        raise AlreadyRegistered(_("Ten adres e-mail jest już zapisany na to wydarzenie."), code="duplicate") from None
    after_commit(registration_notify, registration=registration, base_url=base_url)
    return registration


@transaction.atomic
def registration_cancel(*, registration, base_url=None):
    """Cancel a registration (from its link, or the coordinator's list); a place it held goes to the first on the
    waiting list, who is told. Cancelling twice changes nothing."""
    event = Event.objects.select_for_update().get(pk=registration.event_id)
    registration = Registration.objects.get(pk=registration.pk)
    if not registration.is_active:
        return registration
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = timezone.now()
    registration.save(update_fields=["status", "cancelled_at"])
    registration_settings = RegistrationSettings.objects.filter(event=event).first()
    if registration_settings is not None:
        _move_up(event, registration_settings, base_url=base_url)
    return registration


def _move_up(event, registration_settings, *, base_url):
    """Confirm the first of the waiting list while there are places (the event's row is locked by the caller)."""
    free = registration_settings.capacity - event.registrations.confirmed().count()
    if free <= 0 or event.is_cancelled or event.over_at <= timezone.now():
        return []
    moved = list(event.registrations.waiting()[:free])
    now = timezone.now()
    for registration in moved:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        after_commit(registration_notify, registration=registration, base_url=base_url, moved_up=True)
    return moved


def after_commit(function, **kwargs):
    """Mail leaves once the change is committed: the event's row stays locked only as long as the change takes."""
    transaction.on_commit(lambda: function(**kwargs))


def _send_text(*, subject, body, to):
    EmailMessage(subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject, body=body, to=[to]).send()


# --- the cancel link ------------------------------------------------------------------------------------------------


def cancel_path(registration):
    token = signing.dumps({"r": registration.pk, "k": registration.access_key}, salt=CANCEL_SALT)
    with translation.override(registration.language):
        return reverse("events:registration-cancel", kwargs={"token": token})


def registration_for_token(token):
    """The registration a cancel link points to. Registration.DoesNotExist for a forged or unknown link, LinkExpired
    once the event is over (or the participants' data has been removed after it)."""
    try:
        data = signing.loads(token, salt=CANCEL_SALT)
    except signing.BadSignature:
        raise Registration.DoesNotExist from None
    if not isinstance(data, dict):
        raise Registration.DoesNotExist
    registration = Registration.objects.select_related("event").get(pk=data.get("r"))
    if registration.anonymised_at is not None:
        raise LinkExpired
    if registration.access_key != data.get("k"):
        raise Registration.DoesNotExist
    if registration.event.over_at <= timezone.now():
        raise LinkExpired
    return registration


# --- mail -----------------------------------------------------------------------------------------------------------


def _base(base_url):
    return (base_url or settings.SITE_URL).rstrip("/")


def event_ics(event, *, base_url=None):
    """The event's calendar file (bytes), as its "Dodaj do kalendarza" link gives it, in the active language."""
    base = _base(base_url)
    agenda = AgendaItem.objects.prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.select_related("participant"))
    )
    event = Event.objects.prefetch_related(Prefetch("agenda", queryset=agenda)).get(pk=event.pk)
    return calendar_of(
        [event],
        name=event.title,
        url_of=lambda item: base + item.get_absolute_url(),
        domain=urlsplit(base).hostname or "localhost",
    )


def _send(registration, *, template, subject, base_url, with_calendar=False, extra=None):
    base = _base(base_url)
    with translation.override(registration.language):
        event = Event.objects.get(pk=registration.event_id)
        context = {
            "registration": registration,
            "event": event,
            "event_url": base + event.get_absolute_url(),
            "cancel_url": base + cancel_path(registration),
            **(extra or {}),
        }
        message = EmailMessage(
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + subject % {"title": event.title},
            body=render_to_string(f"events/email/{template}.txt", context),
            to=[registration.email],
        )
        if with_calendar:
            message.attach(f"{event.slug}.ics", event_ics(event, base_url=base), "text/calendar")
    message.send()


def registration_notify(*, registration, base_url=None, moved_up=False):
    """Tell the person where they stand: confirmed (with the .ics), moved up from the waiting list (with the .ics), or
    waiting."""
    registration.refresh_from_db()
    if registration.status == Registration.Status.CONFIRMED:
        with translation.override(registration.language):
            subject = (
                _("Zwolniło się miejsce: %(title)s – udział potwierdzony")
                if moved_up
                else _("Potwierdzenie zapisu: %(title)s")
            )
        _send(
            registration,
            template="registration_confirmed",
            subject=subject,
            base_url=base_url,
            with_calendar=True,
            extra={"moved_up": moved_up},
        )
    elif registration.status == Registration.Status.WAITING:
        with translation.override(registration.language):
            subject = _("Lista rezerwowa: %(title)s")
        _send(registration, template="registration_waiting", subject=subject, base_url=base_url)


@transaction.atomic
@transaction.atomic
def registration_attendance(*, registration, attended, by):
    """The coordinator marks on the day whether a person with a confirmed place came (`attended` True or False) or
    clears the mark (None). Only a confirmed registration has an attendance to mark."""
    if not is_coordinator(by):
        raise PermissionDenied
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != Registration.Status.CONFIRMED:
        raise ValidationError(_("Obecność zaznacza się tylko osobom z potwierdzonym udziałem."))
    registration.attended = attended
    registration.save(update_fields=["attended"])
    return registration


def registrations_write(*, event, subject, body, by, statuses=(Registration.Status.CONFIRMED,)):
    """The coordinator writes to the registered people of `event` (by default the confirmed ones): one message to each,
    in Polish as written, with their cancel link. Returns how many."""
    if not is_coordinator(by):
        raise PermissionDenied
    recipients = list(event.registrations.filter(status__in=statuses).exclude(email=""))
    base = _base(None)
    for registration in recipients:
        text = render_to_string(
            "events/email/registration_message.txt",
            {"body": body, "event": event, "cancel_url": base + cancel_path(registration)},
        )
        after_commit(_send_text, subject=subject, body=text, to=registration.email)
    return len(recipients)


# --- the reminder, the day before -----------------------------------------------------------------------------------


def reminder_moment(event):
    """When the reminder of `event` is due: REMINDER_TIME on the day before its first day, in Warsaw."""
    return datetime.datetime.combine(event.starts_on - datetime.timedelta(days=1), REMINDER_TIME, tzinfo=EVENT_TIMEZONE)


def registrations_to_remind(now=None):
    """Confirmed registrations whose reminder is due now and not sent: events starting tomorrow (or today, when the
    reminder could not leave yesterday) that have not begun, are published and not cancelled."""
    now = now or timezone.now()
    today = now.astimezone(EVENT_TIMEZONE).date()
    window = [today, today + datetime.timedelta(days=1)]
    candidates = (
        Registration.objects.confirmed()
        .filter(
            reminded_at__isnull=True,
            anonymised_at__isnull=True,
            event__starts_on__in=window,
            event__published=True,
        )
        .exclude(event__status=Event.Status.CANCELLED)
        .exclude(email="")
        .select_related("event")
    )
    return [r for r in candidates if reminder_moment(r.event) <= now < r.event.begins_at]


def reminders_send(*, now=None, base_url=None):
    """Send every reminder that is due, each once: the registration records that it was sent in the same transaction
    that queues the message (klaster/mail.py), so a second run (or a second worker) sends nothing again."""
    sent = 0
    for candidate in registrations_to_remind(now):
        with transaction.atomic():
            registration = Registration.objects.select_for_update().get(pk=candidate.pk)
            if registration.reminded_at is not None or registration.status != Registration.Status.CONFIRMED:
                continue
            registration.reminded_at = timezone.now()
            registration.save(update_fields=["reminded_at"])
            with translation.override(registration.language):
                subject = _("Przypomnienie: jutro %(title)s")
            if registration.event.starts_on <= (now or timezone.now()).astimezone(EVENT_TIMEZONE).date():
                with translation.override(registration.language):
                    subject = _("Przypomnienie: dziś %(title)s")
            _send(registration, template="registration_reminder", subject=subject, base_url=base_url)
            sent += 1
    return sent


# --- personal data: removed after the event, exported and erased on request ---------------------------------------


def _anonymise(registration):
    registration.name = ERASED
    registration.email = ""
    registration.organisation = ""
    registration.answers = []
    registration.user = None
    registration.access_key = ""
    registration.anonymised_at = timezone.now()
    registration.save(update_fields=["name", "email", "organisation", "answers", "user", "access_key", "anonymised_at"])


def expired_registrations(now=None):
    """Registrations whose personal data is still held although their event was over more than
    EVENT_REGISTRATION_RETENTION_DAYS ago."""
    now = now or timezone.now()
    cutoff = (now - datetime.timedelta(days=settings.EVENT_REGISTRATION_RETENTION_DAYS)).astimezone(EVENT_TIMEZONE)
    candidates = Registration.objects.filter(
        anonymised_at__isnull=True, event__starts_on__lte=cutoff.date()
    ).select_related("event")
    return [registration for registration in candidates if registration.event.over_at <= cutoff]


def registrations_purge(*, now=None):
    """Remove the personal data of participants of events over more than EVENT_REGISTRATION_RETENTION_DAYS ago; how
    many registrations. The statuses stay (how many took part)."""
    expired = expired_registrations(now)
    with transaction.atomic():
        for registration in expired:
            _anonymise(registration)
    return len(expired)


def _when(value):
    return value.isoformat() if value else None


def registrations_personal_data(email):
    """The registrations for events of this e-mail address, for the export of personal data (members)."""
    return [
        {
            "event": r.event.title,
            "event_date": _when(r.event.starts_on),
            "name": r.name,
            "email": r.email,
            "organisation": r.organisation,
            "answers": r.answers,
            "status": r.status,
            "consent": {"clause_version": r.clause_version},
            "registered_at": _when(r.created_at),
            "cancelled_at": _when(r.cancelled_at),
        }
        for r in Registration.objects.filter(email=normalise_email(email)).select_related("event").order_by("pk")
    ]


def registrations_erase(*, email, by):
    """Erase the registrations of this address: an active one is cancelled first (its place goes to the waiting list),
    then its personal data is removed. How many."""
    if not is_coordinator(by):
        raise PermissionDenied
    registrations = list(Registration.objects.filter(email=normalise_email(email)))
    for registration in registrations:
        with transaction.atomic():
            registration_cancel(registration=registration)
            registration.refresh_from_db()
            _anonymise(registration)
    return len(registrations)


def event_cancelled_notify(*, event, base_url=None):
    """The event was called off: each person holding or awaiting a place is told, in the language they registered in,
    with the reason, and their registration is cancelled (no place moves up: there is nothing to move up to). Run after
    the commit that cancelled the event; a registration already told is not told again."""
    with transaction.atomic():
        Event.objects.select_for_update().get(pk=event.pk)
        told = list(
            Registration.objects.filter(
                event=event, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITING]
            ).order_by("pk")
        )
        Registration.objects.filter(pk__in=[registration.pk for registration in told]).update(
            status=Registration.Status.CANCELLED, cancelled_at=timezone.now()
        )
        RegistrationSettings.objects.filter(event=event).update(is_open=False)
    for registration in told:
        with translation.override(registration.language):
            subject = _("Wydarzenie odwołane: %(title)s")
        _send(registration, template="event_cancelled", subject=subject, base_url=base_url)
    return len(told)
