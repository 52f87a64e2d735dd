"""The public pages of the agreement: the consolidated text with its parties, the history of versions, one version,
and the difference between two versions. Drafts never reach these pages.

And a gmina's public page (`members:gmina`, /gminy/<slug>/): what members knows of the gmina (its facts, people and
stakeholders: members.views.public.gmina_page_context) with what the agreement knows of it (its signatures and its
council resolutions). The page lives here, the lowest layer that sees both: members is a leaf and may not import
agreements, and nothing of the page needs klaster or events. klaster/urls.py mounts it in the `members` namespace, so
its address and name stay those of the other party pages."""

from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from klaster.page_cache import public_page
from members.models import Participant
from members.redirects import follow_previous_slug
from members.views.public import gmina_page_context

from ..diff import compare_versions
from ..forms import VersionDiffForm
from ..models import Agreement, Document, Section, Signature

PARTIES_PAGE_SIZE = 20


def _agreement():
    return get_object_or_404(Agreement.objects.current())


def _published(agreement):
    """The agreement's published versions, oldest first, with the annex that introduced each."""
    return agreement.versions.published().select_related("annex").order_by("number")


def _current_version(agreement):
    # Agreement.current_version(), with its annex in the same query.
    return _published(agreement).order_by("-number").first()


@require_safe
@public_page
def agreement_detail(request):
    """The agreement in force: its consolidated text, its parties and who is bound by which version, its documents."""
    agreement = _agreement()
    version = _current_version(agreement)
    sections = list(version.sections.all()) if version else []
    page = _parties_page(request, agreement)
    return render(
        request,
        "agreements/agreement_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "sections": sections,
            "page": page,
            "parties_not_listed": page.paginator.object_list.not_listed(),
            "documents": list(agreement.documents.all()),
        },
    )


def _parties_page(request, agreement):
    """One page of the agreement's parties a visitor may see named (Agreement.party_list(listed_only=True), the rule
    of members.models.parties): a cluster with hundreds of stakeholders still gets a page of readable size."""
    return Paginator(agreement.party_list(listed_only=True), PARTIES_PAGE_SIZE).get_page(request.GET.get("page"))


@require_safe
@public_page
def version_list(request):
    """The history of published versions and their annexes, and which party is bound by which version."""
    agreement = _agreement()
    versions = list(_published(agreement).annotate(signature_count=Count("signatures")))
    page = _parties_page(request, agreement)
    rows = []
    for party in page:
        signed = {signature.version_id: signature for signature in party.signatures}
        bound = party.bound_version.pk
        rows.append((party, [(version, signed.get(version.pk), version.pk == bound) for version in versions]))
    previous = dict(zip((v.number for v in versions[1:]), versions, strict=False))
    history = [(version, previous.get(version.number)) for version in reversed(versions)]
    return render(
        request,
        "agreements/version_list.html",
        {
            "agreement": agreement,
            "versions": versions,
            "history": history,
            "current": versions[-1] if versions else None,
            "rows": rows,
            "page": page,
            "parties_not_listed": page.paginator.object_list.not_listed(),
        },
    )


@require_safe
@public_page
def version_detail(request, number):
    """One published version: its text, the annex that introduced it, whether it is in force, who signed it."""
    agreement = _agreement()
    version = get_object_or_404(_published(agreement), number=number)
    numbers = list(agreement.versions.published().order_by("number").values_list("number", flat=True))
    earlier = [n for n in numbers if n < number]
    later = [n for n in numbers if n > number]
    # Only the parties a visitor may see named (members.models.parties); the others are counted.
    signatures = version.signatures.select_related("participant", "representative__person").order_by(
        "signed_on", "participant__name"
    )
    not_listed = signatures.filter(participant__in=Participant.objects.not_listed()).count()
    signatures = signatures.filter(participant__in=Participant.objects.listed())
    return render(
        request,
        "agreements/version_detail.html",
        {
            "agreement": agreement,
            "version": version,
            "sections": list(version.sections.all()),
            "signatures": list(signatures),
            "signatures_not_listed": not_listed,
            "previous_number": earlier[-1] if earlier else None,
            "superseded_by": later[0] if later else None,
            "current_number": numbers[-1],
        },
    )


@require_safe
@public_page
def version_diff(request):
    """What changed between two published versions; by default the previous one and the current one."""
    agreement = _agreement()
    versions = list(_published(agreement))
    context = {"agreement": agreement, "versions": versions, "form": None, "diff": None}
    if len(versions) < 2:
        return render(request, "agreements/version_diff.html", context)
    data = {"od": request.GET.get("od", versions[-2].number), "do": request.GET.get("do", versions[-1].number)}
    form = VersionDiffForm(data, versions=versions)
    context["form"] = form
    if not form.is_valid():
        return render(request, "agreements/version_diff.html", context, status=400)
    by_number = {version.number: version for version in versions}
    old, new = by_number[form.cleaned_data["od"]], by_number[form.cleaned_data["do"]]
    sections = {old.pk: [], new.pk: []}
    for section in Section.objects.filter(version__in=[old, new]).order_by("number"):
        sections[section.version_id].append(section)
    context["diff"] = compare_versions(old, new, sections[old.pk], sections[new.pk])
    return render(request, "agreements/version_diff.html", context)


@require_safe
@public_page
@follow_previous_slug
def gmina_detail(request, slug):
    """A gmina's public page: members' part (404 unless a visitor may see the gmina), its signatures of the agreement
    and its council resolutions about the cluster (only those anyone may read: DocumentQuerySet.public), newest
    first; each one query, however many there are."""
    context = gmina_page_context(slug)
    gmina = context["gmina"]
    context["signatures"] = Signature.objects.filter(participant=gmina).select_related("version__agreement")
    context["resolutions"] = Document.objects.public_resolutions_of(gmina)
    return render(request, "members/gmina_detail.html", context)
