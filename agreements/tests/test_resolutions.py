"""Council resolutions in the gmina workspace: who may add, change and delete them, the PDF, the number."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from agreements.models import Document
from klaster.testing import (
    Page,
    image_bytes,
    is_random_name,
    opened,
    pdf_bytes,
    pdf_upload,
    stored_files,
    stored_paths,
)
from klaster.testing.agreements import make_resolution, resolution_data
from klaster.uploads import MAX_UPLOAD_BYTES
from members.models import Participant

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def resolution(tworog):
    return make_resolution(tworog)


@pytest.fixture
def pages(resolution):
    return {
        "add": reverse("resolutions:add", args=["tworog"]),
        "edit": reverse("resolutions:edit", args=["tworog", resolution.pk]),
        "delete": reverse("resolutions:delete", args=["tworog", resolution.pk]),
    }


PAGE_NAMES = ["add", "edit", "delete"]


# --- who may open what (the rest: the permission matrix, klaster/tests/test_permissions.py) ------------


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_staff_open_the_resolution_pages_of_their_gmina(client, staff_tworog, pages, name):
    client.force_login(staff_tworog)
    response = client.get(pages[name])
    assert response.status_code == 200
    assert len(Page(response.content.decode()).h1) == 1


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_staff_of_another_gmina_are_refused_them(client, staff_pawonkow, pages, name):
    client.force_login(staff_pawonkow)
    assert client.get(pages[name]).status_code == 403
    assert client.post(pages[name], resolution_data()).status_code == 403
    assert Document.objects.resolutions().get().number == "XXXIV/245/2018"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_the_coordinator_opens_them_for_any_gmina(client, coordinator, pages, name):
    client.force_login(coordinator)
    assert client.get(pages[name]).status_code == 200


def test_a_resolution_of_another_gmina_is_not_found_under_ones_own(client, staff_tworog, cluster):
    theirs = make_resolution(Participant.objects.get(slug="pawonkow"), number="X/1/2018")
    client.force_login(staff_tworog)
    assert client.get(reverse("resolutions:edit", args=["tworog", theirs.pk])).status_code == 404
    assert client.post(reverse("resolutions:delete", args=["tworog", theirs.pk])).status_code == 404
    assert Document.objects.filter(pk=theirs.pk).exists()


def test_a_document_that_is_not_a_resolution_is_not_found(client, staff_tworog, tworog):
    letter = Document.objects.create(
        kind=Document.Kind.LETTER_OF_INTENT, participant=tworog, date=datetime.date(2017, 6, 1), title="List"
    )
    client.force_login(staff_tworog)
    assert client.get(reverse("resolutions:edit", args=["tworog", letter.pk])).status_code == 404
    assert client.post(reverse("resolutions:delete", args=["tworog", letter.pk])).status_code == 404
    assert Document.objects.filter(pk=letter.pk).exists()


# --- adding and changing ---------------------------------------------------------------------------


def test_staff_add_a_resolution_with_its_pdf_and_see_it_in_the_workspace(client, staff_tworog, tworog, private_files):
    client.force_login(staff_tworog)

    response = client.post(
        reverse("resolutions:add", args=["tworog"]), {**resolution_data(), "file": pdf_upload("uchwala.pdf")}
    )

    assert response.status_code == 302
    assert response.url == reverse("workspace:gmina", args=["tworog"])
    resolution = Document.objects.resolutions().get()
    assert (resolution.kind, resolution.participant, resolution.number) == ("resolution", tworog, "XII/85/2024")
    assert resolution.date == datetime.date(2024, 5, 20)
    assert is_random_name(resolution.file.name, ".pdf", "documents/")
    assert resolution.file_original_name == "uchwala.pdf"
    assert stored_paths(private_files) == [resolution.file.name]
    overview = client.get(response.url).content.decode()
    assert "Dodano uchwałę nr XII/85/2024." in overview
    page = Page(overview)
    assert "XII/85/2024 20 maja 2024 r. w sprawie przyjęcia planu energetycznego" in page.text
    assert reverse("agreements:document-file", args=[resolution.pk]) in page.links
    assert "https://bip.tworog.pl/uchwala-85" in page.links


def test_the_coordinator_adds_a_resolution_for_any_gmina(client, coordinator, cluster):
    client.force_login(coordinator)
    response = client.post(reverse("resolutions:add", args=["pawonkow"]), resolution_data())
    assert response.status_code == 302
    assert Document.objects.resolutions().get().participant.slug == "pawonkow"


def test_the_kind_and_the_gmina_cannot_be_chosen_in_the_form(client, staff_tworog, tworog, cluster):
    pawonkow = Participant.objects.get(slug="pawonkow")
    client.force_login(staff_tworog)
    client.post(
        reverse("resolutions:add", args=["tworog"]),
        resolution_data(kind="agreement", participant=pawonkow.pk),
    )
    resolution = Document.objects.resolutions().get()
    assert (resolution.kind, resolution.participant) == (Document.Kind.RESOLUTION, tworog)


def test_staff_change_a_resolution_and_keep_its_number(client, staff_tworog, resolution):
    client.force_login(staff_tworog)
    url = reverse("resolutions:edit", args=["tworog", resolution.pk])
    assert 'value="XXXIV/245/2018"' in client.get(url).content.decode()

    response = client.post(url, resolution_data(number="XXXIV/245/2018", title="poprawiony tytuł"))

    assert response.status_code == 302
    resolution.refresh_from_db()
    assert (resolution.number, resolution.title) == ("XXXIV/245/2018", "poprawiony tytuł")


def test_a_replaced_pdf_leaves_no_old_file_behind(
    client, staff_tworog, resolution, private_files, django_capture_on_commit_callbacks
):
    resolution.file.save("stara.pdf", ContentFile(pdf_bytes()))
    client.force_login(staff_tworog)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("resolutions:edit", args=["tworog", resolution.pk]),
            {**resolution_data(), "file": pdf_upload("nowa.pdf")},
        )
    resolution.refresh_from_db()
    assert stored_paths(private_files) == [resolution.file.name]
    assert resolution.file_original_name == "nowa.pdf"


def test_the_edit_page_links_the_current_pdf_through_the_portal_under_its_uploaded_name(
    client, staff_tworog, resolution, private_files
):
    resolution.file.save("uchwala-245.pdf", ContentFile(pdf_bytes()))
    client.force_login(staff_tworog)
    page = Page(client.get(reverse("resolutions:edit", args=["tworog", resolution.pk])).content.decode())
    assert reverse("agreements:document-file", args=[resolution.pk]) in page.links
    assert "uchwala-245.pdf" in page.text
    assert not [link for link in page.links if "no-public-url" in link or resolution.file.name in link]


def test_staff_remove_the_pdf_and_it_is_deleted_once_saved(
    client, staff_tworog, resolution, private_files, django_capture_on_commit_callbacks
):
    resolution.file.save("stara.pdf", ContentFile(pdf_bytes()))
    url = reverse("resolutions:edit", args=["tworog", resolution.pk])
    client.force_login(staff_tworog)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, opened(client, url) | {"file-clear": "on"})
    resolution.refresh_from_db()
    assert not resolution.file and resolution.file_original_name == ""
    assert stored_files(private_files) == []


def test_a_bad_pdf_keeps_the_stored_resolution_and_its_old_file(client, staff_tworog, resolution, private_files):
    resolution.file.save("stara.pdf", ContentFile(pdf_bytes()))
    url = reverse("resolutions:edit", args=["tworog", resolution.pk])
    client.force_login(staff_tworog)
    response = client.post(url, opened(client, url) | {"title": "zmieniony", "file": pdf_upload("u.pdf", b"nie pdf")})
    assert "To nie jest plik PDF. Dołącz dokument w formacie PDF." in Page(response.content.decode()).text
    resolution.refresh_from_db()
    assert resolution.title != "zmieniony" and resolution.file_original_name == "stara.pdf"
    assert stored_paths(private_files) == [resolution.file.name]


def test_a_change_saved_meanwhile_by_the_coordinator_is_not_overwritten(
    client, staff_tworog, resolution, private_files
):
    url = reverse("resolutions:edit", args=["tworog", resolution.pk])
    client.force_login(staff_tworog)
    mine = opened(client, url)
    Document.objects.filter(pk=resolution.pk).update(url="https://bip.tworog.pl/uchwala-245")

    response = client.post(url, mine | {"title": "w sprawie czegoś innego", "file": pdf_upload("nowa.pdf")})

    assert response.status_code == 200
    text = Page(response.content.decode()).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie" in text
    assert "Adres w BIP lub w sieci: było (puste), teraz jest „https://bip.tworog.pl/uchwala-245”." in text
    assert response.context["form"]["title"].value() == "w sprawie czegoś innego"  # what was typed is kept
    resolution.refresh_from_db()
    assert resolution.title == "w sprawie przystąpienia do klastra energii" and not resolution.file
    assert stored_files(private_files) == []


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(client, resolution):
    for url in (
        reverse("resolutions:edit", args=["tworog", resolution.pk]),
        reverse("resolutions:add", args=["tworog"]),
    ):
        response = client.post(url, resolution_data(title="obcy"))
        assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
    assert list(Document.objects.resolutions().values_list("title", flat=True)) == [resolution.title]


@pytest.mark.parametrize("number", ["XXXIV/245/2018", "xxxiv/245/2018", " XXXIV/245/2018 "])
def test_a_number_already_used_in_the_gmina_is_refused(client, staff_tworog, resolution, number):
    client.force_login(staff_tworog)

    response = client.post(reverse("resolutions:add", args=["tworog"]), resolution_data(number=number))

    assert response.status_code == 200
    assert "Uchwała o numerze XXXIV/245/2018 jest już zapisana dla tej gminy." in response.content.decode()
    assert Document.objects.resolutions().count() == 1


def test_another_gmina_may_use_the_same_number(client, coordinator, resolution):
    client.force_login(coordinator)
    response = client.post(reverse("resolutions:add", args=["pawonkow"]), resolution_data(number=resolution.number))
    assert response.status_code == 302
    assert Document.objects.filter(number=resolution.number).count() == 2


def test_changing_a_resolution_to_a_number_already_used_is_refused(client, staff_tworog, resolution, tworog):
    other = make_resolution(tworog, number="I/1/2019")
    client.force_login(staff_tworog)
    response = client.post(
        reverse("resolutions:edit", args=["tworog", other.pk]), resolution_data(number=resolution.number)
    )
    assert "jest już zapisana dla tej gminy" in response.content.decode()
    other.refresh_from_db()
    assert other.number == "I/1/2019"


def test_a_resolution_needs_a_number_date_and_title(client, staff_tworog, tworog):
    client.force_login(staff_tworog)
    response = client.post(
        reverse("resolutions:add", args=["tworog"]), resolution_data(number="", date="jutro", title="", url="nie adres")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"number", "date", "title", "url"}
    assert not Document.objects.resolutions().exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("uchwala.pdf", b"<html>to nie jest PDF</html>", "To nie jest plik PDF. Dołącz dokument w formacie PDF."),
        ("uchwala.pdf", image_bytes("PNG"), "To nie jest plik PDF."),
        ("uchwala.pdf", b"%PDF-1.7\n" + b"\x00garbage" * 50, "Pliku PDF nie da się odczytać"),
        ("duza.pdf", b"%PDF-" + b"0" * MAX_UPLOAD_BYTES, "Plik jest za duży"),
    ],
)
def test_a_file_that_is_not_a_readable_pdf_up_to_10_mb_is_refused_and_nothing_is_saved(
    client, staff_tworog, tworog, private_files, name, content, message
):
    client.force_login(staff_tworog)

    response = client.post(
        reverse("resolutions:add", args=["tworog"]), {**resolution_data(), "file": pdf_upload(name, content)}
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Document.objects.resolutions().exists()
    assert stored_files(private_files) == []


def test_a_bad_pdf_does_not_change_a_stored_resolution(client, staff_tworog, resolution, private_files):
    client.force_login(staff_tworog)
    response = client.post(
        reverse("resolutions:edit", args=["tworog", resolution.pk]),
        {**resolution_data(title="zmieniony"), "file": pdf_upload("uchwala.pdf", b"nie pdf")},
    )
    assert "To nie jest plik PDF" in response.content.decode()
    resolution.refresh_from_db()
    assert resolution.title != "zmieniony"
    assert not resolution.file
    assert stored_files(private_files) == []


# --- deleting --------------------------------------------------------------------------------------


def test_deleting_asks_first_and_happens_only_on_post(
    client, staff_tworog, resolution, private_files, django_capture_on_commit_callbacks
):
    resolution.file.save("uchwala.pdf", ContentFile(pdf_bytes()))
    client.force_login(staff_tworog)
    url = reverse("resolutions:delete", args=["tworog", resolution.pk])

    confirmation = client.get(url)

    assert Page(confirmation.content.decode()).h1 == ["Usunąć uchwałę nr XXXIV/245/2018?"]
    assert Document.objects.filter(pk=resolution.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)

    assert response.status_code == 302
    assert not Document.objects.filter(pk=resolution.pk).exists()
    assert stored_files(private_files) == []
    assert "Usunięto uchwałę nr XXXIV/245/2018." in client.get(response.url).content.decode()


def test_other_methods_do_not_delete(client, staff_tworog, resolution):
    client.force_login(staff_tworog)
    assert client.delete(reverse("resolutions:delete", args=["tworog", resolution.pk])).status_code == 405
    assert Document.objects.filter(pk=resolution.pk).exists()
