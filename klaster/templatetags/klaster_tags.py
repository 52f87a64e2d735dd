import datetime
import re

from django import template
from django.forms import BaseForm, BaseFormSet
from django.template.defaultfilters import linebreaks_filter as linebreaks
from django.urls import translate_url
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from klaster.markdown import render_markdown
from klaster.typography import NBSP, polish_typography

register = template.Library()
_VERSION = re.compile(r"(?P<day>\d{4}-\d{2}-\d{2})(?:[-/ ](?P<number>\d+))?")


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


@register.filter
def markdown(text):
    """{{ text|markdown }}: the portal's safe Markdown with Polish typography (klaster/markdown.py)."""
    return render_markdown(text)


@register.filter
def typography(text):
    """{{ text|typography }}: plain text with Polish typography („…”, "2018 r." kept on one line); escaped as usual."""
    return polish_typography(text)


@register.filter
def paragraphs(text):
    """{{ text|paragraphs }}: plain text with Polish typography, as paragraphs (Django's linebreaks, escaped)."""
    return linebreaks(polish_typography(text), autoescape=True)


@register.filter
def day(value):
    """{{ date|day }}: a day written the one way the portal writes days, in the page's language: "10 kwietnia
    2018 r." in Polish (a non-breaking space keeps "2018 r." together), "10 April 2018" in English."""
    if not value:
        return ""
    text = date_format(value, "j E Y")
    return f"{text}{NBSP}r." if get_language() == "pl" else text


@register.filter
def version_day(version):
    """{{ text.version|version_day }}: a legal text's version ("2026-11-25", or "2026-11-25-2" for the second that day)
    written as a day (`day`), its number after it; a version that is not a date is shown as it is."""
    match = _VERSION.fullmatch(version or "")
    if not match:
        return version
    try:
        written = day(datetime.date.fromisoformat(match["day"]))
    except ValueError:
        return version
    return f"{written} ({match['number']})" if match["number"] else written


@register.filter
def fields_with_errors(form):
    """{{ form|fields_with_errors }}: the visible bound fields of `form` that have errors, in the form's order (for the
    error summary, templates/includes/_error_summary.html)."""
    return [field for field in form.visible_fields() if field.errors]


def _has_errors(value):
    # type(), not isinstance(): isinstance() asks a lazy object (the request's user, the cluster) for its class, which
    # evaluates it: the session read, queries made, and a public page no longer kept (klaster/page_cache.py).
    kind = type(value)
    if issubclass(kind, BaseForm):
        return value.is_bound and bool(value.errors)
    if issubclass(kind, BaseFormSet):
        return value.is_bound and value.total_error_count() > 0
    return False


@register.simple_tag(takes_context=True)
def error_title_prefix(context):
    """ "Błąd: " before the page's title when a form on the page was sent with errors (WCAG 3.3.1: the title says so
    first); every form and formset the page was given is asked, whatever its name."""
    if any(_has_errors(value) for value in context.flatten().values()):
        return _("Błąd") + ": "
    return ""
