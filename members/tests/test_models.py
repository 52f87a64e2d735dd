from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from klaster.testing import make_stakeholder
from members.models import Participant


def test_two_parties_cannot_share_a_nip(cluster):
    make_stakeholder(cluster, "Firma A", nip="1234563218")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_stakeholder(cluster, "Firma B", nip="1234563218")


def test_empty_identifiers_do_not_collide(cluster):
    make_stakeholder(cluster, "Firma A")
    make_stakeholder(cluster, "Firma B")
    assert Participant.objects.stakeholders().count() == 2


def test_a_gmina_needs_its_teryt_code_in_the_database(cluster):
    with pytest.raises(IntegrityError), transaction.atomic():
        Participant.objects.create(
            cluster=cluster, kind="gmina", category="jst", name="Gmina Bez Kodu", slug="bez-kodu", teryt=""
        )


def test_clean_normalises_identifiers_and_explains_mistakes(cluster):
    party = Participant(
        cluster=cluster, kind="stakeholder", category="company", name="Firma", slug="firma", nip="PL 123-456-32-18"
    )
    party.full_clean()
    assert party.nip == "1234563218"

    party.teryt = "2413082"
    party.left_on, party.joined_on = date(2019, 1, 1), date(2020, 1, 1)
    with pytest.raises(ValidationError) as caught:
        party.full_clean()
    assert set(caught.value.message_dict) == {"teryt", "left_on"}


def test_wrong_nip_is_reported_on_the_field(cluster):
    party = Participant(cluster=cluster, kind="stakeholder", category="company", name="F", slug="f", nip="1234563217")
    with pytest.raises(ValidationError) as caught:
        party.full_clean()
    assert "nip" in caught.value.message_dict


def test_membership_in_time_answers_who_was_a_party_on_a_day(cluster):
    make_stakeholder(cluster, "Wczesna", joined_on=date(2019, 5, 1), left_on=date(2021, 1, 1), status="withdrawn")
    make_stakeholder(cluster, "Późna", joined_on=date(2022, 3, 1))
    names = lambda day: set(Participant.objects.parties_on(day).stakeholders().values_list("name", flat=True))  # noqa: E731
    assert names(date(2018, 4, 10)) == set()
    assert names(date(2020, 6, 1)) == {"Wczesna"}
    assert names(date(2021, 1, 1)) == set()
    assert names(date(2023, 1, 1)) == {"Późna"}
    assert Participant.objects.parties_on(date(2018, 4, 10)).count() == 6
    assert Participant.objects.parties_on(date(2018, 4, 9)).count() == 0


def test_the_public_sees_only_current_consenting_stakeholders(cluster):
    make_stakeholder(cluster, "Jawna")
    make_stakeholder(cluster, "Bez zgody", public_listing=False)
    make_stakeholder(cluster, "Wykluczona", status="excluded")
    make_stakeholder(cluster, "Wnioskująca", status="applied")
    assert list(Participant.objects.directory().values_list("name", flat=True)) == ["Jawna"]
    assert Participant.objects.public().gminas().count() == 5


def test_is_party_on_matches_the_queryset(cluster):
    tworog = Participant.objects.get(slug="tworog")
    assert tworog.is_party_on(date(2018, 4, 10))
    assert not tworog.is_party_on(date(2018, 4, 9))


def test_an_emblem_needs_its_text_alternative_on_the_model_itself(cluster):
    tworog = Participant.objects.get(slug="tworog")
    tworog.emblem = "herby/tworog.png"
    tworog.emblem_alt_pl = ""
    with pytest.raises(ValidationError) as caught:
        tworog.clean()
    assert "tekstem alternatywnym" in caught.value.message_dict["emblem_alt_pl"][0]
    tworog.emblem_alt_pl = "Herb gminy Tworóg"
    tworog.clean()
