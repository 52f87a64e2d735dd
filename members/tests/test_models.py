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
    party.status, party.left_on, party.joined_on = "withdrawn", date(2019, 1, 1), date(2020, 1, 1)
    with pytest.raises(ValidationError) as caught:
        party.full_clean()
    assert set(caught.value.message_dict) == {"teryt", "left_on"}


APPLIED_WITH_DATES = "Strona z datą przystąpienia albo zakończenia nie ma statusu „applied” (złożył wniosek)."
ACTIVE_WITHOUT_JOINING = "Członek klastra (status „active”) ma datę przystąpienia."
ACTIVE_BUT_LEFT = "Członek klastra (status „active”) nie ma daty zakończenia; zmień też status."
LEFT_WITHOUT_DATE = "Podaj datę wystąpienia albo wykluczenia."


@pytest.mark.parametrize(
    ("status", "joined_on", "left_on", "problems"),
    [
        ("applied", None, None, {}),
        ("applied", date(2024, 1, 15), None, {"status": APPLIED_WITH_DATES}),
        ("applied", None, date(2024, 6, 30), {"status": APPLIED_WITH_DATES}),
        ("active", date(2024, 1, 15), None, {}),
        ("active", None, None, {"joined_on": ACTIVE_WITHOUT_JOINING}),
        ("active", date(2024, 1, 15), date(2024, 6, 30), {"left_on": ACTIVE_BUT_LEFT}),
        ("active", None, date(2024, 6, 30), {"joined_on": ACTIVE_WITHOUT_JOINING, "left_on": ACTIVE_BUT_LEFT}),
        ("withdrawn", date(2024, 1, 15), date(2024, 6, 30), {}),
        ("withdrawn", date(2024, 1, 15), None, {"left_on": LEFT_WITHOUT_DATE}),
        ("excluded", date(2024, 1, 15), date(2024, 6, 30), {}),
        ("excluded", date(2024, 1, 15), None, {"left_on": LEFT_WITHOUT_DATE}),
    ],
)
def test_clean_checks_a_status_against_its_dates(cluster, status, joined_on, left_on, problems):
    party = Participant(
        cluster=cluster, kind="stakeholder", category="company", name="Firma", slug="firma", status=status,
        joined_on=joined_on, left_on=left_on,
    )  # fmt: skip
    try:
        party.full_clean()
    except ValidationError as error:
        found = error.message_dict
    else:
        found = {}
    assert found == {key: [message] for key, message in problems.items()}


def test_leaving_before_joining_is_the_one_problem_of_the_dates(cluster):
    party = Participant(
        cluster=cluster, kind="stakeholder", category="company", name="Firma", slug="firma", status="withdrawn",
        joined_on=date(2024, 1, 15), left_on=date(2023, 1, 1),
    )  # fmt: skip
    with pytest.raises(ValidationError) as caught:
        party.full_clean()
    assert caught.value.message_dict == {"left_on": ["Członkostwo nie może skończyć się przed przystąpieniem."]}


def test_wrong_nip_is_reported_on_the_field(cluster):
    party = Participant(cluster=cluster, kind="stakeholder", category="company", name="F", slug="f", nip="1234563217")
    with pytest.raises(ValidationError) as caught:
        party.full_clean()
    assert "nip" in caught.value.message_dict


def test_membership_in_time_answers_who_was_a_party_on_a_day(cluster):
    make_stakeholder(cluster, "Wczesna", joined_on=date(2019, 5, 1), left_on=date(2021, 1, 1), status="withdrawn")
    make_stakeholder(cluster, "Późna", joined_on=date(2022, 3, 1))
    names = lambda day: set(Participant.objects.register_on(day).stakeholders().values_list("name", flat=True))  # noqa: E731
    assert names(date(2018, 4, 10)) == set()
    assert names(date(2020, 6, 1)) == {"Wczesna"}
    assert names(date(2021, 1, 1)) == set()
    assert names(date(2023, 1, 1)) == {"Późna"}
    assert Participant.objects.register_on(date(2018, 4, 10)).count() == 6
    assert Participant.objects.register_on(date(2018, 4, 9)).count() == 0


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


def test_who_a_visitor_may_see_is_one_rule_said_the_same_by_the_queryset_and_the_model(cluster):
    make_stakeholder(cluster, "Zgoda", public_listing=True)
    make_stakeholder(cluster, "Bez zgody", public_listing=False)
    make_stakeholder(cluster, "Wystąpił", public_listing=True, status=Participant.Status.WITHDRAWN)
    make_stakeholder(cluster, "Wystąpił bez zgody", public_listing=False, status=Participant.Status.WITHDRAWN)
    everyone = list(Participant.objects.all())
    listed = set(Participant.objects.listed())
    public = set(Participant.objects.public())
    assert {p.name for p in everyone if p.is_listed} == {p.name for p in listed}
    assert {p.name for p in everyone if p.is_public} == {p.name for p in public}
    assert {"Zgoda", "Wystąpił"} <= {p.name for p in listed}
    assert not {"Bez zgody", "Wystąpił bez zgody"} & {p.name for p in listed}
    assert "Wystąpił" not in {p.name for p in public}
    assert all(p.is_listed for p in Participant.objects.gminas())
