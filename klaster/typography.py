"""Polish typography, applied once to whatever text the portal shows from its data (the cluster's texts, descriptions,
news, the agreement): the rules a Polish editor applies to an official document.

- Quotation marks: "…" becomes „…” (and a quotation inside one, „… "…" …”, gets the same marks: Polish usage allows
  »…« too, but the cluster's texts nest rarely and the same marks read well).
- A non-breaking space keeps together what must not be split at the end of a line: a one-letter word and the word
  after it ("w Zbrosławicach", "z o.o."), a year and "r." ("2018 r.", also when typed "2018r."), an abbreviation and
  what it abbreviates ("nr 5", "§ 3", "art. 38", "ust. 2", "pkt 15a", "ul. Leśna", "sp. z o.o."), a number and its
  unit ("500 kW", "80,02 km²", "5 tys.").
- No space before a comma, a full stop, a colon, a semicolon, a question or exclamation mark ("emisją , jako" becomes
  "emisją, jako").

`polish_typography(text)` works on plain text (the template filter `typography` escapes it afterwards as usual); Markdown
is given the same treatment on its text only, never on addresses or code (klaster/markdown.py).
"""

import re

NBSP = "\u00a0"

_SPACE_BEFORE_PUNCTUATION = re.compile(r"(?<=[\w.)”])[ \t\u00a0]+(?=[,.:;?!](?:\s|$))")
_YEAR = re.compile(r"\b(\d{4})[ \u00a0]?r\.(?!\w)")
_ABBREVIATION = re.compile(
    r"(?<![\w.])(nr|Nr|§|art\.|Art\.|ust\.|pkt|poz\.|ul\.|al\.|pl\.|os\.|sp\.|tel\.|str\.|s\.|ok\.|godz\.|im\.|św\.|"
    r"tys\.|mln|mld) +(?=\S)"
)
_UNIT = re.compile(r"(\d) +(kWh|MWh|GWh|kWp|kW|MW|GW|km²|km|m²|ha|zł|tys\.|mln|mld|°C|%)(?!\w)")
_ONE_LETTER = re.compile(r"(?<![\w.\-])([aiouwzAIOUWZ]) +(?=\S)")
_QUOTE = '"'
_OPENS_AFTER = set(" \t\n\u00a0([{„-–—/")


def smart_quotes(text, previous=" "):
    """Straight double quotes as Polish ones: opening „ at the start or after a space or an opening bracket, closing ”
    elsewhere. `previous` is the character before `text` (for a text split into pieces, as Markdown's is)."""
    if _QUOTE not in text:
        return text
    out = []
    for character in text:
        if character == _QUOTE:
            character = "„" if previous in _OPENS_AFTER else "”"
        out.append(character)
        previous = character
    return "".join(out)


def spacing(text):
    """The spaces of Polish typography (the non-breaking ones, none before punctuation), quotes left alone."""
    text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    text = _YEAR.sub(rf"\1{NBSP}r.", text)
    text = _ABBREVIATION.sub(rf"\1{NBSP}", text)
    text = _UNIT.sub(rf"\1{NBSP}\2", text)
    return _ONE_LETTER.sub(rf"\1{NBSP}", text)


def polish_typography(text):
    if not text:
        return text or ""
    return smart_quotes(spacing(str(text)))
