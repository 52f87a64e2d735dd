"""The coordinator's corrections: readings typed in by hand (the hourly aggregate summed again), and deleting a metering
point, an installation, an authorisation or an import with its readings, each after a confirmation page and audited.
Who may open each page is asked by the permission matrix (klaster/tests/test_permissions.py); here, that a refused or
bad request writes nothing. Figures of the data set: klaster.testing.energy."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.files.storage import storages
from django.db.models import Sum
from django.urls import reverse

from energy.models import HourlyBalance, ImportBatch, Installation, MeteringAuthorisation, MeteringPoint, Reading
from energy.services import balances_rebuild
from energy.services.corrections import hours_of_day
from klaster.testing import html_problems, log_in_as, messages_of, pdf_upload, read_page
from klaster.testing.energy import energy_data, make_point


@pytest.fixture
def data(cluster, media_root):
    return energy_data(cluster)


def aggregate():
    return sorted(HourlyBalance.objects.values_list("party_id", "gmina_id", "direction", "hour", "energy_kwh"))


def assert_aggregate_matches_the_readings():
    """The aggregate as kept equals the aggregate summed again from every reading."""
    kept = aggregate()
    balances_rebuild()
    assert kept == aggregate()


def manual(client, point, **fields):
    values = {
        "metering_point": point.pk, "direction": "consumption", "day": "2024-10-26", "first_hour": "1",
        "last_hour": "3", "energy_kwh": "7,5",
    }  # fmt: skip
    values.update(fields)
    return client.post(reverse("energy-admin:manual-reading"), values)


def test_the_days_of_the_clock_change_have_23_and_25_hours():
    assert [hours_of_day(date(2024, 3, 31)), hours_of_day(date(2024, 10, 27)), hours_of_day(date(2024, 6, 1))] == [
        23,
        25,
        24,
    ]


def test_readings_typed_in_replace_the_hours_and_the_aggregate_follows(client, data, coordinator):
    client.force_login(coordinator)
    point = data["t"]
    response = manual(client, point)
    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == [
        f"Zapisano odczyty wpisane ręcznie dla punktu {point.code_display}: 3, w tym zastąpione: 3."
    ]
    first_three = Reading.objects.filter(metering_point=point).order_by("start")[:3]
    assert [(r.energy_kwh, r.source) for r in first_three] == [(Decimal("7.5"), "manual")] * 3
    assert Reading.objects.filter(metering_point=point).count() == 10  # replaced, not doubled
    assert Reading.objects.filter(metering_point=point).aggregate(kwh=Sum("energy_kwh"))["kwh"] == 3 * Decimal(
        "7.5"
    ) + 7 * Decimal(4)
    midnight = HourlyBalance.objects.get(
        party=data["tworog"], direction="consumption", hour=datetime(2024, 10, 25, 22, tzinfo=UTC)
    )
    assert midnight.energy_kwh == Decimal("7.5")
    assert_aggregate_matches_the_readings()
    batch = ImportBatch.objects.get(file_format="manual")
    assert (batch.reading_count, batch.replaced_count, batch.imported_by) == (3, 3, coordinator)
    entry = LogEntry.objects.get_for_object(batch).get()
    assert entry.action == LogEntry.Action.CREATE and entry.actor == coordinator


def test_the_25th_hour_exists_only_on_the_long_october_day(client, data, coordinator):
    client.force_login(coordinator)
    assert manual(client, data["t"], day="2024-10-27", first_hour="25", last_hour="25").status_code == 302
    reading = Reading.objects.get(metering_point=data["t"], source="manual")
    assert reading.start == datetime(2024, 10, 27, 22, tzinfo=UTC)  # 23:00 in winter time
    assert_aggregate_matches_the_readings()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"direction": "feed_in"},
            "direction",
            "Ten punkt poboru ma kierunek „pobór”: nie zapisuje energii tego rodzaju.",
        ),
        (
            {"last_hour": "25"},
            "last_hour",
            "Podaj godzinę od 1 do 24: tyle godzin ma ten dzień na zegarze warszawskim.",
        ),
        ({"day": "2024-03-31", "first_hour": "24", "last_hour": "24"}, "first_hour", "Podaj godzinę od 1 do 23:"),
        (
            {"first_hour": "5", "last_hour": "2"},
            "last_hour",
            "Ostatnia godzina nie może być wcześniejsza niż pierwsza.",
        ),
        ({"energy_kwh": "-1"}, "energy_kwh", "Upewnij się, że ta wartość jest większa lub równa 0."),
        ({"energy_kwh": "dużo"}, "energy_kwh", "Wpisz liczbę."),
        ({"day": "2019-12-31"}, "day", "Punkt poboru nie obowiązywał tego dnia."),
    ],
)
def test_a_wrong_entry_is_told_in_polish_and_writes_nothing(client, data, coordinator, fields, field, message):
    client.force_login(coordinator)
    before = (aggregate(), Reading.objects.count(), ImportBatch.objects.count())
    response = manual(client, data["t"], **fields)
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field]), response.context["form"].errors
    assert message in read_page(response).text
    assert html_problems(response.content.decode()) == []
    assert (aggregate(), Reading.objects.count(), ImportBatch.objects.count()) == before


@pytest.mark.parametrize("persona", ["staff_tworog", "coordinator_without_mfa", "anonymous"])
def test_no_one_but_the_coordinator_writes_or_deletes(client, request, data, persona):
    log_in_as(client, request, persona)
    before = (aggregate(), Reading.objects.count(), ImportBatch.objects.count(), MeteringPoint.objects.count())
    manual(client, data["t"])
    client.post(reverse("energy-admin:batch-delete", kwargs={"pk": data["batches"]["a"].pk}))
    point = make_point(data["tworog"], data["tworog"], "0000000099", "consumption")
    client.post(reverse("energy-admin:point-delete", kwargs={"pk": point.pk}))
    after = (aggregate(), Reading.objects.count(), ImportBatch.objects.count(), MeteringPoint.objects.count() - 1)
    assert after == before


def test_deleting_an_import_deletes_its_readings_and_sums_the_aggregate_again(client, data, coordinator):
    client.force_login(coordinator)
    batch = data["batches"]["c"]
    url = reverse("energy-admin:batch-delete", kwargs={"pk": batch.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert html_problems(page.content.decode()) == []
    text = read_page(page).text
    assert "Usunąć import odczytów?" in text and "Odczyty tego importu 25" in text
    assert ImportBatch.objects.filter(pk=batch.pk).exists()  # asking deletes nothing
    response = client.post(url)
    assert response.status_code == 302
    assert messages_of(client.get(response["Location"])) == [
        "Usunięto import i jego odczyty: 25. Bilans godzinowy przeliczono."
    ]
    assert not ImportBatch.objects.filter(pk=batch.pk).exists()
    assert not Reading.objects.filter(metering_point=data["c"]).exists()
    assert not HourlyBalance.objects.filter(party=data["hidden"]).exists()
    assert HourlyBalance.objects.filter(direction="feed_in").aggregate(kwh=Sum("energy_kwh"))["kwh"] == 40
    assert_aggregate_matches_the_readings()
    entry = LogEntry.objects.filter(content_type__model="importbatch", object_pk=str(batch.pk)).latest("pk")
    assert entry.action == LogEntry.Action.DELETE and entry.actor == coordinator


def test_a_point_with_readings_is_not_deleted_and_the_page_says_why(client, data, coordinator):
    client.force_login(coordinator)
    url = reverse("energy-admin:point-delete", kwargs={"pk": data["a"].pk})
    text = read_page(client.get(url)).text
    assert "Tego rekordu nie można usunąć" in text and "odczyty: 57" in text and "instalacje: 1" in text
    response = client.post(url)
    assert response.status_code == 409
    assert MeteringPoint.objects.filter(pk=data["a"].pk).exists()


def test_a_point_nothing_names_is_deleted_after_confirmation_and_audited(client, data, coordinator):
    client.force_login(coordinator)
    point = make_point(data["tworog"], data["tworog"], "0000000099", "consumption")
    url = reverse("energy-admin:point-delete", kwargs={"pk": point.pk})
    assert "Usunąć punkt poboru?" in read_page(client.get(url)).text
    response = client.post(url)
    assert response["Location"] == reverse("energy-admin:points")
    assert not MeteringPoint.objects.filter(pk=point.pk).exists()
    entry = LogEntry.objects.filter(content_type__model="meteringpoint", object_pk=str(point.pk)).latest("pk")
    assert entry.action == LogEntry.Action.DELETE and entry.actor == coordinator


def test_an_installation_is_deleted_after_confirmation_and_audited(client, data, coordinator):
    client.force_login(coordinator)
    installation = Installation.objects.get(party=data["cooperative"])
    url = reverse("energy-admin:installation-delete", kwargs={"pk": installation.pk})
    assert "Usunąć instalację?" in read_page(client.get(url)).text
    assert client.post(url)["Location"] == reverse("energy-admin:installations")
    assert not Installation.objects.filter(pk=installation.pk).exists()
    entry = LogEntry.objects.filter(content_type__model="installation", object_pk=str(installation.pk)).latest("pk")
    assert entry.action == LogEntry.Action.DELETE and entry.actor == coordinator


def test_an_authorisation_is_deleted_with_its_scan_and_audited(
    client, data, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    authorisation = MeteringAuthorisation.objects.create(
        party=data["tworog"], metering_point=data["t"], signed_on=date(2024, 1, 1), document=pdf_upload()
    )
    name = authorisation.document.name
    assert storages["private"].exists(name)
    url = reverse("energy-admin:authorisation-delete", kwargs={"pk": authorisation.pk})
    text = read_page(client.get(url)).text
    assert "Usunąć upoważnienie?" in text and "Skan upoważnienia zostanie usunięty razem z nim." in text
    with django_capture_on_commit_callbacks(execute=True):  # the scan goes once the record's deletion is committed
        assert client.post(url)["Location"] == reverse("energy-admin:authorisations")
    assert not MeteringAuthorisation.objects.filter(pk=authorisation.pk).exists()
    assert not storages["private"].exists(name)
    entry = LogEntry.objects.filter(content_type__model="meteringauthorisation", object_pk=str(authorisation.pk))
    assert entry.latest("pk").action == LogEntry.Action.DELETE
