from django.urls import path
from django.utils.translation import gettext_lazy as _

from . import review

app_name = "applications"

urlpatterns = [
    path("", review.queue, name="queue"),
    path(_("dodaj-interesariusza/"), review.stakeholder_add, name="stakeholder-add"),
    path(_("decyzje/"), review.bulk, name="bulk"),
    path("<int:pk>/", review.detail, name="detail"),
    path(_("<int:pk>/rozpatruj/"), review.start_review, name="start-review"),
    path(_("<int:pk>/przyjmij/"), review.decide, {"action": "accept"}, name="accept"),
    path(_("<int:pk>/odrzuc/"), review.decide, {"action": "reject"}, name="reject"),
]
