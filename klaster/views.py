"""Pages of the cluster as a whole: home, what a cluster is, benefits, privacy, accessibility."""

from datetime import date

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET
from django.views.static import serve

from agreements.models import Agreement
from events.models import Event
from klaster.public import public_page
from klaster.unavailable import RETRY_AFTER_SECONDS, is_unavailable
from members.models import Cluster, Participant, Role

# When the statement was first published and last reviewed (the template of the official
# statement needs both); the coordinator's yearly review arrives with the accounts issue.
ACCESSIBILITY_PUBLISHED = date(2026, 11, 25)
ACCESSIBILITY_UPDATED = date(2026, 11, 25)


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
@never_cache
def ready(request):
    """Whether this server can serve pages: the database answers a query and, with REDIS_URL, the shared cache answers
    too. 200, or 503 naming what does not answer (for a load balancer or an orchestrator; /status/live/ only says that
    the process is up). Never kept, never a page of the site: plain text."""
    failing = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:
        if not is_unavailable(error):
            raise
        failing.append("database")
    if settings.REDIS_URL:
        try:
            cache.set("klaster:ready", 1, 10)
        except Exception as error:
            if not is_unavailable(error):
                raise
            failing.append("cache")
    if failing:
        response = HttpResponse(f"unavailable: {', '.join(failing)}\n", status=503, content_type="text/plain")
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ready\n", content_type="text/plain")


@require_GET
def media(request, path):
    """Uploaded files in development only; production serves MEDIA_ROOT from the reverse proxy."""
    if not settings.DEBUG:
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
