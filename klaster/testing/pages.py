"""Reading the pages the portal renders: their text, title, headings and links, their messages, whether the HTML is
well formed, how many queries they cost, and the sitemaps that list them."""

import re
import unicodedata
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from urllib.parse import urlsplit

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

# --- a page's text, title, headings and links -------------------------------------------------------------------------


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
            self.h1.append(" ".join(data.split()))  # a non-breaking space read as a space
        if "title" not in self._stack:
            self.texts.append(data)

    @property
    def text(self):
        return " ".join(" ".join(self.texts).split())


class ReadPage(Page):
    @property
    def text(self):
        """The visible text, without the spaces Page puts between elements before punctuation."""
        return re.sub(r"\(\s+", "(", re.sub(r"\s+([,.;:)])", r"\1", super().text))


def page_of(response):
    """The page a response carries (Page)."""
    return Page(response.content.decode())


def read_page(response):
    """The page a response carries as a reader sees its text (ReadPage)."""
    return ReadPage(response.content.decode())


def messages_of(response):
    """The messages (django.contrib.messages) a rendered response shows."""
    return [str(message) for message in response.context["messages"]]


def form_opened(client, url):
    """What the form of the page at `url` sends back when nothing is changed in it (`form_data` of the page's form)."""
    response = client.get(url)
    assert response.status_code == 200
    return form_data(response.context["form"])


def form_data(form):
    """What a browser would send back from `form` as the page showed it (its initial values), for a POST: unticked
    checkboxes and empty files left out, dates as ISO strings."""
    data = {}
    for bound in form:
        value = bound.value()
        if value is False or value is None or hasattr(value, "storage"):
            continue
        if value is True:
            value = "on"
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        data[bound.html_name] = value
    return data


def opened(client, url):
    """The form of the page at `url` as the browser shows it (form_data): what a POST sends back when nothing is
    changed, the edit-conflict mark included (klaster.concurrency)."""
    response = client.get(url)
    assert response.status_code == 200, url
    return form_data(response.context["form"])


def get_by_name(client, name, language="pl", **kwargs):
    """GET the page named `name` in `language` (`query` is appended to the address)."""
    query = kwargs.pop("query", "")
    with translation.override(language):
        address = reverse(name, kwargs=kwargs) + query
    return client.get(address)


def normalise(text):
    """Letters and digits only, lower case, single spaces: to compare facts across punctuation, quotes and Polish
    typography ("2018r." and "2018\u00a0r." compare equal)."""
    text = unicodedata.normalize("NFC", unescape(text)).casefold()
    text = re.sub(r"(\d)(?=[^\W\d_])", r"\1 ", text)
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


# --- what a page costs in queries ------------------------------------------------------------------------------------


def get_with_queries(client, url):
    """GET `url`, which must answer 200 (a streamed file is read to its end): the response and the SQL of every query
    it made."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return response, [query["sql"] for query in captured.captured_queries]


def captured_queries(client, url):
    """The SQL of every query the page at `url` makes (it must answer 200)."""
    return get_with_queries(client, url)[1]


def count_queries(client, url):
    """How many queries the page at `url` makes (it must answer 200)."""
    return len(captured_queries(client, url))


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
    """Every page the sitemaps list, as paths with their query: each entry's <loc> and its xhtml:link alternates.
    `get(path)` answers with the body's bytes (see client_sitemap_paths for the test client)."""
    paths = set()
    for body in sitemaps(get):
        root = ET.fromstring(body)  # noqa: S314 (our own sitemap)
        urls = [loc.text.strip() for loc in root.iterfind("sm:url/sm:loc", SITEMAP_NS)]
        urls += [link.get("href") for link in root.iterfind("sm:url/xhtml:link", SITEMAP_NS)]
        paths.update(_path(url) for url in urls)
    return sorted(paths)


def client_sitemap_paths(client):
    """Every page the sitemaps list, read with the test client."""
    return sitemap_paths(lambda path: client.get(path).content)


# --- well-formed HTML -------------------------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Elements whose end tag HTML lets the parser imply; we still close ours, but do not fail on them.
OPTIONAL_END = {"li", "p", "dt", "dd", "tr", "td", "th", "option", "thead", "tbody"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.ids, self.label_targets = [], [], {}, []
        self.doctype = False

    def handle_decl(self, decl):
        self.doctype = decl.lower() == "doctype html"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            if attrs["id"] in self.ids:
                self.problems.append(f"duplicate id {attrs['id']!r} at line {self.getpos()[0]}")
            self.ids[attrs["id"]] = tag
        if tag == "label" and attrs.get("for"):
            self.label_targets.append(attrs["for"])
        if tag == "img" and "alt" not in attrs:
            self.problems.append(f"<img> without alt at line {self.getpos()[0]}")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        if tag in VOID:
            self.problems.append(f"end tag for void element </{tag}> at line {self.getpos()[0]}")
            return
        while self.stack and self.stack[-1][0] != tag and self.stack[-1][0] in OPTIONAL_END:
            self.stack.pop()
        if not self.stack or self.stack[-1][0] != tag:
            opened = self.stack[-1] if self.stack else None
            self.problems.append(f"</{tag}> at line {self.getpos()[0]} closes {opened}")
            return
        self.stack.pop()

    def finish(self):
        self.close()
        if not self.doctype:
            self.problems.append("no <!DOCTYPE html>")
        unclosed = [f"<{tag}> from line {line}" for tag, line in self.stack if tag not in OPTIONAL_END]
        if unclosed:
            self.problems.append("unclosed: " + ", ".join(unclosed))
        for target in self.label_targets:
            if target not in self.ids:
                self.problems.append(f"<label for={target!r}> points at no element")
        return self.problems


def html_problems(html):
    """What is wrong with a page's HTML ([] when it is well formed), as Checker sees it."""
    checker = Checker()
    checker.feed(html)
    return checker.finish()


class Elements(HTMLParser):
    """The elements and attribute values of an HTML fragment."""

    def __init__(self, html):
        super().__init__()
        self.tags, self.values = set(), []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.values += [value or "" for _, value in attrs]
