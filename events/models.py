"""Events of the cluster: conferences, meetings, signings, and what happened at them."""

from auditlog.registry import auditlog
from django.db import models
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klaster.uploads import UploadImageField, original_name_field, validate_image
from members.models import Cluster, Participant, Role


class EventQuerySet(models.QuerySet):
    def public(self):
        return self.filter(published=True).select_related("host")

    def upcoming(self):
        return self.public().filter(starts_on__gte=timezone.localdate()).order_by("starts_on", "starts_at")

    def past(self):
        return self.public().filter(starts_on__lt=timezone.localdate())

    def latest(self):
        return self.public().order_by("-starts_on", "-starts_at")

    def with_photo_count(self):
        """Each event with `photo_count`, counted in the same query (for lists of events)."""
        return self.annotate(photo_count=Count("photos"))


class Event(models.Model):
    class Kind(models.TextChoices):
        CONFERENCE = "conference", _("konferencja")
        MEETING = "meeting", _("spotkanie")
        SIGNING = "signing", _("podpisanie dokumentu")
        WORKSHOP = "workshop", _("warsztaty")
        OTHER = "other", _("inne")

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="events", verbose_name=_("klaster"))
    slug = models.SlugField(_("identyfikator w adresie"), max_length=120, unique=True)
    title = models.CharField(_("tytuł"), max_length=300)
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("data"))
    starts_at = models.TimeField(_("godzina rozpoczęcia"), null=True, blank=True)
    place = models.CharField(_("miejsce"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    host = models.ForeignKey(
        Participant,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("gospodarz"),
    )
    summary = models.TextField(_("opis"), blank=True)
    published = models.BooleanField(_("opublikowane"), default=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("wydarzenie")
        verbose_name_plural = _("wydarzenia")
        ordering = ["-starts_on", "-starts_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})


class AgendaItem(models.Model):
    """One point of an event's programme: a talk with its speaker, advice offered, a signing."""

    class Kind(models.TextChoices):
        TALK = "talk", _("wystąpienie")
        ADVICE = "advice", _("doradztwo")
        SIGNING = "signing", _("podpisanie")
        OTHER = "other", _("inne")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("wydarzenie"))
    position = models.PositiveSmallIntegerField(_("kolejność"))
    kind = models.CharField(_("rodzaj"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("tytuł"), max_length=400, blank=True)
    description = models.TextField(_("opis"), blank=True)
    speaker = models.ForeignKey(
        Role, on_delete=models.SET_NULL, null=True, blank=True, related_name="agenda_items", verbose_name=_("prelegent")
    )

    class Meta:
        verbose_name = _("punkt programu")
        verbose_name_plural = _("punkty programu")
        ordering = ["event", "position"]
        constraints = [
            models.UniqueConstraint(fields=["event", "position"], name="events_agendaitem_unique_position"),
        ]

    def __str__(self):
        return self.title or self.get_kind_display()


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


auditlog.register(Event)
auditlog.register(AgendaItem)
auditlog.register(EventPhoto)
