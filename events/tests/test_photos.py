"""Photos of events: added by the coordinator through services.photo_add, checked by their content, shown as a
gallery on the event's page (with alt text, caption and credit) at a query count that does not grow with them."""

import re

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from PIL import Image

from events.models import Event, EventPhoto
from events.services import photo_add
from klaster.testing import Page, captured_queries, count_queries, html_problems, is_random_name, picture, stored_paths

NOT_AN_IMAGE = "To nie jest obraz JPEG, PNG ani WebP albo plik jest uszkodzony."


pytestmark = pytest.mark.usefixtures("media_root")


@pytest.fixture
def conference(cluster):
    """The 2018 conference, as the seed loads it."""
    return Event.objects.get(slug="konferencja-2018")


def add(event, by, *, alt_text="Sala konferencyjna pełna gości", **fields):
    return photo_add(event=event, image=fields.pop("image", None) or picture(), alt_text=alt_text, by=by, **fields)


def detail_url(event):
    return reverse("events:detail", kwargs={"slug": event.slug})


# --- adding photos ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "fmt"), [("scena.png", "PNG"), ("scena.jpg", "JPEG")])
def test_a_real_photo_is_saved_with_its_width_and_height(conference, coordinator, media_root, name, fmt):
    photo = add(conference, coordinator, image=picture(name, fmt=fmt, size=(120, 80)), caption="Otwarcie")

    photo.refresh_from_db()
    assert (photo.width, photo.height) == (120, 80)
    assert photo.position == 1
    assert photo.alt_text_pl == "Sala konferencyjna pełna gości"
    assert photo.caption_pl == "Otwarcie"
    assert is_random_name(photo.image.name, f".{name.rsplit('.', 1)[1]}", "events/photos/")
    assert photo.image_original_name == name
    assert stored_paths(media_root) == sorted([photo.image.name, photo.thumbnail.name])
    with Image.open(media_root / photo.image.name) as stored:
        assert stored.format == fmt and stored.size == (120, 80)


def test_each_new_photo_goes_to_the_end_of_the_gallery(conference, coordinator):
    first = add(conference, coordinator, alt_text="Pierwsze")
    second = add(conference, coordinator, alt_text="Drugie")
    assert (first.position, second.position) == (1, 2)
    assert [photo.alt_text for photo in conference.photos.all()] == ["Pierwsze", "Drugie"]


def test_a_fake_image_is_refused_with_a_polish_message_and_nothing_is_saved(conference, coordinator, media_root):
    fake = SimpleUploadedFile("scena.jpg", b"To jest zwykly tekst, nie zdjecie.\n" * 20, content_type="image/jpeg")

    with pytest.raises(ValidationError) as caught:
        add(conference, coordinator, image=fake)

    assert caught.value.message_dict["image"] == [NOT_AN_IMAGE]
    assert not EventPhoto.objects.exists()
    assert stored_paths(media_root) == []


@pytest.mark.parametrize("alt_text", ["", "   "])
def test_alt_text_is_required(conference, coordinator, media_root, alt_text):
    with pytest.raises(ValidationError) as caught:
        add(conference, coordinator, alt_text=alt_text)

    assert list(caught.value.message_dict) == ["alt_text"]
    assert caught.value.error_dict["alt_text"][0].code == "blank"
    assert not EventPhoto.objects.exists()
    assert stored_paths(media_root) == []


def test_the_alt_text_is_polish_even_when_another_language_is_active(conference, coordinator):
    with translation.override("en"):
        photo = add(conference, coordinator, alt_text="Prelegent przy mównicy", caption="Wystąpienie")
    photo.refresh_from_db()
    assert (photo.alt_text_pl, photo.caption_pl) == ("Prelegent przy mównicy", "Wystąpienie")
    assert not photo.alt_text_en and not photo.caption_en


def test_an_added_photo_is_in_the_audit_history_with_who_added_it(conference, coordinator):
    with set_actor(coordinator):
        photo = add(conference, coordinator, credit="Urząd Gminy Zbrosławice")
    entry = LogEntry.objects.get_for_object(photo).get(action=LogEntry.Action.CREATE)
    assert entry.actor == coordinator
    assert entry.changes_dict["credit"][1] == "Urząd Gminy Zbrosławice"


def test_only_the_coordinator_adds_photos(conference, staff_tworog, superuser):
    for user in (staff_tworog, superuser):
        with pytest.raises(PermissionDenied):
            add(conference, user)
    assert not EventPhoto.objects.exists()


# --- the event's page ----------------------------------------------------------------------------------------


def test_the_event_page_shows_the_photos_with_alt_text_caption_and_credit(client, conference, coordinator):
    photo = add(
        conference,
        coordinator,
        image=picture(size=(96, 72)),
        alt_text="Wójt gminy Zbrosławice wita gości",
        caption="Powitanie uczestników",
        credit="Jan Kowalski",
    )
    add(conference, coordinator, alt_text="Goście przy stoiskach doradców")

    response = client.get(detail_url(conference))

    assert response.status_code == 200
    html = response.content.decode()
    url = photo.image.url
    assert url.startswith("/media/events/photos/")
    assert '<h2 id="photos-title">Zdjęcia</h2>' in html
    figure = re.search(r"<figure>(.*?)</figure>", html, re.S).group(1)
    # The gallery shows the thumbnail made on upload, linking to the photo.
    thumbnail = photo.thumbnail.url
    assert thumbnail.startswith("/media/events/photos/thumbnails/") and thumbnail != url
    assert f'<a href="{url}"><img src="{thumbnail}" alt="Wójt gminy Zbrosławice wita gości"' in figure
    assert 'width="96" height="72" loading="lazy" decoding="async">' in figure
    assert re.search(r"<figcaption>.*Powitanie uczestników.*Fot\. Jan Kowalski.*</figcaption>", figure, re.S)
    # The second photo, without caption or credit, has no empty figcaption.
    figures = re.findall(r"<figure>.*?</figure>", html, re.S)
    assert len(figures) == 2
    assert 'alt="Goście przy stoiskach doradców"' in figures[1] and "<figcaption>" not in figures[1]
    assert "Powitanie uczestników Fot. Jan Kowalski" in Page(html).text
    assert html_problems(html) == []


def test_the_event_page_without_photos_has_no_gallery(client, conference):
    html = client.get(detail_url(conference)).content.decode()
    assert "Zdjęcia" not in html and "<figure>" not in html


def test_the_english_page_gives_the_polish_alt_text_with_its_language(client, conference, coordinator):
    add(conference, coordinator, alt_text="Sala pełna gości", caption="Otwarcie")
    with translation.override("en"):
        url = detail_url(conference)
    html = client.get(url).content.decode()
    assert "<h2" in html and '<html lang="en"' in html
    assert 'alt="Sala pełna gości" lang="pl"' in html
    assert '<span lang="pl">Otwarcie</span>' in html


def test_the_event_page_query_count_does_not_grow_with_the_photos(client, conference, coordinator):
    add(conference, coordinator)
    url = detail_url(conference)
    with_one = count_queries(client, url)
    for number in range(29):
        add(conference, coordinator, alt_text=f"Zdjęcie {number + 2}")
    assert conference.photos.count() == 30
    with_thirty = captured_queries(client, url)
    assert len(with_thirty) == with_one
    # The photos come in one query, prefetched with the event.
    assert len([sql for sql in with_thirty if "events_eventphoto" in sql]) == 1
    assert client.get(url).content.decode().count("<figure>") == 30


# --- the list of events ---------------------------------------------------------------------------------------


def test_the_event_list_tells_how_many_photos_each_event_has(client, conference, coordinator):
    add(conference, coordinator)
    letter = Event.objects.get(slug="list-intencyjny-2017")
    for _number in range(5):
        add(letter, coordinator)

    text = Page(client.get(reverse("events:list")).content.decode()).text

    assert "Konferencja · 1 zdjęcie" in text
    assert "5 zdjęć" in text


def test_the_event_list_query_count_does_not_grow_with_the_photos(client, conference, coordinator):
    url = reverse("events:list")
    without = count_queries(client, url)
    for event in Event.objects.all():
        for _number in range(3):
            add(event, coordinator)
    assert count_queries(client, url) == without


# --- thumbnails and the texts of a photo ----------------------------------------------------------------------------


def test_a_thumbnail_is_made_on_upload_within_the_bound_and_with_the_photos_proportions(
    conference, coordinator, media_root
):
    photo = add(conference, coordinator, image=picture("duze.jpg", fmt="JPEG", size=(1200, 800)))

    photo.refresh_from_db()
    assert is_random_name(photo.thumbnail.name, ".jpg", "events/photos/thumbnails/")
    assert (photo.thumbnail_width, photo.thumbnail_height) == (480, 320)
    with Image.open(media_root / photo.thumbnail.name) as stored:
        assert stored.format == "JPEG" and stored.size == (480, 320)
    assert (photo.width, photo.height) == (1200, 800)  # the photo itself is kept whole


def test_a_small_photo_is_not_enlarged_for_its_thumbnail(conference, coordinator):
    photo = add(conference, coordinator, image=picture(size=(96, 72)))
    assert (photo.thumbnail_width, photo.thumbnail_height) == (96, 72)


def test_the_gallery_gives_the_thumbnails_width_and_height(client, conference, coordinator):
    photo = add(conference, coordinator, image=picture("duze.png", size=(1000, 500)))
    html = client.get(detail_url(conference)).content.decode()
    assert f'<img src="{photo.thumbnail.url}" alt="Sala konferencyjna pełna gości" width="480" height="240"' in html


def test_a_photo_added_before_thumbnails_were_made_shows_itself(client, conference):
    photo = EventPhoto.objects.create(event=conference, position=1, image=picture(), alt_text="Sala")
    assert not photo.thumbnail
    html = client.get(detail_url(conference)).content.decode()
    assert f'<img src="{photo.image.url}" alt="Sala" width="64" height="48"' in html


@pytest.mark.parametrize("alt_text", ["scena.png", "IMG_2041", "DSC01234.JPG", "zdjecie-z-konferencji.jpeg"])
def test_a_file_name_is_not_a_text_alternative(conference, coordinator, media_root, alt_text):
    with pytest.raises(ValidationError) as caught:
        add(conference, coordinator, image=picture("scena.png"), alt_text=alt_text)
    assert "To jest nazwa pliku, a nie opis" in caught.value.message_dict["alt_text_pl"][0]
    assert not EventPhoto.objects.exists()


def test_the_coordinator_edits_a_photos_texts_in_the_panel(client, conference, coordinator):
    photo = add(conference, coordinator, image=picture("sala.png"))
    client.force_login(coordinator)
    url = reverse("event-admin:photo-edit", kwargs={"pk": conference.pk, "photo_pk": photo.pk})
    page = client.get(url)
    assert page.status_code == 200 and html_problems(page.content.decode()) == []
    assert "Przesłany plik: sala.png" in Page(page.content.decode()).text

    response = client.post(
        url,
        {"alt_text_pl": "Wójtowie podpisują porozumienie", "alt_text_en": "The wójts sign the agreement",
         "caption_pl": "Podpisanie", "caption_en": "", "credit": "UG Zbrosławice"},
    )  # fmt: skip
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.alt_text_pl, photo.alt_text_en, photo.caption_pl, photo.credit) == (
        "Wójtowie podpisują porozumienie", "The wójts sign the agreement", "Podpisanie", "UG Zbrosławice",
    )  # fmt: skip

    for bad, message in (
        ("", "To pole jest wymagane."),
        ("   ", "To pole jest wymagane."),
        ("sala.png", "nazwa pliku"),
    ):
        response = client.post(url, {"alt_text_pl": bad, "alt_text_en": "", "caption_pl": "", "credit": ""})
        assert response.status_code == 200
        assert message in " ".join(response.context["form"].errors["alt_text_pl"])
    photo.refresh_from_db()
    assert photo.alt_text_pl == "Wójtowie podpisują porozumienie"


def test_the_order_of_photos_is_changed_in_the_panel(client, conference, coordinator):
    first = add(conference, coordinator, alt_text="Pierwsze")
    add(conference, coordinator, alt_text="Drugie")
    client.force_login(coordinator)
    client.post(
        reverse("event-admin:photo-move", kwargs={"pk": conference.pk, "photo_pk": first.pk}), {"direction": "down"}
    )
    assert [photo.alt_text_pl for photo in conference.photos.order_by("position")] == ["Drugie", "Pierwsze"]
