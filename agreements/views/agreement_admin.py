"""The coordinator's work on the agreement: its facts, a new version through an annex (drafted with a preview, then
published), signatures and accessions, the end of a party's membership, and the documents.

Every change goes through a function of agreements/services; what it refuses is shown on the page.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from klaster.concurrency import EditConflict
from klaster.form_errors import add_service_errors
from members.access import coordinator_required
from members.models import Participant

from .. import services
from ..diff import compare_versions
from ..forms import (
    AgreementDocumentForm,
    AgreementForm,
    AnnexForm,
    AnnexSignaturesForm,
    PartyEndForm,
    SignatureForm,
    SignatureRepresentativeForm,
    VersionTextForm,
)
from ..models import Agreement, Document, Section, Signature
from ..text import text_from_sections

# The overview lists the parties and the versions (newest first) a page at a time.
PARTIES_PAGE_SIZE = 20
VERSIONS_PAGE_SIZE = 10
DOCUMENTS_SHOWN = 10


def _query_without(request, name):
    """The request's query without `name`: what a pagination of the page's other list keeps in its links."""
    query = request.GET.copy()
    query.pop(name, None)
    return query.urlencode()


def _get_agreement():
    """The agreement the coordinator looks after: the one in force, else the latest one (404 before loadcluster)."""
    agreement = (
        Agreement.objects.current().first() or Agreement.objects.select_related("cluster").order_by("-pk").first()
    )
    if agreement is None:
        raise Http404
    return agreement


def _get_version(agreement, number):
    return get_object_or_404(agreement.versions.select_related("annex"), number=number)


def _draft_exists_message(agreement, error):
    draft = agreement.versions.drafts().first()
    if draft is None:
        return " ".join(error.messages)
    url = reverse("agreement-admin:version", args=[draft.number])
    return format_html('{} <a href="{}">{}</a>', " ".join(error.messages), url, _("Otwórz projekt"))


@require_safe
@coordinator_required
def overview(request):
    agreement = _get_agreement()
    all_versions = agreement.versions.select_related("annex")
    versions = Paginator(all_versions.order_by("-number"), VERSIONS_PAGE_SIZE).get_page(request.GET.get("wersje"))
    # Counted apart: one join of sections and signatures would pair every section with every signature.
    shown = [version.pk for version in versions]
    sections = dict(Section.objects.filter(version__in=shown).values_list("version").annotate(n=Count("pk")).order_by())
    signatures = dict(
        Signature.objects.filter(version__in=shown).values_list("version").annotate(n=Count("pk")).order_by()
    )
    for version in versions:
        version.section_count = sections.get(version.pk, 0)
        version.signature_count = signatures.get(version.pk, 0)
    context = {
        "agreement": agreement,
        "versions": versions,
        "versions_query": _query_without(request, "wersje"),
        "current": all_versions.published().order_by("-number").first(),
        "draft": all_versions.drafts().order_by("number").first(),
        "annexes": [v.annex for v in reversed(versions.object_list) if v.annex is not None],
        "parties": Paginator(agreement.party_list(), PARTIES_PAGE_SIZE).get_page(request.GET.get("page")),
        "parties_query": _query_without(request, "page"),
        # The latest ones; the documents page lists them all.
        "documents": agreement.documents.select_related("participant").order_by("-date", "-pk")[:DOCUMENTS_SHOWN],
        "audit_url": reverse("audit:index"),
        "agreement_history_url": reverse("audit:object", args=["agreements", "agreement", agreement.pk]),
    }
    return render(request, "agreements/agreement_admin/overview.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def agreement_edit(request):
    agreement = _get_agreement()
    form = AgreementForm(request.POST or None, instance=agreement)
    if form.is_valid():
        try:
            services.agreement_update(agreement=agreement, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano dane porozumienia."))
            return redirect("agreement-admin:overview")
    agreement.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    return render(request, "agreements/agreement_admin/agreement_form.html", {"agreement": agreement, "form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def annex_new(request):
    agreement = _get_agreement()
    draft = agreement.versions.drafts().first()
    form = AnnexForm(request.POST or None, request.FILES or None, agreement=agreement)
    if draft is None and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.annex_draft_create(
                agreement=agreement,
                number=data["number"],
                signed_on=data["signed_on"],
                subject=data["subject"],
                text=data["text"],
                file=data["file"],
                effective_on=data["effective_on"],
                change_summary=data["change_summary"],
                by=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "draft_exists":
                messages.error(request, _draft_exists_message(agreement, error))
                return redirect("agreement-admin:annex-new")
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Dodano aneks nr %(annex)s i projekt wersji %(number)s. Wpisz tekst jednolity nowej wersji.")
                % {"annex": version.annex.number, "number": version.number},
            )
            return redirect("agreement-admin:version", number=version.number)
    context = {"agreement": agreement, "form": form, "draft": draft, "current": agreement.current_version()}
    return render(request, "agreements/agreement_admin/annex_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def version_edit(request, number):
    """A published version: its text and who signed it. A draft: its text in one field, a preview, saving."""
    agreement = _get_agreement()
    version = _get_version(agreement, number)
    if version.is_published:
        if request.method == "POST":
            messages.error(request, _("Ta wersja została już opublikowana; jej tekstu nie można zmienić."))
            return redirect("agreement-admin:version", number=version.number)
        context = {
            "agreement": agreement,
            "version": version,
            "sections": version.sections.all(),
            "signatures": version.signatures.select_related("participant", "representative__person").order_by(
                "signed_on", "participant__name"
            ),
            "is_current": agreement.current_version() == version,
        }
        return render(request, "agreements/agreement_admin/version_detail.html", context)

    current = agreement.current_version()
    initial = {
        "text": text_from_sections(version.sections.all()),
        "effective_on": version.effective_on,
        "change_summary": version.change_summary,
    }
    form = VersionTextForm(request.POST or None, initial=initial)
    preview = diff = None
    if form.is_valid():
        data = form.cleaned_data
        if request.POST.get("action") == "save":
            try:
                services.version_text_save(
                    version=version,
                    text=data["text"],
                    effective_on=data["effective_on"],
                    change_summary=data["change_summary"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Zapisano projekt wersji %(number)s.") % {"number": version.number})
                return redirect("agreement-admin:version", number=version.number)
        else:
            preview = form.sections
            if current is not None:
                diff = compare_versions(current, version, current.sections.all(), preview)
    context = {
        "agreement": agreement,
        "version": version,
        "current": current,
        "form": form,
        "preview": preview,
        "diff": diff,
        "problems": services.version_publish_problems(version),
    }
    return render(request, "agreements/agreement_admin/version_form.html", context)


@require_POST
@coordinator_required
def version_publish(request, number):
    agreement = _get_agreement()
    version = _get_version(agreement, number)
    try:
        services.version_publish(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Opublikowano wersję %(number)s. Strony pozostają związane wersją, którą podpisały, dopóki nie "
                "podpiszą aneksu: zapisz ich podpisy."
            )
            % {"number": version.number},
        )
        return redirect("agreement-admin:version-signatures", number=version.number)
    return redirect("agreement-admin:version", number=version.number)


@require_POST
@coordinator_required
def version_discard(request, number):
    agreement = _get_agreement()
    version = _get_version(agreement, number)
    try:
        services.version_discard(version=version, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreement-admin:version", number=version.number)
    messages.success(request, _("Odrzucono projekt wersji %(number)s razem z jego aneksem.") % {"number": number})
    return redirect("agreement-admin:overview")


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def version_signatures(request, number):
    """Who signed a published version; for a version introduced by an annex, record the parties that signed it."""
    agreement = _get_agreement()
    version = _get_version(agreement, number)
    if not version.is_published:
        messages.error(request, _("Podpisy zapisuje się dopiero po opublikowaniu wersji."))
        return redirect("agreement-admin:version", number=version.number)
    form = None
    if version.annex is not None:
        form = AnnexSignaturesForm(request.POST or None, version=version)
        if form.is_valid():
            data = form.cleaned_data
            try:
                signatures = services.annex_signatures_record(
                    version=version,
                    participants=list(data["participants"]),
                    signed_on=data["signed_on"],
                    signed_place=data["signed_place"],
                    by=request.user,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("Zapisano podpisy aneksu: %(names)s.")
                    % {"names": ", ".join(sorted(signature.participant.name for signature in signatures))},
                )
                return redirect("agreement-admin:version-signatures", number=version.number)
    elif request.method == "POST":
        messages.error(request, _("Ta wersja nie została wprowadzona aneksem."))
        return redirect("agreement-admin:version-signatures", number=version.number)
    context = {
        "agreement": agreement,
        "version": version,
        "form": form,
        "signatures": version.signatures.select_related("participant", "representative__person").order_by(
            "signed_on", "participant__name"
        ),
    }
    return render(request, "agreements/agreement_admin/version_signatures.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def signature_new(request):
    agreement = _get_agreement()
    party = Participant.objects.filter(cluster=agreement.cluster, slug=request.GET.get("strona", "")).first()
    form = SignatureForm(request.POST or None, request.FILES or None, agreement=agreement, party=party)
    if form.is_valid():
        data = form.cleaned_data
        try:
            signature = services.signature_record(
                version=data["version"],
                participant=data["participant"],
                basis=data["basis"],
                signed_on=data["signed_on"],
                signed_place=data["signed_place"],
                representative=data["representative"],
                scan=data["scan"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Zapisano podpis: %(party)s, wersja %(number)s.")
                % {"party": signature.participant.name, "number": signature.version.number},
            )
            return redirect("agreement-admin:overview")
    context = {"agreement": agreement, "form": form, "party": party}
    if party is not None:  # what the party signed already, to say who signed for it there
        context["party_signatures"] = party.signatures.filter(version__agreement=agreement).select_related(
            "version", "representative__person"
        )
    return render(request, "agreements/agreement_admin/signature_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def signature_representative(request, pk):
    """Who signed for the party on a recorded signature (the founding ones were recorded without it)."""
    agreement = _get_agreement()
    signature = get_object_or_404(
        Signature.objects.select_related("participant", "version", "representative__person"),
        pk=pk,
        version__agreement=agreement,
    )
    form = SignatureRepresentativeForm(
        request.POST or None, initial={"representative": signature.representative_id}, signature=signature
    )
    if form.is_valid():
        try:
            services.signature_representative_set(
                signature=signature, representative=form.cleaned_data["representative"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano, kto podpisał w imieniu strony %(party)s.") % {
                "party": signature.participant.name
            })  # fmt: skip
            return redirect("agreement-admin:version-signatures", number=signature.version.number)
    context = {"agreement": agreement, "signature": signature, "form": form}
    return render(request, "agreements/agreement_admin/signature_representative.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def party_end(request, slug):
    agreement = _get_agreement()
    participant = get_object_or_404(
        Participant.objects.filter(signatures__version__agreement=agreement).distinct(), slug=slug
    )
    ended = participant.left_on is not None
    form = None if ended else PartyEndForm(request.POST or None, request.FILES or None, participant=participant)
    if ended and request.method == "POST":
        messages.error(request, _("Członkostwo strony %(party)s już się zakończyło.") % {"party": participant.name})
        return redirect("agreement-admin:overview")
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            services.party_end(
                agreement=agreement,
                participant=participant,
                status=data["status"],
                left_on=data["left_on"],
                reason=data["reason"],
                document_number=data["document_number"],
                document_file=data["document_file"],
                by=request.user,
            )
        except ValidationError as error:
            if getattr(error, "code", None) == "already_ended":
                messages.error(request, " ".join(error.messages))
                return redirect("agreement-admin:overview")
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Zapisano zakończenie członkostwa: %(party)s. Jej podpisy pozostają w historii porozumienia.")
                % {"party": participant.name},
            )
            return redirect("agreement-admin:overview")
    context = {"agreement": agreement, "participant": participant, "form": form, "ended": ended}
    return render(request, "agreements/agreement_admin/party_end.html", context)


@require_safe
@coordinator_required
def documents(request):
    agreement = _get_agreement()
    context = {
        "agreement": agreement,
        "documents": agreement.documents.exclude(kind=Document.Kind.RESOLUTION)
        .select_related("participant")
        .order_by("-date", "-pk"),
        "resolutions": Document.objects.resolutions()
        .filter(participant__cluster=agreement.cluster)
        .select_related("participant")
        .order_by("participant__name", "-date"),
    }
    return render(request, "agreements/agreement_admin/documents.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def document_new(request):
    agreement = _get_agreement()
    form = AgreementDocumentForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        try:
            document = services.document_save(agreement=agreement, form=form, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Dodano dokument: %(title)s.") % {"title": document.title})
            return redirect("agreement-admin:documents")
    context = {"agreement": agreement, "form": form, "document": None}
    return render(request, "agreements/agreement_admin/document_form.html", context)


def _get_document(agreement, pk):
    """A document of the agreement the coordinator manages (COORDINATOR_DOCUMENT_KINDS): resolutions are not found."""
    return get_object_or_404(
        agreement.documents.filter(kind__in=services.COORDINATOR_DOCUMENT_KINDS).select_related("participant"), pk=pk
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def document_edit(request, pk):
    """Change a document's data and, with a new PDF, replace its file (the old one is deleted once saved)."""
    agreement = _get_agreement()
    document = _get_document(agreement, pk)
    form = AgreementDocumentForm(
        request.POST or None, request.FILES or None, instance=document, edited_from=services.document_values(document)
    )
    if form.is_valid():
        try:
            document = services.document_save(
                agreement=agreement, form=form, by=request.user, edited_from=form.cleaned_data["edited_from"]
            )
        except EditConflict as error:
            document.refresh_from_db()
            form.show_conflict(error, services.document_values(document))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano dokument: %(title)s.") % {"title": document.title})
            return redirect("agreement-admin:documents")
    document.refresh_from_db()  # the form wrote what was typed onto the instance; the page shows what is stored
    context = {"agreement": agreement, "form": form, "document": document}
    return render(request, "agreements/agreement_admin/document_form.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def document_delete(request, pk):
    """GET asks for confirmation; only a POST deletes the document and its file."""
    agreement = _get_agreement()
    document = _get_document(agreement, pk)
    if request.method == "POST":
        services.document_delete(document=document, by=request.user)
        messages.success(request, _("Usunięto dokument: %(title)s.") % {"title": document.title})
        return redirect("agreement-admin:documents")
    return render(
        request,
        "agreements/agreement_admin/document_confirm_delete.html",
        {"agreement": agreement, "document": document},
    )
