"""The coordinator's page of the site's texts (/panel/koordynator/teksty/): the home page's introduction, "Czym jest
klaster?" and how to join, in Polish and English. They are the cluster's own fields (members.Cluster, audited), so a
portal serving several clusters keeps one set per cluster."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from klaster.forms import SiteTextsForm
from members.access import coordinator_required
from members.models import Cluster


@require_http_methods(["GET", "POST"])
@coordinator_required
def edit(request):
    cluster = Cluster.objects.main()
    if cluster is None:
        raise Http404("The cluster has not been loaded.")
    form = SiteTextsForm(request.POST or None, instance=cluster)
    if form.is_valid():
        form.save()
        messages.success(request, _("Zapisano teksty strony."))
        return redirect("site-texts:edit")
    return render(request, "klaster/texts_admin/edit.html", {"form": form, "cluster": cluster})
