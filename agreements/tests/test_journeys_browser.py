"""The agreement's journeys in Chromium: a visitor downloads the agreement PDF, follows its verification link (what
its QR code holds) and checks the file; the coordinator publishes an annex, the next PDF shows it and the old one is
reported as superseded; a would-be member applies and the coordinator accepts. Every page visited passes axe-core."""

import re
from datetime import date

import pytest
from django.core import mail

from klaster.testing import assert_accessible, log_in, make_persona, pdf_bomb, pdf_text
from members.models import Application, Participant

pytestmark = pytest.mark.browser

IDENTIFIER = re.compile(r"\bPOR-[0-9A-F]{12}\b")


@pytest.fixture(autouse=True)
def served_as_make_run_serves_it_on_another_port(settings):
    """Development (DEBUG on, as `make run` serves), on the live server's random port, while SITE_URL stays at its
    default http://127.0.0.1:8000: every address the visitor meets (redirects, the status link in the email, the
    verification address in a PDF) must still be the live server's."""
    settings.DEBUG = True
    settings.SITE_URL = "http://127.0.0.1:8000"


def _download(page, link_name):
    with page.expect_download() as info:
        page.get_by_role("link", name=link_name).click()
    download = info.value
    path = download.path()
    with open(path, "rb") as handle:
        data = handle.read()
    return download, path, data


def _log_in_as_coordinator(page, live_server):
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")


def test_visitor_downloads_the_agreement_follows_its_verification_link_and_checks_the_file(
    browser_cluster, live_server, page
):
    page.goto(live_server.url + "/porozumienie/")
    assert_accessible(page)
    download, path, data = _download(page, "Pobierz porozumienie (PDF dostępny, PDF/UA)")
    assert download.suggested_filename == "porozumienie-zielona-energia-lesnej-krainy-wersja-1.pdf"
    text = pdf_text(data)
    assert "Zbrosławice" in text and "Gmina Krupski Młyn" in text and "Strona 1 z" in text
    identifier = IDENTIFIER.search(text).group(0)
    verify_url = f"{live_server.url}/porozumienie/weryfikacja/{identifier}/"
    assert verify_url in text.replace("\n", "")

    page.goto(verify_url)  # what scanning the QR code opens
    assert page.get_by_text("Portal wydał ten dokument i jest to jego aktualna wersja.").is_visible()
    assert_accessible(page)
    page.get_by_label("Plik PDF do sprawdzenia").set_input_files(path)
    page.get_by_role("button", name=re.compile("Sprawdź")).click()
    assert page.get_by_text("Zgodny: przesłany plik jest dokładnie tym plikiem, który wydał portal.").is_visible()
    assert_accessible(page)


def test_visitor_checking_a_hostile_or_oversized_file_gets_a_clear_accessible_answer(
    browser_cluster, live_server, page
):
    page.goto(live_server.url + "/porozumienie/weryfikacja/")
    field = page.get_by_label("Plik PDF do sprawdzenia")
    field.set_input_files({"name": "bomba.pdf", "mimeType": "application/pdf", "buffer": pdf_bomb()})
    page.get_by_role("button", name=re.compile("Sprawdź")).click()
    assert page.get_by_text(re.compile("bo jego zawartość po rozpakowaniu jest za duża")).first.is_visible()
    assert_accessible(page)

    large = b"%PDF-1.7\n" + b"0" * (11 * 1024 * 1024)
    page.get_by_label("Plik PDF do sprawdzenia").set_input_files(
        {"name": "duzy.pdf", "mimeType": "application/pdf", "buffer": large}
    )
    page.get_by_role("button", name=re.compile("Sprawdź")).click()
    assert page.get_by_role("heading", name="Plik jest za duży").is_visible()
    assert page.get_by_text(re.compile("Największy dopuszczalny rozmiar to 10,0")).is_visible()
    assert_accessible(page)


def test_coordinator_publishes_an_annex_and_the_old_pdf_is_reported_superseded(browser_cluster, live_server, page):
    page.goto(live_server.url + "/porozumienie/")
    _download_, _path, old = _download(page, "Pobierz porozumienie (PDF dostępny, PDF/UA)")
    old_identifier = IDENTIFIER.search(pdf_text(old)).group(0)

    _log_in_as_coordinator(page, live_server)
    page.get_by_role("navigation", name="Panel koordynatora").get_by_role("link", name="Porozumienie").click()
    page.wait_for_url("**/panel/koordynator/porozumienie/")
    assert_accessible(page)
    page.get_by_role("link", name="Nowy aneks i projekt wersji").click()
    assert_accessible(page)
    page.get_by_label("Numer aneksu").fill("1/2026")
    page.get_by_label("Data aneksu").fill("2026-11-02")
    page.get_by_label("Przedmiot aneksu").fill("Wykaz punktów poboru energii")
    page.get_by_label("Nowa wersja obowiązuje od").fill("2026-11-02")
    page.get_by_role("button", name="Dodaj aneks i utwórz projekt").click()
    page.wait_for_url("**/panel/koordynator/porozumienie/wersje/2/")
    assert_accessible(page)
    page.get_by_label("Tekst wersji").fill(
        "§ 1. Postanowienia ogólne\n\nStrony zawierają porozumienie o współpracy w klastrze energii.\n\n"
        "§ 2. Punkty poboru energii\n\nWykaz punktów poboru energii stron stanowi załącznik nr 2."
    )
    page.get_by_role("button", name="Podgląd").click()
    assert page.get_by_text("Wykaz punktów poboru energii stron stanowi załącznik nr 2.").first.is_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Zapisz projekt").click()
    page.get_by_role("button", name="Opublikuj wersję 2").click()
    page.wait_for_url(re.compile(r"/panel/koordynator/porozumienie/wersje/2/podpisy/"))
    assert_accessible(page)

    page.goto(live_server.url + "/porozumienie/")
    assert page.get_by_role("heading", name=re.compile("§ 2")).first.is_visible()
    _download_, _path, new = _download(page, "Pobierz porozumienie (PDF dostępny, PDF/UA)")
    new_text = pdf_text(new)
    assert "Wykaz punktów poboru energii stron stanowi załącznik nr 2." in new_text.replace("\n", " ")
    assert "1/2026" in new_text
    assert IDENTIFIER.search(new_text).group(0) != old_identifier

    page.goto(f"{live_server.url}/porozumienie/weryfikacja/{old_identifier}/")
    assert page.get_by_text("zastąpiony nowszą wersją").is_visible()
    assert_accessible(page)


def test_a_visitor_applies_and_the_coordinator_accepts(browser_cluster, live_server, page):
    page.goto(live_server.url + "/dolacz/")
    assert_accessible(page)
    page.get_by_label("Kategoria").select_option("cooperative")
    page.get_by_label("Nazwa organizacji albo imię i nazwisko").fill("Spółdzielnia Energetyczna Słoneczny Tworóg")
    page.get_by_label("NIP").fill("526-000-12-46")
    page.get_by_label("Miejscowość").fill("Tworóg")
    page.get_by_label("Gmina", exact=True).select_option(label="Gmina Tworóg")
    page.get_by_label("Osoba do kontaktu").fill("Anna Kowalska")
    page.get_by_label("Adres e-mail").fill("anna@example.org")
    page.get_by_label("Co wnosi do klastra").fill("Farma fotowoltaiczna 1 MW")
    page.get_by_label(re.compile("Potwierdzam zapoznanie się z klauzulą")).check()
    page.get_by_label(re.compile("Zgadzam się na pokazanie nazwy")).check()
    page.get_by_role("button", name="Wyślij wniosek").click()
    page.wait_for_url(re.compile(r"/dolacz/wniosek/.+\?nowy=1"))
    status_url = page.url.split("?")[0]
    assert status_url.startswith(live_server.url + "/dolacz/wniosek/")  # the same host and port it applied on
    assert page.get_by_text("złożony", exact=True).is_visible()
    assert_accessible(page)
    assert mail.outbox and status_url in mail.outbox[0].body

    _log_in_as_coordinator(page, live_server)
    page.goto(live_server.url + "/panel/koordynator/wnioski/")
    assert_accessible(page)
    page.get_by_role("link", name="Spółdzielnia Energetyczna Słoneczny Tworóg").click()
    assert_accessible(page)
    page.get_by_label("Data przystąpienia (podpisania deklaracji)").first.fill(date.today().isoformat())
    page.get_by_role("button", name="Przyjmij wniosek").click()
    assert page.get_by_text(re.compile("Wniosek przyjęty")).is_visible()
    assert_accessible(page)
    party = Application.objects.get().participant
    assert party.status == Participant.Status.ACTIVE

    _download_, _path, declaration = _download(page, "Deklaracja przystąpienia (PDF)")
    assert "Spółdzielnia Energetyczna Słoneczny Tworóg" in pdf_text(declaration)
    assert f"{live_server.url}/porozumienie/weryfikacja/DEK-" in "".join(pdf_text(declaration).split())

    page.goto(status_url)
    assert page.get_by_text("przyjęty", exact=True).is_visible()
    page.goto(live_server.url + "/interesariusze/")
    assert page.get_by_role("link", name="Spółdzielnia Energetyczna Słoneczny Tworóg").is_visible()
    page.goto(live_server.url + "/porozumienie/")
    assert page.get_by_text("Spółdzielnia Energetyczna Słoneczny Tworóg").first.is_visible()
