"""Reading rendered pages in tests: their visible text, title, headings and meta tags."""

import re
import unicodedata
from html import unescape
from html.parser import HTMLParser


class Page(HTMLParser):
    def __init__(self, html):
        super().__init__(convert_charrefs=True)
        self.texts, self.meta, self.links, self.h1 = [], {}, [], []
        self.title = ""
        self.html_lang = None
        self._stack = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self._stack.append(tag)
        if tag == "html":
            self.html_lang = attrs.get("lang")
        elif tag == "meta":
            key = attrs.get("name") or attrs.get("property")
            if key:
                self.meta[key] = attrs.get("content", "")
        elif tag == "a" and "href" in attrs:
            self.links.append(attrs["href"])
        elif tag == "link" and attrs.get("rel") == "alternate":
            self.links.append(attrs.get("href"))

    def handle_endtag(self, tag):
        if tag in self._stack:
            while self._stack and self._stack.pop() != tag:
                pass

    def handle_data(self, data):
        if "script" in self._stack or "style" in self._stack:
            return
        if self._stack and self._stack[-1] == "title":
            self.title += data
        elif self._stack and self._stack[-1] == "h1":
            self.h1.append(data.strip())
        if "title" not in self._stack:
            self.texts.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.texts).split())


def normalise(text):
    """Letters and digits only, lower case, single spaces: to compare facts across punctuation and quotes."""
    text = unicodedata.normalize("NFC", unescape(text)).casefold()
    return " ".join(re.sub(r"[^\w]+", " ", text).split())
