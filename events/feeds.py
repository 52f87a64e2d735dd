"""The Atom feed of the cluster's events (Django's syndication framework), in the language of its address: the latest
events first, each with when and where it is, its status and its summary."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from members.models import Cluster

from .models import Event

FEED_ITEMS = 30


class EventsFeed(Feed):
    feed_type = Atom1Feed
    description_template = "events/includes/_feed_item.html"

    def get_object(self, request, *args, **kwargs):
        return Cluster.objects.main()

    def title(self, cluster):
        name = cluster.name if cluster else _("Klaster energii")
        return _("Wydarzenia – %(name)s") % {"name": name}

    def subtitle(self, cluster):
        return cluster.tagline if cluster else ""

    def link(self):
        return reverse("events:list")

    def items(self):
        return Event.objects.latest()[:FEED_ITEMS]

    def item_title(self, event):
        if event.is_cancelled:
            return _("Odwołane: %(title)s") % {"title": event.title}
        return event.title

    def item_updateddate(self, event):
        return event.updated_at

    def item_pubdate(self, event):
        return event.updated_at
