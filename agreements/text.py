"""The agreement's text: a safe subset of Markdown, split into numbered sections (§ 1, § 2, ...).

The coordinator writes the whole text in one field; a line "§ 3. Heading" (or "§ 3") starts section 3. Markdown is
rendered by markdown-it-py with raw HTML off, then the HTML is cleaned by nh3 (ammonia) with a short allow-list:
no scripts, frames, styles, images or forms ever reach a page or a PDF.
"""

import re
from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ol", "ul", "li", "blockquote", "h3", "h4", "h5", "code", "hr", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}

_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
# Markdown headings inside a section are demoted under the page's h2 "§ n": "#" becomes h3 at most.
_HEADING = re.compile(r"<(/?)h([1-6])>")
SECTION_LINE = re.compile(r"^\s*§\s*(\d{1,3})\s*\.?\s*(.*?)\s*$")


def render_markdown(text):
    """Markdown to clean HTML, marked safe for templates."""
    html = _markdown.render(text or "")
    html = _HEADING.sub(lambda m: f"<{m.group(1)}h{min(max(int(m.group(2)) + 2, 3), 5)}>", html)
    return mark_safe(  # noqa: S308 -- cleaned by nh3 with an allow-list just below
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
        )
    )


@dataclass(frozen=True)
class ParsedSection:
    number: int
    heading: str
    body: str


def sections_from_text(text):
    """Split the text into sections at lines starting with "§ n". Raises ValidationError, in the user's language,
    when text comes before the first §, a number repeats or skips, or a section is empty."""
    sections = []
    current = None
    body = []
    preamble = []
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        match = SECTION_LINE.match(line)
        if match:
            if current is not None:
                sections.append(ParsedSection(current[0], current[1], "\n".join(body).strip()))
            current = (int(match.group(1)), match.group(2).strip())
            body = []
        elif current is None:
            preamble.append(line)
        else:
            body.append(line)
    if current is not None:
        sections.append(ParsedSection(current[0], current[1], "\n".join(body).strip()))
    errors = []
    if "".join(preamble).strip():
        errors.append(_("Tekst przed pierwszym paragrafem: każdy paragraf zaczyna się od wiersza „§ 1.”, „§ 2.”…"))
    if not sections:
        errors.append(_("Brak paragrafów: zacznij tekst od wiersza „§ 1.”."))
    for expected, section in enumerate(sections, start=1):
        if section.number != expected:
            errors.append(
                _("Paragrafy mają kolejne numery od 1: po § %(previous)s jest § %(number)s.")
                % {"previous": expected - 1, "number": section.number}
            )
            break
    for section in sections:
        if not section.body:
            errors.append(_("§ %(number)s nie ma treści.") % {"number": section.number})
    if errors:
        raise ValidationError(errors)
    return sections


def text_from_sections(sections):
    """The one-field text of a version's sections, the inverse of sections_from_text."""
    parts = []
    for section in sections:
        head = f"§ {section.number}." + (f" {section.heading}" if section.heading else "")
        parts.append(f"{head}\n\n{section.body.strip()}")
    return "\n\n".join(parts)
