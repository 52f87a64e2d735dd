"""Materials and outcomes in Chromium: the coordinator uploads a presentation to the 2018 conference and copies the
event; a visitor finds the presentation on the conference's page with its type and size, beside what the conference
produced. The panel's pages and the public page pass axe-core."""

import pytest
from playwright.sync_api import expect

from klaster.testing import assert_accessible, log_in, make_persona, pptx_bytes

pytestmark = pytest.mark.browser


def test_the_coordinator_uploads_a_presentation_and_a_visitor_downloads_it(
    browser_cluster, live_server, page, tmp_path, media_root
):
    presentation = tmp_path / "Wystąpienie wójta.pptx"
    presentation.write_bytes(pptx_bytes())
    coordinator = make_persona("coordinator")
    log_in(page, live_server.url + "/konto/login/", coordinator.email, second_factor=True)
    page.wait_for_url(live_server.url + "/panel/koordynator/", wait_until="domcontentloaded")
    page.goto(live_server.url + "/panel/wydarzenia/")
    page.get_by_role("link", name="Konferencja nt. Klastra Energii").first.click()
    outcomes = page.get_by_role("region", name="Efekty wydarzenia")
    expect(outcomes.get_by_role("listitem")).to_have_count(7)
    assert_accessible(page)

    page.get_by_role("link", name="Dodaj materiał").click()
    assert_accessible(page)
    page.get_by_label("Plik").set_input_files(str(presentation))
    page.get_by_label("Tytuł po polsku").fill("Walka z niską emisją")
    page.get_by_label("Rodzaj").select_option("presentation")
    page.get_by_role("button", name="Dodaj materiał").click()
    expect(page.get_by_text("Dodano materiał: Walka z niską emisją.")).to_be_visible()

    page.get_by_role("link", name="Kopiuj jako nowe wydarzenie").click()
    assert_accessible(page)
    page.get_by_label("Data rozpoczęcia kopii").fill("2031-04-10")
    page.get_by_role("button", name="Utwórz kopię").click()
    expect(page.get_by_text("Skopiowano wydarzenie jako nieopublikowany szkic")).to_be_visible()

    page.context.clear_cookies()  # a visitor
    page.goto(live_server.url + "/wydarzenia/konferencja-2018/")
    materials = page.get_by_role("region", name="Materiały")
    expect(materials).to_contain_text("Walka z niską emisją (prezentacja, PPTX,")
    expect(page.get_by_role("region", name="Efekty wydarzenia")).to_contain_text("Porozumienie klastrowe, wersja 1")
    assert_accessible(page)
    with page.expect_download() as download:
        materials.get_by_role("link", name="Walka z niską emisją").click()
    assert download.value.suggested_filename == "Wystąpienie wójta.pptx"
