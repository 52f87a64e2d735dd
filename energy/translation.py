from modeltranslation.translator import TranslationOptions, register

from .models import Rule


@register(Rule)
class RuleTranslation(TranslationOptions):
    fields = ("name",)
