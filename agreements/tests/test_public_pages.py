"""The public pages of the agreement: the consolidated text and its parties, the history of versions, one version,
and the difference between two versions. Everyone may read them; drafts never appear on them."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from agreements.models import Annex, Document, Section, Signature, Version
from klaster.testing import Checker, Page, make_stakeholder, sitemap_text
from members.models import Participant, Person, Role

FOUNDED = datetime.date(2018, 4, 10)
PERSONAS = ["anonymous", "staff_tworog", "coordinator", "coordinator_without_mfa", "superuser"]


@pytest.fixture
def agreement(cluster):
    return cluster.agreements.get()


def publish_version(agreement, number, sections, *, signers=(), effective_on=None, summary="", status="published"):
    """A version introduced by an annex, with its sections (heading, body) and the annex signatures of `signers`."""
    effective_on = effective_on or datetime.date(2023 + number, 1, 1)
    annex = Annex.objects.create(
        agreement=agreement,
        number=f"{number - 1}/{effective_on.year}",
        signed_on=effective_on - datetime.timedelta(days=30),
        subject=f"zmiana porozumienia nr {number - 1}",
        text=f"Aneks wprowadza **wersję {number}** porozumienia.",
    )
    version = Version.objects.create(
        agreement=agreement,
        number=number,
        status=status,
        effective_on=None if status == "draft" else effective_on,
        change_summary=summary,
        annex=annex,
    )
    for position, (heading, body) in enumerate(sections, start=1):
        Section.objects.create(version=version, number=position, heading=heading, body=body)
    for participant in signers:
        Signature.objects.create(
            version=version,
            participant=participant,
            basis=Signature.Basis.ANNEX,
            signed_on=effective_on - datetime.timedelta(days=30),
            signed_place="Tworóg",
        )
    return version


SECTIONS_V2 = [
    ("Przedmiot porozumienia", "Strony tworzą klaster energii."),
    ("Koordynator", "Koordynatorem klastra jest stowarzyszenie.\n\n- pierwszy obowiązek\n- drugi obowiązek"),
    ("Postanowienia końcowe", "Porozumienie zawarto na czas **nieokreślony**."),
]
SECTIONS_V3 = [
    ("Przedmiot porozumienia", "Strony tworzą klaster energii."),
    ("Obszar klastra", "Klaster działa na obszarze pięciu gmin."),
    ("Koordynator klastra", "Koordynatorem klastra jest stowarzyszenie.\n\n- pierwszy obowiązek\n- drugi obowiązek"),
    ("Postanowienia końcowe", "Porozumienie zawarto na czas określony."),
]


def parties(*slugs):
    return [Participant.objects.get(slug=slug) for slug in slugs]


@pytest.fixture
def version2(agreement):
    """Version 2 through annex 1, signed by Tworóg, Pawonków and the coordinator; the others stay bound by 1."""
    signers = parties("tworog", "pawonkow") + [agreement.cluster.participants.get(kind="coordinator")]
    return publish_version(agreement, 2, SECTIONS_V2, signers=signers, summary="Dodano tekst porozumienia.")


@pytest.fixture
def version3(agreement, version2):
    return publish_version(agreement, 3, SECTIONS_V3, signers=parties("tworog"), summary="Dodano § 2.")


def get(client, name, language="pl", **kwargs):
    query = kwargs.pop("query", "")
    with translation.override(language):
        url = reverse(name, kwargs=kwargs) + query
    return client.get(url)


class Read(Page):
    @property
    def text(self):
        """The visible text, without the spaces Page puts between elements before punctuation."""
        return re.sub(r"\(\s+", "(", re.sub(r"\s+([,.;:)])", r"\1", super().text))


def page_of(response):
    return Read(response.content.decode())


# --- who may read them ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("agreements:detail", {}), ("agreements:versions", {}), ("agreements:version", {"number": 2})]
    + [("agreements:diff", {}), ("agreements:version", {"number": 1})],
)
def test_every_agreement_page_serves_every_persona(client, request, version2, persona, name, kwargs):
    if persona != "anonymous":
        client.force_login(request.getfixturevalue(persona))
    response = get(client, name, **kwargs)
    assert response.status_code == 200
    assert len(page_of(response).h1) == 1


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("agreements:detail", {}), ("agreements:versions", {}), ("agreements:version", {"number": 2})]
    + [("agreements:diff", {})],
)
def test_english_pages_work_and_mark_the_polish_legal_text(client, version2, name, kwargs):
    response = get(client, name, "en", **kwargs)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.wsgi_request.path.startswith("/en/")
    assert page_of(response).html_lang == "en"
    assert re.search(r'lang="pl"[^>]*>', html)


def test_english_agreement_page_marks_sections_as_polish(client, version2):
    html = get(client, "agreements:detail", "en").content.decode()
    assert '<div class="agreement-text" lang="pl">' in html
    assert "10 April 2018" in page_of(get(client, "agreements:detail", "en")).text


def test_the_pages_do_not_exist_without_an_agreement_in_force(client, agreement):
    agreement.status = agreement.Status.TERMINATED
    agreement.save()
    for name in ("agreements:detail", "agreements:versions", "agreements:diff"):
        assert get(client, name).status_code == 404
    assert get(client, "agreements:version", number=1).status_code == 404


# --- the agreement page -----------------------------------------------------------------------------------------


def test_seed_agreement_says_plainly_that_the_full_text_is_not_published(client, agreement):
    page = page_of(get(client, "agreements:detail"))
    assert page.h1 == [agreement.title]
    assert "Pełny tekst porozumienia nie został opublikowany." in page.text
    assert "Co wiadomo o porozumieniu" in page.text
    assert "Stronami są gminy Kochanowice, Zbrosławice" in page.text
    assert "wersja 1, obowiązuje od 10 kwietnia 2018" in page.text
    assert "tekst pierwotny porozumienia" in page.text
    assert "Spis treści" not in page.text


def test_agreement_page_lists_the_six_founding_parties_with_basis_date_and_place(client, cluster):
    page = page_of(get(client, "agreements:detail"))
    assert "6 stron porozumienia" in page.text
    for party in cluster.participants.all():
        assert party.get_absolute_url() in page.links
    assert page.text.count("strona założycielska, 10 kwietnia 2018, Zbrosławice") == 6
    assert page.text.count("nie podano") >= 6, "no representative is known for the founding signatures"
    assert "związana wersją" not in page.text


def test_agreement_page_names_the_representative_and_function(client, cluster):
    tworog = Participant.objects.get(slug="tworog")
    person = Person.objects.create(first_name="Anna", last_name="Testowa")
    role = Role.objects.create(person=person, participant=tworog, function="pełnomocniczka", is_representative=True)
    Signature.objects.filter(participant=tworog).update(representative=role)
    assert "Anna Testowa, pełnomocniczka" in page_of(get(client, "agreements:detail")).text


def test_agreement_page_shows_the_current_text_in_order_with_a_table_of_contents(client, version2):
    response = get(client, "agreements:detail")
    html, page = response.content.decode(), page_of(response)
    assert "Tekst jednolity (wersja 2)" in page.text
    assert "Pełny tekst porozumienia nie został opublikowany" not in page.text
    headings = [f"§ 1. {SECTIONS_V2[0][0]}", f"§ 2. {SECTIONS_V2[1][0]}", f"§ 3. {SECTIONS_V2[2][0]}"]
    positions = [html.index(f'<h3 id="par-{n}-title">{heading}</h3>') for n, heading in enumerate(headings, 1)]
    assert positions == sorted(positions)
    assert [link for link in page.links if link.startswith("#par-")] == ["#par-1", "#par-2", "#par-3"]
    assert '<section id="par-2" aria-labelledby="par-2-title">' in html
    assert "<li>pierwszy obowiązek</li>" in html and "<strong>nieokreślony</strong>" in html
    assert "wersja 2, obowiązuje od 1 stycznia 2025" in page.text
    assert "aneks nr 1/2025 z dnia 2 grudnia 2024: zmiana porozumienia nr 1" in page.text


def test_parties_bound_by_an_earlier_version_are_flagged(client, version2):
    html = get(client, "agreements:detail").content.decode()
    rows = dict(_party_rows(html))
    assert len(rows) == 6
    for slug in ("kochanowice", "zbroslawice", "krupski-mlyn"):
        name = Participant.objects.get(slug=slug).name
        assert "związana wersją 1" in rows[name] and "nie podpisała obowiązującej wersji 2" in rows[name]
    for slug in ("tworog", "pawonkow"):
        name = Participant.objects.get(slug=slug).name
        assert "związana wersją" not in rows[name] and "wersja 2 (obowiązująca)" in rows[name]
        assert "strona założycielska, 10 kwietnia 2018" in rows[name], "the party still joined as a founder"


def _party_rows(html):
    table = html[html.index('<table class="parties">') :]
    table = table[: table.index("</table>")]
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        text = Read(row).text
        name = re.sub(r"<[^>]+>", "", re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1)).strip()
        yield name, text


def test_a_party_that_withdrew_stays_visible_as_ended(client, version2):
    kochanowice = Participant.objects.get(slug="kochanowice")
    kochanowice.status = Participant.Status.WITHDRAWN
    kochanowice.left_on = datetime.date(2024, 6, 30)
    kochanowice.left_reason = "oświadczenie o wystąpieniu"
    kochanowice.save()
    response = get(client, "agreements:detail")
    rows = dict(_party_rows(response.content.decode()))
    assert (
        "członkostwo zakończone 30 czerwca 2024 (wystąpił). Powód: oświadczenie o wystąpieniu" in rows[kochanowice.name]
    )
    assert kochanowice.get_absolute_url() not in page_of(response).links, "its gmina page is no longer public"
    assert "strona porozumienia" in rows[Participant.objects.get(slug="tworog").name]


def test_an_acceded_stakeholder_is_listed_with_its_accession(client, cluster, version2):
    firm = make_stakeholder(cluster, "Firma Testowa", joined_on="2025-03-01")
    Signature.objects.create(version=version2, participant=firm, basis="accession", signed_on="2025-03-01")
    rows = dict(_party_rows(get(client, "agreements:detail").content.decode()))
    assert "przystąpienie, 1 marca 2025" in rows["Firma Testowa"]
    assert list(rows)[-1] == "Firma Testowa", "parties in order of joining"


def test_agreement_page_lists_its_documents_with_their_links(client, agreement):
    Document.objects.create(
        agreement=agreement,
        kind=Document.Kind.ANNEX,
        number="A/1",
        date=datetime.date(2024, 2, 1),
        title="Aneks testowy",
        url="https://bip.example.org/aneks",
    )
    page = page_of(get(client, "agreements:detail"))
    assert "List intencyjny w sprawie utworzenia klastra energii (Tworóg) list intencyjny 13 października 2017" in (
        page.text
    )
    assert "Regulamin klastra energii (załącznik do porozumienia) regulamin 10 kwietnia 2018" in page.text
    assert "Aneks testowy aneks 1 lutego 2024 A/1 odnośnik" in page.text
    assert "https://bip.example.org/aneks" in page.links


def test_agreement_page_links_to_the_history_of_versions(client, agreement):
    html = get(client, "agreements:detail").content.decode()
    assert reverse("agreements:versions") in page_of(get(client, "agreements:detail")).links
    assert "{# PDF links #}" not in html, "the spot for PDF links is a template comment"


# --- the history of versions ------------------------------------------------------------------------------------


def test_history_lists_published_versions_newest_first_with_annexes(client, version3):
    response = get(client, "agreements:versions")
    html, page = response.content.decode(), page_of(response)
    links = [reverse("agreements:version", kwargs={"number": n}) for n in (3, 2, 1)]
    assert [link for link in page.links if link in links] == links
    assert "3 opublikowane wersje" in page.text
    assert "wersja 3 obowiązująca" in page.text
    assert "aneks nr 2/2026 z dnia 2 grudnia 2025: zmiana porozumienia nr 2" in page.text
    assert "Dodano § 2." in page.text and "tekst pierwotny, bez aneksu" in page.text
    assert "6 stron" in page.text
    diff = reverse("agreements:diff")
    assert f'href="{diff}?od=2&amp;do=3"' in html and f'href="{diff}?od=1&amp;do=2"' in html


def test_history_shows_which_party_is_bound_by_which_version(client, version3):
    html = get(client, "agreements:versions").content.decode()
    table = html[html.index('<table class="bound-table">') :]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table[: table.index("</table>")], re.S)[1:]:
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows[Read(cells[0]).text] = [Read(cell).text for cell in cells[1:]]
    assert len(rows) == 6
    tworog = rows[Participant.objects.get(slug="tworog").name]
    assert tworog == [
        "podpisała 10 kwietnia 2018 (strona założycielska)",
        "podpisała 2 grudnia 2024 (podpisanie aneksu)",
        "podpisała 2 grudnia 2025 (podpisanie aneksu) wiąże",
    ]
    pawonkow = rows[Participant.objects.get(slug="pawonkow").name]
    assert pawonkow[1].endswith("wiąże") and pawonkow[2] == "nie podpisała"
    kochanowice = rows[Participant.objects.get(slug="kochanowice").name]
    assert kochanowice == ["podpisała 10 kwietnia 2018 (strona założycielska) wiąże", "nie podpisała", "nie podpisała"]


# --- one version ------------------------------------------------------------------------------------------------


def test_version_page_shows_its_text_annex_and_who_signed_it(client, version2):
    response = get(client, "agreements:version", number=2)
    html, page = response.content.decode(), page_of(response)
    assert page.h1 == ["Wersja 2 porozumienia"]
    assert "obowiązująca (tekst jednolity)" in page.text
    assert '<h3 id="par-3-title">§ 3. Postanowienia końcowe</h3>' in html
    assert "Aneks nr 1/2025" in page.text and "Aneks wprowadza <strong>wersję 2</strong>" in html
    assert "Dodano tekst porozumienia." in page.text
    assert "Wersję 2 podpisało 3 stron" in page.text or "Wersję 2 podpisały 3 strony" in page.text
    assert "podpisanie aneksu 2 grudnia 2024, Tworóg" in page.text
    assert f"{reverse('agreements:diff')}?od=1&do=2" in page.links


def test_a_superseded_version_says_so_and_links_to_its_successor(client, version3):
    page = page_of(get(client, "agreements:version", number=1))
    assert "nieaktualna: zastąpiona wersją 2; obowiązuje wersja 3" in page.text
    assert reverse("agreements:version", kwargs={"number": 2}) in page.links
    assert "Pełny tekst porozumienia nie został opublikowany." in page.text, "version 1 of the seed is a placeholder"
    assert "6 stron" in page.text


def test_a_missing_version_is_not_found(client, agreement):
    assert get(client, "agreements:version", number=9).status_code == 404


# --- drafts are never public ------------------------------------------------------------------------------------


def test_a_draft_version_is_absent_from_every_public_page(client, version2):
    publish_version(version2.agreement, 3, SECTIONS_V3, status="draft")
    draft_url = reverse("agreements:version", kwargs={"number": 3})
    assert get(client, "agreements:version", number=3).status_code == 404
    for name in ("agreements:detail", "agreements:versions", "agreements:diff"):
        response = get(client, name)
        assert draft_url not in page_of(response).links
        assert "Obszar klastra" not in response.content.decode()
    assert "wersja 3" not in page_of(get(client, "agreements:versions")).text
    assert draft_url not in sitemap_text(client)
    response = get(client, "agreements:diff", query="?od=2&do=3")
    assert response.status_code == 400 and "Obszar klastra" not in response.content.decode()


# --- the difference between two versions ------------------------------------------------------------------------


def test_diff_with_one_version_says_there_is_nothing_to_compare(client, agreement):
    response = get(client, "agreements:diff")
    assert response.status_code == 200
    page = page_of(response)
    assert "Nie ma jeszcze czego porównać" in page.text
    assert "<form" not in response.content.decode()


def test_diff_compares_the_previous_and_current_version_by_default(client, version3):
    response = get(client, "agreements:diff")
    assert response.status_code == 200
    html, page = response.content.decode(), page_of(response)
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
    page = page_of(get(client, "agreements:diff", query="?od=3&do=2"))
    assert "Zmiany od wersji 3 do wersji 2" in page.text
    assert "§ 2: usunięty paragraf" in page.text
    assert "usunięto: Obszar klastra" in page.text


def test_diff_from_the_placeholder_version_shows_every_section_added(client, version2):
    page = page_of(get(client, "agreements:diff", query="?od=1&do=2"))
    assert "Pełny tekst wersji 1 nie został opublikowany" in page.text
    assert "Dodane paragrafy 3 Usunięte paragrafy 0 Zmienione paragrafy 0" in page.text


def test_diff_escapes_the_compared_text(client, agreement, version2):
    publish_version(agreement, 3, [("Przedmiot", 'Tekst <script>alert("x")</script> & więcej')])
    html = get(client, "agreements:diff", query="?od=2&do=3").content.decode()
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
    response = get(client, "agreements:diff", query=query)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in page_of(response).text
    assert '<select name="od"' in html and '<button type="submit">' in html
    assert "<del>" not in html


def test_diff_form_works_without_javascript(client, version3):
    html = get(client, "agreements:diff").content.decode()
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
        response = get(client, name, language, **kwargs)
        checker = Checker()
        checker.feed(response.content.decode())
        assert checker.finish() == [], (name, kwargs)
    response = get(client, "agreements:diff", language, query="?od=x&do=3")
    checker = Checker()
    checker.feed(response.content.decode())
    assert checker.finish() == []


# --- the sitemap and the query counts ---------------------------------------------------------------------------


def test_sitemap_lists_the_history_and_each_published_version_in_both_languages(client, version2):
    xml = sitemap_text(client)
    for language in ("pl", "en"):
        with translation.override(language):
            urls = [reverse("agreements:versions")] + [
                reverse("agreements:version", kwargs={"number": n}) for n in (1, 2)
            ]
        for url in urls:
            assert f"{url}</loc>" in xml or f'{url}"' in xml


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _grow(agreement, cluster):
    """49 more published versions, each with a few sections, and 294 more parties that acceded."""
    tworog = Participant.objects.get(slug="tworog")
    for number in range(agreement.current_version().number + 1, 51):
        publish_version(agreement, number, SECTIONS_V3, signers=[tworog], effective_on=datetime.date(2025, 1, 1))
    latest = agreement.current_version()
    for number in range(294):
        party = make_stakeholder(cluster, f"Firma {number}", joined_on="2025-01-01")
        Signature.objects.create(version=latest, participant=party, basis="accession", signed_on="2025-01-01")


@pytest.mark.parametrize(
    ("url", "versions"),
    [
        ("/porozumienie/", 1),
        ("/porozumienie/wersje/", 1),
        ("/porozumienie/wersje/1/", 1),
        ("/porozumienie/", 2),
        ("/porozumienie/wersje/2/", 2),
        ("/porozumienie/zmiany/", 2),
        ("/porozumienie/zmiany/?od=1&do=2", 2),
        ("/en/agreement/", 1),
    ],
)
def test_pages_do_not_query_more_when_versions_and_parties_grow(client, cluster, agreement, url, versions):
    if versions == 2:
        publish_version(agreement, 2, SECTIONS_V2, signers=parties("tworog"))
    small = _queries(client, url)
    _grow(agreement, cluster)
    assert _queries(client, url) == small
    assert small <= 12


def test_signed_in_pages_do_not_query_more_either(client, cluster, agreement, staff_tworog):
    publish_version(agreement, 2, SECTIONS_V2)
    client.force_login(staff_tworog)
    client.get("/porozumienie/")  # the first request after signing in records the session
    small = [_queries(client, url) for url in ("/porozumienie/", "/porozumienie/wersje/")]
    _grow(agreement, cluster)
    assert [_queries(client, url) for url in ("/porozumienie/", "/porozumienie/wersje/")] == small


def _accessions(agreement, cluster, count):
    version = agreement.versions.get(number=1)
    for index in range(count):
        party = make_stakeholder(cluster, f"Spółdzielnia Przystępująca {index:03d}")
        Signature.objects.create(
            version=version, participant=party, basis=Signature.Basis.ACCESSION, signed_on=datetime.date(2020, 1, 2)
        )


def _row_headers(response, table):
    html = response.content.decode()
    html = html[html.index(table) : html.index("</table>", html.index(table))]
    return re.findall(r'<th scope="row">', html)


@pytest.mark.parametrize(
    ("url", "table"),
    [("/porozumienie/", '<table class="parties">'), ("/porozumienie/wersje/", '<table class="bound-table">')],
)
def test_many_parties_are_shown_fifty_to_a_page(client, cluster, agreement, url, table):
    _accessions(agreement, cluster, 60)  # with the six founding parties: 66
    first = client.get(url)
    rows = _row_headers(first, table)
    text = page_of(first).text
    assert len(rows) == 50
    assert "Strona 1 z 2" in text
    assert "Spółdzielnia Przystępująca 000" in text or "Gmina Kochanowice" in text
    second = client.get(url, {"page": 2})
    assert len(_row_headers(second, table)) == 16
    assert "Strona 2 z 2" in page_of(second).text
    everyone = page_of(first).text + page_of(second).text
    assert all(f"Spółdzielnia Przystępująca {index:03d}" in everyone for index in range(60))
    assert client.get(url, {"page": 99}).status_code == 200  # a page past the end shows the last one
