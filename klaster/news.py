"""News of the cluster (aktualności): the coordinator writes them in the panel, the public reads the published ones.

A news item is Polish and English (django-modeltranslation, klaster/translation.py; English falls back to Polish);
its text is the safe Markdown of the agreement (agreements.text.render_markdown). Its picture is checked by content
(klaster.uploads.validate_image) and needs its text alternative. Published means: marked published, and its
publication date has come (a date ahead schedules it). Every change lands in the audit history (auditlog).
"""

from auditlog.registry import auditlog
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from klaster.concurrency import check_unchanged, form_labels, form_values
from klaster.slugs import slugify, unique_slug
from klaster.uploads import UploadImageField, delete_file_on_commit, original_name_field, validate_image


class NewsItemQuerySet(models.QuerySet):
    def published(self, *, today=None):
        """What the public sees: published, with a publication date that has come, the newest first."""
        today = today or timezone.localdate()
        return self.filter(status=NewsItem.Status.PUBLISHED, published_on__lte=today).order_by("-published_on", "-pk")


class NewsItem(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("szkic")
        PUBLISHED = "published", _("opublikowana")

    title = models.CharField(_("tytuł"), max_length=200)
    slug = models.SlugField(_("identyfikator w adresie"), max_length=120, unique=True, editable=False)
    lead = models.CharField(
        _("zajawka"), max_length=400, help_text=_("Jedno lub dwa zdania pokazywane na liście i na stronie głównej.")
    )
    text = models.TextField(
        _("treść"),
        blank=True,
        help_text=_(
            "Akapity oddziel pustym wierszem. *kursywa*, **pogrubienie**, listy z „- ”, odnośniki [tekst](adres)."
        ),
    )
    image = UploadImageField(
        _("zdjęcie"),
        upload_to="news/%Y/",
        blank=True,
        width_field="image_width",
        height_field="image_height",
        validators=[validate_image],
        help_text=_("Plik JPEG, PNG lub WebP."),
    )
    image_original_name = original_name_field()
    image_width = models.PositiveIntegerField(_("szerokość zdjęcia (px)"), null=True, blank=True, editable=False)
    image_height = models.PositiveIntegerField(_("wysokość zdjęcia (px)"), null=True, blank=True, editable=False)
    image_alt = models.CharField(
        _("tekst alternatywny zdjęcia"),
        max_length=300,
        blank=True,
        help_text=_("Co widać na zdjęciu, dla osób, które go nie widzą (czytane przez czytniki ekranu)."),
    )
    published_on = models.DateField(_("data publikacji"), default=timezone.localdate)
    status = models.CharField(_("stan"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    objects = NewsItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("aktualność")
        verbose_name_plural = _("aktualności")
        ordering = ["-published_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(image="") | (models.Q(image_alt_pl__isnull=False) & ~models.Q(image_alt_pl="")),
                name="klaster_newsitem_image_has_alt",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.image and not self.image_alt_pl:
            raise ValidationError(
                {"image_alt_pl": _("Opisz zdjęcie: tekst alternatywny jest wymagany, gdy jest zdjęcie.")}
            )

    @property
    def is_public(self):
        return self.status == self.Status.PUBLISHED and self.published_on <= timezone.localdate()


@transaction.atomic
def news_item_save(*, form, edited_from=None):
    """Save a news item from a valid NewsItemForm (new or changed); a new one gets a slug from its Polish title. A
    replaced or removed picture is deleted from the storage once committed. `edited_from`: what the form was opened
    with (klaster.concurrency): a change saved meanwhile by someone else refuses this one (EditConflict)."""
    item = form.instance
    if item.pk:
        stored = NewsItem.objects.select_for_update().filter(pk=item.pk).first()
        if stored is None:
            raise ValidationError(
                _("Ktoś inny usunął tę aktualność, odkąd otworzono ten formularz; zmian nie zapisano.")
            )
        check_unchanged(edited_from=edited_from, now=form_values(type(form), stored), labels=form_labels(form))
    if not item.slug:
        title = item.title_pl or item.title
        base = slugify(title, max_length=114, fallback="aktualnosc")
        taken = set(NewsItem.objects.filter(slug__startswith=base).values_list("slug", flat=True))
        item.slug = unique_slug(title, taken, max_length=120, fallback="aktualnosc")
    old_image = ""
    if item.pk and "image" in form.changed_data:
        old_image = NewsItem.objects.filter(pk=item.pk).values_list("image", flat=True).first() or ""
    item = form.save()
    if old_image and old_image != item.image.name:
        delete_file_on_commit(item.image.storage, old_image)
    return item


@transaction.atomic
def news_item_delete(*, item):
    """Delete a news item and, once committed, its picture."""
    image = item.image
    item.delete()
    delete_file_on_commit(image.storage, image.name)


auditlog.register(NewsItem)
