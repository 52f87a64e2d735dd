"""The agreement's text: a safe subset of Markdown, and the one-field text split into numbered sections."""

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template

from agreements.text import ParsedSection, render_markdown, sections_from_text, text_from_sections

# --- render_markdown -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("<script>alert(1)</script>", "<script"),
        ('<iframe src="https://example.org"></iframe>', "<iframe"),
        ("![herb](https://example.org/herb.png)", "<img"),
        ("<img src=x onerror=alert(1)>", "<img"),
        ("[kliknij](javascript:alert(1))", '<a href="javascript:'),
        ('<a href="javascript:alert(1)">x</a>', '<a href="javascript:'),
        ("[dane](data:text/html;base64,PHNjcmlwdD4=)", 'href="data:'),
        ('<a href="https://example.org" onclick="alert(1)">x</a>', "<a "),
        ('<p style="color:red">raw HTML</p>', "<p style"),
        ("<form><input name=x></form>", "<form"),
        ("<style>body{display:none}</style>", "<style"),
    ],
)
def test_render_markdown_lets_no_script_frame_image_or_raw_html_through(text, forbidden):
    html = str(render_markdown(text))
    assert forbidden not in html
    assert "<script" not in html and "<iframe" not in html and "<img" not in html


def test_raw_html_is_shown_as_text_not_obeyed():
    assert str(render_markdown("<b>gruby</b>")) == "<p>&lt;b&gt;gruby&lt;/b&gt;</p>\n"


def test_render_markdown_keeps_paragraphs_lists_and_emphasis():
    html = str(render_markdown("Akapit z *wyróżnieniem* i **pogrubieniem**.\n\n- jeden\n- dwa\n\n3. trzy\n4. cztery"))
    assert "<p>Akapit z <em>wyróżnieniem</em> i <strong>pogrubieniem</strong>.</p>" in html
    assert "<ul>\n<li>jeden</li>\n<li>dwa</li>\n</ul>" in html
    assert '<ol start="3">\n<li>trzy</li>\n<li>cztery</li>\n</ol>' in html


def test_links_keep_their_address_and_get_a_safe_rel():
    html = str(render_markdown('[BIP](https://bip.example.org/ "Biuletyn") i [napisz](mailto:biuro@example.org)'))
    assert '<a href="https://bip.example.org/" title="Biuletyn" rel="noopener noreferrer nofollow">BIP</a>' in html
    assert '<a href="mailto:biuro@example.org" rel="noopener noreferrer nofollow">napisz</a>' in html


def test_headings_inside_a_section_are_demoted_below_the_section_heading():
    html = str(render_markdown("# Jeden\n\n## Dwa\n\n###### Sześć"))
    assert "<h3>Jeden</h3>" in html and "<h4>Dwa</h4>" in html and "<h5>Sześć</h5>" in html
    assert "<h1" not in html and "<h2" not in html and "<h6" not in html


def test_tables_are_kept():
    html = str(render_markdown("| Gmina | Powiat |\n|---|---|\n| Tworóg | tarnogórski |"))
    assert "<table>" in html and "<th>Gmina</th>" in html and "<td>Tworóg</td>" in html


def test_empty_text_renders_to_nothing():
    assert str(render_markdown("")).strip() == "" and str(render_markdown(None)).strip() == ""


def test_the_template_filter_renders_the_same_safe_html():
    html = Template("{% load klaster_tags %}{{ body|markdown }}").render(
        Context({"body": "**ważne** <script>x</script>"})
    )
    assert "<strong>ważne</strong>" in html and "&lt;script&gt;" in html and "<script>" not in html


# --- sections_from_text / text_from_sections -------------------------------------------------------------------

TEXT = """§ 1. Przedmiot porozumienia

Strony tworzą klaster energii.

§ 2. Koordynator

Koordynatorem jest stowarzyszenie.

- pierwszy obowiązek
- drugi obowiązek

§ 3.

Porozumienie zawarto na czas nieokreślony."""


def test_sections_are_split_at_paragraph_lines():
    assert sections_from_text(TEXT) == [
        ParsedSection(1, "Przedmiot porozumienia", "Strony tworzą klaster energii."),
        ParsedSection(
            2, "Koordynator", "Koordynatorem jest stowarzyszenie.\n\n- pierwszy obowiązek\n- drugi obowiązek"
        ),
        ParsedSection(3, "", "Porozumienie zawarto na czas nieokreślony."),
    ]


def test_sections_round_trip_through_the_one_field_text():
    sections = sections_from_text(TEXT)
    assert text_from_sections(sections) == TEXT
    assert sections_from_text(text_from_sections(sections)) == sections


def test_a_section_line_without_a_dot_or_heading_is_accepted():
    assert sections_from_text("§ 1\n\nTreść.") == [ParsedSection(1, "", "Treść.")]


def test_windows_line_ends_and_loose_spacing_are_accepted():
    sections = sections_from_text("§1 Przedmiot\r\n\r\nTreść.\r\n  §  2.   Koniec  \r\nDruga treść.")
    assert sections == [ParsedSection(1, "Przedmiot", "Treść."), ParsedSection(2, "Koniec", "Druga treść.")]


def messages(text):
    with pytest.raises(ValidationError) as raised:
        sections_from_text(text)
    return raised.value.messages


def test_text_before_the_first_section_is_refused():
    assert messages("Wstęp.\n\n§ 1. Przedmiot\n\nTreść.") == [
        "Tekst przed pierwszym paragrafem: każdy paragraf zaczyna się od wiersza „§ 1.”, „§ 2.”…"
    ]


def test_a_text_without_sections_is_refused():
    assert "Brak paragrafów: zacznij tekst od wiersza „§ 1.”." in messages("Sama treść bez paragrafów.")
    assert messages("") == ["Brak paragrafów: zacznij tekst od wiersza „§ 1.”."]


def test_section_numbers_must_follow_one_another_from_one():
    assert messages("§ 1. A\n\nTreść.\n\n§ 3. C\n\nTreść.") == ["Paragrafy mają kolejne numery od 1: po § 1 jest § 3."]
    assert messages("§ 2. B\n\nTreść.") == ["Paragrafy mają kolejne numery od 1: po § 0 jest § 2."]
    assert messages("§ 1. A\n\nTreść.\n\n§ 1. A\n\nTreść.") == ["Paragrafy mają kolejne numery od 1: po § 1 jest § 1."]


def test_an_empty_section_is_refused():
    assert messages("§ 1. A\n\n§ 2. B\n\nTreść.") == ["§ 1 nie ma treści."]


def test_every_problem_is_reported_at_once():
    assert messages("Wstęp.\n§ 2. B\n") == [
        "Tekst przed pierwszym paragrafem: każdy paragraf zaczyna się od wiersza „§ 1.”, „§ 2.”…",
        "Paragrafy mają kolejne numery od 1: po § 0 jest § 2.",
        "§ 2 nie ma treści.",
    ]
