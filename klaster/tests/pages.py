"""Reading rendered pages in tests: their visible text, title, headings and meta tags."""

import re
import unicodedata
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit


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


# --- the sitemap: an index of sitemaps, each a list of pages -------------------------------------------------------

SITEMAP_NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9", "xhtml": "http://www.w3.org/1999/xhtml"}


def _path(url):
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def sitemaps(get):
    """The XML of every sitemap that /sitemap.xml (an index) lists; `get(path)` answers with the body's bytes."""
    index = ET.fromstring(get("/sitemap.xml"))  # noqa: S314 (our own sitemap)
    assert index.tag == f"{{{SITEMAP_NS['sm']}}}sitemapindex"
    return [get(_path(loc.text.strip())) for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]


def sitemap_text(client):
    """Every sitemap the index lists, as one text (to look for addresses in)."""
    return "\n".join(body.decode() for body in sitemaps(lambda path: client.get(path).content))


def sitemap_paths(get):
    """Every page the sitemaps list, as paths with their query: each entry's <loc> and its xhtml:link alternates."""
    paths = set()
    for body in sitemaps(get):
        root = ET.fromstring(body)  # noqa: S314 (our own sitemap)
        urls = [loc.text.strip() for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]
        urls += [link.get("href") for link in root.iterfind("sm:url/xhtml:link", SITEMAP_NS)]
        paths.update(_path(url) for url in urls)
    return sorted(paths)
