"""The coordinator's audit history: each change with before and after, exports that spreadsheets cannot abuse."""

import csv
import io

import pytest
from auditlog.context import set_actor
from django.urls import reverse

from klaster.testing import opened, read_page, response_body
from members.models import AccountEvent, Participant
from members.services import account_event_record


@pytest.fixture
def renamed_gmina(coordinator):
    """Tworóg renamed by the coordinator, once to a plain name and once to a formula-looking one."""
    gmina = Participant.objects.get(slug="tworog")
    with set_actor(coordinator):
        gmina.name = "Gmina Tworóg Nowa"
        gmina.save()
        gmina.city = '=HYPERLINK("http://zly.example")'
        gmina.save()
    return gmina


def _object_url(obj):
    return reverse("audit:object", args=[obj._meta.app_label, obj._meta.model_name, obj.pk])


def _rows(response):
    text = response_body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))  # semicolons: Polish Excel opens it in columns


def test_object_page_shows_who_changed_which_field_with_before_and_after(client, coordinator, renamed_gmina):
    client.force_login(coordinator)
    response = client.get(_object_url(renamed_gmina))
    assert response.status_code == 200
    html = response.content.decode()
    assert "koordynator@example.org" in html
    assert "Gmina Tworóg" in html and "Gmina Tworóg Nowa" in html
    updates = [entry for entry in response.context["entries"] if entry.action_display == "zmiana"]
    names = [
        (change.before, change.after) for entry in updates for change in entry.field_changes if change.field == "nazwa"
    ]
    assert names == [("Gmina Tworóg", "Gmina Tworóg Nowa")]


def test_object_page_of_a_model_without_history_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("audit:object", args=["auth", "user", coordinator.pk])).status_code == 404
    assert client.get(reverse("audit:object", args=["nothing", "here", "1"])).status_code == 404


def test_object_page_of_an_object_that_never_existed_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("audit:object", args=["members", "participant", "999999"])).status_code == 404


def test_index_lists_the_change_and_filters_by_model_and_dates(client, coordinator, renamed_gmina):
    client.force_login(coordinator)
    url = reverse("audit:index")
    response = client.get(url, {"model": "members.participant"})
    assert response.status_code == 200
    assert "Gmina Tworóg Nowa" in response.content.decode()
    assert all(entry.content_type.model == "participant" for entry in response.context["page"].object_list)

    nothing = client.get(url, {"model": "members.participant", "date_to": "2000-01-01"})
    assert list(nothing.context["page"].object_list) == []
    assert "Brak zmian spełniających wybrane warunki." in nothing.content.decode()


def test_index_explains_a_reversed_date_range(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("audit:index"), {"date_from": "2025-02-01", "date_to": "2025-01-01"})
    assert response.status_code == 200
    assert "Data początkowa nie może być późniejsza niż końcowa." in response.content.decode()


def test_index_shows_the_latest_account_events(client, coordinator):
    account_event_record(kind=AccountEvent.Kind.DEACTIVATED, email="odszedl@example.org", actor=coordinator)
    client.force_login(coordinator)
    response = client.get(reverse("audit:index"))
    assert "odszedl@example.org" in response.content.decode()
    assert "Wyłączono konto" in response.content.decode()


def test_index_query_count_does_not_grow_with_the_history(client, coordinator, django_assert_max_num_queries):
    with set_actor(coordinator):
        for gmina in Participant.objects.gminas():
            for number in range(5):
                gmina.phone = f"32 000 00 0{number}"
                gmina.save()
    client.force_login(coordinator)
    with django_assert_max_num_queries(20):
        response = client.get(reverse("audit:index"))
    assert len(response.context["page"].object_list) >= 25


def test_export_contains_the_change_and_neutralises_formulas(client, coordinator, renamed_gmina):
    client.force_login(coordinator)
    response = client.get(reverse("audit:export"), {"model": "members.participant"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0] == ["Kiedy", "Kto", "Działanie", "Typ obiektu", "Obiekt", "Pole", "Przed", "Po"]
    assert [
        "koordynator@example.org",
        "zmiana",
        "Uczestnik klastra",
        "Gmina Tworóg Nowa",
        "nazwa",
        "Gmina Tworóg",
        "Gmina Tworóg Nowa",
    ] in [row[1:] for row in rows]
    city = next(row for row in rows if row[5] == "miejscowość" and "HYPERLINK" in row[7])
    assert city[7] == '\'=HYPERLINK("http://zly.example")'


def test_account_events_export_lists_events_and_neutralises_formulas(client, coordinator):
    account_event_record(kind=AccountEvent.Kind.INVITED, email="nowa@example.org", actor=coordinator, role="staff")
    account_event_record(kind=AccountEvent.Kind.LOGIN_FAILED, email="=1+1@example.org")
    client.force_login(coordinator)
    response = client.get(reverse("audit:account-events-export"))
    assert response.status_code == 200
    rows = _rows(response)
    assert rows[0] == ["Kiedy", "Zdarzenie", "Konto", "Wykonane przez", "Szczegóły"]
    invited = next(row for row in rows if row[2] == "nowa@example.org")
    assert invited[1:] == ["wysłano zaproszenie", "nowa@example.org", "koordynator@example.org", "role: staff"]
    assert ["nieudane logowanie", "'=1+1@example.org", "", ""] in [row[1:] for row in rows]


AUDIT_URLS = [
    ("audit:index", []),
    ("audit:export", []),
    ("audit:account-events-export", []),
    ("audit:object", ["members", "participant", "tworog"]),
]


def _url(name, args):
    if args and args[-1] == "tworog":
        args = [*args[:-1], Participant.objects.get(slug="tworog").pk]
    return reverse(name, args=args)


# Who else may open them (nobody): the permission matrix, klaster/tests/test_permissions.py.
@pytest.mark.parametrize(("name", "args"), AUDIT_URLS)
def test_coordinator_opens_every_history_page(client, coordinator, name, args):
    client.force_login(coordinator)
    assert client.get(_url(name, args)).status_code == 200


def test_a_clerks_change_of_the_gminas_texts_shows_in_the_coordinators_history(
    client, staff_tworog, coordinator, tworog, media_root
):
    url = reverse("workspace:gmina-edit", args=["tworog"])
    client.force_login(staff_tworog)
    client.post(
        url,
        opened(client, url)
        | {
            "description_pl": "Gmina lasów i słońca.",
            "description_en": "A municipality of forests and sun.",
            "emblem_alt_en": "Coat of arms: an oak",
        },
    )
    client.force_login(coordinator)

    index = read_page(client.get(reverse("audit:index"))).text
    history = read_page(client.get(_object_url(tworog))).text

    assert "tworog@example.org zmiana Uczestnik klastra Gmina Tworóg" in index
    assert "tworog@example.org" in history
    for change in (
        "Opis [pl] (puste) Gmina lasów i słońca.",
        "Opis [en] (puste) A municipality of forests and sun.",
        "Tekst alternatywny herbu lub logo [en] (puste) Coat of arms: an oak",
    ):
        assert change in history
