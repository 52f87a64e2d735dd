"""Materials of an event (presentations, documents): added to the end of its list, changed, replaced, moved, removed.
The coordinator only; a file is checked by its content (klaster.uploads.validate_document) before anything is saved."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import translation

from klaster.uploads import delete_file_on_commit
from members.access import is_coordinator

from ..models import Event, EventMaterial
from .ordering import swap_with_neighbour

MATERIAL_FIELDS = ["title_pl", "title_en", "kind", "is_public"]


def _check(by):
    if not is_coordinator(by):
        raise PermissionDenied


def _set(material, data):
    with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
        for name in MATERIAL_FIELDS:
            if name in data:
                value = data[name]
                setattr(material, name, value.strip() if isinstance(value, str) else value)


@transaction.atomic
def material_add(*, event, file, data, by):
    """Add `file` (an uploaded file, or a Django File with a plain name) to the end of `event`'s materials, with
    `data` (MATERIAL_FIELDS: the title in Polish and English, the kind, whether it is public). ValidationError with
    the Polish messages when the file or the data is refused; nothing is saved then."""
    _check(by)
    event = Event.objects.select_for_update().get(pk=event.pk)  # two added at once do not get the same position
    last = event.materials.aggregate(last=Max("position"))["last"] or 0
    material = EventMaterial(event=event, position=last + 1, file=file, size=file.size)
    _set(material, data)
    material.full_clean()
    material.save()
    return material


@transaction.atomic
def material_update(*, material, data, file=None, by):
    """Change the material's title, kind and visibility from `data`; with `file`, replace its file too (the old one
    is removed from the storage once this is committed)."""
    _check(by)
    material = EventMaterial.objects.select_for_update().get(pk=material.pk)
    _set(material, data)
    old = material.file.name
    if file is not None:
        material.file, material.size = file, file.size
        material.full_clean()
    else:
        material.full_clean(exclude={"file"})  # the stored file was checked when it was uploaded
    material.save()
    if file is not None:
        delete_file_on_commit(material.file.storage, old)
    return material


@transaction.atomic
def material_move(*, material, step, by):
    """Swap the material with its neighbour `step` (-1 earlier, +1 later) places away in the list."""
    _check(by)
    materials = list(EventMaterial.objects.select_for_update().filter(event_id=material.event_id).order_by("position"))
    return swap_with_neighbour(materials, material, step)


@transaction.atomic
def material_delete(*, material, by):
    """Remove the material and, once committed, its file."""
    _check(by)
    file = material.file
    material.delete()
    delete_file_on_commit(file.storage, file.name)
