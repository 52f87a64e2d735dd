from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import coordination

app_name = "coordination"

urlpatterns = [
    path("", coordination.dashboard, name="dashboard"),
    path(_("konta/"), coordination.accounts, name="accounts"),
    path(_("konta/<int:pk>/wylacz/"), coordination.account_deactivate, name="account-deactivate"),
    path(_("konta/<int:pk>/wlacz/"), coordination.account_reactivate, name="account-reactivate"),
    path(_("zaproszenia/"), coordination.invitations, name="invitations"),
    path(_("zaproszenia/nowe/"), coordination.invitation_new, name="invitation-new"),
    path(_("zaproszenia/<int:pk>/odwolaj/"), coordination.invitation_revoke, name="invitation-revoke"),
]
