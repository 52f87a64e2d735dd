"""Adding or changing a person in their function at a party: one form page, for the coordinator's party pages and a
gmina's own workspace alike (the views around it decide who may open it and where it leads)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from klaster.concurrency import EditConflict
from klaster.form_errors import add_service_errors

from ..forms import ContactForm
from ..services import people as people_services


def contact_form_page(request, *, party, role, template, context, done):
    """The form for `role` at `party` (None: a new person); after a save, a message and a redirect to `done`."""
    form = ContactForm(
        request.POST or None,
        initial=ContactForm.initial_for(role) if role else None,
        edited_from=people_services.contact_values(role) if role else None,
    )
    if form.is_valid():
        try:
            saved = people_services.contact_save(
                participant=party,
                role=role,
                data=form.cleaned_data,
                by=request.user,
                edited_from=form.cleaned_data["edited_from"],
            )
        except EditConflict as error:
            role.refresh_from_db()
            role.person.refresh_from_db()
            form.show_conflict(error, people_services.contact_values(role))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Zapisano dane osoby: %(name)s.") % {"name": saved.person.full_name})
            return redirect(done)
    return render(request, template, {**context, "form": form, "role": role})
