from django.conf import settings
from django.utils.functional import SimpleLazyObject

from members.models import Cluster


def site(request):
    """What every page's layout shows: the cluster's name and contact, and the site's address."""
    return {
        "cluster": SimpleLazyObject(Cluster.objects.main),
        "SITE_URL": settings.SITE_URL,
    }
