from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import applications

app_name = "applications"

urlpatterns = [
    path("", applications.queue, name="queue"),
    path(_("dodaj-interesariusza/"), applications.stakeholder_add, name="stakeholder-add"),
    path(_("decyzje/"), applications.bulk, name="bulk"),
    path("<int:pk>/", applications.detail, name="detail"),
    path(_("<int:pk>/rozpatruj/"), applications.start_review, name="start-review"),
    path(_("<int:pk>/przyjmij/"), applications.decide, {"action": "accept"}, name="accept"),
    path(_("<int:pk>/odrzuc/"), applications.decide, {"action": "reject"}, name="reject"),
]
