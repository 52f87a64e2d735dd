"""The public page of the agreement: the consolidated text and its parties, who may read it, the sitemap, and query
counts and pages that stay the same as versions and parties grow. Drafts never appear on it."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from agreements.models import Document, Signature
from agreements.views.public import PARTIES_PAGE_SIZE
from klaster.testing import (
    PERSONAS,
    ReadPage,
    count_queries,
    get_by_name,
    log_in_as,
    make_stakeholder,
    participants,
    read_page,
    sitemap_text,
)
from klaster.testing.agreements import SECTIONS_V2, SECTIONS_V3, publish_version
from members.models import Participant, Person, Role

# --- who may read them ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("agreements:detail", {}), ("agreements:versions", {}), ("agreements:version", {"number": 2})]
    + [("agreements:diff", {}), ("agreements:version", {"number": 1})],
)
def test_every_agreement_page_serves_every_persona(client, request, version2, persona, name, kwargs):
    log_in_as(client, request, persona)
    response = get_by_name(client, name, **kwargs)
    assert response.status_code == 200
    assert len(read_page(response).h1) == 1


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("agreements:detail", {}), ("agreements:versions", {}), ("agreements:version", {"number": 2})]
    + [("agreements:diff", {})],
)
def test_english_pages_work_and_mark_the_polish_legal_text(client, version2, name, kwargs):
    response = get_by_name(client, name, "en", **kwargs)
    assert response.status_code == 200
    html = response.content.decode()
    assert response.wsgi_request.path.startswith("/en/")
    assert read_page(response).html_lang == "en"
    assert re.search(r'lang="pl"[^>]*>', html)


def test_english_agreement_page_marks_sections_as_polish(client, version2):
    html = get_by_name(client, "agreements:detail", "en").content.decode()
    assert '<div class="agreement-text" lang="pl">' in html
    assert "10 April 2018" in read_page(get_by_name(client, "agreements:detail", "en")).text


def test_the_pages_do_not_exist_without_an_agreement_in_force(client, agreement):
    agreement.status = agreement.Status.TERMINATED
    agreement.save()
    for name in ("agreements:detail", "agreements:versions", "agreements:diff"):
        assert get_by_name(client, name).status_code == 404
    assert get_by_name(client, "agreements:version", number=1).status_code == 404


# --- the agreement page -----------------------------------------------------------------------------------------


def test_seed_agreement_says_plainly_that_the_full_text_is_not_published(client, agreement):
    page = read_page(get_by_name(client, "agreements:detail"))
    assert page.h1 == [agreement.title]
    assert "Pełny tekst porozumienia nie został opublikowany." in page.text
    assert "Co wiadomo o porozumieniu" in page.text
    assert "Stronami są gminy Kochanowice, Zbrosławice" in page.text
    assert "wersja 1, obowiązuje od 10 kwietnia 2018" in page.text
    assert "tekst pierwotny porozumienia" in page.text
    assert "Spis treści" not in page.text


def test_agreement_page_lists_the_six_founding_parties_with_basis_date_and_place(client, cluster):
    page = read_page(get_by_name(client, "agreements:detail"))
    assert "6 stron porozumienia" in page.text
    for party in cluster.participants.all():
        assert party.get_absolute_url() in page.links
    assert page.text.count("strona założycielska, 10 kwietnia 2018 r., Zbrosławice") == 6
    assert page.text.count("nie podano") >= 6, "no representative is known for the founding signatures"
    assert "związana wersją" not in page.text


def test_agreement_page_names_the_representative_and_function(client, cluster):
    tworog = Participant.objects.get(slug="tworog")
    person = Person.objects.create(first_name="Anna", last_name="Testowa")
    role = Role.objects.create(person=person, participant=tworog, function="pełnomocniczka", is_representative=True)
    Signature.objects.filter(participant=tworog).update(representative=role)
    assert "Anna Testowa, pełnomocniczka" in read_page(get_by_name(client, "agreements:detail")).text


def test_agreement_page_shows_the_current_text_in_order_with_a_table_of_contents(client, version2):
    response = get_by_name(client, "agreements:detail")
    html, page = response.content.decode(), read_page(response)
    assert "Tekst jednolity (wersja 2)" in page.text
    assert "Pełny tekst porozumienia nie został opublikowany" not in page.text
    headings = [f"§ 1. {SECTIONS_V2[0][0]}", f"§ 2. {SECTIONS_V2[1][0]}", f"§ 3. {SECTIONS_V2[2][0]}"]
    positions = [html.index(f'<h3 id="par-{n}-title">{heading}</h3>') for n, heading in enumerate(headings, 1)]
    assert positions == sorted(positions)
    assert [link for link in page.links if link.startswith("#par-")] == ["#par-1", "#par-2", "#par-3"]
    assert '<section id="par-2" aria-labelledby="par-2-title">' in html
    assert "<li>pierwszy obowiązek</li>" in html and "<strong>nieokreślony</strong>" in html
    assert "wersja 2, obowiązuje od 1 stycznia 2025" in page.text
    assert "aneks nr 1/2025 z dnia 2 grudnia 2024 r.: zmiana porozumienia nr 1" in page.text


def test_parties_bound_by_an_earlier_version_are_flagged(client, version2):
    html = get_by_name(client, "agreements:detail").content.decode()
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
        text = ReadPage(row).text
        name = re.sub(r"<[^>]+>", "", re.search(r'<th scope="row">(.*?)</th>', row, re.S).group(1)).strip()
        yield name, text


def test_a_party_that_withdrew_is_no_longer_among_the_parties(client, version2):
    """A party is who signed or acceded and has not left (ParticipantQuerySet.agreement_parties)."""
    kochanowice = Participant.objects.get(slug="kochanowice")
    kochanowice.status = Participant.Status.WITHDRAWN
    kochanowice.left_on = datetime.date(2024, 6, 30)
    kochanowice.left_reason = "oświadczenie o wystąpieniu"
    kochanowice.save()
    response = get_by_name(client, "agreements:detail")
    rows = dict(_party_rows(response.content.decode()))
    assert kochanowice.name not in rows
    assert kochanowice.get_absolute_url() not in read_page(response).links, "its gmina page is no longer public"
    assert "strona porozumienia" in rows[Participant.objects.get(slug="tworog").name]


def test_an_acceded_stakeholder_is_listed_with_its_accession(client, cluster, version2):
    firm = make_stakeholder(cluster, "Firma Testowa", joined_on="2025-03-01")
    Signature.objects.create(version=version2, participant=firm, basis="accession", signed_on="2025-03-01")
    rows = dict(_party_rows(get_by_name(client, "agreements:detail").content.decode()))
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
    page = read_page(get_by_name(client, "agreements:detail"))
    assert "List intencyjny w sprawie utworzenia klastra energii (Tworóg) list intencyjny 13 października 2017" in (
        page.text
    )
    assert "Regulamin klastra energii (załącznik do porozumienia) regulamin 10 kwietnia 2018" in page.text
    assert "Aneks testowy aneks 1 lutego 2024 r. A/1 odnośnik" in page.text
    assert "https://bip.example.org/aneks" in page.links


def test_agreement_page_links_to_the_history_of_versions(client, agreement):
    html = get_by_name(client, "agreements:detail").content.decode()
    assert reverse("agreements:versions") in read_page(get_by_name(client, "agreements:detail")).links
    assert "{# PDF links #}" not in html, "the spot for PDF links is a template comment"


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


def _grow(agreement, cluster):
    """More published versions than a page of them (10), each with a few sections, and more parties that acceded than a
    page of parties (20)."""
    tworog = Participant.objects.get(slug="tworog")
    for number in range(agreement.current_version().number + 1, 14):
        publish_version(agreement, number, SECTIONS_V3, signers=[tworog], effective_on=datetime.date(2025, 1, 1))
    latest = agreement.current_version()
    for number in range(45):
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
        publish_version(agreement, 2, SECTIONS_V2, signers=participants("tworog"))
    small = count_queries(client, url)
    _grow(agreement, cluster)
    assert count_queries(client, url) == small
    assert small <= 12


def test_signed_in_pages_do_not_query_more_either(client, cluster, agreement, staff_tworog):
    publish_version(agreement, 2, SECTIONS_V2)
    client.force_login(staff_tworog)
    client.get("/porozumienie/")  # the first request after signing in records the session
    small = [count_queries(client, url) for url in ("/porozumienie/", "/porozumienie/wersje/")]
    _grow(agreement, cluster)
    assert [count_queries(client, url) for url in ("/porozumienie/", "/porozumienie/wersje/")] == small


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
def test_many_parties_are_shown_a_page_at_a_time_in_order_of_joining(client, cluster, agreement, url, table):
    _accessions(agreement, cluster, 60)  # with the six founding parties: 66
    pages = -(-66 // PARTIES_PAGE_SIZE)
    texts = []
    for number in range(1, pages + 1):
        response = client.get(url, {"page": number})
        assert len(_row_headers(response, table)) == min(PARTIES_PAGE_SIZE, 66 - (number - 1) * PARTIES_PAGE_SIZE)
        texts.append(read_page(response).text)
        assert f"Strona {number} z {pages}" in texts[-1]
    everyone = "".join(texts)
    assert all(f"Spółdzielnia Przystępująca {index:03d}" in everyone for index in range(60))
    # The founding parties first (gminas before the others), then the accessions of 2020 by name.
    assert everyone.index("Gmina Kochanowice") < everyone.index("Spółdzielnia Przystępująca 000")
    assert everyone.index("Spółdzielnia Przystępująca 000") < everyone.index("Spółdzielnia Przystępująca 059")
    assert client.get(url, {"page": 99}).status_code == 200  # a page past the end shows the last one
