"""sitemap.xml: every public page, in Polish and English, with the alternates between them."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from events.models import Event
from members.models import Participant


class _Bilingual(Sitemap):
    i18n = True
    alternates = True
    x_default = True


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
            "agreements:detail",
            "privacy",
            "accessibility",
        ]

    def location(self, item):
        return reverse(item)


class ParticipantsSitemap(_Bilingual):
    changefreq = "monthly"

    def items(self):
        return Participant.objects.public().exclude(kind=Participant.Kind.COORDINATOR).order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


class EventsSitemap(_Bilingual):
    changefreq = "yearly"

    def items(self):
        return Event.objects.public().order_by("pk")

    def lastmod(self, obj):
        return obj.updated_at


SITEMAPS = {"pages": PagesSitemap, "participants": ParticipantsSitemap, "events": EventsSitemap}
