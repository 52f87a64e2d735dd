from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Event


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "summary", "place")


@register(AgendaItem)
class AgendaItemTranslation(TranslationOptions):
    fields = ("title", "description")
