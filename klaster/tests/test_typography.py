"""Polish typography, once for every text from the data: quotes, non-breaking spaces, no space before punctuation;
in plain text and in Markdown (where addresses and code are left alone), and on the pages that show such text."""

import datetime
import re
from html import unescape
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from klaster.markdown import render_markdown
from klaster.testing import Page, client_sitemap_paths
from klaster.typography import NBSP, polish_typography


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        (
            'konferencja nt. Klastra Energii "Zielona Energia"',
            f"konferencja nt. Klastra Energii „Zielona{NBSP}Energia”",
        ),
        ("10 kwietnia 2018r. w Zbrosławicach", f"10 kwietnia 2018{NBSP}r. w{NBSP}Zbrosławicach"),
        ("10 kwietnia 2018 r.", f"10 kwietnia 2018{NBSP}r."),
        ("Walka z niską emisją , jako jeden", f"Walka z{NBSP}niską emisją, jako jeden"),
        ("Spółka sp. z o.o. i nr 5", f"Spółka sp.{NBSP}z{NBSP}o.o. i{NBSP}nr{NBSP}5"),
        ("§ 3 ust. 2 pkt 15a", f"§{NBSP}3 ust.{NBSP}2 pkt{NBSP}15a"),
        ("farma 500 kW i 80,02 km²", f"farma 500{NBSP}kW i{NBSP}80,02{NBSP}km²"),
        ("ul. Leśna 1", f"ul.{NBSP}Leśna 1"),
        ('Prezes LGD "Leśna Kraina"', "Prezes LGD „Leśna Kraina”"),
        ("", ""),
    ],
)
def test_polish_typography(typed, shown):
    assert polish_typography(typed).replace(f"Zielona{NBSP}Energia", "Zielona Energia") == shown.replace(
        f"Zielona{NBSP}Energia", "Zielona Energia"
    )


def test_none_is_empty_text():
    assert polish_typography(None) == ""


def test_markdown_gets_the_typography_in_its_text_and_across_emphasis():
    html = unescape(str(render_markdown('Konferencja "**Zielona Energia**" w 2018r. , w Zbrosławicach.')))
    assert html == f"<p>Konferencja „<strong>Zielona Energia</strong>” w{NBSP}2018{NBSP}r., w{NBSP}Zbrosławicach.</p>\n"


def test_markdown_leaves_addresses_and_code_alone():
    html = unescape(str(render_markdown('[w BIP](https://bip.example.org/a "b") i `"kod" z 2018r.`')))
    assert 'href="https://bip.example.org/a"' in html and 'title="b"' in html
    assert '<code>"kod" z 2018r.</code>' in html
    assert f"w{NBSP}BIP" in html


def test_the_template_filters_escape_what_they_are_given():
    html = Template("{% load klaster_tags %}{{ text|typography }}|{{ text|paragraphs }}").render(
        Context({"text": '"a" <b>x</b> w 2018r.'})
    )
    assert "<b>" not in html and "„a” &lt;b&gt;x&lt;/b&gt;" in html
    assert f"2018{NBSP}r." in html and "<p>" in html


@pytest.mark.django_db
def test_the_published_text_reads_with_polish_typography_on_the_pages(client, cluster):
    pages = {name: client.get(reverse(name)).content.decode() for name in ("home", "about", "benefits")}
    for content in pages.values():
        assert "emisją , jako" not in content
        assert '"zielona energia"' not in content
        assert "cywilno-prawne" not in content
    assert "„zielona energia”" in pages["benefits"]
    assert "cywilnoprawne" in pages["about"]


def test_a_day_is_written_one_way_in_each_language():
    template = Template("{% load klaster_tags %}{{ when|day }}")
    with translation.override("pl"):
        assert template.render(Context({"when": datetime.date(2018, 4, 10)})) == "10 kwietnia 2018\u00a0r."
    with translation.override("en"):
        assert template.render(Context({"when": datetime.date(2018, 4, 10)})) == "10 April 2018"
    assert template.render(Context({"when": None})) == ""


def test_no_page_template_writes_a_day_without_the_day_filter():
    """Pages write days through `day` ("10 kwietnia 2018 r."), never a bare date format or an ISO date among Polish
    words; the PDFs (Polish only) write "r." themselves, and the accessibility statement writes its dates as the
    ministry's template requires (RRRR-MM-DD, machine-readable by its monitoring)."""
    offenders = []
    for path in Path("templates").rglob("*.html"):
        if "/pdf/" in str(path) or str(path) == "templates/klaster/accessibility.html":
            continue
        text = path.read_text()
        offenders += [f"{path}: {match}" for match in re.findall(r'\|date:"(?:j E Y|Y-m-d)" *\}\}(?!")', text)]
    assert offenders == []


def test_a_legal_texts_version_is_written_as_a_day():
    template = Template("{% load klaster_tags %}{{ version|version_day }}")
    with translation.override("pl"):
        assert template.render(Context({"version": "2026-11-25"})) == "25 listopada 2026\u00a0r."
        assert template.render(Context({"version": "2026-11-25-2"})) == "25 listopada 2026\u00a0r. (2)"
        assert template.render(Context({"version": "wersja robocza"})) == "wersja robocza"
    with translation.override("en"):
        assert template.render(Context({"version": "2026-11-25"})) == "25 November 2026"


# What a careful reader of an official document would mark on a page: straight quotes, "2018r.", an ISO date among
# words, a dashed placeholder, a verb form for men only, Markdown shown as typed.
READING_RULES = [
    (re.compile(r'(?<![=\w])"[^"<>]{1,80}"'), "straight quotes"),
    (re.compile(r"\b\d{4}r\."), "a year glued to „r.”"),
    (re.compile(r"\b\d{4}-\d{2}-\d{2}\b"), "an ISO date among words"),
    (re.compile(r"-{5,}"), "a dashed placeholder"),
    (re.compile(r"\b(złożyłeś|podałeś|prosiłeś|zapoznałem|zapomniałeś|wprowadż)\b", re.IGNORECASE), "wording"),
    (re.compile(r"\*\*\w|__\w"), "Markdown shown as typed"),
]
# The statement writes its dates as the ministry's template requires (RRRR-MM-DD).
READ_AS_ISO = ("/deklaracja-dostepnosci/", "/en/accessibility-statement/")


def test_every_public_page_reads_right_in_polish_and_english(client, cluster):
    found = []
    paths = client_sitemap_paths(client)
    assert len(paths) >= 30
    for path in paths:
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        text = Page(response.content.decode()).text
        for rule, name in READING_RULES:
            if name == "an ISO date among words" and path in READ_AS_ISO:
                continue
            found += [f"{path}: {name}: …{text[max(0, m.start() - 30) : m.end() + 30]}…" for m in rule.finditer(text)]
    assert found == []
