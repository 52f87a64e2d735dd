"""Public pages about the cluster's parties: members, the coordinator, stakeholders; and what members knows for a
gmina's page, whose view is agreements.views.public.gmina_detail (it adds the agreement's records)."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from klaster.public import public_page

from ..forms import DirectoryFilterForm
from ..models import Cluster, Participant, Role
from ..redirects import follow_previous_slug

DIRECTORY_PAGE_SIZE = 20


@require_safe
@public_page
def member_list(request):
    parties = Participant.objects.public()
    context = {
        "gminas": parties.gminas().order_by("name"),
        "coordinators": parties.filter(kind=Participant.Kind.COORDINATOR),
        "stakeholders": parties.stakeholders().select_related("located_in").order_by("name")[:DIRECTORY_PAGE_SIZE],
        "stakeholder_count": parties.stakeholders().count(),
    }
    return render(request, "members/member_list.html", context)


def gmina_page_context(slug):
    """What members knows for a gmina's public page: the gmina (404 unless a visitor may see it), its representatives
    and the stakeholders from its area. The page itself is agreements.views.public.gmina_detail: it adds the gmina's
    signatures and council resolutions, which members (a leaf) may not import."""
    gmina = get_object_or_404(Participant.objects.public().gminas(), slug=slug)
    return {
        "gmina": gmina,
        "representatives": Role.objects.representatives().filter(participant=gmina),
        "stakeholders": Participant.objects.directory().filter(located_in=gmina)[:DIRECTORY_PAGE_SIZE],
    }


@require_safe
@public_page
def coordinator_detail(request):
    cluster = Cluster.objects.main()
    coordinator = get_object_or_404(
        Participant.objects.public().filter(kind=Participant.Kind.COORDINATOR),
        pk=cluster.coordinator_id if cluster else None,
    )
    context = {
        "coordinator": coordinator,
        "representatives": Role.objects.representatives().filter(participant=coordinator),
    }
    return render(request, "members/coordinator_detail.html", context)


@require_safe
@public_page
def directory(request):
    form = DirectoryFilterForm(request.GET or None, gminas=Participant.objects.public().gminas().order_by("name"))
    stakeholders = form.filter(Participant.objects.directory())
    page = Paginator(stakeholders, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "members/directory.html", context)


@require_safe
@public_page
@follow_previous_slug
def stakeholder_detail(request, slug):
    stakeholder = get_object_or_404(Participant.objects.directory(), slug=slug)
    context = {"stakeholder": stakeholder, "signatures": stakeholder.signatures.select_related("version__agreement")}
    return render(request, "members/stakeholder_detail.html", context)
