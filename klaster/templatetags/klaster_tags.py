from django import template
from django.urls import translate_url
from django.utils.html import format_html
from django.utils.translation import get_language

register = template.Library()


@register.simple_tag(takes_context=True)
def url_in_language(context, language):
    """The address of the current page in another language (for the language switcher)."""
    request = context["request"]
    return translate_url(request.get_full_path(), language)


@register.simple_tag
def lang_attr(obj, field):
    """` lang="pl"` when a translated field falls back to Polish on a page in another language."""
    language = get_language() or "pl"
    if language == "pl" or getattr(obj, f"{field}_{language}", None):
        return ""
    return format_html(' lang="{}"', "pl")
