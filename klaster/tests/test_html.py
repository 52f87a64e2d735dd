"""The HTML the portal serves is well formed: elements close in order, ids are unique, labels point somewhere."""

import re

import pytest

from klaster.testing import client_sitemap_paths, html_problems


def test_every_public_page_is_well_formed_html(client, cluster):
    paths = client_sitemap_paths(client) + [
        "/konto/login/",
        "/en/account/login/",
        "/nie-ma/",
        "/interesariusze/?page=2",
    ]
    assert len(paths) >= 30
    failures = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 404), path
        assert response["Content-Type"] == "text/html; charset=utf-8", path
        found = html_problems(response.content.decode())
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
    assert any(re.search(problem, found) for found in html_problems(html))
