"""One access function answers "is this the coordinator" and "may they change this gmina" for views and services alike,
the second factor and the end of a gmina's membership included."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from members.access import (
    can_change_gmina,
    can_see_gmina_area,
    has_coordinator_role,
    is_coordinator,
    read_only_since,
    read_only_staff,
)
from members.models import Participant, Person
from members.services.gminas import gmina_profile_update
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


def _left(gmina, on):
    gmina.status, gmina.left_on = Participant.Status.WITHDRAWN, on
    gmina.save()


@pytest.mark.parametrize(
    ("days_from_today", "may_change"),
    [(None, True), (1, True), (0, False), (-400, False)],
    ids=["a member", "leaves tomorrow", "leaves today", "left last year"],
)
def test_staff_lose_write_access_on_the_day_their_gminas_membership_ends(
    staff_tworog, tworog, days_from_today, may_change
):
    if days_from_today is not None:
        _left(tworog, timezone.localdate() + timedelta(days=days_from_today))
    assert can_change_gmina(staff_tworog, tworog) is may_change
    assert can_see_gmina_area(staff_tworog, tworog) is may_change
    staff = type(staff_tworog).objects.get(pk=staff_tworog.pk)  # as the next request reads the account
    assert (read_only_since(staff) is None) is may_change


def test_the_coordinator_still_changes_a_gmina_that_left(coordinator, tworog):
    _left(tworog, date(2025, 1, 1))
    assert can_change_gmina(coordinator, tworog)
    assert read_only_since(coordinator) is None


def test_the_services_refuse_staff_of_a_gmina_that_left_and_change_nothing(staff_tworog, tworog):
    _left(tworog, date(2025, 1, 1))
    with pytest.raises(PermissionDenied):
        gmina_profile_update(gmina=tworog, data={"phone": "+48 111 111 111"}, files={}, by=staff_tworog)
    tworog.refresh_from_db()
    assert tworog.phone != "+48 111 111 111"
    assert [membership.user for membership in read_only_staff()] == [staff_tworog]
