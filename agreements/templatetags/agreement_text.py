from django import template

from agreements.text import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """{{ section.body|markdown }}: the safe Markdown subset of agreement texts, cleaned."""
    return render_markdown(text)
