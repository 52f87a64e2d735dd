"""The HTML the portal serves is well formed: elements close in order, ids are unique, labels point somewhere."""

import re
from html.parser import HTMLParser

import pytest

from klaster.tests.pages import sitemap_paths

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


def _sitemap_paths(client):
    return sitemap_paths(lambda path: client.get(path).content)


def test_every_public_page_is_well_formed_html(client, cluster):
    paths = _sitemap_paths(client) + ["/konto/login/", "/en/account/login/", "/nie-ma/", "/interesariusze/?page=2"]
    assert len(paths) >= 30
    failures = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert response["Content-Type"] == "text/html; charset=utf-8", path
        problems = Checker()
        problems.feed(response.content.decode())
        found = problems.finish()
        if found:
            failures[path] = found
    assert not failures, failures


@pytest.mark.parametrize(
    ("html", "problem"),
    [
        ("<!DOCTYPE html><html><body><div><span></div></body></html>", "closes"),
        ('<!DOCTYPE html><html><body><p id="a"></p><p id="a"></p></body></html>', "duplicate id"),
        ('<!DOCTYPE html><html><body><label for="x">X</label></body></html>', "points at no element"),
        ("<html><body></body></html>", "DOCTYPE"),
        ('<!DOCTYPE html><html><body><img src="a.png"></body></html>', "without alt"),
    ],
)
def test_the_checker_finds_broken_html(html, problem):
    checker = Checker()
    checker.feed(html)
    assert any(re.search(problem, found) for found in checker.finish())
