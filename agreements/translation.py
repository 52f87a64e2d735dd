from modeltranslation.translator import TranslationOptions, register

from .models import Agreement


@register(Agreement)
class AgreementTranslation(TranslationOptions):
    fields = ("summary",)
