"""The coordinator's pages of the site's texts (/panel/koordynator/teksty/): the home page's introduction, "Czym jest
klaster?" and how to join, in Polish and English (the cluster's own fields, members.Cluster, audited: a portal serving
several clusters keeps one set per cluster); and the privacy policy and information clauses, where saving publishes a
new version and keeps the earlier ones (members.LegalText: the apply form of members records its clause's version)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klaster.concurrency import EditConflict, form_values
from klaster.form_errors import add_service_errors
from klaster.forms import LegalTextForm, SiteTextsForm
from members import services
from members.access import coordinator_required
from members.models import Cluster, LegalText

# The address part of each kind of legal text.
LEGAL_KINDS = {
    "polityka-prywatnosci": LegalText.Kind.PRIVACY,
    "klauzula-wniosku": LegalText.Kind.APPLICATION_CLAUSE,
    "klauzula-kontaktu": LegalText.Kind.CONTACT_CLAUSE,
    "klauzula-zapisow": LegalText.Kind.EVENT_CLAUSE,
}


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def edit(request):
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404("The cluster has not been loaded.")
    form = SiteTextsForm(request.POST or None, instance=cluster, edited_from=form_values(SiteTextsForm, cluster))
    if form.is_valid():
        try:
            services.site_texts_save(form=form, by=request.user, edited_from=form.cleaned_data["edited_from"])
        except EditConflict as error:
            form.show_conflict(error, form_values(SiteTextsForm, Cluster.objects.get(pk=cluster.pk)))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano teksty strony."))
            return redirect("site-texts:edit")
    legal = [(slug, kind.label, LegalText.objects.current(kind)) for slug, kind in LEGAL_KINDS.items()]
    return render(request, "klaster/texts_admin/edit.html", {"form": form, "cluster": cluster, "legal": legal})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def legal(request, kind):
    """The text in force, to change into a new version; saving publishes it (the earlier ones stay readable)."""
    if kind not in LEGAL_KINDS:
        raise Http404
    current = LegalText.objects.current(LEGAL_KINDS[kind])
    initial = {"body_pl": current.body_pl, "body_en": current.body_en or ""} if current else {}
    form = LegalTextForm(request.POST or None, initial=initial, edited_from=services.legal_text_values(current))
    if form.is_valid():
        try:
            text = services.legal_text_publish(
                kind=LEGAL_KINDS[kind],
                body_pl=form.cleaned_data["body_pl"],
                body_en=form.cleaned_data["body_en"],
                by=request.user,
                edited_from=form.cleaned_data["edited_from"],
            )
        except EditConflict as error:
            current = LegalText.objects.current(LEGAL_KINDS[kind])
            form.show_conflict(error, services.legal_text_values(current))
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Opublikowano nową wersję z dnia %(version)s: %(kind)s.")
                % {"version": text.version, "kind": text.get_kind_display()},
            )
            return redirect("site-texts:edit")
    context = {"form": form, "current": current, "label": LEGAL_KINDS[kind].label}
    return render(request, "klaster/texts_admin/legal.html", context)
