"""Materials of events: presentations and documents uploaded by the coordinator, checked by their content (PDF, PPTX,
ODP, DOCX, XLSX: an office document by its zip's own description, within bounds), stored privately under a random name,
listed on the event's page with their type and size in Polish, and delivered as attachments that no browser runs.
Who may open each page is asked by the permission matrix (klaster/tests/test_permissions.py)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from events.models import EventMaterial
from events.services import material_add, material_delete, material_update
from klaster.testing import (
    APPENDED_HTML,
    FAKE_PDF,
    Page,
    count_queries,
    docx_bomb,
    docx_bytes,
    fake_pptx,
    html_problems,
    is_random_name,
    messages_of,
    odp_bytes,
    office_upload,
    pdf_bytes,
    pdf_upload,
    pptm_bytes,
    pptx_bytes,
    register_xlsx,
    stored_paths,
)
from klaster.testing.events import make_event
from klaster.uploads import MAX_UPLOAD_BYTES

NOT_A_DOCUMENT = "Dozwolone są pliki PDF, PPTX, ODP, DOCX i XLSX; ten plik nie jest żadnym z nich albo jest uszkodzony."

pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def training(cluster):
    return make_event("Szkolenie z fotowoltaiki", starts_on=datetime.date(2031, 5, 12))


@pytest.fixture
def as_coordinator(client, coordinator):
    client.force_login(coordinator)
    return client


def add(event, by, file=None, **data):
    data = {"title_pl": "Prezentacja prelegenta", "title_en": "", "kind": "presentation", "is_public": True, **data}
    return material_add(event=event, file=file or office_upload(pptx_bytes(), "prezentacja.pptx"), data=data, by=by)


def new_url(event):
    return reverse("event-admin:material-new", kwargs={"pk": event.pk})


def file_url(material):
    return reverse("events:material-file", kwargs={"slug": material.event.slug, "pk": material.pk})


# --- what is accepted ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name", "extension"),
    [
        (pdf_bytes, "program.pdf", ".pdf"),
        (pptx_bytes, "Prezentacja – wójt.pptx", ".pptx"),
        (odp_bytes, "prezentacja.odp", ".odp"),
        (docx_bytes, "zaproszenie.docx", ".docx"),
        (lambda: register_xlsx([]), "lista.xlsx", ".xlsx"),
        (docx_bytes, "zaproszenie.html", ".docx"),  # the name does not matter: the content does
    ],
)
def test_each_accepted_type_is_stored_privately_under_a_random_name_with_its_checked_extension(
    training, coordinator, private_files, media_root, make, name, extension
):
    data = make()
    material = add(training, coordinator, office_upload(data, name))

    material.refresh_from_db()
    assert is_random_name(material.file.name, extension, "events/materials/")
    assert material.file_original_name == name
    assert material.size == len(data)
    assert material.file_format == extension[1:].upper()
    assert stored_paths(private_files) == [material.file.name]
    assert stored_paths(media_root) == []  # never in the public folder


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (fake_pptx(), "prezentacja.pptx"),  # a zip named as a presentation, without a package description
        (pptm_bytes(), "prezentacja.pptx"),  # a macro-enabled presentation
        (b"<html><script>alert(1)</script></html>", "prezentacja.pptx"),
        (FAKE_PDF, "program.pdf"),
        (docx_bytes() + APPENDED_HTML, "zaproszenie.docx"),  # something appended after the archive
        (APPENDED_HTML + docx_bytes(), "zaproszenie.docx"),  # something before it
        (b"%PDF-1.7\n" + b"nie pdf" * 100, "program.pdf"),
    ],
    ids=["fake-pptx", "pptm", "html-as-pptx", "fake-pdf", "docx-html-appended", "docx-html-prepended", "broken-pdf"],
)
def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    training, coordinator, private_files, data, name
):
    with pytest.raises(ValidationError) as caught:
        add(training, coordinator, office_upload(data, name))
    assert list(caught.value.message_dict) == ["file"]
    assert not EventMaterial.objects.exists()
    assert stored_paths(private_files) == []


def test_a_zip_bomb_disguised_as_a_docx_is_refused_without_unpacking_it(training, coordinator, private_files):
    bomb = docx_bomb()  # a gigabyte unpacked, a megabyte or so packed
    assert len(bomb) < MAX_UPLOAD_BYTES

    with pytest.raises(ValidationError) as caught:
        add(training, coordinator, office_upload(bomb, "zaproszenie.docx"))

    assert caught.value.error_dict["file"][0].code == "zip_too_large"
    assert "po rozpakowaniu miałby ponad 100,0" in caught.value.message_dict["file"][0]
    assert not EventMaterial.objects.exists() and stored_paths(private_files) == []


def test_a_file_above_the_size_limit_is_refused(training, coordinator, private_files):
    too_large = pdf_bytes() + b"%" + b" " * MAX_UPLOAD_BYTES
    with pytest.raises(ValidationError) as caught:
        add(training, coordinator, office_upload(too_large, "program.pdf"))
    assert caught.value.error_dict["file"][0].code == "too_large"
    assert not EventMaterial.objects.exists()


def test_a_pdf_with_html_appended_is_delivered_only_as_a_pdf_attachment(client, training, coordinator):
    material = add(training, coordinator, office_upload(pdf_bytes() + APPENDED_HTML, "program.html"))
    response = client.get(file_url(material))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Disposition"] == 'attachment; filename="program.pdf"'


def test_only_the_coordinator_adds_changes_and_removes_materials(training, coordinator, staff_tworog, superuser):
    material = add(training, coordinator)
    for user in (staff_tworog, superuser):
        with pytest.raises(PermissionDenied):
            add(training, user)
        with pytest.raises(PermissionDenied):
            material_update(material=material, data={"title_pl": "Zmiana"}, by=user)
        with pytest.raises(PermissionDenied):
            material_delete(material=material, by=user)
    assert EventMaterial.objects.get().title_pl == "Prezentacja prelegenta"


# --- delivering ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name", "content_type"),
    [
        (
            pptx_bytes,
            "Prezentacja wójta.pptx",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (odp_bytes, "prezentacja.odp", "application/vnd.oasis.opendocument.presentation"),
        (docx_bytes, "zaproszenie.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ],
)
def test_a_public_material_downloads_as_an_attachment_with_its_type_and_name(
    client, training, coordinator, make, name, content_type
):
    material = add(training, coordinator, office_upload(make(), name))
    response = client.get(file_url(material))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert b"".join(response.streaming_content) == make()


def test_a_material_that_is_not_public_or_of_a_draft_is_the_coordinators_only(client, training, coordinator, cluster):
    private = add(training, coordinator, is_public=False)
    draft = make_event("Szkic", published=False)
    of_draft = add(draft, coordinator)
    for material in (private, of_draft):
        assert client.get(file_url(material)).status_code == 404
    client.force_login(coordinator)
    for material in (private, of_draft):
        response = client.get(file_url(material))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"


def test_a_material_under_another_events_address_is_not_found(client, training, coordinator, cluster):
    material = add(training, coordinator)
    other = make_event("Inne szkolenie")
    url = reverse("events:material-file", kwargs={"slug": other.slug, "pk": material.pk})
    assert client.get(url).status_code == 404


# --- the event's page ---------------------------------------------------------------------------------------------


def test_the_event_page_lists_public_materials_with_type_and_size_in_polish(client, training, coordinator):
    large = pdf_bytes() + b"%" + b" " * (1536 * 1024)  # about 1.5 MB
    add(training, coordinator, office_upload(large, "program.pdf"), title_pl="Program szkolenia", kind="document")
    add(training, coordinator, title_pl="Prezentacja: magazyny energii", title_en="Presentation: energy storage")
    add(training, coordinator, title_pl="Notatki robocze", is_public=False)

    response = client.get(training.get_absolute_url())
    html = response.content.decode()
    text = Page(html).text
    assert '<h2 id="materials-title">Materiały</h2>' in html
    assert "Program szkolenia (dokument, PDF, 1,5 MB)" in text
    assert "1,5\xa0MB" in html  # the Polish decimal comma, the unit kept with the number
    assert "Prezentacja: magazyny energii (prezentacja, PPTX," in text
    assert "Notatki robocze" not in text
    assert html_problems(html) == []

    with translation.override("en"):
        url = training.get_absolute_url()
    english = client.get(url).content.decode()
    assert "Presentation: energy storage" in english
    assert '<a href="' in english and 'lang="pl">Program szkolenia</a>' in english  # falls back, marked Polish


def test_the_event_page_query_count_does_not_grow_with_the_materials(client, training, coordinator):
    add(training, coordinator)
    url = training.get_absolute_url()
    with_one = count_queries(client, url)
    for number in range(10):
        add(training, coordinator, title_pl=f"Materiał {number}")
    assert count_queries(client, url) == with_one


# --- the panel ----------------------------------------------------------------------------------------------------


def test_the_coordinator_uploads_changes_replaces_moves_and_removes_a_material(
    as_coordinator, training, private_files, django_capture_on_commit_callbacks
):
    response = as_coordinator.post(
        new_url(training),
        {"file": office_upload(pptx_bytes(), "wojt.pptx"), "title_pl": "Wystąpienie wójta", "kind": "presentation",
         "is_public": "on"},
    )  # fmt: skip
    assert response.status_code == 302
    first = EventMaterial.objects.get()
    assert "Dodano materiał: Wystąpienie wójta." in messages_of(as_coordinator.get(response["Location"]))
    as_coordinator.post(
        new_url(training), {"file": pdf_upload("program.pdf"), "title_pl": "Program", "kind": "document"}
    )
    second = EventMaterial.objects.get(title_pl="Program")
    assert (second.position, second.is_public) == (2, False)

    edit = reverse("event-admin:material-edit", kwargs={"pk": training.pk, "material_pk": first.pk})
    page = as_coordinator.get(edit)
    assert page.status_code == 200 and html_problems(page.content.decode()) == []
    # A new title only: the file stays.
    old_name = first.file.name
    as_coordinator.post(
        edit, {"title_pl": "Wystąpienie wójta gminy", "title_en": "The wójt's talk", "kind": "presentation"}
    )
    first.refresh_from_db()
    assert (first.title_pl, first.title_en, first.file.name, first.is_public) == (
        "Wystąpienie wójta gminy", "The wójt's talk", old_name, False,
    )  # fmt: skip
    # A replaced file: the new one is checked and stored, the old one removed once committed.
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(
            edit, {"file": office_upload(docx_bytes(), "notatki.docx"), "title_pl": "Notatki", "kind": "document"}
        )
    first.refresh_from_db()
    assert first.file_format == "DOCX" and first.file_original_name == "notatki.docx"
    assert first.size == len(docx_bytes())
    assert sorted(stored_paths(private_files)) == sorted([first.file.name, second.file.name])
    # A bad replacement is refused on the form, and the stored file stays.
    response = as_coordinator.post(
        edit, {"file": office_upload(fake_pptx(), "nowa.pptx"), "title_pl": "Notatki", "kind": "document"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [NOT_A_DOCUMENT]
    first.refresh_from_db()
    assert first.file_original_name == "notatki.docx"

    move = reverse("event-admin:material-move", kwargs={"pk": training.pk, "material_pk": second.pk})
    as_coordinator.post(move, {"direction": "up"})
    assert list(training.materials.values_list("title_pl", flat=True)) == ["Program", "Notatki"]

    delete = reverse("event-admin:material-delete", kwargs={"pk": training.pk, "material_pk": second.pk})
    assert "Usunąć materiał?" in as_coordinator.get(delete).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        as_coordinator.post(delete)
    assert list(training.materials.values_list("title_pl", flat=True)) == ["Notatki"]
    assert stored_paths(private_files) == [first.file.name]


def test_the_upload_form_refuses_a_bad_file_in_polish(as_coordinator, training):
    response = as_coordinator.post(
        new_url(training), {"file": office_upload(docx_bomb(), "bomba.docx"), "title_pl": "Bomba", "kind": "other"}
    )
    assert response.status_code == 200
    assert "po rozpakowaniu miałby ponad" in response.content.decode()
    response = as_coordinator.post(new_url(training), {"title_pl": "Bez pliku", "kind": "other"})
    assert response.context["form"].errors["file"] == ["To pole jest wymagane."]
    assert not EventMaterial.objects.exists()


def test_the_edit_page_of_an_event_lists_its_materials(as_coordinator, training, coordinator):
    add(training, coordinator, title_pl="Program", is_public=False)
    html = as_coordinator.get(reverse("event-admin:edit", kwargs={"pk": training.pk})).content.decode()
    assert "Program" in html and "niepubliczny" in html and "PPTX" in html
    assert html_problems(html) == []
