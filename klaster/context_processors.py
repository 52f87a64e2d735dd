from django.utils.functional import SimpleLazyObject

from klaster.addresses import site_url
from members.models import Cluster


def site(request):
    """What every page's layout and every email rendered with a request shows: the cluster's name and contact, and
    the site's address (klaster.addresses.site_url: SITE_URL in production, the server asked in development)."""
    return {
        "cluster": SimpleLazyObject(Cluster.objects.main),
        "SITE_URL": site_url(request),
    }
