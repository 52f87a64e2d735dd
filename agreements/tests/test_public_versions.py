"""The public history of the agreement's versions, one version, and the difference between two versions. Everyone
may read them; drafts never appear on them."""

import re

import pytest
from django.urls import reverse

from klaster.testing import ReadPage, get_by_name, html_problems, read_page, sitemap_text
from klaster.testing.agreements import SECTIONS_V3, publish_version
from members.models import Participant

# --- the history of versions ------------------------------------------------------------------------------------


def test_history_lists_published_versions_newest_first_with_annexes(client, version3):
    response = get_by_name(client, "agreements:versions")
    html, page = response.content.decode(), read_page(response)
    links = [reverse("agreements:version", kwargs={"number": n}) for n in (3, 2, 1)]
    assert [link for link in page.links if link in links] == links
    assert "3 opublikowane wersje" in page.text
    assert "wersja 3 obowiązująca" in page.text
    assert "aneks nr 2/2026 z dnia 2 grudnia 2025 r.: zmiana porozumienia nr 2" in page.text
    assert "Dodano § 2." in page.text and "tekst pierwotny, bez aneksu" in page.text
    assert "6 stron" in page.text
    diff = reverse("agreements:diff")
    assert f'href="{diff}?od=2&amp;do=3"' in html and f'href="{diff}?od=1&amp;do=2"' in html


def test_history_shows_which_party_is_bound_by_which_version(client, version3):
    html = get_by_name(client, "agreements:versions").content.decode()
    table = html[html.index('<table class="bound-table">') :]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[: table.index("</table>")], re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows[ReadPage(cells[0]).text] = [ReadPage(cell).text for cell in cells[1:]]
    assert len(rows) == 6
    tworog = rows[Participant.objects.get(slug="tworog").name]
    assert tworog == [
        "podpisała 10 kwietnia 2018 r. (strona założycielska)",
        "podpisała 2 grudnia 2024 r. (podpisanie aneksu)",
        "podpisała 2 grudnia 2025 r. (podpisanie aneksu) wiąże",
    ]
    pawonkow = rows[Participant.objects.get(slug="pawonkow").name]
    assert pawonkow[1].endswith("wiąże") and pawonkow[2] == "nie podpisała"
    kochanowice = rows[Participant.objects.get(slug="kochanowice").name]
    assert kochanowice == [
        "podpisała 10 kwietnia 2018 r. (strona założycielska) wiąże",
        "nie podpisała",
        "nie podpisała",
    ]


# --- one version ------------------------------------------------------------------------------------------------


def test_version_page_shows_its_text_annex_and_who_signed_it(client, version2):
    response = get_by_name(client, "agreements:version", number=2)
    html, page = response.content.decode(), read_page(response)
    assert page.h1 == ["Wersja 2 porozumienia"]
    assert "obowiązująca (tekst jednolity)" in page.text
    assert '<h3 id="par-3-title">§ 3. Postanowienia końcowe</h3>' in html
    assert "Aneks nr 1/2025" in page.text and "Aneks wprowadza <strong>wersję 2</strong>" in html
    assert "Dodano tekst porozumienia." in page.text
    assert "Wersję 2 podpisało 3 stron" in page.text or "Wersję 2 podpisały 3 strony" in page.text
    assert "podpisanie aneksu 2 grudnia 2024 r., Tworóg" in page.text
    assert f"{reverse('agreements:diff')}?od=1&do=2" in page.links


def test_a_superseded_version_says_so_and_links_to_its_successor(client, version3):
    page = read_page(get_by_name(client, "agreements:version", number=1))
    assert "nieaktualna: zastąpiona wersją 2; obowiązuje wersja 3" in page.text
    assert reverse("agreements:version", kwargs={"number": 2}) in page.links
    assert "Pełny tekst porozumienia nie został opublikowany." in page.text, "version 1 of the seed is a placeholder"
    assert "6 stron" in page.text


def test_a_missing_version_is_not_found(client, agreement):
    assert get_by_name(client, "agreements:version", number=9).status_code == 404


# --- drafts are never public ------------------------------------------------------------------------------------


def test_a_draft_version_is_absent_from_every_public_page(client, version2):
    publish_version(version2.agreement, 3, SECTIONS_V3, status="draft")
    draft_url = reverse("agreements:version", kwargs={"number": 3})
    assert get_by_name(client, "agreements:version", number=3).status_code == 404
    for name in ("agreements:detail", "agreements:versions", "agreements:diff"):
        response = get_by_name(client, name)
        assert draft_url not in read_page(response).links
        assert "Obszar klastra" not in response.content.decode()
    assert "wersja 3" not in read_page(get_by_name(client, "agreements:versions")).text
    assert draft_url not in sitemap_text(client)
    response = get_by_name(client, "agreements:diff", query="?od=2&do=3")
    assert response.status_code == 400 and "Obszar klastra" not in response.content.decode()


# --- the difference between two versions ------------------------------------------------------------------------


def test_diff_with_one_version_says_there_is_nothing_to_compare(client, agreement):
    response = get_by_name(client, "agreements:diff")
    assert response.status_code == 200
    page = read_page(response)
    assert "Nie ma jeszcze czego porównać" in page.text
    assert "<form" not in response.content.decode()


def test_diff_compares_the_previous_and_current_version_by_default(client, version3):
    response = get_by_name(client, "agreements:diff")
    assert response.status_code == 200
    html, page = response.content.decode(), read_page(response)
    assert '<option value="2" selected>' in html and html.count("selected>") == 2
    assert "Zmiany od wersji 2 do wersji 3" in page.text
    assert "Dodane paragrafy 1 Usunięte paragrafy 0 Zmienione paragrafy 2 Paragrafy bez zmian 1" in page.text
    assert "§ 2: dodany paragraf" in page.text
    assert "§ 3 (wcześniej § 2): zmieniony paragraf" in page.text, "the renamed section, renumbered"
    assert "§ 4 (wcześniej § 3): zmieniony paragraf" in page.text
    assert "Bez zmian: § 1" in page.text
    visible = '<span class="visually-hidden" lang="pl">usunięto: </span>'
    assert f"<del>{visible}**nieokreślony**</del>" in html
    assert '<ins><span class="visually-hidden" lang="pl">dodano: </span>określony</ins>' in html
    assert '<ins><span class="visually-hidden" lang="pl">dodano: </span> klastra</ins>' in html, "the heading"
    assert "Legenda" in page.text


def test_diff_shows_removed_sections(client, version3):
    page = read_page(get_by_name(client, "agreements:diff", query="?od=3&do=2"))
    assert "Zmiany od wersji 3 do wersji 2" in page.text
    assert "§ 2: usunięty paragraf" in page.text
    assert "usunięto: Obszar klastra" in page.text


def test_diff_from_the_placeholder_version_shows_every_section_added(client, version2):
    page = read_page(get_by_name(client, "agreements:diff", query="?od=1&do=2"))
    assert "Pełny tekst wersji 1 nie został opublikowany" in page.text
    assert "Dodane paragrafy 3 Usunięte paragrafy 0 Zmienione paragrafy 0" in page.text


def test_diff_escapes_the_compared_text(client, agreement, version2):
    publish_version(agreement, 3, [("Przedmiot", 'Tekst <script>alert("x")</script> & więcej')])
    html = get_by_name(client, "agreements:diff", query="?od=2&do=3").content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; więcej" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?od=abc&do=2", "Wybierz jedną z opublikowanych wersji porozumienia."),
        ("?od=9&do=2", "Wybierz jedną z opublikowanych wersji porozumienia."),
        ("?od=&do=2", "Wybierz jedną z opublikowanych wersji porozumienia."),
        ("?od=2&do=2", "Wybierz dwie różne wersje, aby zobaczyć, co się zmieniło."),
        ("?od=1&do=99999999999999999999", "Wybierz jedną z opublikowanych wersji porozumienia."),
    ],
)
def test_diff_with_bad_parameters_shows_the_form_and_a_clear_message(client, version2, query, message):
    response = get_by_name(client, "agreements:diff", query=query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in read_page(response).text
    assert '<select name="od"' in html and '<button type="submit">' in html
    assert "<del>" not in html


def test_diff_form_works_without_javascript(client, version3):
    html = get_by_name(client, "agreements:diff").content.decode()
    assert f'<form method="get" action="{reverse("agreements:diff")}"' in html
    assert '<label for="id_od">' in html and '<label for="id_do">' in html
    assert "<script" not in html


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_pages_are_well_formed_html_with_versions_annexes_and_ended_parties(client, version3, language):
    Participant.objects.filter(slug="kochanowice").update(status="excluded", left_on="2025-05-05", left_reason="x")
    pages = [("agreements:detail", {}), ("agreements:versions", {}), ("agreements:diff", {})] + [
        ("agreements:version", {"number": n}) for n in (1, 2, 3)
    ]
    for name, kwargs in pages:
        response = get_by_name(client, name, language, **kwargs)
        assert html_problems(response.content.decode()) == [], (name, kwargs)
    response = get_by_name(client, "agreements:diff", language, query="?od=x&do=3")
    assert html_problems(response.content.decode()) == []
