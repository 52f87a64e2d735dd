from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event, EventMaterial, EventOutcome, EventPhoto, Speaker


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "place", "venue_accessibility", "cancellation_reason")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Speaker)
class SpeakerTranslation(TranslationOptions):
    fields = ("function",)


@register(EventPhoto)
class EventPhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption")


@register(EventMaterial)
class EventMaterialTranslation(TranslationOptions):
    fields = ("title",)


@register(EventOutcome)
class EventOutcomeTranslation(TranslationOptions):
    fields = ("description",)
