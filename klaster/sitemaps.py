"""sitemap.xml: an index of sitemaps listing every public page, in Polish and English, with the alternates between
them. A cluster with thousands of stakeholders gets its participants in pages of SITEMAP_PAGE_SIZE entries (each entry
is two addresses, Polish and English), so no sitemap grows past a few hundred kilobytes."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from agreements.models import Agreement, Version
from events.models import Event
from klaster.news import NewsItem
from members.models import LegalText, Participant

SITEMAP_PAGE_SIZE = 500


class _Bilingual(Sitemap):
    limit = SITEMAP_PAGE_SIZE
    i18n = True
    alternates = True
    x_default = True


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
