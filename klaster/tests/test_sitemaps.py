"""The sitemaps of a cluster with many records: each a bounded page that reads only its own records, the index one
count per kind, and the XML the same as Django's sitemap template would write."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.template.loader import render_to_string

from klaster import sitemaps
from klaster.testing import SITEMAP_NS, client_sitemap_paths, count_queries, make_stakeholder
from klaster.testing import sitemaps as all_sitemaps
from members.models import Participant

PAGE = 6  # addresses a page, in the test (each record gives two: Polish and English)


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(sitemaps._Bilingual, "limit", PAGE)


def _participant_pages(client):
    index = ET.fromstring(client.get("/sitemap.xml").content)  # noqa: S314 (our own sitemap)
    locs = [loc.text for loc in index.iterfind("sm:sitemap/sm:loc", SITEMAP_NS)]
    return [loc.split("127.0.0.1", 1)[-1].split("testserver", 1)[-1] for loc in locs if "participants" in loc]


def test_participants_come_in_bounded_pages_each_listed_once_in_both_languages(client, cluster, small_pages):
    for number in range(10):
        make_stakeholder(cluster, f"Spółdzielnia Mapowa {number:02d}")
    public = Participant.objects.public().exclude(kind=Participant.Kind.COORDINATOR)
    pages = _participant_pages(client)
    assert len(pages) == -(-public.count() * 2 // PAGE) > 1
    listed = []
    for path in pages:
        root = ET.fromstring(client.get(path).content)  # noqa: S314
        entries = root.findall("sm:url", SITEMAP_NS)
        assert len(entries) <= PAGE
        listed += [entry.find("sm:loc", SITEMAP_NS).text for entry in entries]
        for entry in entries:  # every address with its alternates: Polish, English and x-default
            hreflangs = {link.get("hreflang") for link in entry.findall("xhtml:link", SITEMAP_NS)}
            assert hreflangs == {"pl", "en", "x-default"}
    assert len(listed) == len(set(listed)) == public.count() * 2
    paths = client_sitemap_paths(client)
    for party in public:
        assert party.get_absolute_url() in paths


def test_a_sitemap_page_and_the_index_make_as_many_queries_with_more_records(client, cluster, settings, small_pages):
    settings.PAGE_CACHE_SECONDS = 0
    for number in range(8):
        make_stakeholder(cluster, f"Firma Liczona {number:02d}")
    before = [count_queries(client, path) for path in ("/sitemap.xml", "/sitemap-participants.xml?p=2")]
    for number in range(30):
        make_stakeholder(cluster, f"Firma Dodana {number:02d}")
    after = [count_queries(client, path) for path in ("/sitemap.xml", "/sitemap-participants.xml?p=2")]
    assert after == before


def test_a_sitemap_is_the_xml_djangos_template_writes(client, cluster, small_pages):
    for number in range(4):
        make_stakeholder(cluster, f"Firma „Cudzysłów” & Syn {number}")
    for body in all_sitemaps(lambda path: client.get(path).content):
        root = ET.fromstring(body)  # noqa: S314
        if root.tag.endswith("sitemapindex"):
            continue
        urlset = [
            {
                "location": entry.find("sm:loc", SITEMAP_NS).text,
                # Late in the evening in UTC: the next day in Warsaw, as the template's date filter writes it.
                "lastmod": datetime.datetime(2026, 1, 1, 23, 30, tzinfo=datetime.UTC),
                "changefreq": getattr(entry.find("sm:changefreq", SITEMAP_NS), "text", None),
                "alternates": [
                    {"lang_code": link.get("hreflang"), "location": link.get("href")}
                    for link in entry.findall("xhtml:link", SITEMAP_NS)
                ],
            }
            for entry in root.findall("sm:url", SITEMAP_NS)
        ]
        ours = ET.canonicalize(sitemaps.urlset_xml(urlset), strip_text=True)
        djangos = ET.canonicalize(render_to_string("sitemap.xml", {"urlset": urlset}), strip_text=True)
        assert ours == djangos


def test_a_page_past_the_last_answers_404(client, cluster, small_pages):
    assert client.get("/sitemap-participants.xml?p=99").status_code == 404
    assert client.get("/sitemap-nothing.xml").status_code == 404
