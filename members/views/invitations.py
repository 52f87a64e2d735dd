"""Accepting an invitation: the invitee sets a password and lands in their workspace."""

from allauth.account.utils import perform_login
from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth import logout as auth_logout
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from .. import services


class SetPasswordForm(forms.Form):
    password1 = forms.CharField(
        label=gettext_lazy("Hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Powtórz hasło"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password2") and data["password1"] != data["password2"]:
            self.add_error("password2", _("Hasła się różnią."))
        elif data.get("password1"):
            user = get_user_model()(username=self.email, email=self.email)
            try:
                password_validation.validate_password(data["password1"], user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


GONE_MESSAGES = {
    "expired": gettext_lazy("To zaproszenie wygasło. Poproś koordynatora klastra o nowe."),
    "accepted": gettext_lazy("To zaproszenie zostało już wykorzystane. Zaloguj się swoim adresem e-mail i hasłem."),
    "revoked": gettext_lazy("To zaproszenie zostało odwołane. Jeśli to pomyłka, poproś koordynatora o nowe."),
    "unknown": gettext_lazy("Ten link do zaproszenia jest nieprawidłowy. Sprawdź, czy skopiowano go w całości."),
}


@never_cache
@sensitive_post_parameters("password1", "password2")
def accept(request, token):
    invitation = services.invitation_for_token(token)
    state = services.invitation_state(invitation) if invitation else "unknown"
    if state != "ok":
        return render(
            request, "members/invitation_gone.html", {"message": GONE_MESSAGES[state], "state": state}, status=410
        )
    form = SetPasswordForm(request.POST or None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(invitation=invitation, password=form.cleaned_data["password1"])
        except services.InvitationUnusable as gone:
            return render(
                request,
                "members/invitation_gone.html",
                {"message": GONE_MESSAGES[gone.reason], "state": gone.reason},
                status=410,
            )
        if request.user.is_authenticated:
            auth_logout(request)
        messages.success(request, _("Konto jest gotowe. Witamy w portalu klastra."))
        return perform_login(request, user, redirect_url=reverse("workspace"))
    return render(request, "members/invitation_accept.html", {"form": form, "invitation": invitation})
