"""One access function answers "is this the coordinator" for views and services alike, second factor included."""

import pytest
from django.core.exceptions import PermissionDenied

from members import services
from members.access import has_coordinator_role, is_coordinator
from members.models import Application


def _application(cluster):
    fields = {"category": "cooperative", "name": "Spółdzielnia Słoneczna", "city": "Tworóg", "email": "a@example.org"}
    application, _created = services.application_submit(cluster=cluster, fields=fields, send=False)
    return application


def test_a_coordinator_without_the_second_factor_holds_the_role_but_may_not_act(coordinator_without_mfa, coordinator):
    assert has_coordinator_role(coordinator_without_mfa)
    assert not is_coordinator(coordinator_without_mfa)
    assert is_coordinator(coordinator)


def test_a_service_refuses_a_coordinator_without_the_second_factor(cluster, coordinator_without_mfa, coordinator):
    application = _application(cluster)
    with pytest.raises(PermissionDenied):
        services.application_start_review(application=application, by=coordinator_without_mfa)
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    services.application_start_review(application=application, by=coordinator)
    application.refresh_from_db()
    assert application.status == Application.Status.UNDER_REVIEW


def test_municipal_staff_are_not_the_coordinator(staff_tworog):
    assert not has_coordinator_role(staff_tworog)
    assert not is_coordinator(staff_tworog)
