"""Forms of the coordinator's workspace: inviting a person to an account."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from .models import Participant, StaffMembership


def active_account_with_role(email, role, gmina):
    """The active account of `email` that already has `role` (in `gmina`), or None."""
    return (
        get_user_model()
        .objects.filter(
            email__iexact=email.strip(),
            is_active=True,
            membership__role=role,
            membership__gmina=gmina,
        )
        .first()
    )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adres e-mail"), widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Rola"), choices=StaffMembership.Role.choices)
    gmina = forms.ModelChoiceField(
        label=_("Gmina"),
        queryset=Participant.objects.none(),
        required=False,
        empty_label=_("— bez gminy (koordynator) —"),
        help_text=_("Wymagana dla pracownika gminy; koordynator klastra nie jest przypisany do gminy."),
    )
    language = forms.ChoiceField(
        label=_("Język wiadomości"),
        choices=settings.LANGUAGES,
        initial="pl",
        help_text=_("W tym języku wyślemy zaproszenie i otworzy się strona ustawienia hasła."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gmina"].queryset = Participant.objects.gminas().order_by("name")

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        data = super().clean()
        role, gmina = data.get("role"), data.get("gmina")
        if role == StaffMembership.Role.STAFF and gmina is None:
            self.add_error("gmina", _("Wskaż gminę, w której pracuje zapraszana osoba."))
        elif role == StaffMembership.Role.COORDINATOR and gmina is not None:
            self.add_error(
                "gmina",
                _(
                    "Koordynator klastra nie jest przypisany do gminy. Zostaw pole „Gmina” puste albo wybierz rolę pracownika gminy."
                ),
            )
        elif role and data.get("email") and active_account_with_role(data["email"], role, gmina):
            self.add_error(
                "email",
                _("Konto %(email)s jest już aktywne z tą rolą. Nie trzeba go zapraszać ponownie.")
                % {"email": data["email"]},
            )
        return data
