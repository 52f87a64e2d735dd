"""Pages of the cluster as a whole: home, what a cluster is, benefits, news, contact, privacy, accessibility and the form
to request an accessible version; and the page that refuses access (403), in the portal's layout."""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_http_methods, require_safe
from django.views.static import serve

from agreements.models import Agreement
from events.models import Event
from klaster import ratelimit
from klaster.accessibility_requests import accessibility_request_submit
from klaster.contact import contact_message_submit
from klaster.forms import AccessibilityRequestForm, ContactForm
from klaster.news import NewsItem
from klaster.public import public_page
from klaster.unavailable import RETRY_AFTER_SECONDS, is_unavailable
from klaster.uploads import protect
from members.access import OtherGminaPanel, gmina_of
from members.models import Cluster, LegalText, Participant, Role

NEWS_PAGE_SIZE = 10
NEWS_ON_HOME = 3


def _cluster_or_404():
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404("The cluster has not been loaded (run `manage.py loadcluster`).")
    return cluster


@require_safe
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


@require_safe
@public_page
def about(request):
    cluster = _cluster_or_404()
    history = Event.objects.public().filter(cluster=cluster).order_by("starts_on")[:10]
    return render(request, "klaster/about.html", {"cluster": cluster, "history": history})


@require_safe
@public_page
def benefits(request):
    cluster = _cluster_or_404()
    return render(request, "klaster/benefits.html", {"benefits": cluster.benefits.all()})


@require_safe
@public_page
def news_list(request):
    page = Paginator(NewsItem.objects.published(), NEWS_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "klaster/news/list.html", {"page": page})


@require_safe
@public_page
def news_detail(request, slug):
    item = get_object_or_404(NewsItem.objects.published(), slug=slug)
    return render(request, "klaster/news/detail.html", {"item": item})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def contact(request):
    """The coordinator's address, e-mail and phone, and the contact form. Not a kept page: the form carries a CSRF
    token (the page cache would not keep it anyway)."""
    cluster = _cluster_or_404()
    clause = LegalText.objects.current(LegalText.Kind.CONTACT_CLAUSE)
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        if form.is_spam:
            # Held back without a word to the bot: the page a person sees after sending, nothing kept, nothing sent.
            return redirect(reverse("contact") + "?wyslano=1")
        if form.is_valid():
            data = form.cleaned_data
            if not ratelimit.allow(request, action="klaster_contact", key=data["email"].lower()):
                # What was typed stays in the form, to be sent later.
                form.add_error(None, _("Z tego adresu wysłano w krótkim czasie zbyt wiele wiadomości. Wiadomość nie "
                                       "została wysłana; spróbuj ponownie za godzinę."))  # fmt: skip
                return render(request, "klaster/contact/page.html", _contact_context(cluster, form, clause), status=429)
            coordinator = cluster.coordinator
            contact_message_submit(
                clause_version=clause.version if clause else "",
                name=data["name"],
                email=data["email"],
                message=data["message"],
                language=translation.get_language(),
                recipient=(coordinator.email if coordinator else "") or cluster.email,
                panel_url=request.build_absolute_uri(reverse("contact-admin:index")),
            )
            return redirect(reverse("contact") + "?wyslano=1")
    context = _contact_context(
        cluster, form, clause, sent=request.method in ("GET", "HEAD") and request.GET.get("wyslano") == "1"
    )
    return render(request, "klaster/contact/page.html", context)


def _contact_context(cluster, form, clause, *, sent=False):
    return {"cluster": cluster, "coordinator": cluster.coordinator, "form": form, "sent": sent, "clause": clause}


@require_safe
@public_page
def privacy(request):
    """The privacy policy in force, the information clauses in force, and every earlier version of each."""
    texts = list(LegalText.objects.order_by("kind", "-published_at", "-pk"))
    current = {}
    for text in texts:
        current.setdefault(text.kind, text)
    context = {
        "policy": current.get(LegalText.Kind.PRIVACY),
        "clauses": [current[kind] for kind in (LegalText.Kind.APPLICATION_CLAUSE, LegalText.Kind.CONTACT_CLAUSE,
                                               LegalText.Kind.EVENT_CLAUSE) if kind in current],
        "earlier": [text for text in texts if current[text.kind] is not text],
    }  # fmt: skip
    return render(request, "klaster/privacy.html", context)


@require_safe
@public_page
def legal_text(request, pk):
    """One version of the privacy policy or of a clause: what a recorded consent agreed to."""
    text = get_object_or_404(LegalText, pk=pk)
    current = LegalText.objects.current(text.kind)
    return render(request, "klaster/legal_text.html", {"text": text, "current": current})


@require_safe
@public_page
def accessibility(request):
    """The accessibility statement in the structure the ministry's template sets (its element ids a11y-*): the dates and
    the contact person from the coordinator's site texts, the contact details falling back to the coordinator's."""
    cluster = _cluster_or_404()
    coordinator = cluster.coordinator
    context = {
        "published": cluster.accessibility_published_on,
        "updated": cluster.accessibility_updated_on,
        "contact_name": cluster.accessibility_contact_name,
        "contact_email": cluster.accessibility_contact_email
        or (coordinator.email if coordinator else "")
        or cluster.email,
        "contact_phone": cluster.accessibility_contact_phone or (coordinator.phone if coordinator else ""),
    }
    return render(request, "klaster/accessibility.html", context)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accessibility_request(request):
    """The form to request an accessible version of something: kept for the coordinator with its 7-day deadline and
    e-mailed to them. Like the contact form: a honeypot, a rate limit, the information clause agreed to."""
    cluster = _cluster_or_404()
    clause = LegalText.objects.current(LegalText.Kind.CONTACT_CLAUSE)
    form = AccessibilityRequestForm(request.POST or None)
    sent_url = reverse("accessibility-request") + "?wyslano=1"
    status = 200
    if request.method == "POST":
        if form.is_spam:
            return redirect(sent_url)  # held back without a word to the bot, as on the contact form
        if form.is_valid():
            data = form.cleaned_data
            if ratelimit.allow(request, action="klaster_accessibility_request", key=data["email"].lower()):
                coordinator = cluster.coordinator
                accessibility_request_submit(
                    clause_version=clause.version if clause else "",
                    name=data["name"],
                    email=data["email"],
                    subject=data["subject"],
                    preferred_form=data["preferred_form"],
                    language=translation.get_language(),
                    recipient=cluster.accessibility_contact_email
                    or (coordinator.email if coordinator else "")
                    or cluster.email,
                    panel_url=request.build_absolute_uri(reverse("accessibility-requests:index")),
                )
                return redirect(sent_url)
            # What was typed stays in the form, to be sent later.
            form.add_error(None, _("Z tego adresu wysłano w krótkim czasie zbyt wiele żądań. Żądanie nie zostało "
                                   "wysłane; spróbuj ponownie za godzinę."))  # fmt: skip
            status = 429
    context = {
        "cluster": cluster,
        "form": form,
        "clause": clause,
        "sent": request.method in ("GET", "HEAD") and request.GET.get("wyslano") == "1",
    }
    return render(request, "klaster/accessibility_requests/form.html", context, status=status)


@require_safe
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


@require_safe
@never_cache
def live(request):
    """The server answers: for a load balancer's health check, and the benchmark's baseline (the same middleware as
    every page, a minimal template, no database query)."""
    return HttpResponse(render_to_string("klaster/live.html"))


@require_safe
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


@require_safe
def media(request, path):
    """Uploaded public pictures in development only; production serves MEDIA_ROOT from the reverse proxy with the
    same headers (README: the type from the extension only, nosniff, the sandbox, anything but a picture to download)."""
    if not settings.DEBUG:
        raise Http404
    return protect(serve(request, path, document_root=settings.MEDIA_ROOT), path, public_image=True)


@requires_csrf_token
def permission_denied(request, exception):
    """The project's 403 handler (klaster.urls.handler403): templates/403.html in the portal's layout. When a clerk
    opened another gmina's panel (members.access.OtherGminaPanel) the page says so and leads to their own gmina's
    panel; it is given nothing of the gmina that was asked for, so it cannot show any of it."""
    context = {"other_gmina_panel": isinstance(exception, OtherGminaPanel), "own_gmina": gmina_of(request.user)}
    return render(request, "403.html", context, status=403)
