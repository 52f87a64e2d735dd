from modeltranslation.translator import TranslationOptions, register

from .models import Benefit, Cluster, LegalText, Participant, Role


@register(Cluster)
class ClusterTranslation(TranslationOptions):
    fields = ("tagline", "about", "joining", "accessibility_notes", "accessibility_architecture")


@register(Benefit)
class BenefitTranslation(TranslationOptions):
    fields = ("text",)


@register(Participant)
class ParticipantTranslation(TranslationOptions):
    fields = ("description", "emblem_alt")


@register(Role)
class RoleTranslation(TranslationOptions):
    fields = ("function",)


@register(LegalText)
class LegalTextTranslation(TranslationOptions):
    fields = ("body",)
