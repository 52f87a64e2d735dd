from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event, EventPhoto


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "place")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")


@register(EventPhoto)
class EventPhotoTranslation(TranslationOptions):
    fields = ("alt_text", "caption")
