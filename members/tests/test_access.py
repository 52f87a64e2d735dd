"""One access function answers "is this the coordinator" for views and services alike, second factor included."""

import pytest
from django.core.exceptions import PermissionDenied

from members.access import has_coordinator_role, is_coordinator
from members.models import Person
from members.services.personal_data import person_erase


def test_a_coordinator_without_the_second_factor_holds_the_role_but_may_not_act(coordinator_without_mfa, coordinator):
    assert has_coordinator_role(coordinator_without_mfa)
    assert not is_coordinator(coordinator_without_mfa)
    assert is_coordinator(coordinator)


def test_a_service_refuses_a_coordinator_without_the_second_factor(cluster, coordinator_without_mfa, coordinator):
    person = Person.objects.create(first_name="Jan", last_name="Kowalski", email="jan@example.org")
    with pytest.raises(PermissionDenied):
        person_erase(person=person, by=coordinator_without_mfa)
    person.refresh_from_db()
    assert person.email == "jan@example.org" and person.anonymised_at is None
    person_erase(person=person, by=coordinator)
    person.refresh_from_db()
    assert person.email == "" and person.anonymised_at is not None


def test_municipal_staff_are_not_the_coordinator(staff_tworog):
    assert not has_coordinator_role(staff_tworog)
    assert not is_coordinator(staff_tworog)
