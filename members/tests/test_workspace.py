"""The gmina workspace ("Moja gmina"): who may open it, editing the profile and the contacts, the emblem upload."""

from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from modeltranslation.translator import translator

from klaster.testing import Page, image_bytes, is_random_name, make_contact, opened, pdf_bytes, stored_files
from klaster.uploads import MAX_UPLOAD_BYTES
from members.forms import GminaProfileForm
from members.models import Participant, Person, Role

pytestmark = pytest.mark.usefixtures("media_root")


def profile_data(**changes):
    data = {
        "description_pl": "Gmina Tworóg leży wśród lasów.",
        "description_en": "",
        "website": "https://www.tworog.pl/",
        "bip_url": "",
        "email": "ug@tworog.pl",
        "phone": "32 285 73 20",
        "street": "ul. Zamkowa 3",
        "postal_code": "42-690",
        "city": "Tworóg",
        "emblem_alt_pl": "",
        "emblem_alt_en": "",
    }
    return {**data, **changes}


# --- who may open what -----------------------------------------------------------------------------


def test_the_coordinator_opens_pawonkow_too(client, coordinator, pawonkow):
    client.force_login(coordinator)
    response = client.get(reverse("workspace:gmina", args=["pawonkow"]))
    assert response.status_code == 200
    assert Page(response.content.decode()).h1 == ["Gmina Pawonków"]


def test_the_workspace_answers_in_english_too(client, staff_tworog, contact):
    client.force_login(staff_tworog)
    with translation.override("en"):
        url = reverse("workspace:gmina", args=["tworog"])
    assert url.startswith("/en/")
    response = client.get(url)
    assert response.status_code == 200
    assert Page(response.content.decode()).html_lang == "en"


# --- the profile -----------------------------------------------------------------------------------


def test_staff_edit_the_profile_and_the_public_page_shows_it(client, staff_tworog, tworog):
    client.force_login(staff_tworog)

    response = client.post(
        reverse("workspace:gmina-edit", args=["tworog"]),
        profile_data(description_pl="Gmina Tworóg stawia na fotowoltaikę na dachach szkół."),
    )

    assert response.status_code == 302
    assert response.url == reverse("workspace:gmina", args=["tworog"])
    overview = client.get(response.url)
    assert "Zapisano profil gminy." in overview.content.decode()
    public = Page(client.get("/gminy/tworog/").content.decode())
    assert "Gmina Tworóg stawia na fotowoltaikę na dachach szkół." in public.text
    assert "ul. Zamkowa 3, 42-690 Tworóg" in public.text


def test_the_coordinator_edits_the_profile_of_any_gmina(client, coordinator, pawonkow):
    client.force_login(coordinator)
    response = client.post(
        reverse("workspace:gmina-edit", args=["pawonkow"]), profile_data(description_pl="Opis od koordynatora.")
    )
    assert response.status_code == 302
    pawonkow.refresh_from_db()
    assert pawonkow.description_pl == "Opis od koordynatora."


def test_staff_cannot_change_the_name_teryt_or_status(client, staff_tworog, tworog):
    client.force_login(staff_tworog)
    client.post(
        reverse("workspace:gmina-edit", args=["tworog"]),
        profile_data(name="Gmina Inna", teryt="1234567", status="excluded", kind="stakeholder"),
    )
    tworog.refresh_from_db()
    assert (tworog.name, tworog.teryt, tworog.status, tworog.kind) == ("Gmina Tworóg", "2413082", "active", "gmina")


def test_staff_cannot_edit_another_gmina(client, staff_pawonkow, tworog):
    client.force_login(staff_pawonkow)
    response = client.post(reverse("workspace:gmina-edit", args=["tworog"]), profile_data(description_pl="Przejęte"))
    assert response.status_code == 403
    tworog.refresh_from_db()
    assert tworog.description_pl != "Przejęte"


def test_a_malformed_postal_code_is_explained_and_nothing_is_saved(client, staff_tworog, tworog):
    client.force_login(staff_tworog)
    response = client.post(
        reverse("workspace:gmina-edit", args=["tworog"]), profile_data(postal_code="42690", description_pl="Nowy")
    )
    assert response.status_code == 200
    assert "Podaj kod pocztowy w postaci 00-000." in response.content.decode()
    tworog.refresh_from_db()
    assert tworog.description_pl != "Nowy"


def test_a_png_emblem_with_its_text_alternative_is_accepted_and_shown(client, staff_tworog, tworog, media_root):
    client.force_login(staff_tworog)
    emblem = SimpleUploadedFile("herb.png", image_bytes("PNG"), "image/png")

    response = client.post(
        reverse("workspace:gmina-edit", args=["tworog"]),
        {**profile_data(emblem_alt_pl="Herb Tworoga: złoty jeleń"), "emblem": emblem},
    )

    assert response.status_code == 302
    tworog.refresh_from_db()
    assert is_random_name(tworog.emblem.name, ".png", "participants/") and tworog.emblem_original_name == "herb.png"
    assert stored_files(media_root) == [tworog.emblem.name.rsplit("/", 1)[1]]
    public = client.get("/gminy/tworog/").content.decode()
    assert f'<img src="{tworog.emblem.url}" alt="Herb Tworoga: złoty jeleń"' in public


def test_an_emblem_needs_its_text_alternative(client, staff_tworog, tworog, media_root):
    client.force_login(staff_tworog)
    emblem = SimpleUploadedFile("herb.png", image_bytes("PNG"), "image/png")

    response = client.post(reverse("workspace:gmina-edit", args=["tworog"]), {**profile_data(), "emblem": emblem})

    assert response.status_code == 200
    assert "Opisz herb tekstem alternatywnym po polsku" in response.content.decode()
    tworog.refresh_from_db()
    assert not tworog.emblem
    assert stored_files(media_root) == []


def test_an_emblem_stored_before_still_needs_its_text_alternative(client, staff_tworog, tworog):
    client.force_login(staff_tworog)
    url = reverse("workspace:gmina-edit", args=["tworog"])
    emblem = SimpleUploadedFile("herb.png", image_bytes("PNG"), "image/png")
    client.post(url, {**profile_data(emblem_alt_pl="Herb"), "emblem": emblem})

    response = client.post(url, profile_data(emblem_alt_pl=""))

    assert "Opisz herb tekstem alternatywnym po polsku" in response.content.decode()
    tworog.refresh_from_db()
    assert tworog.emblem_alt_pl == "Herb"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("herb.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "To nie jest obraz"),
        ("herb.png", pdf_bytes(), "To nie jest obraz"),
        ("herb.gif", image_bytes("GIF"), "Dozwolone są obrazy JPEG, PNG i WebP."),
        ("herb.png", b"\x89PNG" + b"0" * MAX_UPLOAD_BYTES, "Plik jest za duży"),
    ],
)
def test_an_emblem_that_is_not_a_jpeg_png_or_webp_is_refused(
    client, staff_tworog, tworog, media_root, name, content, message
):
    client.force_login(staff_tworog)
    emblem = SimpleUploadedFile(name, content)

    response = client.post(
        reverse("workspace:gmina-edit", args=["tworog"]),
        {**profile_data(description_pl="Nie zapisze się", emblem_alt_pl="Herb"), "emblem": emblem},
    )

    assert response.status_code == 200
    assert message in response.content.decode()
    tworog.refresh_from_db()
    assert not tworog.emblem
    assert tworog.description_pl != "Nie zapisze się"
    assert stored_files(media_root) == []


def test_staff_remove_the_emblem_and_then_need_no_text_alternative(
    client, staff_tworog, tworog, media_root, django_capture_on_commit_callbacks
):
    client.force_login(staff_tworog)
    url = reverse("workspace:gmina-edit", args=["tworog"])
    emblem = SimpleUploadedFile("herb.png", image_bytes("PNG"), "image/png")
    client.post(url, {**profile_data(emblem_alt_pl="Herb"), "emblem": emblem})

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {**profile_data(emblem_alt_pl=""), "emblem-clear": "on"})

    assert response.status_code == 302
    tworog.refresh_from_db()
    assert not tworog.emblem
    assert stored_files(media_root) == []


def test_a_replaced_emblem_leaves_no_old_file_behind(
    client, staff_tworog, tworog, media_root, django_capture_on_commit_callbacks
):
    client.force_login(staff_tworog)
    url = reverse("workspace:gmina-edit", args=["tworog"])
    with django_capture_on_commit_callbacks(execute=True):
        first = SimpleUploadedFile("herb.png", image_bytes("PNG"), "image/png")
        client.post(url, {**profile_data(emblem_alt_pl="Herb"), "emblem": first})
        second = SimpleUploadedFile("nowy-herb.webp", image_bytes("WEBP"), "image/webp")
        client.post(url, {**profile_data(emblem_alt_pl="Herb"), "emblem": second})
    tworog.refresh_from_db()
    assert tworog.emblem_original_name == "nowy-herb.webp" and tworog.emblem.name.endswith(".webp")
    assert stored_files(media_root) == [tworog.emblem.name.rsplit("/", 1)[1]]


# --- contacts --------------------------------------------------------------------------------------


def contact_data(**changes):
    data = {
        "first_name": "Jan",
        "last_name": "Kowalski",
        "function_pl": "wójt gminy",
        "function_en": "",
        "email": "wojt@tworog.example.org",
        "phone": "32 285 73 20",
        "is_representative": "on",
    }
    return {key: value for key, value in {**data, **changes}.items() if value is not None}


def test_staff_add_a_contact_and_the_public_page_lists_the_representative(client, staff_tworog, tworog):
    client.force_login(staff_tworog)

    response = client.post(reverse("workspace:contact-add", args=["tworog"]), contact_data())

    assert response.status_code == 302
    role = Role.objects.get(participant=tworog)
    assert (role.person.full_name, role.function_pl, role.is_representative) == ("Jan Kowalski", "wójt gminy", True)
    assert role.person.email == "wojt@tworog.example.org"
    assert "Dodano osobę do kontaktu: Jan Kowalski." in client.get(response.url).content.decode()
    assert "Jan Kowalski – wójt gminy" in Page(client.get("/gminy/tworog/").content.decode()).text


def test_a_contact_needs_a_name_and_a_function(client, staff_tworog, tworog):
    client.force_login(staff_tworog)
    response = client.post(
        reverse("workspace:contact-add", args=["tworog"]), contact_data(last_name="", function_pl="", email="zły")
    )
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"last_name", "function_pl", "email"}
    assert not Role.objects.filter(participant=tworog).exists()


def test_staff_change_a_contact(client, staff_tworog, contact):
    client.force_login(staff_tworog)
    url = reverse("workspace:contact-edit", args=["tworog", contact.pk])
    assert 'value="anna.nowak@tworog.example.org"' in client.get(url).content.decode()

    response = client.post(
        url,
        contact_data(first_name="Anna", last_name="Nowak-Kowalska", function_pl="sekretarz", is_representative=None),
    )

    assert response.status_code == 302
    contact.refresh_from_db()
    contact.person.refresh_from_db()
    assert (contact.person.full_name, contact.function_pl, contact.is_representative) == (
        "Anna Nowak-Kowalska",
        "sekretarz",
        False,
    )


def test_a_contact_of_another_gmina_is_not_found(client, staff_tworog, pawonkow):
    other = make_contact(pawonkow, "Piotr", "Obcy")
    client.force_login(staff_tworog)
    for name in ("contact-edit", "contact-delete"):
        assert client.get(reverse(f"workspace:{name}", args=["tworog", other.pk])).status_code == 404
        assert client.post(reverse(f"workspace:{name}", args=["tworog", other.pk]), contact_data()).status_code == 404
    other.refresh_from_db()
    assert other.person.last_name == "Obcy"


def test_staff_of_another_gmina_cannot_change_or_delete_a_contact(client, staff_pawonkow, contact):
    client.force_login(staff_pawonkow)
    assert (
        client.post(reverse("workspace:contact-edit", args=["tworog", contact.pk]), contact_data()).status_code == 403
    )
    assert client.post(reverse("workspace:contact-delete", args=["tworog", contact.pk])).status_code == 403
    assert Role.objects.filter(pk=contact.pk, person__last_name="Nowak").exists()


def test_deleting_a_contact_asks_first_and_happens_only_on_post(client, staff_tworog, contact):
    client.force_login(staff_tworog)
    url = reverse("workspace:contact-delete", args=["tworog", contact.pk])

    confirmation = client.get(url)

    assert Page(confirmation.content.decode()).h1 == ["Usunąć osobę Anna Nowak z kontaktów?"]
    assert Role.objects.filter(pk=contact.pk).exists()

    response = client.post(url)

    assert response.status_code == 302
    assert not Role.objects.filter(pk=contact.pk).exists()
    assert not Person.objects.filter(pk=contact.person_id).exists()
    assert "Usunięto osobę z kontaktów: Anna Nowak." in client.get(response.url).content.decode()


# --- in the browser --------------------------------------------------------------------------------


# --- the gmina's texts, in Polish and English --------------------------------------------------------------------------


def test_the_profile_form_covers_every_text_of_the_gminas_public_page_in_each_language(settings):
    texts = translator.get_options_for_model(Participant).fields  # the translated texts: description, emblem_alt
    assert set(texts) == {"description", "emblem_alt"}
    for text in texts:
        for language, _name in settings.LANGUAGES:
            assert f"{text}_{language}" in GminaProfileForm.base_fields, (text, language)


def test_staff_change_their_gminas_texts_in_both_languages_and_each_page_shows_its_own(
    client, staff_tworog, tworog, media_root
):
    url = reverse("workspace:gmina-edit", args=["tworog"])
    client.force_login(staff_tworog)
    response = client.post(
        url,
        opened(client, url)
        | {"description_pl": "Gmina lasów i słońca.", "description_en": "A municipality of forests and sun."},
    )
    assert response.status_code == 302

    polish = unescape(client.get(reverse("members:gmina", args=["tworog"])).content.decode()).replace("\xa0", " ")
    with translation.override("en"):
        english_url = reverse("members:gmina", args=["tworog"])
    english = unescape(client.get(english_url).content.decode()).replace("\xa0", " ")  # Polish typography's spaces
    assert "Gmina lasów i słońca." in polish and "A municipality of forests and sun." not in polish
    assert "A municipality of forests and sun." in english and "Gmina lasów i słońca." not in english
