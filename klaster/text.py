"""Text a person types, cleaned of what no one can see: the one rule for every form and for the register's import.

A name pasted from a word processor or a web page may carry characters that are invisible on the page but change what
it shows or how it compares: right-to-left overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make
"Gmina ABC" read backwards after them, zero-width spaces and joiners (U+200B–U+200D, U+2060, U+FEFF), soft hyphens,
and control characters (NUL, escape, bell...). `clean_text` drops them all (Unicode categories Cc and Cf) and composes
what is left (NFC), so "Łódź" typed with combining accents is the same name as "Łódź". Every Polish letter stays as it
is. A long text (a description, the agreement's sections) keeps its line breaks and tabs; in a one-line text they
become spaces.

Forms clean every text field before validating it with `CleanTextMixin`; the register's import calls `clean_text` on
each cell.
"""

import re
import unicodedata

from django import forms

# Line and paragraph separators (Zl, Zp) and the other line endings: one newline in a long text.
_LINE_BREAKS = re.compile(r"\r\n|[\r\u2028\u2029\x85\x0b\x0c]")
_KEPT_IN_LONG_TEXT = {"\n", "\t"}


def _invisible(char):
    return unicodedata.category(char) in ("Cc", "Cf")


def clean_text(value, *, multiline=False):
    """`value` without control and invisible formatting characters, in NFC. In a long text (`multiline`) line breaks
    are kept as "\\n" and tabs stay; in a one-line text both become spaces."""
    if not isinstance(value, str):
        return value
    value = _LINE_BREAKS.sub("\n", value)
    if not multiline:
        value = value.replace("\n", " ").replace("\t", " ")
    kept = _KEPT_IN_LONG_TEXT if multiline else set()
    value = "".join(char for char in value if char in kept or not _invisible(char))
    return unicodedata.normalize("NFC", value)


def _is_text_field(field):
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput | forms.HiddenInput)


class CleanTextMixin:
    """For a form (Form or ModelForm): the text a person typed into any text field (not passwords) is cleaned with
    `clean_text` before the field sees it, so its validation (required, length, patterns) and the form shown again
    both have the cleaned text. A text area keeps its line breaks, unless the form names it in `single_line_fields`
    (a title shown in a text area of two rows is still one line)."""

    single_line_fields = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            if not _is_text_field(field):
                continue
            key = self.add_prefix(name)
            if key not in data:
                continue
            multiline = isinstance(field.widget, forms.Textarea) and name not in self.single_line_fields
            if hasattr(data, "setlist"):
                data.setlist(key, [clean_text(value, multiline=multiline) for value in data.getlist(key)])
            else:
                data[key] = clean_text(data[key], multiline=multiline)
        self.data = data
