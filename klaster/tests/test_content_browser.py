"""The site's own content in Chromium: the coordinator publishes a news item with a picture and a visitor reads it; a
visitor finds "Dołącz do klastra" from the home page (and the members page, and a directory search that finds nobody)
and sends the contact form, which the coordinator then reads.
Every page visited passes axe-core."""

import re

import pytest
from django.core import mail

from klaster.testing import assert_accessible, image_bytes, log_in, make_persona

pytestmark = pytest.mark.browser


def _log_in_as_coordinator(page, live_server):
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")


def test_the_coordinator_publishes_a_news_item_with_a_picture_and_a_visitor_reads_it(
    browser_cluster, live_server, page, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "panele.png"
    photo.write_bytes(image_bytes("PNG", size=(120, 80)))

    _log_in_as_coordinator(page, live_server)
    page.get_by_role("navigation", name="Panel koordynatora").get_by_role("link", name="Aktualności").click()
    page.wait_for_url("**/panel/koordynator/aktualnosci/")
    assert_accessible(page)
    page.get_by_role("link", name="Dodaj aktualność").click()
    assert_accessible(page)
    page.get_by_role("button", name="Dodaj aktualność").click()  # empty: refused, with the summary of errors
    assert page.get_by_role("alert").filter(has_text="Popraw").is_visible()
    assert_accessible(page)
    page.get_by_label("Tytuł po polsku").fill("Panele na szkole w Tworogu")
    page.get_by_label("Zajawka po polsku").fill("Szkoła ma własną elektrownię słoneczną.")
    page.get_by_label("Treść po polsku").fill("Instalacja ma **50 kW**.\n\n- dach szkoły\n- 120 paneli")
    page.get_by_label("Zdjęcie", exact=True).set_input_files(str(photo))
    page.get_by_label("Tekst alternatywny zdjęcia po polsku").fill("Panele słoneczne na dachu szkoły")
    page.get_by_label("opublikowana").check()
    page.get_by_role("button", name="Dodaj aktualność").click()
    page.wait_for_url("**/panel/koordynator/aktualnosci/")
    assert page.get_by_text("Dodano aktualność: Panele na szkole w Tworogu.").is_visible()
    assert_accessible(page)

    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Panele na szkole w Tworogu").click()
    page.wait_for_url("**/aktualnosci/panele-na-szkole-w-tworogu/")
    assert page.get_by_role("heading", level=1).inner_text().replace("\xa0", " ") == "Panele na szkole w Tworogu"
    assert page.get_by_role("img", name="Panele słoneczne na dachu szkoły").count() == 1
    assert page.locator("strong", has_text="50 kW").is_visible()
    assert_accessible(page)


def test_the_coordinator_edits_the_benefits_and_the_public_page_follows(browser_cluster, live_server, page):
    first, second = browser_cluster.benefits.values_list("text_pl", flat=True)[:2]
    _log_in_as_coordinator(page, live_server)
    page.get_by_role("navigation", name="Panel koordynatora").get_by_role("link", name="Korzyści").click()
    page.wait_for_url("**/panel/koordynator/korzysci/")
    assert_accessible(page)
    page.get_by_role("button", name=re.compile(r"^W górę\W+" + re.escape(second))).click()
    assert page.get_by_text("Zmieniono kolejność korzyści.").is_visible()
    page.get_by_role("link", name="Dodaj korzyść").click()
    assert_accessible(page)
    page.get_by_label("Korzyść po polsku").fill("wspólne zakupy energii dla gmin")
    page.get_by_role("button", name="Dodaj korzyść").click()
    assert page.get_by_text("Dodano korzyść.").is_visible()
    page.get_by_role("link", name=re.compile(r"^Usuń\W+" + re.escape(first))).click()
    assert_accessible(page)
    page.get_by_role("button", name="Tak, usuń").click()
    assert page.get_by_text("Usunięto korzyść.").is_visible()

    page.goto(live_server.url + "/korzysci/")
    items = [text.replace("\xa0", " ") for text in page.locator("ol.benefits li").all_inner_texts()]
    assert items[0] == second and first not in items and items[-1] == "wspólne zakupy energii dla gmin"


def test_a_visitor_finds_how_to_join_from_the_home_page_and_sends_the_contact_form(browser_cluster, live_server, page):
    party = browser_cluster.coordinator
    party.email, party.phone = "biuro@lesnakraina.example.org", "+48 32 123 45 67"
    party.save()

    page.goto(live_server.url + "/")
    assert_accessible(page)
    page.get_by_role("banner").get_by_role("link", name="Dołącz do klastra").click()
    page.wait_for_url("**/dolacz/")
    assert page.get_by_role("heading", level=1).inner_text() == "Dołącz do klastra"
    for address in ("/czlonkowie/", "/interesariusze/?q=nikogo+takiego"):  # the way to join is offered there too
        page.goto(live_server.url + address)
        assert_accessible(page)
        page.get_by_role("main").get_by_role("link", name="Dołącz do klastra").click()
        page.wait_for_url("**/dolacz/")

    page.get_by_role("navigation", name="Menu główne").get_by_role("link", name="Kontakt").click()
    page.wait_for_url("**/kontakt/")
    assert page.get_by_text("+48 32 123 45 67").is_visible()
    assert_accessible(page)
    page.get_by_label("Imię i nazwisko").fill("Jan Kowalski")
    page.get_by_label("Adres e-mail").fill("jan@example.org")
    page.get_by_role("textbox", name=re.compile("^Wiadomość")).fill("Czy spółdzielnia z Kochanowic może dołączyć?")
    page.get_by_role("button", name="Wyślij wiadomość").click()  # without the consent: refused, nothing lost
    assert page.get_by_role("alert").filter(has_text="Popraw 1 pole").is_visible()
    assert page.locator("#id_consent_error").inner_text() == "Bez tej zgody nie możemy odpowiedzieć na wiadomość."
    assert (
        page.get_by_role("textbox", name=re.compile("^Wiadomość")).input_value()
        == "Czy spółdzielnia z Kochanowic może dołączyć?"
    )
    assert_accessible(page)
    page.get_by_label(re.compile("Potwierdzam zapoznanie się z klauzulą informacyjną")).check()
    page.get_by_role("button", name="Wyślij wiadomość").click()
    page.wait_for_url("**/kontakt/?wyslano=1")
    assert page.get_by_text("Dziękujemy. Wiadomość trafiła do koordynatora klastra").is_visible()
    assert_accessible(page)
    (sent,) = mail.outbox
    assert sent.to == ["biuro@lesnakraina.example.org"] and sent.reply_to == ["jan@example.org"]

    _log_in_as_coordinator(page, live_server)
    page.get_by_role("navigation", name="Panel koordynatora").get_by_role("link", name="Wiadomości").click()
    assert_accessible(page)
    page.get_by_role("link", name="Jan Kowalski").click()
    assert page.get_by_text("Czy spółdzielnia z Kochanowic może dołączyć?").is_visible()
    assert_accessible(page)
    page.get_by_label("załatwiona").check()
    page.get_by_role("button", name="Zapisz stan").click()
    assert page.get_by_text("Zapisano stan wiadomości: załatwiona.").is_visible()


def test_the_coordinator_edits_the_site_texts_and_publishes_a_new_privacy_policy(browser_cluster, live_server, page):
    _log_in_as_coordinator(page, live_server)
    page.get_by_role("navigation", name="Panel koordynatora").get_by_role("link", name="Teksty strony").click()
    page.wait_for_url("**/panel/koordynator/teksty/")
    assert_accessible(page)
    page.get_by_label("„Jak dołączyć do klastra?” po polsku").fill("Napisz do nas, a **pomożemy** dołączyć.")
    page.get_by_role("button", name="Zapisz teksty").click()
    assert page.get_by_text("Zapisano teksty strony.").is_visible()
    page.get_by_role("main").get_by_role("link", name="Polityka prywatności", exact=True).click()
    assert_accessible(page)
    page.get_by_label("Treść po polsku").fill("# Administrator\n\nNowa polityka prywatności.")
    page.get_by_role("button", name="Opublikuj nową wersję").click()
    assert page.get_by_text(re.compile("Opublikowano nową wersję z dnia")).is_visible()

    page.goto(live_server.url + "/")
    assert page.locator("strong", has_text="pomożemy").is_visible()
    page.get_by_role("contentinfo").get_by_role("link", name="Polityka prywatności").click()
    assert page.get_by_text("Nowa polityka prywatności.").is_visible()
    page.get_by_role("link", name=re.compile("Polityka prywatności, wersja z dnia 25 listopada 2026 r.")).click()
    assert page.get_by_text("To nie jest wersja obowiązująca").is_visible()
    assert_accessible(page)
