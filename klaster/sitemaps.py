"""sitemap.xml: an index of sitemaps listing every public page, in Polish and English, with the alternates between
them. A cluster with thousands of stakeholders gets its participants in pages of SITEMAP_PAGE_SIZE addresses (each
record gives two, Polish and English), so every sitemap stays small and quick to make whatever the number of records:
the index counts each kind of record with one query, and a sitemap page reads only its own records (Django would read
every record of the kind for either)."""

import datetime
from html import escape

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemaps_views
from django.db.models import Max, QuerySet
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, Version
from events.models import Event
from klaster.news import NewsItem
from members.models import LegalText, Participant

SITEMAP_PAGE_SIZE = 100


class _InEveryLanguage:
    """The (record, language) pairs Django's paginator of an i18n sitemap goes through, without reading the records:
    count() is one COUNT query, a slice reads only the records it covers."""

    def __init__(self, items, languages):
        self.items, self.languages = items, languages

    def count(self):
        return self.items.count() * len(self.languages)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        per = len(self.languages)
        start, stop = index.start or 0, index.stop
        records = self.items[start // per : -(-stop // per)]
        pairs = [(record, language) for record in records for language in self.languages]
        first = start - (start // per) * per
        return pairs[first : first + stop - start]


class _Bilingual(Sitemap):
    limit = SITEMAP_PAGE_SIZE
    i18n = True
    alternates = True
    x_default = True

    def _items(self):
        items = self.items()
        if isinstance(items, QuerySet):
            return _InEveryLanguage(items, self._languages())
        return super()._items()

    def _location(self, item, force_lang_code=None):
        """Each address once: Django asks for it again for every alternate of every language."""
        key = (id(item[0]), force_lang_code or item[1])
        known = self.__dict__.setdefault("_known_locations", {})
        if key not in known:
            known[key] = super()._location(item, force_lang_code)
        return known[key]


class _ChangingRecords(_Bilingual):
    """A sitemap of records with `updated_at`: the index shows the latest change, found by one query (Django would
    read every record)."""

    def lastmod(self, obj):
        return obj.updated_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("updated_at"))["latest"]


class PagesSitemap(_Bilingual):
    changefreq = "monthly"

    def items(self):
        return [
            "home",
            "about",
            "benefits",
            "members:list",
            "members:coordinator",
            "members:directory",
            "events:list",
            "energy:index",
            "news:list",
            "contact",
            "agreements:detail",
            "agreements:versions",
            "agreements:verify",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class ParticipantsSitemap(_ChangingRecords):
    changefreq = "monthly"

    def items(self):
        return Participant.objects.public().exclude(kind=Participant.Kind.COORDINATOR).order_by("pk")


class EventsSitemap(_ChangingRecords):
    changefreq = "yearly"

    def items(self):
        return Event.objects.public().order_by("pk")


class NewsSitemap(_ChangingRecords):
    changefreq = "yearly"

    def items(self):
        return NewsItem.objects.published().order_by("pk")


class LegalTextsSitemap(_Bilingual):
    """Every version of the privacy policy and the information clauses: what each recorded consent agreed to."""

    changefreq = "yearly"

    def items(self):
        return LegalText.objects.order_by("pk")

    def lastmod(self, obj):
        return obj.published_at


class AgreementVersionsSitemap(_ChangingRecords):
    """Each published version of the agreement in force (drafts are never public)."""

    changefreq = "yearly"

    def items(self):
        return Version.objects.published().filter(agreement__in=Agreement.objects.current()).order_by("number")

    def location(self, obj):
        return reverse("agreements:version", kwargs={"number": obj.number})


SITEMAPS = {
    "pages": PagesSitemap,
    "participants": ParticipantsSitemap,
    "events": EventsSitemap,
    "news": NewsSitemap,
    "legal-texts": LegalTextsSitemap,
    "agreement-versions": AgreementVersionsSitemap,
}


URLSET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)


def _day(value):
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return value.isoformat()


def urlset_xml(urlset):
    """What Django's sitemap.xml template makes of `urlset` (the same elements, escaped alike, without the spaces
    between them), written directly: a template costs several times as much for hundreds of addresses."""
    parts = [URLSET_START]
    for url in urlset:
        parts.append(f"<url><loc>{escape(url['location'])}</loc>")
        if url.get("lastmod"):
            parts.append(f"<lastmod>{_day(url['lastmod'])}</lastmod>")
        if url.get("changefreq"):
            parts.append(f"<changefreq>{escape(url['changefreq'])}</changefreq>")
        if url.get("priority"):
            parts.append(f"<priority>{escape(url['priority'])}</priority>")
        for alternate in url.get("alternates", ()):
            parts.append(
                f'<xhtml:link rel="alternate" hreflang="{escape(alternate["lang_code"])}"'
                f' href="{escape(alternate["location"])}"/>'
            )
        parts.append("</url>")
    parts.append("\n</urlset>\n")
    return "".join(parts)


def sitemap_section(request, section):
    """One sitemap (a page of one kind of record): Django's view, its addresses written by urlset_xml."""
    response = sitemaps_views.sitemap(request, SITEMAPS, section)
    response.content = urlset_xml(response.context_data["urlset"])
    return response
