from modeltranslation.translator import TranslationOptions, register

from .news import NewsItem


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "lead", "text", "image_alt")
