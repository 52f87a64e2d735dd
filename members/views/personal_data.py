"""The coordinator answers requests about personal data: find by email, export as JSON, erase contact details."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ..access import coordinator_required
from ..services import personal_data as personal_data_services


class EmailForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("Adres e-mail osoby"))


@never_cache
@require_safe
@coordinator_required
def index(request):
    form = EmailForm(request.GET or None)
    data = personal_data_services.personal_data(form.cleaned_data["email"]) if form.is_valid() else None
    return render(request, "members/personal_data/index.html", {"form": form, "data": data})


@never_cache
@require_safe
@coordinator_required
def export(request):
    form = EmailForm(request.GET)
    if not form.is_valid():
        messages.error(request, _("Podaj poprawny adres e-mail."))
        return redirect("personal-data:index")
    data = personal_data_services.personal_data(form.cleaned_data["email"])
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="dane-osobowe-{stamp}.json"'
    return response


@require_POST
@coordinator_required
def erase(request):
    form = EmailForm(request.POST)
    if not form.is_valid() or request.POST.get("confirm") != "yes":
        messages.error(request, _("Potwierdź usunięcie danych, zaznaczając pole potwierdzenia."))
        return redirect(reverse("personal-data:index") + "?" + urlencode({"email": request.POST.get("email", "")}))
    email = form.cleaned_data["email"]
    people, applications, sent, others = personal_data_services.erase_everything_about(email=email, by=request.user)
    messages.success(
        request,
        _(
            "Usunięto dane kontaktowe: osoby %(people)s, wnioski %(applications)s, wiadomości z formularza "
            "kontaktowego %(messages)s. Podpisane dokumenty pozostają."
        )
        % {"people": people, "applications": applications, "messages": sent},
    )
    if others.get("accessibility_requests"):
        messages.success(
            request,
            _("Usunięto żądania zapewnienia dostępności: %(count)s.") % {"count": others["accessibility_requests"]},
        )
    if others.get("event_registrations"):
        messages.success(
            request,
            _("Anulowano zapisy na wydarzenia i usunięto z nich dane osobowe: %(count)s.")
            % {"count": others["event_registrations"]},
        )
    return redirect("personal-data:index")
