"""The Atom feed of the cluster's news (Django's syndication framework), in the language of its address."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from klaster.news import NewsItem
from members.models import Cluster

FEED_ITEMS = 20


class NewsFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, *args, **kwargs):
        return Cluster.objects.main()

    def title(self, cluster):
        name = cluster.name if cluster else _("Klaster energii")
        return _("Aktualności – %(name)s") % {"name": name}

    def subtitle(self, cluster):
        return cluster.tagline if cluster else ""

    def link(self):
        return reverse("news:list")

    def items(self):
        return NewsItem.objects.published()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.updated_at
