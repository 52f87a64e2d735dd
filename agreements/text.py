"""The agreement's text: a safe subset of Markdown, split into numbered sections (§ 1, § 2, ...).

The coordinator writes the whole text in one field; a line "§ 3. Heading" (or "§ 3") starts section 3. The sections'
Markdown is the portal's one safe Markdown (klaster/markdown.py).
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from klaster.markdown import render_markdown

SECTION_LINE = re.compile(r"^\s*§\s*(\d{1,3})\s*\.?\s*(.*?)\s*$")

__all__ = ["ParsedSection", "render_markdown", "sections_from_text", "text_from_sections"]


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
