"""A council resolution's journey in Chromium: a clerk adds it with its PDF in the panel, and the gmina's public page
lists it. The form and the public page pass axe-core."""

import re

import pytest
from django.urls import reverse

from agreements.models import Document
from klaster.testing import assert_accessible, log_in, make_persona, pdf_bytes

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("media_root", "private_files")]


def test_a_clerk_uploads_a_council_resolution_and_the_gminas_public_page_lists_it(browser_cluster, live_server, page):
    staff = make_persona("staff_tworog")
    form_url = live_server.url + reverse("resolutions:add", args=["tworog"])
    log_in(
        page,
        live_server.url + reverse("account_login") + "?next=" + reverse("resolutions:add", args=["tworog"]),
        staff.email,
    )
    page.wait_for_url(form_url)
    assert_accessible(page)

    page.get_by_label("Numer uchwały").fill("XII/85/2024")
    page.get_by_label("Data podjęcia").fill("2024-05-20")
    page.get_by_label("Tytuł").fill("w sprawie przystąpienia do klastra energii")
    page.get_by_label("Adres uchwały w BIP").fill("https://bip.tworog.pl/uchwala-85")
    pdf = {"name": "uchwala.pdf", "mimeType": "application/pdf", "buffer": pdf_bytes()}
    page.get_by_label("Plik PDF uchwały").set_input_files(pdf)
    page.get_by_role("button", name="Zapisz uchwałę").click()
    assert page.get_by_role("status").inner_text() == "Dodano uchwałę nr XII/85/2024."

    page.goto(live_server.url + reverse("members:gmina", args=["tworog"]))
    table = page.get_by_role("table", name=re.compile("Uchwały rady gminy w sprawie klastra energii"))
    row = table.get_by_role("row", name="XII/85/2024")
    assert "20 maja 2024 r." in row.inner_text()
    resolution = Document.objects.resolutions().get(participant__slug="tworog", number="XII/85/2024")
    assert row.get_by_role("link", name="PDF").get_attribute("href") == reverse(
        "agreements:document-file", args=[resolution.pk]
    )
    assert row.get_by_role("link", name="w BIP").get_attribute("href") == "https://bip.tworog.pl/uchwala-85"
    assert_accessible(page)
