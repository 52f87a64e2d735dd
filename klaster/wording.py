"""django-allauth's texts that its Polish translation words for a man only ("Zapomniałeś hasła?"), misspells
("Wprowadż hasło") or that name the authenticator app otherwise than the portal does („aplikacja uwierzytelniająca”),
listed here so that `make messages` puts them in the project's catalogue, where locale/pl words them for anyone (the
project's catalogues come before allauth's). Nothing imports this module: it exists for the catalogue."""

from django.utils.translation import gettext_noop

ALLAUTH_TEXTS = [
    gettext_noop("Forgot your password?"),
    gettext_noop(
        "Forgotten your password? Enter your email address below, and we'll send you an email allowing you to reset it."
    ),
    gettext_noop("I have saved my recovery codes"),
    gettext_noop("You are already logged in as %(user_display)s."),
    gettext_noop("Enter your password:"),
    gettext_noop("Enter Password Reset Code"),
    gettext_noop("Authenticator code"),
    gettext_noop("Authenticator App"),
    gettext_noop("TOTP Authenticator"),
    gettext_noop("An authenticator app is not active."),
    gettext_noop("Authentication using an authenticator app is active."),
    gettext_noop("Authenticator app activated."),
    gettext_noop("Authenticator app deactivated."),
    gettext_noop("This mail can be safely ignored if you did not initiate this action."),
    gettext_noop(
        "We have sent you an email. If you have not received it please check your spam folder. Otherwise contact us "
        "if you do not receive it in a few minutes."
    ),
]
