"""The one Markdown of the portal: the agreement, the site's texts, news, descriptions of parties and events.

A safe subset: rendered by markdown-it-py with raw HTML off, then cleaned by nh3 (ammonia) with a short allow-list, so
no scripts, frames, styles, images or forms ever reach a page or a PDF. The text (never an address or code) gets Polish
typography (klaster/typography.py): „…”, non-breaking spaces in "2018 r.", "z o.o.", "§ 3".
"""

import re

import nh3
from django.utils.safestring import mark_safe
from markdown_it import MarkdownIt

from .typography import smart_quotes, spacing

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ol", "ul", "li", "blockquote", "h3", "h4", "h5", "code", "hr", "a",
    "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"scope"}}
URL_SCHEMES = {"http", "https", "mailto"}


def _typography(state):
    """A core rule: Polish typography on the text pieces of each paragraph or heading. Quotes are decided across the
    pieces ("„**word**”" is split by the emphasis), with the last character of the piece before."""
    for block in state.tokens:
        if block.type != "inline" or not block.children:
            continue
        previous = " "
        for token in block.children:
            if token.type == "text":
                token.content = smart_quotes(spacing(token.content), previous)
                if token.content:
                    previous = token.content[-1]
            elif token.type in {"softbreak", "hardbreak"}:
                previous = " "
            elif token.type == "code_inline" and token.content:
                previous = token.content[-1]


_markdown = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")
_markdown.core.ruler.push("polish_typography", _typography)
# Markdown headings inside a text are demoted under the page's own heading: "#" becomes h3 at most.
_HEADING = re.compile(r"<(/?)h([1-6])>")


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
