"""Pages of the cluster as a whole: home, what a cluster is, benefits, news, privacy, accessibility."""

from datetime import date

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from agreements.models import Agreement
from events.models import Event
from klaster.news import NewsItem
from klaster.public import public_page
from members.models import Cluster, Participant, Role

# When the statement was first published and last reviewed (the template of the official
# statement needs both); the coordinator's yearly review arrives with the accounts issue.
ACCESSIBILITY_PUBLISHED = date(2026, 11, 25)
ACCESSIBILITY_UPDATED = date(2026, 11, 25)
NEWS_PAGE_SIZE = 10
NEWS_ON_HOME = 3


def _cluster_or_404():
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404("The cluster has not been loaded (run `manage.py loadcluster`).")
    return cluster


@require_GET
@public_page
def home(request):
    cluster = _cluster_or_404()
    parties = Participant.objects.public().filter(cluster=cluster)
    context = {
        "gminas": parties.gminas().order_by("name"),
        "coordinator": cluster.coordinator,
        "representatives": Role.objects.representatives().filter(participant=cluster.coordinator_id),
        "stakeholder_count": parties.stakeholders().count(),
        "benefits": cluster.benefits.all(),
        "events": Event.objects.latest().filter(cluster=cluster)[:3],
        "news": NewsItem.objects.published()[:NEWS_ON_HOME],
        "agreement": Agreement.objects.current().filter(cluster=cluster).first(),
    }
    return render(request, "klaster/home.html", context)


@require_GET
@public_page
def about(request):
    cluster = _cluster_or_404()
    history = Event.objects.public().filter(cluster=cluster).order_by("starts_on")[:10]
    return render(request, "klaster/about.html", {"cluster": cluster, "history": history})


@require_GET
@public_page
def benefits(request):
    cluster = _cluster_or_404()
    return render(request, "klaster/benefits.html", {"benefits": cluster.benefits.all()})


@require_GET
@public_page
def news_list(request):
    page = Paginator(NewsItem.objects.published(), NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "klaster/news/list.html", {"page": page})


@require_GET
@public_page
def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.published(), slug=slug)
    return render(request, "klaster/news/detail.html", {"item": item})


@require_GET
@public_page
def privacy(request):
    return render(request, "klaster/privacy.html")


@require_GET
@public_page
def accessibility(request):
    context = {"published": ACCESSIBILITY_PUBLISHED, "updated": ACCESSIBILITY_UPDATED}
    return render(request, "klaster/accessibility.html", context)


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Crawlers may read every public page; accounts and the admin are not for them."""
    lines = ["User-agent: *"]
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            lines.append(f"Disallow: {reverse('account_login').rsplit('/', 2)[0]}/")
            lines.append(f"Disallow: {reverse('admin:index')}")
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_GET
@never_cache
def live(request):
    """The server answers: for a load balancer's health check, and the benchmark's baseline (the same middleware as
    every page, a minimal template, no database query)."""
    return HttpResponse(render_to_string("klaster/live.html"))


@require_GET
def media(request, path):
    """Uploaded files in development only; production serves MEDIA_ROOT from the reverse proxy."""
    if not settings.DEBUG:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
