"""The coordinator's register pages: the register of a day, who may use them, and the import pages (upload,
preview, confirm, discard), also in a browser. The fixtures are in members/tests/conftest.py."""

import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from auditlog.models import LogEntry
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from klaster.testing import (
    NIPS,
    REGON,
    TOTP_SECRET,
    assert_accessible,
    count_queries,
    get_with_queries,
    html_problems,
    log_in,
    make_persona,
    make_stakeholder,
    make_user,
    register_csv,
    register_row,
)
from members.models import Participant, StaffMembership
from members.register import uploads

# --- the register of a day -----------------------------------------------------------------------------------------


def test_the_register_of_a_day_lists_who_was_a_party_that_day(client, coordinator, parties):
    client.force_login(coordinator)
    response = client.get(reverse("register:index"), {"dzien": "2022-06-01"})
    names = [party.name for party in response.context["page"].object_list]
    assert response.status_code == 200
    assert "Spółdzielnia Energetyczna Łąka" in names and "Jan Kowalski" in names and "Gmina Tworóg" in names
    assert "Firma Wystąpiła" not in names  # left on 2021-06-30
    assert "Firma Później" not in names  # joined on 2023-03-01
    assert names[0].startswith("Stowarzyszenie")  # the coordinator first, then the gminas, then the stakeholders
    page = response.content.decode()
    assert '<time datetime="2022-06-01">' in page and "?dzien=2022-06-01" in page
    earlier = client.get(reverse("register:index"), {"dzien": "2020-01-01"})
    assert "Firma Wystąpiła" in [party.name for party in earlier.context["page"].object_list]


def test_the_register_page_is_well_formed_and_defaults_to_today(client, coordinator, parties):
    client.force_login(coordinator)
    response = client.get(reverse("register:index"), {"dzien": "not-a-day"})
    assert response.status_code == 200
    assert response.context["day"] == date.today()
    assert html_problems(response.content.decode()) == []


def test_the_register_pages_work_in_english_with_the_same_file_columns(client, coordinator, parties):
    client.force_login(coordinator)
    with translation.override("en"):
        index_url, import_url = reverse("register:index"), reverse("register:import")
    assert index_url.startswith("/en/")
    page = client.get(index_url).content.decode()
    assert (
        '<html lang="en"' in page
        and '<th scope="row"><a href="/en/' in page
        and ' lang="pl">Spółdzielnia Energetyczna Łąka</a>' in page
    )
    assert "<code>data_przystapienia</code>" in client.get(import_url).content.decode()


def test_the_register_page_does_not_query_more_when_the_register_grows(client, coordinator, cluster, tworog):
    client.force_login(coordinator)
    make_stakeholder(cluster, "Firma 0", located_in=tworog, joined_on=date(2020, 1, 1))
    url = reverse("register:index")
    client.get(url)
    small = count_queries(client, url)
    for number in range(1, 80):
        make_stakeholder(cluster, f"Firma {number}", located_in=tworog, joined_on=date(2020, 1, 1))
    response, large = get_with_queries(client, url)
    assert len(response.context["page"].object_list) == 50
    assert len(large) == small


def test_the_register_page_offers_the_csv_in_utf8_by_default_or_windows_1250_and_says_which_to_pick(
    client, coordinator, parties
):
    client.force_login(coordinator)
    page = client.get(reverse("register:index"), {"dzien": "2022-06-01"}).content.decode()
    export_url = reverse("register:export", kwargs={"file_format": "csv"})
    assert f'<form method="get" action="{export_url}"' in page
    assert '<input type="hidden" name="dzien" value="2022-06-01">' in page
    assert 'name="kodowanie" value="utf-8" id="id_kodowanie_0" checked' in page
    assert 'name="kodowanie" value="windows-1250"' in page and "UTF-8 ze znacznikiem BOM (domyślnie)" in page
    assert "Excel w polskiej wersji Windows:" in page and "wybierz Windows-1250" in page
    assert "?dzien=2022-06-01" in page and "Rejestr w formacie XLSX" in page
    assert html_problems(page) == []


def test_the_export_answers_in_the_chosen_encoding_and_refuses_an_unknown_one(client, coordinator, parties):
    client.force_login(coordinator)
    url = reverse("register:export", kwargs={"file_format": "csv"})
    utf8 = client.get(url, {"dzien": "2022-06-01", "kodowanie": "utf-8"})
    windows = client.get(url, {"dzien": "2022-06-01", "kodowanie": "windows-1250"})
    assert utf8.content.decode("utf-8-sig") == windows.content.decode("cp1250")  # nothing Windows-1250 lacks
    assert (
        utf8.content.startswith(b"\xef\xbb\xbf")
        and "Spółdzielnia Energetyczna Łąka".encode("cp1250") in windows.content
    )
    refused = client.get(url, {"dzien": "2022-06-01", "kodowanie": "latin2"}, follow=True)
    assert refused.redirect_chain == [(reverse("register:index"), 302)]
    assert "Wybierz kodowanie pliku CSV: UTF-8 albo Windows-1250." in refused.content.decode()


def test_the_import_page_lists_each_column_with_its_title_in_the_export(client, coordinator, cluster):
    client.force_login(coordinator)
    page = client.get(reverse("register:import")).content.decode()
    assert '<tr><th scope="row"><code>data_przystapienia</code></th><td>Data przystąpienia</td>' in page
    assert "<code>regon</code></th><td>REGON</td>" in page and "jedna z nip, regon, krs" in page
    assert html_problems(page) == []


# --- the coordinator's way in (who else may not: klaster/tests/test_permissions.py) ---------------------------------


@pytest.mark.parametrize(
    ("name", "kwargs", "method"),
    [
        ("register:index", {}, "get"),
        ("register:export", {"file_format": "csv"}, "get"),
        ("register:import", {}, "get"),
        ("register:import-preview", {"token": "a" * 32}, "get"),
        ("register:import-confirm", {"token": "a" * 32}, "post"),
        ("register:import-discard", {"token": "a" * 32}, "post"),
    ],
)
def test_the_coordinator_reaches_the_register_and_a_token_of_another_session_finds_nothing(
    client, coordinator, name, kwargs, method
):
    client.force_login(coordinator)
    answer = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert answer.status_code == (302 if "token" in kwargs else 200)
    if "token" in kwargs:  # a token this session did not make finds nothing
        assert answer["Location"] == reverse("register:import")


def test_an_unknown_export_format_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("register:export", kwargs={"file_format": "pdf"})).status_code == 404
    bad_day = client.get(reverse("register:export", kwargs={"file_format": "csv"}), {"dzien": "31.02.2024"})
    assert bad_day.status_code == 302 and bad_day["Location"] == reverse("register:index")


# --- the import pages: upload, preview, confirm ---------------------------------------------------------------------


def _upload(client, content, name="rejestr.csv"):
    return client.post(reverse("register:import"), {"plik": SimpleUploadedFile(name, content)})


def test_the_export_of_a_day_uploaded_unchanged_previews_as_unchanged(client, coordinator, parties, media_root):
    client.force_login(coordinator)
    for encoding in ("utf-8", "windows-1250"):
        exported = client.get(reverse("register:export", kwargs={"file_format": "csv"}), {"kodowanie": encoding})
        response = _upload(client, exported.content)
        assert response.status_code == 302
        page = client.get(response["Location"]).content.decode()
        assert "Nowe strony: 0, zmienione: 0, bez zmian: 9." in page, encoding  # the 9 parties of today
        assert "średnik" in page


def test_the_coordinator_previews_an_import_then_confirms_it_once(client, coordinator, cluster, media_root):
    client.force_login(coordinator)
    upload_page = client.get(reverse("register:import"))
    assert upload_page.status_code == 200 and "<code>gmina_teryt</code>" in upload_page.content.decode()
    assert html_problems(upload_page.content.decode()) == []
    response = _upload(
        client, register_csv([register_row("Firma Pierwsza", nip=NIPS[2]), register_row("Firma Druga", regon=REGON)])
    )
    assert response.status_code == 302
    preview_url = response["Location"]
    token = preview_url.rstrip("/").rsplit("/", 1)[1]
    assert storages["private"].exists(f"imports/{token}")
    preview = client.get(preview_url)
    page = preview.content.decode()
    assert preview.status_code == 200 and "Nowe strony: 2, zmienione: 0, bez zmian: 0." in page
    assert "Firma Pierwsza" in page and not Participant.objects.filter(nip=NIPS[2]).exists()
    assert html_problems(page) == []

    confirmed = client.post(reverse("register:import-confirm", kwargs={"token": token}), follow=True)
    assert "Zaimportowano rejestr: nowe strony: 2, zmienione: 0, bez zmian: 0." in confirmed.content.decode()
    assert Participant.objects.filter(nip=NIPS[2]).count() == 1 and not storages["private"].exists(f"imports/{token}")
    assert LogEntry.objects.filter(actor=coordinator, additional_data={"import": "rejestr.csv"}).count() == 2

    again = client.post(reverse("register:import-confirm", kwargs={"token": token}), follow=True)
    assert "Nic nie zapisano drugi raz" in again.content.decode()
    assert Participant.objects.filter(nip=NIPS[2]).count() == 1


def test_a_preview_lists_every_problem_and_offers_no_confirmation(client, coordinator, cluster, media_root):
    client.force_login(coordinator)
    response = _upload(
        client, register_csv([register_row("Zła", nip="526-000-12-47"), register_row("Też zła", kategoria="inna")])
    )
    preview = client.get(response["Location"])
    page = preview.content.decode()
    assert "Plik ma 2 problem" in page and "suma kontrolna się nie zgadza" in page and "Nieznana wartość „inna”" in page
    assert "Zapisz w rejestrze" not in page
    assert html_problems(page) == []
    token = response["Location"].rstrip("/").rsplit("/", 1)[1]
    refused = client.post(reverse("register:import-confirm", kwargs={"token": token}))
    assert refused.status_code == 200 and "niczego nie zapisano" in refused.content.decode()
    assert not Participant.objects.filter(name__in=["Zła", "Też zła"]).exists()


def test_a_file_that_cannot_be_read_is_refused_on_upload_and_not_kept(client, coordinator, cluster, media_root):
    client.force_login(coordinator)
    response = _upload(client, b"%PDF-1.7\n\x00binary", name="rejestr.pdf")
    assert response.status_code == 200 and "Nie umiemy odczytać tego pliku." in response.content.decode()
    missing = _upload(client, register_csv([register_row("Firma")], header=["nazwa", "kategoria"]))
    assert "Brakuje wymaganych kolumn: status, data_przystapienia." in missing.content.decode()
    assert "Brakuje kolumny z numerem strony: nip, regon, krs (wystarczy jedna z nich)." in missing.content.decode()
    assert not (media_root / "imports").exists() or not list((media_root / "imports").iterdir())


def test_discarding_an_import_deletes_the_file(client, coordinator, cluster, media_root):
    client.force_login(coordinator)
    token = (
        _upload(client, register_csv([register_row("Firma", nip=NIPS[2])]))["Location"].rstrip("/").rsplit("/", 1)[1]
    )
    response = client.post(reverse("register:import-discard", kwargs={"token": token}))
    assert response.status_code == 302 and not storages["private"].exists(f"imports/{token}")
    assert client.get(reverse("register:import-preview", kwargs={"token": token})).status_code == 302


def test_another_session_cannot_use_an_upload_and_old_uploads_expire(client, coordinator, cluster, media_root):
    client.force_login(coordinator)
    token = (
        _upload(client, register_csv([register_row("Firma", nip=NIPS[2])]))["Location"].rstrip("/").rsplit("/", 1)[1]
    )
    other = make_user("drugi@example.org", role=StaffMembership.Role.COORDINATOR)
    TOTP.activate(other, TOTP_SECRET)
    client.force_login(other)
    client.post(reverse("register:import-confirm", kwargs={"token": token}))
    assert not Participant.objects.filter(nip=NIPS[2]).exists() and storages["private"].exists(f"imports/{token}")
    old = Path(storages["private"].path(f"imports/{token}"))
    stamp = (datetime.now() - uploads.UPLOAD_MAX_AGE - timedelta(minutes=1)).timestamp()
    os.utime(old, (stamp, stamp))
    assert uploads.upload_read(token) is None and not old.exists()
    assert uploads.upload_read("../../etc/passwd") is None


# --- the journey in a browser ----------------------------------------------------------------------------------------


@pytest.mark.browser
def test_the_coordinator_imports_a_file_in_the_browser_and_finds_the_party_in_the_register(
    browser_cluster, live_server, page, media_root, tmp_path
):
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/")

    page.goto(live_server.url + reverse("register:import"))
    assert_accessible(page)
    path = tmp_path / "rejestr.csv"
    path.write_bytes(
        register_csv(
            [register_row("Spółdzielnia Przeglądarkowa", nip=NIPS[2], gmina_teryt="2413082")],
            delimiter=";",
            encoding="cp1250",
        )
    )
    page.get_by_label("Plik z rejestrem").set_input_files(str(path))
    page.get_by_role("button", name="Sprawdź plik").click()
    page.wait_for_url("**/import/*/")
    assert page.get_by_text("Nowe strony: 1, zmienione: 0, bez zmian: 0.").is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz w rejestrze").click()
    page.wait_for_url(live_server.url + reverse("register:index"))
    assert page.get_by_text("Zaimportowano rejestr: nowe strony: 1").is_visible()
    assert page.get_by_role("rowheader", name="Spółdzielnia Przeglądarkowa").is_visible()
    assert_accessible(page)
