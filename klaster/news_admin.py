"""The coordinator's pages of news (/panel/koordynator/aktualnosci/): the list with drafts, adding, editing (publishing
is choosing "published"), deleting. What the public sees is klaster/views.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klaster.concurrency import EditConflict, form_values
from klaster.form_errors import add_service_errors
from klaster.forms import NewsItemForm
from klaster.news import NewsItem, news_item_delete, news_item_save
from members.access import coordinator_required

PANEL_PAGE_SIZE = 25


@require_safe
@coordinator_required
def index(request):
    page = Paginator(NewsItem.objects.order_by("-published_on", "-pk"), PANEL_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "klaster/news_admin/index.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def new(request):
    return _edit(request, NewsItem())


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def edit(request, pk):
    return _edit(request, get_object_or_404(NewsItem, pk=pk))


def _edit(request, item):
    adding = item.pk is None
    form = NewsItemForm(
        request.POST or None,
        request.FILES or None,
        instance=item,
        edited_from=None if adding else form_values(NewsItemForm, item),
    )
    if form.is_valid():
        try:
            item = news_item_save(form=form, edited_from=form.cleaned_data["edited_from"])
        except EditConflict as error:
            form.show_conflict(error, form_values(NewsItemForm, NewsItem.objects.get(pk=item.pk)))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if adding:
                messages.success(request, _("Dodano aktualność: %(title)s.") % {"title": item.title})
            else:
                messages.success(request, _("Zapisano aktualność: %(title)s.") % {"title": item.title})
            return redirect("news-admin:index")
    return render(request, "klaster/news_admin/form.html", {"form": form, "item": item, "adding": adding})


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def delete(request, pk):
    """GET asks for confirmation; only a POST deletes the news item and its picture."""
    item = get_object_or_404(NewsItem, pk=pk)
    if request.method == "POST":
        news_item_delete(item=item)
        messages.success(request, _("Usunięto aktualność: %(title)s.") % {"title": item.title})
        return redirect("news-admin:index")
    return render(request, "klaster/news_admin/confirm_delete.html", {"item": item})
