"""Photos of an event: added to the end of its gallery with their text alternative (and a thumbnail made from the
picture), their texts changed, moved, removed."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from klaster.uploads import delete_file_on_commit, thumbnail
from members.access import is_coordinator

from ..models import Event, EventPhoto
from .ordering import swap_with_neighbour


@transaction.atomic
def photo_add(*, event, image, alt_text, caption="", credit="", by):
    """Add `image` to the end of `event`'s gallery: an uploaded file, or a Django File with a plain name
    (`File(f, name="scena.jpg")`; the name is kept under events/photos/<year>/).

    The picture is checked by its content (klaster.uploads.validate_image) and the alt text is required: a
    ValidationError with the Polish messages is raised and nothing is saved. `alt_text` and `caption` are Polish,
    the source language of the content, whatever language is active (the English page falls back to them).
    """
    if not is_coordinator(by):
        raise PermissionDenied
    # Lock the event so two photos added at once do not get the same position.
    event = Event.objects.select_for_update().get(pk=event.pk)
    last = event.photos.aggregate(last=Max("position"))["last"] or 0
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        photo = EventPhoto(
            event=event,
            position=last + 1,
            image=image,
            alt_text=alt_text.strip(),
            caption=caption.strip(),
            credit=credit.strip(),
        )
    # width and height are read from the image; for a file that is not a picture they are empty, and the image's
    # own error says why.
    photo.full_clean(exclude={"width", "height"})
    # The thumbnail from the pixels the check decoded (klaster.uploads.thumbnail): stored with its own random name.
    photo.thumbnail.save(image.name, thumbnail(image), save=False)
    photo.save()
    return photo


PHOTO_TEXT_FIELDS = ["alt_text_pl", "alt_text_en", "caption_pl", "caption_en", "credit"]


@transaction.atomic
def photo_update(*, photo, data, by):
    """Change the photo's text alternative, caption and credit from `data` (PHOTO_TEXT_FIELDS). The text alternative
    stays required and may not be a file's name (EventPhoto.clean): ValidationError, nothing saved."""
    if not is_coordinator(by):
        raise PermissionDenied
    photo = EventPhoto.objects.select_for_update().get(pk=photo.pk)
    for name in PHOTO_TEXT_FIELDS:
        if name in data:
            setattr(photo, name, (data[name] or "").strip())
    photo.full_clean(exclude={"image", "thumbnail", "width", "height", "thumbnail_width", "thumbnail_height"})
    photo.save()
    return photo


@transaction.atomic
def photo_move(*, photo, step, by):
    """Swap the photo with its neighbour `step` (-1 earlier, +1 later) places away in the gallery."""
    if not is_coordinator(by):
        raise PermissionDenied
    photos = list(EventPhoto.objects.select_for_update().filter(event_id=photo.event_id).order_by("position"))
    return swap_with_neighbour(photos, photo, step)


@transaction.atomic
def photo_delete(*, photo, by):
    """Remove the photo from the gallery and, once committed, its file."""
    if not is_coordinator(by):
        raise PermissionDenied
    image, small = photo.image, photo.thumbnail
    photo.delete()
    delete_file_on_commit(image.storage, image.name)
    delete_file_on_commit(small.storage, small.name)
