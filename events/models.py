"""Events of the cluster: conferences, signings, council meetings, trainings, consultation hours, and what happened at
them.

When an event happens is kept as the cluster's own wall clock: a date and, when known, a time in Europe/Warsaw
(`EVENT_TIMEZONE`). An event without a time is either all day (`all_day`) or one whose hour nobody knows (the seed's
2017 and 2018 events); either way a calendar gets it as a date. `starts` and `ends` give the aware datetimes.
"""

import datetime
import re
import secrets
from zoneinfo import ZoneInfo

from auditlog.registry import auditlog
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Annex, Document, Signature, Version
from klaster.storage import ConfiguredStorage
from klaster.uploads import (
    UploadField,
    UploadImageField,
    document_format,
    original_name_field,
    validate_document,
    validate_image,
)
from members.models import Cluster, Participant, Role

EVENT_TIMEZONE = ZoneInfo("Europe/Warsaw")


def local_moment(day, time):
    """`day` at `time` on the cluster's clock (Europe/Warsaw), or None without a time. A time that the clock skips on
    the last Sunday of March (02:00–03:00) does not exist: `local_time_exists` tells; here it is read as after the
    change. One that occurs twice in October is the first (summer time)."""
    if day is None or time is None:
        return None
    return datetime.datetime.combine(day, time, tzinfo=EVENT_TIMEZONE)


def local_time_exists(day, time):
    """Whether the Warsaw clock shows `time` on `day` (not in the hour skipped when summer time begins)."""
    moment = local_moment(day, time)
    return moment is None or moment.astimezone(datetime.UTC).astimezone(EVENT_TIMEZONE).replace(tzinfo=None) == (
        moment.replace(tzinfo=None)
    )


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True).select_related("host")

    def _still_on(self):
        today = timezone.localdate()
        return Q(starts_on__gte=today) | Q(ends_on__gte=today)

    def upcoming(self):
        """Events not over yet (today's and those running through today included), soonest first."""
        return self.public().filter(self._still_on()).order_by("starts_on", F("starts_at").asc(nulls_first=True), "pk")

    def past(self):
        """Events that are over, latest first."""
        return (
            self.public().exclude(self._still_on()).order_by("-starts_on", F("starts_at").desc(nulls_last=True), "-pk")
        )

    def latest(self):
        return self.public().order_by("-starts_on", F("starts_at").desc(nulls_last=True), "-pk")

    def with_photo_count(self):
        """Each event with `photo_count`, counted in the same query (for lists of events)."""
        return self.annotate(photo_count=Count("photos"))

    def years(self):
        """The years in which the events of this queryset start, latest first (one query)."""
        return [day.year for day in self.dates("starts_on", "year", order="DESC")]

    def of_party(self, participant):
        """The published events `participant` took part in (as the host, an organiser or a partner), latest first:
        what the party's public page lists, in one query."""
        return (
            self.public()
            .filter(Q(host=participant) | Q(parties__participant=participant))
            .distinct()
            .order_by("-starts_on", F("starts_at").desc(nulls_last=True), "-pk")
        )


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("konferencja")
        SIGNING = "signing", _("podpisanie dokumentu")
        COUNCIL_MEETING = "council_meeting", _("posiedzenie rady klastra")
        TRAINING = "training", _("szkolenie")
        CONSULTATION_HOURS = "consultation_hours", _("dyżur konsultacyjny")
        OTHER = "other", _("inne")

    class Status(models.TextChoices):
        PLANNED = "planned", _("zaplanowane")
        HELD = "held", _("odbyło się")
        CANCELLED = "cancelled", _("odwołane")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="events", verbose_name=_("klaster"))
    slug = models.SlugField(_("identyfikator w adresie"), max_length=120, unique=True)
    title = models.CharField(_("tytuł"), max_length=300)
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    cancellation_reason = models.TextField(
        _("powód odwołania"), blank=True, help_text=_("Wymagany, gdy wydarzenie jest odwołane; pokazywany publicznie.")
    )
    starts_on = models.DateField(_("data rozpoczęcia"))
    starts_at = models.TimeField(
        _("godzina rozpoczęcia"),
        null=True,
        blank=True,
        help_text=_("Czas polski. Pusta, gdy wydarzenie trwa cały dzień albo godzina nie jest znana."),
    )
    ends_on = models.DateField(
        _("data zakończenia"), null=True, blank=True, help_text=_("Pusta, gdy wydarzenie kończy się tego samego dnia.")
    )
    ends_at = models.TimeField(_("godzina zakończenia"), null=True, blank=True)
    all_day = models.BooleanField(_("cały dzień"), default=False)
    place = models.CharField(_("nazwa miejsca"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    map_url = models.URLField(
        _("odnośnik do mapy"),
        max_length=500,
        blank=True,
        help_text=_("Adres strony z mapą, zaczynający się od https://."),
    )
    venue_accessibility = models.TextField(
        _("dostępność miejsca"),
        blank=True,
        help_text=_("Na przykład: wejście bez schodów, winda, pętla indukcyjna, toaleta dostępna."),
    )
    host = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("gospodarz"),
        help_text=_("Strona klastra, u której odbywa się wydarzenie."),
    )
    summary = models.TextField(_("opis"), blank=True)
    published = models.BooleanField(_("opublikowane"), default=True)
    # An event a gmina's staff proposed: unpublished until the coordinator publishes it.
    proposed_by = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
        verbose_name=_("zaproponowane przez"),
    )
    proposed_at = models.DateTimeField(_("zaproponowano"), null=True, blank=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("wydarzenie")
        verbose_name_plural = _("wydarzenia")
        ordering = ["-starts_on", F("starts_at").desc(nulls_last=True)]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="events_event_ends_not_before_start",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled")
                | (Q(cancellation_reason_pl__isnull=False) & ~Q(cancellation_reason_pl="")),
                name="events_event_cancelled_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(all_day=False) | (Q(starts_at__isnull=True) & Q(ends_at__isnull=True)),
                name="events_event_all_day_without_times",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def starts(self):
        """The start as an aware datetime in Warsaw, or None when there is no time (all day, or not known)."""
        return None if self.all_day else local_moment(self.starts_on, self.starts_at)

    @property
    def ends(self):
        """The end as an aware datetime in Warsaw, or None without an end time."""
        return None if self.all_day else local_moment(self.last_day, self.ends_at)

    @property
    def has_time(self):
        return self.starts is not None

    @property
    def is_multi_day(self):
        return self.ends_on is not None and self.ends_on != self.starts_on

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def begins_at(self):
        """When the event begins, as an aware moment: its start, or the beginning of its first day without a time."""
        return self.starts or datetime.datetime.combine(self.starts_on, datetime.time(0), tzinfo=EVENT_TIMEZONE)

    @property
    def over_at(self):
        """When the event is over: its end, or the end of its last day (in Warsaw) without an end time. A cancel link
        expires then."""
        if self.ends is not None:
            return self.ends
        return datetime.datetime.combine(
            self.last_day + datetime.timedelta(days=1), datetime.time(0), tzinfo=EVENT_TIMEZONE
        )

    def clean(self):
        errors = {}
        if self.all_day:
            for name in ("starts_at", "ends_at"):
                if getattr(self, name) is not None:
                    errors[name] = _("Wydarzenie na cały dzień nie ma godzin: usuń godzinę albo odznacz „cały dzień”.")
        if self.ends_at is not None and self.starts_at is None and "ends_at" not in errors:
            errors["ends_at"] = _("Podaj też godzinę rozpoczęcia.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Wydarzenie nie może się skończyć przed dniem rozpoczęcia.")
        for day_name, time_name in (("starts_on", "starts_at"), ("ends_on", "ends_at")):
            day = getattr(self, day_name) or self.starts_on
            if time_name not in errors and day and not local_time_exists(day, getattr(self, time_name)):
                errors[time_name] = _(
                    "Tej godziny nie ma tego dnia: o 2:00 zegary przestawia się na 3:00 (zmiana czasu na letni)."
                )
        if not errors and self.starts and self.ends and self.ends <= self.starts:
            errors["ends_at"] = _("Wydarzenie musi się skończyć po rozpoczęciu.")
        if self.status == self.Status.CANCELLED and not (self.cancellation_reason_pl or "").strip():
            errors["cancellation_reason_pl"] = _("Podaj powód odwołania: zobaczą go wszyscy na stronie wydarzenia.")
        if errors:
            raise ValidationError(errors)

    def organisers(self):
        return [party for party in self.parties.all() if party.role == EventParty.Role.ORGANISER]

    def partners(self):
        return [party for party in self.parties.all() if party.role == EventParty.Role.PARTNER]


# The former kind "meeting" became "other" (migration 0005). This name for it (not a choice of its own) keeps
# bench/management/commands/bench_data.py, which still says Event.Kind.MEETING, working until it names a kind of today.
Event.Kind.MEETING = Event.Kind.OTHER


class EventParty(models.Model):
    """An organiser or a partner of an event: a party of the cluster, or an outside organisation by its name."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("organizator")
        PARTNER = "partner", _("partner")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="parties", verbose_name=_("wydarzenie"))
    role = models.CharField(_("rola"), max_length=20, choices=Role.choices)
    position = models.PositiveSmallIntegerField(_("kolejność"))
    participant = models.ForeignKey(
        Participant,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_parts",
        verbose_name=_("strona klastra"),
    )
    name = models.CharField(_("nazwa organizacji spoza klastra"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("organizator lub partner wydarzenia")
        verbose_name_plural = _("organizatorzy i partnerzy wydarzeń")
        ordering = ["event", "role", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "role", "position"], name="events_eventparty_unique_position"),
            models.CheckConstraint(
                condition=(Q(participant__isnull=False) & Q(name="")) | (Q(participant__isnull=True) & ~Q(name="")),
                name="events_eventparty_participant_or_name",
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        return self.participant.name if self.participant_id else self.name

    @property
    def public_name(self):
        """What a visitor may read (members.models.parties): a party of the cluster by Participant.public_name (its
        category only when it is not listed), an outside organisation by its name."""
        return self.participant.public_name if self.participant_id else self.name

    def clean(self):
        if bool(self.participant_id) == bool(self.name.strip()):
            raise ValidationError(_("Podaj stronę klastra albo nazwę organizacji spoza klastra (jedno z dwóch)."))


class AgendaItem(models.Model):
    """One point of an event's programme: a talk with its speakers, advice offered, a signing."""

    class Kind(models.TextChoices):
        TALK = "talk", _("wystąpienie")
        ADVICE = "advice", _("doradztwo")
        SIGNING = "signing", _("podpisanie")
        OTHER = "other", _("inne")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("wydarzenie"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    starts_at = models.TimeField(_("godzina rozpoczęcia"), null=True, blank=True, help_text=_("Czas polski."))
    ends_at = models.TimeField(_("godzina zakończenia"), null=True, blank=True)
    title = models.CharField(_("tytuł"), max_length=400, blank=True)
    description = models.TextField(_("opis"), blank=True)

    class Meta:
        verbose_name = _("punkt programu")
        verbose_name_plural = _("punkty programu")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="events_agendaitem_unique_position"),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()

    def clean(self):
        if self.ends_at is not None and self.starts_at is None:
            raise ValidationError({"ends_at": _("Podaj też godzinę rozpoczęcia.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Punkt programu musi się skończyć po rozpoczęciu.")})


class Speaker(models.Model):
    """Who speaks in a point of the programme: a person with their function and organisation, linked to the party of
    the cluster when the organisation is one. `role` links the person's function in the register (members.Role),
    where there is one (the seed's speakers)."""

    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="speakers", verbose_name=_("punkt programu")
    )
    position = models.PositiveSmallIntegerField(_("kolejność"))
    name = models.CharField(
        _("imię i nazwisko"),
        max_length=200,
        blank=True,
        help_text=_("Może zostać puste, gdy występują przedstawiciele organizacji."),
    )
    function = models.CharField(_("funkcja"), max_length=400, blank=True)
    organisation = models.CharField(_("organizacja"), max_length=300, blank=True)
    participant = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_speakers",
        verbose_name=_("strona klastra"),
        help_text=_("Gdy organizacja jest stroną klastra."),
    )
    role = models.ForeignKey(
        Role,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_speakers",
        verbose_name=_("funkcja w rejestrze"),
    )

    class Meta:
        verbose_name = _("prelegent")
        verbose_name_plural = _("prelegenci")
        ordering = ["agenda_item", "position"]
        constraints = [
            models.UniqueConstraint(fields=["agenda_item", "position"], name="events_speaker_unique_position"),
            models.CheckConstraint(
                condition=~Q(name="") | ~Q(organisation="") | Q(participant__isnull=False),
                name="events_speaker_named",
            ),
        ]

    def __str__(self):
        return self.name or self.organisation_name

    @property
    def organisation_name(self):
        return self.organisation or (self.participant.name if self.participant_id else "")

    # What a visitor may see of a speaker (the rule of members.models.parties): a speaker of a party of the cluster, or
    # in a function of one (`role`), is named only when that party is listed; otherwise the public pages and the
    # calendar show the point of the programme without the person's name, and the party by its category only
    # ("osoba fizyczna"). The views read `participant` and `role__participant` with the speakers.

    def _parties(self):
        parties = [self.participant] if self.participant_id else []
        if self.role_id and self.role.participant_id:
            parties.append(self.role.participant)
        return parties

    @property
    def is_public(self):
        """A visitor may see this speaker named."""
        return all(party.is_listed for party in self._parties())

    @property
    def public_name(self):
        return self.name if self.is_public else ""

    @property
    def public_organisation(self):
        if self.is_public:
            return self.organisation_name
        return self.participant.public_name if self.participant_id else self._parties()[0].public_name

    @property
    def public_heading(self):
        """The speaker as a public page heads them: the name, else the organisation."""
        return self.public_name or self.public_organisation

    def clean(self):
        if not (self.name.strip() or self.organisation.strip() or self.participant_id):
            raise ValidationError(_("Podaj imię i nazwisko albo organizację prelegenta."))


class EventPhoto(models.Model):
    """A photo from an event, shown in the gallery on the event's page. Added with services.photo_add."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="photos", verbose_name=_("wydarzenie"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    image = UploadImageField(
        _("zdjęcie"),
        upload_to="events/photos/%Y/",
        width_field="width",
        height_field="height",
        validators=[validate_image],
        help_text=_("Plik JPEG, PNG lub WebP."),
    )
    image_original_name = original_name_field()
    # Read from the image when it is assigned; the page gives them to <img> so the layout does not jump.
    width = models.PositiveIntegerField(_("szerokość (px)"), editable=False)
    height = models.PositiveIntegerField(_("wysokość (px)"), editable=False)
    # A smaller copy made when the photo is added (services.photo_add, klaster.uploads.thumbnail): the gallery shows it
    # and links to the photo. Empty for a photo added before thumbnails were made (the page shows the photo then).
    thumbnail = UploadImageField(
        _("miniatura"),
        upload_to="events/photos/thumbnails/%Y/",
        width_field="thumbnail_width",
        height_field="thumbnail_height",
        blank=True,
        editable=False,
    )
    thumbnail_original_name = original_name_field()
    thumbnail_width = models.PositiveIntegerField(_("szerokość miniatury (px)"), null=True, blank=True, editable=False)
    thumbnail_height = models.PositiveIntegerField(_("wysokość miniatury (px)"), null=True, blank=True, editable=False)
    alt_text = models.CharField(
        _("tekst alternatywny"),
        max_length=300,
        help_text=_("Co widać na zdjęciu, dla osób, które go nie widzą (czytane przez czytniki ekranu)."),
    )
    caption = models.CharField(_("podpis"), max_length=300, blank=True)
    credit = models.CharField(_("autor / źródło"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("zdjęcie z wydarzenia")
        verbose_name_plural = _("zdjęcia z wydarzeń")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="events_eventphoto_unique_position"),
        ]

    def __str__(self):
        return self.caption or self.alt_text

    @property
    def preview(self):
        """What the gallery shows: the thumbnail, or the photo itself when it has none; (file, width, height)."""
        if self.thumbnail:
            return self.thumbnail, self.thumbnail_width, self.thumbnail_height
        return self.image, self.width, self.height

    def clean(self):
        # Required as any field is (alt_text); here what a required check lets through: a file's name for a text.
        original = (self.image_original_name or getattr(self.image, "name", "") or "").rsplit("/", 1)[-1]
        errors = {
            name: NOT_A_DESCRIPTION
            for name in ("alt_text_pl", "alt_text_en")
            if is_file_name(getattr(self, name) or "", original)
        }
        if errors:
            raise ValidationError(errors)


NOT_A_DESCRIPTION = _(
    "To jest nazwa pliku, a nie opis: napisz, co widać na zdjęciu (na przykład: „Wójtowie pięciu gmin podpisują "
    "porozumienie”)."
)
_FILE_NAME = re.compile(r"[\w.\- ]+\.(jpe?g|jfif|png|webp|gif|heic|tiff?|bmp)", re.IGNORECASE)
_CAMERA_NAME = re.compile(r"(img|dsc|dscn|dscf|dcim|pxl|gopr|wp)[_\-]?\d{3,}([_\-]\d+)*", re.IGNORECASE)


def is_file_name(text, original_name=""):
    """Whether `text` is the name of a picture file rather than a description: the uploaded file's name, a name ending
    as a picture file does (scena.jpg), or what a camera calls a photo (IMG_1234, DSC01234)."""
    text = text.strip()
    original_name = (original_name or "").strip()
    if not text:
        return False
    if original_name and text.casefold() == original_name.casefold():
        return True
    return bool(_FILE_NAME.fullmatch(text) or _CAMERA_NAME.fullmatch(text))


def _exactly_one(*names):
    """A condition that exactly one of the foreign keys `names` is set."""
    condition = None
    for chosen in names:
        one = Q(**{f"{name}__isnull": name != chosen for name in names})
        condition = one if condition is None else condition | one
    return condition


def material_storage():
    """The materials' files are served by a view that checks who may read them (events/views/public.py), never from
    /media/: the storage the settings name "private", looked up on each use."""
    return ConfiguredStorage("private")


class EventMaterialQuerySet(models.QuerySet):
    def public(self):
        """The materials anyone may download (their event must be published too: the page checks that)."""
        return self.filter(is_public=True)


class EventMaterial(models.Model):
    """A presentation or a document of an event (PDF, PPTX, ODP, DOCX, XLSX), checked by its content
    (klaster.uploads.validate_document) and kept in the private storage. Added with services.material_add."""

    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("prezentacja")
        DOCUMENT = "document", _("dokument")
        OTHER = "other", _("inny materiał")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="materials", verbose_name=_("wydarzenie"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices, default=Kind.PRESENTATION)
    title = models.CharField(_("tytuł"), max_length=300)
    file = UploadField(
        _("plik"),
        upload_to="events/materials/%Y/",
        storage=material_storage,
        validators=[validate_document],
        help_text=_("PDF, PPTX, ODP, DOCX lub XLSX, najwyżej 10 MB."),
    )
    file_original_name = original_name_field()
    size = models.PositiveIntegerField(_("rozmiar w bajtach"), editable=False)
    is_public = models.BooleanField(
        _("publiczny"), default=True, help_text=_("Odznaczony: plik widzi tylko koordynator (np. do uzupełnienia).")
    )
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = EventMaterialQuerySet.as_manager()

    class Meta:
        verbose_name = _("materiał z wydarzenia")
        verbose_name_plural = _("materiały z wydarzeń")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="events_eventmaterial_unique_position"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:material-file", kwargs={"slug": self.event.slug, "pk": self.pk})

    @property
    def file_format(self):
        """The checked type of the file, as people name it: "PDF", "PPTX"…"""
        return document_format(self.file.name)


ALREADY_AN_OUTCOME = _("To wydarzenie już wymienia ten efekt.")


class EventOutcome(models.Model):
    """What an event produced: the version of the agreement, an annex, a signature or a document it brought (exactly
    one of them), with a short description."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="outcomes", verbose_name=_("wydarzenie"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    version = models.ForeignKey(
        Version,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_outcomes",
        verbose_name=_("wersja porozumienia"),
    )
    annex = models.ForeignKey(
        Annex, on_delete=models.PROTECT, null=True, blank=True, related_name="event_outcomes", verbose_name=_("aneks")
    )
    signature = models.ForeignKey(
        Signature,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_outcomes",
        verbose_name=_("podpis"),
    )
    document = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="event_outcomes",
        verbose_name=_("dokument"),
    )
    description = models.CharField(_("krótki opis"), max_length=300, blank=True)

    TARGETS = ("version", "annex", "signature", "document")

    class Meta:
        verbose_name = _("efekt wydarzenia")
        verbose_name_plural = _("efekty wydarzeń")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="events_eventoutcome_unique_position"),
            models.CheckConstraint(
                condition=_exactly_one("version", "annex", "signature", "document"),
                name="events_eventoutcome_one_target",
                violation_error_message=_(
                    "Wybierz dokładnie jedno: wersję porozumienia, aneks, podpis albo dokument, który przyniosło."
                ),
            ),
            models.UniqueConstraint(
                fields=["event", "version"],
                condition=Q(version__isnull=False),
                name="events_eventoutcome_one_version",
                violation_error_message=ALREADY_AN_OUTCOME,
            ),
            models.UniqueConstraint(
                fields=["event", "annex"],
                condition=Q(annex__isnull=False),
                name="events_eventoutcome_one_annex",
                violation_error_message=ALREADY_AN_OUTCOME,
            ),
            models.UniqueConstraint(
                fields=["event", "signature"],
                condition=Q(signature__isnull=False),
                name="events_eventoutcome_one_signature",
                violation_error_message=ALREADY_AN_OUTCOME,
            ),
            models.UniqueConstraint(
                fields=["event", "document"],
                condition=Q(document__isnull=False),
                name="events_eventoutcome_one_document",
                violation_error_message=ALREADY_AN_OUTCOME,
            ),
        ]

    def __str__(self):
        return str(self.target)

    @property
    def target(self):
        return next((getattr(self, name) for name in self.TARGETS if getattr(self, f"{name}_id")), None)

    @property
    def target_kind(self):
        return next((name for name in self.TARGETS if getattr(self, f"{name}_id")), "")

    @property
    def is_public(self):
        """Whether a visitor may see what the event produced: a published version, an annex whose version is
        published, a signature of a published version, a document whose file is public (agreements/files.py)."""
        if self.version_id:
            return self.version.is_published
        if self.annex_id:
            return self.annex.file_is_public
        if self.signature_id:
            return self.signature.version.is_published
        return bool(self.document_id) and self.document.file_is_public


class RegistrationSettings(models.Model):
    """Registration for an event, as the coordinator opened it: a capacity, a deadline and up to MAX_QUESTIONS
    questions that each person registering answers in a sentence."""

    MAX_QUESTIONS = 3

    event = models.OneToOneField(
        Event, on_delete=models.CASCADE, related_name="registration_settings", verbose_name=_("wydarzenie")
    )
    is_open = models.BooleanField(_("zapisy otwarte"), default=False)
    capacity = models.PositiveIntegerField(
        _("liczba miejsc"),
        validators=[MinValueValidator(1)],
        help_text=_("Kolejne osoby trafią na listę rezerwową."),
    )
    deadline = models.DateTimeField(
        _("zapisy do"),
        null=True,
        blank=True,
        help_text=_("Czas polski. Puste: zapisy trwają do rozpoczęcia wydarzenia."),
    )
    questions = models.JSONField(_("pytania do zapisujących się"), default=list, blank=True)

    class Meta:
        verbose_name = _("zapisy na wydarzenie")
        verbose_name_plural = _("zapisy na wydarzenia")
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="events_registrationsettings_capacity_positive"),
        ]

    def __str__(self):
        return str(self.event)

    @property
    def closes_at(self):
        """The moment registration closes: the deadline, and at the latest when the event begins."""
        begins = self.event.begins_at
        return min(self.deadline, begins) if self.deadline else begins

    def accepts(self, now=None):
        """Whether a registration is taken now: open, before the deadline, the event published and not cancelled."""
        now = now or timezone.now()
        event = self.event
        return self.is_open and event.published and not event.is_cancelled and now < self.closes_at


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Registrations that hold a place or wait for one (not cancelled)."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waiting(self):
        """The waiting list in its order: who registered first moves up first."""
        return self.filter(status=Registration.Status.WAITING).order_by("created_at", "pk")


def new_access_key():
    return secrets.token_urlsafe(24)


class Registration(models.Model):
    """A person registered for an event: confirmed, on the waiting list, or cancelled. Personal data (name, e-mail,
    organisation, answers) is removed EVENT_REGISTRATION_RETENTION_DAYS after the event (`anonymised_at`); the
    status stays, for the count of participants. The e-mail is kept normalised (trimmed, lower case): one active
    registration per address and event, held by the database."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("potwierdzone")
        WAITING = "waiting", _("na liście rezerwowej")
        CANCELLED = "cancelled", _("anulowane")

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("wydarzenie")
    )
    name = models.CharField(_("imię i nazwisko"), max_length=200)
    email = models.EmailField(_("adres e-mail"), blank=True)
    organisation = models.CharField(_("organizacja"), max_length=300, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="event_registrations",
        verbose_name=_("konto"),
    )
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices)
    answers = models.JSONField(_("odpowiedzi"), default=list, blank=True)
    clause_version = models.CharField(_("wersja klauzuli informacyjnej"), max_length=20, blank=True)
    language = models.CharField(_("język"), max_length=5, default="pl")
    access_key = models.CharField(max_length=40, default=new_access_key, editable=False)
    created_at = models.DateTimeField(_("zapisano"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("potwierdzono"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("anulowano"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("wysłano przypomnienie"), null=True, blank=True)
    # Marked by the coordinator on the day (None: not marked yet).
    attended = models.BooleanField(_("obecność"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("usunięto dane osobowe"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("zgłoszenie na wydarzenie")
        verbose_name_plural = _("zgłoszenia na wydarzenia")
        ordering = ["event", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "email"],
                condition=~Q(status="cancelled") & ~Q(email=""),
                name="events_registration_unique_active_email",
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"], name="events_registration_list_idx")]

    def __str__(self):
        return f"{self.name} ({self.event})"

    @property
    def is_active(self):
        return self.status != self.Status.CANCELLED


auditlog.register(Event)
auditlog.register(EventParty)
auditlog.register(AgendaItem)
auditlog.register(Speaker)
auditlog.register(EventPhoto)
auditlog.register(RegistrationSettings)
# Only a registration's status: its name, e-mail and answers are personal data that the history must not copy.
auditlog.register(Registration, include_fields=["status", "attended"])
auditlog.register(EventMaterial)
auditlog.register(EventOutcome)
