"""Every public page, for the anonymous visitor, in Polish and English."""

from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from klaster.testing import Page, normalise, sitemap_text
from klaster.typography import polish_typography

SEED = (Path(__file__).parent / "data" / "klastry-energii.txt").read_text(encoding="utf-8")

PAGES = [
    ("home", {}),
    ("about", {}),
    ("benefits", {}),
    ("members:list", {}),
    ("members:gmina", {"slug": "tworog"}),
    ("members:gmina", {"slug": "krupski-mlyn"}),
    ("members:coordinator", {}),
    ("members:directory", {}),
    ("events:list", {}),
    ("events:detail", {"slug": "konferencja-2018"}),
    ("events:detail", {"slug": "list-intencyjny-2017"}),
    ("news:list", {}),
    ("contact", {}),
    ("agreements:detail", {}),
    ("privacy", {}),
    ("accessibility", {}),
]

# Facts of the published text, each checked below to be in that text, and on the Polish pages.
SEED_FACTS = [
    "Zielona Energia Leśnej Krainy",
    "Gmina Kochanowice",
    "Gmina Zbrosławice",
    "Gmina Krupski Młyn",
    "Gmina Tworóg",
    "Gmina Pawonków",
    "Koordynator inicjatywy klastrowej",
    "Piotr Leksy",
    "prezes Zarządu",
    "Leśna Kraina Górnego Śląska",
    "Czym jest klaster?",
    "Klaster Energii to porozumienie cywilnoprawne, które jest adresowane do bardzo szerokiego wachlarza "
    "Interesariuszy, których działania powiązane są z energią elektryczną lub cieplną.",
    "Jest to innowacyjne rozwiązanie, które ma na celu rozwój energetyki rozproszonej.",
    "Jakie korzyści niesie za sobą powstanie klastra?",
    "podjęcie realnej walki z niską emisją",
    "pozyskiwanie energii z odnawialnych źródeł",
    "poprawa bytu osób zamieszkujących tereny wiejskie oraz przedsiębiorców, którzy będą mogli obniżać swoje "
    "koszty prowadzenia firm",
    "zadbane i czyste środowisko",
    "wzrost konkurencyjności i atrakcyjności regionu",
    "poprawa lokalnego bezpieczeństwa energetycznego",
    "tańsze pozyskiwanie energii",
    "walka z bezrobociem, poprzez wygenerowanie nowych etatów",
    "rozwój i wdrożenie w życie nowych technologii sprawiających, że miejscowości, w których generowana będzie "
    '"zielona energia", będą porównywalne do standardów zagranicznych',
    "10 kwietnia 2018r. w Centrum Usług Publicznych w Zbrosławicach odbyła się konferencja nt. Klastra Energii "
    '"Zielona Energia Leśnej Krainy"',
    "Witold Czyż",
    "kierownik Referatu Wydziału Komunikacji Społecznej Urzędu Marszałkowskiego Województwa Śląskiego, Referat "
    'Promocji- "zatrzymać SMOG" w województwie śląskim',
    '"Walka z niską emisją , jako jeden z podstawowych działań Klastra Energii "Zielona Energia Leśnej Krainy""',
    "Józef Kruczek",
    "Koordynator Klastra Energii zawartego w powiecie gliwickim",
    '"Przyjazna energia w powiecie gliwickim"',
    'Prezes Stowarzyszenia LGD "Leśna Kraina Górnego Śląska"',
    "omówienie podjętych działań związanych z utworzeniem Klastra",
    "Dodatkowo podczas trwania konferencji goście mogli skorzystać z doradztwa z przedstawicielami "
    '"Tauron Dystrybucja".',
    "Głównym punktem konferencji było podpisanie Porozumienia Klastrowego.",
]


def _get(client, name, kwargs, language):
    with translation.override(language):
        url = reverse(name, kwargs=kwargs)
    return url, client.get(url)


def _all_text(client, language):
    texts = []
    for name, kwargs in PAGES:
        _url, response = _get(client, name, kwargs, language)
        texts.append(Page(response.content.decode()).text)
    return normalise(" ".join(texts))


@pytest.mark.parametrize("language", ["pl", "en"])
@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_public_page_serves_the_anonymous_visitor(client, cluster, name, kwargs, language):
    url, response = _get(client, name, kwargs, language)
    assert response.status_code == 200, url
    assert url.startswith("/en/") == (language == "en")
    page = Page(response.content.decode())
    assert page.html_lang == language
    assert len(page.h1) == 1 and page.h1[0], url
    assert page.title.strip().endswith("Zielona Energia Leśnej Krainy")
    assert page.meta["description"].strip() and page.meta["og:title"].strip() and page.meta["og:description"].strip()
    assert page.meta["deklaracja-dostępności"].endswith(
        reverse("accessibility") if language == "pl" else "/en/accessibility-statement/"
    )
    with translation.override("en" if language == "pl" else "pl"):
        other = reverse(name, kwargs=kwargs)
    assert other in page.links, "the language switcher links to the same page in the other language"


def test_page_titles_are_unique(client, cluster):
    titles = [Page(_get(client, name, kwargs, "pl")[1].content.decode()).title for name, kwargs in PAGES]
    assert len(set(titles)) == len(titles), titles


# What an editor corrects in the published text (one spelling throughout, a typo); the portal shows the corrected words.
EDITORS_CORRECTIONS = {"cywilno-prawne": "cywilnoprawne", "obniżac swoje": "obniżać swoje"}


def _corrected(text):
    for published, corrected in EDITORS_CORRECTIONS.items():
        text = text.replace(published, corrected)
    return text


@pytest.mark.parametrize("fact", SEED_FACTS)
def test_every_fact_of_the_published_text_is_on_the_polish_pages(client, cluster, fact):
    assert normalise(fact) in normalise(_corrected(SEED)), "the fact is quoted from the seed text"
    assert normalise(fact) in _all_text(client, "pl")


@pytest.mark.parametrize(
    "fact",
    [
        "Gmina Kochanowice",
        "Gmina Zbrosławice",
        "Gmina Krupski Młyn",
        "Gmina Tworóg",
        "Gmina Pawonków",
        "Piotr Leksy",
        "Witold Czyż",
        "Józef Kruczek",
        "Tauron Dystrybucja",
        "10 April 2018",
        "Centrum Usług Publicznych",
        "Leśna Kraina Górnego Śląska",
        "Zielona Energia Leśnej Krainy",
        "Friendly energy in Gliwice county",
        "taking real action against low-stack emissions",
        "An energy cluster is a civil-law agreement",
        "13 October 2017",
        "Tworóg",
    ],
)
def test_the_english_pages_carry_the_same_facts(client, cluster, fact):
    assert normalise(fact) in _all_text(client, "en")


def test_benefits_page_lists_all_nine_in_order(client, cluster):
    response = client.get(reverse("benefits"))
    html = response.content.decode()
    positions = [html.index(polish_typography(b.text_pl)) for b in cluster.benefits.all()]  # as the page writes them
    assert len(positions) == 9 and positions == sorted(positions)


def test_english_falls_back_to_polish_and_marks_the_language(client, cluster):
    tworog = cluster.participants.get(slug="tworog")
    tworog.description_pl, tworog.description_en = "Gmina leśna nad Małą Panwią.", ""
    tworog.save()
    response = client.get("/en/gminas/tworog/")
    assert '<div class="prose" lang="pl"><p>Gmina leśna nad Małą Panwią.</p>' in response.content.decode()


def test_home_page_tells_how_to_join_and_shows_latest_events(client, cluster):
    page = Page(client.get("/").content.decode())
    assert "Jak dołączyć do klastra?" in page.text
    assert reverse("events:detail", kwargs={"slug": "konferencja-2018"}) in page.links


def test_unknown_address_gets_the_designed_404_page(client, cluster):
    for url in ("/nie-ma-takiej-strony/", "/en/no-such-page/", "/gminy/warszawa/", "/wydarzenia/nie-ma/"):
        response = client.get(url)
        assert response.status_code == 404
        page = Page(response.content.decode())
        assert page.h1 in (["Nie znaleziono strony"], ["Page not found"]), url
        assert reverse("home") in page.links


def test_server_error_page_renders_without_the_database(client, cluster):
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Przepraszamy, wystąpił błąd" in html and "<main" in html


def test_an_error_never_shows_a_stack_trace(cluster, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr("klaster.views.Cluster.objects.main", broken)
    client = Client(raise_request_exception=False)
    response = client.get("/korzysci/")
    assert response.status_code == 500
    assert "secret internals" not in response.content.decode()
    assert "Przepraszamy" in response.content.decode()


def test_pages_without_the_cluster_loaded_answer_404_not_500(client, db):
    from django.core.management import call_command

    call_command("flush", interactive=False, verbosity=0)  # inside this test's transaction: rolled back after it
    assert client.get("/").status_code == 404


def test_sitemap_lists_every_public_page_in_both_languages(client, cluster):
    xml = sitemap_text(client)
    for name, kwargs in PAGES:
        for language in ("pl", "en"):
            with translation.override(language):
                assert f"{reverse(name, kwargs=kwargs)}</loc>" in xml or f'{reverse(name, kwargs=kwargs)}"' in xml
    for gmina in cluster.participants.gminas():
        assert f"/gminy/{gmina.slug}/</loc>" in xml and f"/en/gminas/{gmina.slug}/" in xml
    assert 'hreflang="x-default"' in xml


def test_robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_accounts(client, cluster):
    response = client.get("/robots.txt")
    body = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /konto/" in body and "Disallow: /en/account/" in body and "Disallow: /admin/" in body


def test_responses_carry_strict_security_headers(client, cluster):
    response = client.get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_public_pages_refuse_posts(client, cluster):
    assert client.post("/").status_code == 405


def test_the_sitemap_index_dates_each_section_by_its_latest_change(client, cluster):
    import xml.etree.ElementTree as ET
    from datetime import datetime

    from klaster.testing import SITEMAP_NS
    from members.models import Participant

    tworog = Participant.objects.get(slug="tworog")
    tworog.save()  # the latest change among the participants
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    entries = {
        entry.find("sm:loc", SITEMAP_NS).text.rsplit("/", 1)[1]: entry.find("sm:lastmod", SITEMAP_NS)
        for entry in index.iterfind("sm:sitemap", SITEMAP_NS)
    }
    assert set(entries) == {
        "sitemap-pages.xml",
        "sitemap-participants.xml",
        "sitemap-events.xml",
        "sitemap-agreement-versions.xml",
        "sitemap-news.xml",
        "sitemap-legal-texts.xml",
    }
    lastmod = datetime.fromisoformat(entries["sitemap-participants.xml"].text)
    assert abs((lastmod - tworog.updated_at).total_seconds()) < 1
    assert entries["sitemap-pages.xml"] is None  # fixed pages carry no date
