"""The coordinator's pages of the contact form's messages (/panel/koordynator/wiadomosci/): the list, newest first and
unread ones marked, and a message (opening it marks it read; the coordinator marks it handled or back to new)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from klaster.contact import contact_message_set_status
from klaster.forms import ContactStatusForm
from members.access import coordinator_required
from members.models import ContactMessage

PANEL_PAGE_SIZE = 25


@require_safe
@coordinator_required
def index(request):
    status = request.GET.get("stan")
    found = ContactMessage.objects.all()
    if status in ContactMessage.Status.values:
        found = found.filter(status=status)
    else:
        status = ""
    page = Paginator(found, PANEL_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "status": status,
        "statuses": ContactMessage.Status.choices,
        "query": f"stan={status}" if status else "",
    }
    return render(request, "klaster/contact_admin/index.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@coordinator_required
def detail(request, pk):
    message = get_object_or_404(ContactMessage, pk=pk)
    if request.method == "GET" and message.status == ContactMessage.Status.NEW:  # opened; a HEAD changes nothing
        contact_message_set_status(message=message, status=ContactMessage.Status.READ)
    form = ContactStatusForm(request.POST or None, initial={"status": message.status})
    if form.is_valid():
        contact_message_set_status(message=message, status=form.cleaned_data["status"])
        messages.success(request, _("Zapisano stan wiadomości: %(status)s.") % {"status": message.get_status_display()})
        return redirect("contact-admin:index")
    return render(request, "klaster/contact_admin/detail.html", {"message": message, "form": form})
