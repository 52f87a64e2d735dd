"""The gallery of an event in Chromium: the thumbnails load, open the photo from their link named by the alt text, fit
a phone's screen, and the page passes axe-core."""

import pytest
from playwright.sync_api import expect

from events.models import Event
from events.services import photo_add
from klaster.testing import assert_accessible, new_page, picture

pytestmark = pytest.mark.browser


@pytest.fixture
def gallery(browser_cluster, settings, media_root, coordinator):
    """The 2018 conference with three photos, served by the development server's /media/ view (`make run` serves
    them the same way; in production the reverse proxy serves MEDIA_ROOT)."""
    settings.DEBUG = True
    conference = Event.objects.get(slug="konferencja-2018")
    for number, (alt_text, caption) in enumerate(
        [("Sala pełna gości", "Otwarcie konferencji"), ("Prelegent przy mównicy", ""), ("Stoisko doradców", "")],
        start=1,
    ):
        photo_add(
            event=conference,
            image=picture(f"scena-{number}.jpg", fmt="JPEG", size=(1600, 1200)),
            alt_text=alt_text,
            caption=caption,
            credit="Urząd Gminy Zbrosławice" if number == 1 else "",
            by=coordinator,
        )
    return conference


def test_visitor_sees_the_photos_of_the_conference_and_opens_one(gallery, live_server, page):
    page.goto(live_server.url + gallery.get_absolute_url())

    photos = page.get_by_role("region", name="Zdjęcia")
    expect(photos.get_by_role("img")).to_have_count(3)
    first = photos.get_by_role("img", name="Sala pełna gości")
    first.scroll_into_view_if_needed()
    # The gallery shows the thumbnail made on upload (480 × 360), which links to the whole photo.
    expect(first).to_have_attribute("width", "480")
    expect(first).to_have_attribute("height", "360")
    page.wait_for_function("img => img.complete && img.naturalWidth === 480", arg=first.element_handle())
    expect(photos.locator("figcaption").first).to_have_text("Otwarcie konferencji Fot. Urząd Gminy Zbrosławice")
    assert_accessible(page)

    photos.get_by_role("link", name="Prelegent przy mównicy").click()
    expect(page).to_have_url(f"{live_server.url}{gallery.photos.get(position=2).image.url}")


def test_the_gallery_fits_a_phone_screen(gallery, live_server, browser):
    context, page = new_page(browser, viewport={"width": 360, "height": 740})
    try:
        page.goto(live_server.url + gallery.get_absolute_url())
        image = page.get_by_role("img", name="Sala pełna gości")
        box = image.bounding_box()
        assert box["width"] <= 360
        assert abs(box["height"] - box["width"] * 3 / 4) <= 2  # height follows the width: not stretched
        assert page.evaluate("() => document.documentElement.scrollWidth") <= 360
        assert_accessible(page)
    finally:
        context.close()
