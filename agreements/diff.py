"""A readable difference between two versions of the agreement: which sections were added, removed or changed, and
inside a changed one which words, compared on the Markdown source the coordinator wrote.

Sections are matched by their content first, then by similarity, then by number: a section inserted in the middle
renumbers those after it, and should read as one added section, not as every later section changed. Words are
compared with difflib; the HTML is built with format_html, so every piece of text is escaped.
"""

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language
from django.utils.translation import gettext as _

# Words, single punctuation marks and runs of whitespace: joined back they give the text unchanged.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")
_WORD = re.compile(r"\w+")
# Two sections this alike (difflib's ratio over their words) are one section changed, not one removed and one added.
SIMILAR = 0.5
# Beyond this many comparisons in one block of unmatched sections, pair them by number instead of by similarity.
MAX_COMPARISONS = 2500


@dataclass(frozen=True)
class Piece:
    """A stretch of text that is the same in both versions ("equal"), only in the old ("delete") or the new ("insert")."""

    kind: str
    text: str


@dataclass(frozen=True)
class SectionChange:
    """One section of either version: `old` and `new` are Section rows (or None when added or removed)."""

    ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"

    kind: str
    old: object
    new: object
    heading: tuple = ()
    body: tuple = ()

    @property
    def number(self):
        return (self.new or self.old).number

    @property
    def renumbered(self):
        return self.old is not None and self.new is not None and self.old.number != self.new.number

    @property
    def heading_changed(self):
        return any(piece.kind != "equal" for piece in self.heading)

    def heading_html(self):
        return pieces_html(self.heading)

    def body_html(self):
        return pieces_html(self.body)


@dataclass(frozen=True)
class VersionDiff:
    old: object
    new: object
    sections: tuple

    def _of_kind(self, kind):
        return [change for change in self.sections if change.kind == kind]

    @property
    def added(self):
        return self._of_kind(SectionChange.ADDED)

    @property
    def removed(self):
        return self._of_kind(SectionChange.REMOVED)

    @property
    def changed(self):
        return self._of_kind(SectionChange.CHANGED)

    @property
    def unchanged(self):
        return self._of_kind(SectionChange.UNCHANGED)

    @property
    def shown(self):
        """The sections that differ, in the order of the texts."""
        return [change for change in self.sections if change.kind != SectionChange.UNCHANGED]

    @property
    def has_changes(self):
        return bool(self.shown)


def compare_versions(old, new, old_sections, new_sections):
    """The difference between two versions, given their sections in order."""
    changes = []
    for before, after in align_sections(list(old_sections), list(new_sections)):
        if before is None:
            changes.append(
                SectionChange(
                    SectionChange.ADDED,
                    None,
                    after,
                    _whole("insert", after.heading),
                    _whole("insert", _text(after.body)),
                )
            )
        elif after is None:
            changes.append(
                SectionChange(
                    SectionChange.REMOVED,
                    before,
                    None,
                    _whole("delete", before.heading),
                    _whole("delete", _text(before.body)),
                )
            )
        else:
            heading = word_diff(before.heading, after.heading)
            body = word_diff(_text(before.body), _text(after.body))
            same = all(piece.kind == "equal" for piece in heading + body)
            kind = SectionChange.UNCHANGED if same else SectionChange.CHANGED
            changes.append(SectionChange(kind, before, after, heading, body))
    return VersionDiff(old, new, tuple(changes))


def align_sections(old, new):
    """Pairs (old section or None, new section or None) covering both lists in order."""
    matcher = SequenceMatcher(None, [_key(s) for s in old], [_key(s) for s in new], autojunk=False)
    pairs = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            pairs.extend(zip(old[i1:i2], new[j1:j2], strict=True))
        else:
            pairs.extend(_pair_unmatched(old[i1:i2], new[j1:j2]))
    return pairs


def _pair_unmatched(old, new):
    """Pair the sections of a block that differ: first, in order, each with the next similar one; between those, the
    ones that keep their number (a section rewritten in full). What is left was removed or added."""
    anchors = []
    if len(old) * len(new) <= MAX_COMPARISONS:
        start = 0
        for i, before in enumerate(old):
            k = next((k for k in range(start, len(new)) if _similar(before, new[k])), None)
            if k is not None:
                anchors.append((i, k))
                start = k + 1
    pairs = []
    old_start = new_start = 0
    for i, k in [*anchors, (len(old), len(new))]:
        pairs.extend(_pair_by_number(old[old_start:i], new[new_start:k]))
        if i < len(old):
            pairs.append((old[i], new[k]))
        old_start, new_start = i + 1, k + 1
    return pairs


def _pair_by_number(old, new):
    pairs = []
    start = 0
    for before in old:
        k = next((k for k in range(start, len(new)) if new[k].number == before.number), None)
        if k is None:
            pairs.append((before, None))
            continue
        pairs.extend((None, after) for after in new[start:k])
        pairs.append((before, new[k]))
        start = k + 1
    pairs.extend((None, after) for after in new[start:])
    return pairs


def _text(text):
    return (text or "").replace("\r\n", "\n").strip()


def _key(section):
    return (section.heading.strip(), " ".join(section.body.split()))


def _words(section):
    return _WORD.findall(f"{section.heading} {section.body}".casefold())


def _similar(a, b):
    matcher = SequenceMatcher(None, _words(a), _words(b), autojunk=False)
    return matcher.real_quick_ratio() >= SIMILAR and matcher.quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR


def _whole(kind, text):
    return (Piece(kind, text),) if text else ()


def word_diff(old, new):
    """The pieces that turn `old` into `new`, word by word. Whitespace or a punctuation mark alone between two changes
    joins them, so "kota, psa" -> "lisa, wilka" reads as one deletion and one insertion rather than a patchwork."""
    a, b = _TOKEN.findall(old or ""), _TOKEN.findall(new or "")
    segments = [
        [tag == "equal", "".join(a[i1:i2]), "".join(b[j1:j2])]
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    ]
    for index in range(1, len(segments) - 1):
        equal, text, _same = segments[index]
        if equal and _is_glue(text) and not segments[index - 1][0] and not segments[index + 1][0]:
            segments[index][0] = False
    merged = []
    for equal, before, after in segments:
        if merged and not equal and not merged[-1][0]:
            merged[-1][1] += before
            merged[-1][2] += after
        else:
            merged.append([equal, before, after])
    pieces = []
    for equal, before, after in merged:
        if equal:
            pieces.append(Piece("equal", before))
            continue
        if before:
            pieces.append(Piece("delete", before))
        if after:
            pieces.append(Piece("insert", after))
    return tuple(pieces)


def _is_glue(text):
    return len(text) <= 3 and not _WORD.search(text)


def pieces_html(pieces):
    """Escaped HTML: removed text in <del>, added in <ins>, each announced to screen readers."""
    return format_html_join("", "{}", ((_piece_html(piece),) for piece in pieces))


def _piece_html(piece):
    # The announcement is in the page's language; the compared text around it is Polish (lang="pl").
    if piece.kind == "delete":
        return format_html(
            '<del><span class="visually-hidden" lang="{}">{} </span>{}</del>',
            get_language(),
            _("usunięto:"),
            piece.text,
        )
    if piece.kind == "insert":
        return format_html(
            '<ins><span class="visually-hidden" lang="{}">{} </span>{}</ins>', get_language(), _("dodano:"), piece.text
        )
    return piece.text
