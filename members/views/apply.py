"""Applying to join the cluster (public, no account) and following the application by its private link."""

from django.conf import settings
from django.core import signing
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from klaster import ratelimit
from klaster.addresses import site_url

from .. import services
from ..forms import ApplicationForm
from ..models import Application, Cluster, LegalText


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def apply(request):
    cluster = Cluster.objects.main()
    form = ApplicationForm(request.POST or None, cluster=cluster)
    if request.method == "POST":
        if form.is_spam:
            # Held back without a word to the bot: the same page a person sees, nothing saved, nothing sent.
            return render(request, "members/apply_sent.html", {"application": None})
        if form.is_valid():
            key = form.cleaned_data["email"].lower()
            if not ratelimit.allow(request, action="klaster_apply", key=key):
                return render(request, "members/apply_limited.html", status=429)
            application, _created = services.application_submit(
                cluster=cluster,
                fields=form.application_fields(),
                language=get_language(),
                base_url=site_url(request),
            )
            # A path: the browser stays on the host and port it applied on.
            return redirect(services.application_status_path(application) + "?nowy=1")
    clause = LegalText.objects.current(LegalText.Kind.APPLICATION_CLAUSE)
    context = {
        "form": form,
        "cluster": cluster,
        "clause": clause,
        "clause_version": clause.version if clause else settings.APPLICATION_CLAUSE_VERSION,
    }
    return render(request, "members/apply.html", context)


@never_cache
@require_safe
def application_status(request, token):
    try:
        application = services.application_for_token(token)
    except signing.SignatureExpired:
        return render(request, "members/application_link_expired.html", status=410)
    except Application.DoesNotExist:
        return render(request, "members/application_link_expired.html", {"unknown": True}, status=404)
    response = render(
        request,
        "members/application_status.html",
        {
            "application": application,
            "events": application.events.all(),
            "just_sent": request.GET.get("nowy") == "1",
        },
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response
