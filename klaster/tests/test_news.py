"""News (aktualności): the coordinator writes them in the panel; the public reads the published ones on their pages,
the home page, the sitemap and the Atom feed."""

from datetime import date, timedelta
from xml.etree import ElementTree

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from klaster.concurrency import form_values
from klaster.forms import NewsItemForm
from klaster.news import NewsItem, news_item_save
from klaster.revision import Revision
from klaster.testing import (
    Page,
    client_sitemap_paths,
    count_queries,
    form_data,
    form_opened,
    is_random_name,
    log_in_as,
    messages_of,
    picture,
    stored_files,
    stored_paths,
)
from klaster.testing.content import make_news

ATOM = {"atom": "http://www.w3.org/2005/Atom"}


def _form(**changes):
    data = {
        "title_pl": "Nowa instalacja PV w Tworogu",
        "lead_pl": "Na dachu szkoły stanęły panele.",
        "text_pl": "Akapit o **instalacji**.",
        "title_en": "",
        "lead_en": "",
        "text_en": "",
        "image_alt_pl": "",
        "image_alt_en": "",
        "published_on": date.today().isoformat(),
        "status": "published",
    }
    data.update(changes)
    return data


def _feed_titles(client, url="/aktualnosci/atom.xml"):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = ElementTree.fromstring(response.content)  # noqa: S314 (our own feed)
    return [entry.findtext("atom:title", namespaces=ATOM) for entry in root.findall("atom:entry", ATOM)]


def test_a_published_news_item_is_on_its_page_the_list_the_home_page_the_sitemap_and_the_feed(client, cluster):
    item = make_news("Spotkanie w Pawonkowie", text="Zapraszamy **wszystkich**.\n\n<script>alert(1)</script>")
    detail = client.get(item.get_absolute_url())
    page = Page(detail.content.decode())
    assert page.h1 == ["Spotkanie w Pawonkowie"]
    html = detail.content.decode()
    assert "<strong>wszystkich</strong>" in html and "<script>alert" not in html
    assert item.get_absolute_url() in Page(client.get(reverse("news:list")).content.decode()).links
    assert item.get_absolute_url() in Page(client.get(reverse("home")).content.decode()).links
    assert item.get_absolute_url() in client_sitemap_paths(client)
    with translation.override("en"):
        english = item.get_absolute_url()
    assert english.startswith("/en/news/") and english in client_sitemap_paths(client)
    assert _feed_titles(client) == ["Spotkanie w Pawonkowie"]


def test_the_english_page_falls_back_to_polish_and_marks_the_language(client, cluster):
    item = make_news("Spotkanie w Pawonkowie")
    with translation.override("en"):
        url, feed = item.get_absolute_url(), reverse("news:feed")
    assert url.startswith("/en/")
    html = client.get(url).content.decode()
    assert '<h1 lang="pl">Spotkanie w\u00a0Pawonkowie</h1>' in html
    item.title_en = "A meeting in Pawonków"
    item.save()
    assert _feed_titles(client, feed) == ["A meeting in Pawonków"]


def test_a_draft_or_a_scheduled_item_is_nowhere_public(client, cluster):
    draft = make_news("Szkic o biogazowni", published=False)
    scheduled = make_news("Zapowiedź na jutro", days_ago=-1)
    for item in (draft, scheduled):
        assert client.get(reverse("news:detail", kwargs={"slug": item.slug})).status_code == 404
        assert item.slug not in client.get(reverse("news:list")).content.decode()
        assert item.slug not in client.get(reverse("home")).content.decode()
        assert item.get_absolute_url() not in client_sitemap_paths(client)
    assert _feed_titles(client) == []


def test_the_list_is_paged_newest_first(client, cluster):
    for number in range(12):
        make_news(f"Wiadomość {number:02d}", days_ago=number + 1)
    first = Page(client.get(reverse("news:list")).content.decode())
    assert first.h1 == ["Aktualności"]
    assert "Wiadomość 00" in first.text and "Wiadomość 10" not in first.text
    second = client.get(reverse("news:list") + "?page=2").content.decode()
    assert "Wiadomość 10" in second and "Wiadomość 11" in second and "Wiadomość 00" not in second


def test_the_coordinator_adds_a_news_item_with_a_picture_and_the_change_is_audited(
    client, request, cluster, media_root
):
    user = log_in_as(client, request, "coordinator")
    data = _form(image=picture("zdjecie.png"), image_alt_pl="Panele na dachu szkoły")
    response = client.post(reverse("news-admin:new"), data)
    assert response.status_code == 302 and response["Location"] == reverse("news-admin:index")
    item = NewsItem.objects.get()
    assert (item.slug, item.status, item.image_width, item.image_height) == (
        "nowa-instalacja-pv-w-tworogu", "published", 64, 48,
    )  # fmt: skip
    assert is_random_name(item.image.name, ".png", "news/") and item.image_original_name == "zdjecie.png"
    assert stored_paths(media_root) == [item.image.name]
    entry = LogEntry.objects.get_for_object(item).get()
    assert entry.actor == user and entry.action == LogEntry.Action.CREATE
    client.logout()
    html = client.get(item.get_absolute_url()).content.decode()
    assert 'alt="Panele na dachu szkoły"' in html and 'width="64" height="48"' in html


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title_pl": ""}, "title_pl", "To pole jest wymagane."),
        ({"published_on": "31.02.2026"}, "published_on", "Wpisz poprawną datę."),
        ({"image_alt_pl": "Opis"}, "image", "To nie jest obraz JPEG, PNG ani WebP"),
        ({}, "image_alt_pl", "tekst alternatywny jest wymagany"),
    ],
)
def test_a_bad_form_is_refused_with_a_polish_message_and_nothing_is_saved(
    client, request, cluster, media_root, changes, field, message
):
    log_in_as(client, request, "coordinator")
    upload = picture() if field == "image_alt_pl" else None
    if field == "image":
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("zdjecie.png", b"<svg onload=alert(1)></svg>", content_type="image/png")
    data = _form(**changes)
    if upload:
        data["image"] = upload
    response = client.post(reverse("news-admin:new"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert message in " ".join(errors[field]), errors
    assert "Popraw" in Page(response.content.decode()).text
    assert not NewsItem.objects.exists() and stored_files(media_root) == []


def test_editing_keeps_the_address_and_replacing_the_picture_removes_the_old_file(
    client, request, cluster, media_root, django_capture_on_commit_callbacks
):
    log_in_as(client, request, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("news-admin:new"), _form(image=picture("a.png"), image_alt_pl="Pierwsze"))
    item = NewsItem.objects.get()
    old = item.image.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("news-admin:edit", kwargs={"pk": item.pk}),
            _form(title_pl="Zmieniony tytuł", image=picture("b.png"), image_alt_pl="Drugie", status="draft"),
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title_pl, item.slug, item.status) == ("Zmieniony tytuł", "nowa-instalacja-pv-w-tworogu", "draft")
    assert item.image.name != old and stored_files(media_root) == [item.image.name.split("/")[-1]]
    assert LogEntry.objects.get_for_object(item).count() == 2


def test_deleting_asks_first_then_removes_the_item_and_its_picture(
    client, request, cluster, media_root, django_capture_on_commit_callbacks
):
    log_in_as(client, request, "coordinator")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("news-admin:new"), _form(image=picture(), image_alt_pl="Zdjęcie"))
    item = NewsItem.objects.get()
    url = reverse("news-admin:delete", kwargs={"pk": item.pk})
    assert "Usunąć aktualność?" in Page(client.get(url).content.decode()).text and NewsItem.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url).status_code == 302
    assert not NewsItem.objects.exists() and stored_files(media_root) == []
    assert LogEntry.objects.filter(object_pk=str(item.pk), action=LogEntry.Action.DELETE).exists()


def test_two_items_with_the_same_title_get_different_addresses(client, request, cluster):
    log_in_as(client, request, "coordinator")
    client.post(reverse("news-admin:new"), _form())
    client.post(reverse("news-admin:new"), _form())
    assert sorted(NewsItem.objects.values_list("slug", flat=True)) == [
        "nowa-instalacja-pv-w-tworogu",
        "nowa-instalacja-pv-w-tworogu-2",
    ]


def test_the_panel_lists_drafts_and_scheduled_items_and_the_nav_links_to_it(client, request, cluster):
    make_news("Szkic", published=False)
    make_news("Zaplanowana", days_ago=-3)
    log_in_as(client, request, "coordinator")
    page = Page(client.get(reverse("news-admin:index")).content.decode())
    assert "Szkic" in page.text and "szkic" in page.text and "zaplanowana" in page.text
    assert reverse("news-admin:index") in Page(client.get(reverse("coordination:dashboard")).content.decode()).links


def test_a_change_to_the_news_raises_the_data_revision_so_kept_pages_are_renewed(cluster):
    before = Revision.current()
    item = make_news("Nowość")
    assert Revision.current() > before
    before = Revision.current()
    item.delete()
    assert Revision.current() > before


def test_news_pages_cost_the_same_queries_with_many_items(client, request, cluster):
    make_news("Pierwsza")
    make_news("Szkic", published=False)
    panel = Client()
    log_in_as(panel, request, "coordinator")
    panel.get(reverse("news-admin:index"))  # the first request of a session records it
    urls = [reverse("news:list"), reverse("home"), "/aktualnosci/atom.xml", "/sitemap-news.xml"]
    few = [count_queries(client, url) for url in urls] + [count_queries(panel, reverse("news-admin:index"))]
    for number in range(30):
        make_news(
            f"Kolejna {number}", image=f"news/2026/{number}.png", image_alt_pl="Opis", image_width=8, image_height=8
        )
    many = [count_queries(client, url) for url in urls] + [count_queries(panel, reverse("news-admin:index"))]
    assert many == few


def test_every_public_page_has_the_way_to_join_in_its_header(client, cluster):
    make_news("Nowość")
    for url in ("/", "/czym-jest-klaster/", "/aktualnosci/", "/aktualnosci/nowosc/", "/en/", "/wydarzenia/"):
        page = Page(client.get(url).content.decode())
        assert reverse("members:apply", urlconf=None) in page.links or "/en/join/" in page.links, url
    home = client.get("/").content.decode()
    assert home.count('href="' + reverse("members:apply") + '"') >= 3  # the header, the introduction, how to join


def test_the_published_date_of_an_item_is_shown_in_polish(client, cluster):
    item = make_news("Data", days_ago=0)
    item.published_on = date(2018, 4, 10)
    item.save()
    assert "10 kwietnia 2018" in Page(client.get(item.get_absolute_url()).content.decode()).text
    assert item.published_on < date.today() - timedelta(days=1)


# --- two people editing the same news item -----------------------------------------------------------------------------


def test_a_second_save_of_a_news_item_is_refused_shows_what_changed_and_keeps_what_was_typed(client, request, cluster):
    log_in_as(client, request, "coordinator")
    client.post(reverse("news-admin:new"), _form())
    item = NewsItem.objects.get()
    url = reverse("news-admin:edit", kwargs={"pk": item.pk})
    mine, theirs = form_opened(client, url), form_opened(client, url)
    client.post(url, {**theirs, "title_pl": "Panele na szkole w Tworogu"})
    response = client.post(url, {**mine, "lead_pl": "Moja nowa zajawka."})
    assert response.status_code == 200
    text = Page(response.content.decode()).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie, odkąd otworzono ten formularz" in text
    assert "Tytuł po polsku: było „Nowa instalacja PV w Tworogu”, teraz jest „Panele na szkole w Tworogu”." in text
    form = response.context["form"]
    assert form["lead_pl"].value() == "Moja nowa zajawka."  # what was typed is still there
    item.refresh_from_db()
    assert (item.title_pl, item.lead_pl) == ("Panele na szkole w Tworogu", "Na dachu szkoły stanęły panele.")
    # Saving again, knowingly, from the page as it came back: accepted.
    response = client.post(url, form_data(form) | {"title_pl": "Panele na szkole w Tworogu"}, follow=True)
    assert messages_of(response) == ["Zapisano aktualność: Panele na szkole w Tworogu."]
    item.refresh_from_db()
    assert (item.title_pl, item.lead_pl) == ("Panele na szkole w Tworogu", "Moja nowa zajawka.")


def test_a_news_item_deleted_while_its_form_was_open_is_not_brought_back_by_saving(cluster):
    item = make_news("Stara aktualność")
    form = NewsItemForm(_form(), instance=item, edited_from=form_values(NewsItemForm, item))
    assert form.is_valid()
    NewsItem.objects.filter(pk=item.pk).delete()
    with pytest.raises(ValidationError, match="Ktoś inny usunął tę aktualność"):
        news_item_save(form=form, edited_from=form.cleaned_data["edited_from"])
    assert not NewsItem.objects.exists()
