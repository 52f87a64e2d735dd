"""The balances as CSV and XLSX files, read back as Polish Excel would read them (csv with semicolons, openpyxl):
per gmina for everyone, per party for the coordinator only. Figures of the data set: klaster.testing.energy."""

import csv
import io
from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from energy.models import HourlyBalance
from energy.services.balances import balances_settle
from klaster.testing import html_problems, make_stakeholder, read_page
from klaster.testing.energy import DAYS, energy_data, hours, make_point, write_readings
from klaster.testing.pdf import response_body


@pytest.fixture
def data(cluster):
    return energy_data(cluster)


def get_file(client, name, file_format, query):
    response = client.get(reverse(name, kwargs={"file_format": file_format}) + query)
    return response, response_body(response)


def csv_rows(body):
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with its BOM: Excel reads the Polish letters
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def xlsx_rows(body):
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(body)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_public_monthly_balance_per_gmina_sums_every_party_of_the_gmina(client, data):
    response, body = get_file(client, "energy:balances-export", "csv", "?rok=2024&okres=miesiace")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="bilans-miesiace-gminy-2024.csv"' in response["Content-Disposition"]
    header, *rows = csv_rows(body)
    assert header == [
        "Gmina", "Miesiąc", "pobór (kWh)", "oddanie (kWh)", "pobór po zbilansowaniu (kWh)",
        "oddanie po zbilansowaniu (kWh)",
    ]  # fmt: skip
    by_gmina = {row[0]: row for row in rows}
    assert by_gmina[data["tworog"].name] == [data["tworog"].name, "2024-10", "138", "115", "", ""]
    assert by_gmina[data["pawonkow"].name] == [data["pawonkow"].name, "2024-10", "49", "", "", ""]
    assert len(rows) == 2
    text = body.decode("utf-8-sig")
    assert "Wiatr Ukryty" not in text and "Spółdzielnia" not in text  # no party is named


def test_the_hourly_balance_names_hours_on_warsaws_clock_with_the_offset_on_the_long_october_day(client, data):
    _response, body = get_file(client, "energy:balances-export", "csv", "?rok=2024&okres=godziny")
    header, *rows = csv_rows(body)
    assert header[:3] == ["Gmina", "Początek godziny (czas warszawski)", "Przesunięcie względem UTC"]
    tworog = [row for row in rows if row[0] == data["tworog"].name]
    assert len(tworog) == 49 and len(rows) == 98
    # 2:00–3:00 of Sunday twice: in summer time, then in winter time.
    assert [row[1:3] for row in tworog if row[1] == "2024-10-27 02:00"] == [
        ["2024-10-27 02:00", "UTC+02:00"],
        ["2024-10-27 02:00", "UTC+01:00"],
    ]
    first = tworog[0]
    assert first[1:4] == ["2024-10-26 00:00", "UTC+02:00", "6"]  # A's 2 kWh and T's 4 kWh
    sunday_noon = next(row for row in tworog if row[1] == "2024-10-27 12:00")
    assert sunday_noon[3:5] == ["2", "8"]  # drawn by A; fed in by A (5) and C (3)


def test_the_xlsx_has_real_dates_numbers_and_a_frozen_header(client, data):
    response, body = get_file(client, "energy:balances-export", "xlsx", "?rok=2024&okres=godziny")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet, rows = xlsx_rows(body)
    assert sheet.freeze_panes == "A2"
    header, *values = rows
    assert header[0] == "Gmina" and header[3] == "pobór (kWh)"
    assert len(values) == 98
    first = next(row for row in values if row[0] == data["tworog"].name)
    assert first[1] == datetime(2024, 10, 26, 0, 0) and first[2] == "UTC+02:00"
    assert first[3] == 6 and first[4] is None  # a number; no feed-in at midnight is an empty cell
    assert sheet.cell(row=2, column=2).number_format == "yyyy-mm-dd hh:mm"


def test_the_coordinators_balance_per_party_names_every_party(client, data, coordinator):
    client.force_login(coordinator)
    _response, body = get_file(client, "energy-admin:balances-export", "xlsx", "?rok=2024&okres=miesiace&uklad=strony")
    _sheet, (header, *rows) = xlsx_rows(body)
    assert header[:3] == ["Gmina", "Strona", "Miesiąc"]
    by_party = {row[1]: row for row in rows}
    assert set(by_party) == {"Spółdzielnia Słoneczna", "Wiatr Ukryty sp. z o.o.", data["tworog"].name,
                             data["pawonkow"].name}  # fmt: skip
    assert by_party["Wiatr Ukryty sp. z o.o."][4] == 75
    assert by_party["Spółdzielnia Słoneczna"][3:5] == [98, 40]
    assert by_party[data["tworog"].name][2] == datetime(2024, 10, 1)  # a date cell: openpyxl reads it as a datetime


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?rok=2024&uklad=strony", "Nieznana wartość „strony” parametru „uklad”. Dozwolone: gminy."),
        ("?rok=2024&okres=tygodnie", "Nieznana wartość „tygodnie” parametru „okres”."),
        ("?rok=2023", "Nie ma odczytów z roku „2023”. Lata z odczytami: 2024."),
    ],
)
def test_the_public_is_told_in_polish_what_it_cannot_have(client, data, query, message):
    response, _body = get_file(client, "energy:balances-export", "csv", query)
    assert response.status_code == 400
    assert message in read_page(response).text


def test_a_format_the_portal_does_not_write_is_not_found(client, data):
    assert client.get(reverse("energy:balances-export", kwargs={"file_format": "ods"})).status_code == 404


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
        response_body(response)  # a streamed file runs its query while it is sent
    assert response.status_code == 200
    return len(captured)


def test_an_export_costs_the_same_queries_however_much_data(client, data, coordinator):
    client.force_login(coordinator)
    urls = [
        reverse("energy-admin:balances-export", kwargs={"file_format": file_format}) + query
        for file_format in ("csv", "xlsx")
        for query in ("?rok=2024&okres=godziny&uklad=strony", "?rok=2024&okres=miesiace")
    ]
    balances_settle()
    _queries(client, urls[0])  # the first request of a session reads what later ones find remembered
    before = [_queries(client, url) for url in urls]
    for number in range(5, 25):  # twenty more parties, each a point with two days of readings
        party = make_stakeholder(data["tworog"].cluster, f"Firma {number}")
        point = make_point(party, data["pawonkow"], f"00000000{number:02d}", "consumption")
        write_readings(point, [("consumption", hour, Decimal(1)) for hour in hours(DAYS)])
    assert HourlyBalance.objects.count() > 1000
    balances_settle()  # the years the import marked stale are summed again before the exports read them (once)
    assert [_queries(client, url) for url in urls] == before


def test_the_public_page_offers_the_years_report_and_the_balances_per_gmina_only(client, data):
    response = client.get(reverse("energy:index") + "?rok=2024")
    html = response.content.decode()
    assert f"{reverse('energy:report-pdf')}?rok=2024" in html
    assert f"{reverse('energy:balances-export', kwargs={'file_format': 'csv'})}?rok=2024&amp;okres=godziny" in html
    assert "uklad=strony" not in html
    assert html_problems(html) == []


def test_the_readiness_page_offers_the_coordinator_the_balances_per_party(client, data, coordinator):
    client.force_login(coordinator)
    html = client.get(reverse("energy-admin:readiness") + "?rok=2024").content.decode()
    url = reverse("energy-admin:balances-export", kwargs={"file_format": "xlsx"})
    assert f"{url}?rok=2024&amp;okres=miesiace&amp;uklad=strony" in html
    assert html_problems(html) == []
