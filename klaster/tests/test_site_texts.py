"""The coordinator edits the site's texts in the panel (the home page's introduction, "Czym jest klaster?", how to
join), in Polish and English, as safe Markdown where it is more than a sentence; loadcluster keeps the edits."""

import io

from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from klaster import seed
from klaster.testing import Page, form_data, form_opened, log_in_as, messages_of


def _form(cluster, **changes):
    data = {name: getattr(cluster, name) or "" for name in (
        "tagline_pl", "tagline_en", "about_pl", "about_en", "joining_pl", "joining_en",
        "accessibility_notes_pl", "accessibility_notes_en",
    )}  # fmt: skip
    data["accessibility_published_on"] = cluster.accessibility_published_on.isoformat()
    data["accessibility_updated_on"] = cluster.accessibility_updated_on.isoformat()
    data.update(changes)
    return data


def test_the_home_page_shows_how_to_join_from_the_loaded_text(client, cluster):
    assert cluster.joining_pl == seed.CLUSTER["joining_pl"]
    page = Page(client.get(reverse("home")).content.decode())
    assert "Klaster jest otwarty dla wszystkich" in page.text
    assert "The cluster is open to everyone" in Page(client.get("/en/").content.decode()).text


def test_the_coordinator_edits_the_texts_and_the_public_pages_show_them_safely(client, request, cluster):
    log_in_as(client, request, "coordinator")
    response = client.post(
        reverse("site-texts:edit"),
        _form(
            cluster,
            about_pl="Klaster to porozumienie gmin i firm.",
            joining_pl="Napisz do nas **dziś**.\n\n<script>alert(1)</script>\n\n[Formularz](javascript:alert(1))",
            joining_en="",
        ),
        follow=True,
    )
    assert messages_of(response) == ["Zapisano teksty strony."]
    client.logout()
    html = client.get(reverse("home")).content.decode()
    assert "<strong>dziś</strong>" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and 'href="javascript:' not in html
    assert "Klaster to porozumienie gmin i firm." in Page(client.get(reverse("about")).content.decode()).text
    english = client.get("/en/").content.decode()
    assert '<div class="prose" lang="pl"><p>Napisz do nas <strong>dziś</strong>.</p>' in english
    cluster.refresh_from_db()
    history = LogEntry.objects.get_for_object(cluster).filter(action=LogEntry.Action.UPDATE).order_by("-pk").first()
    assert "about_pl" in history.changes_dict


def test_a_text_left_empty_is_refused_in_polish_and_nothing_changes(client, request, cluster):
    log_in_as(client, request, "coordinator")
    before = cluster.about_pl
    response = client.post(reverse("site-texts:edit"), _form(cluster, about_pl="", tagline_pl="Zmieniony"))
    assert response.status_code == 200
    assert response.context["form"].errors["about_pl"] == ["To pole jest wymagane."]
    assert "Zmieniony</textarea>" in response.content.decode()  # what was typed is kept
    cluster.refresh_from_db()
    assert (cluster.about_pl, cluster.tagline_pl) == (before, seed.CLUSTER["tagline_pl"])


def test_loadcluster_keeps_the_edited_texts_and_fills_a_cluster_loaded_before_they_existed(client, request, cluster):
    cluster.joining_pl, cluster.about_pl = "Własny tekst o dołączaniu.", "Własny opis."
    cluster.save()
    call_command("loadcluster", stdout=io.StringIO())
    cluster.refresh_from_db()
    assert (cluster.joining_pl, cluster.about_pl) == ("Własny tekst o dołączaniu.", "Własny opis.")
    cluster.joining_pl = cluster.joining_en = ""
    cluster.save()
    call_command("loadcluster", stdout=io.StringIO())
    cluster.refresh_from_db()
    assert (cluster.joining_pl, cluster.joining_en) == (seed.CLUSTER["joining_pl"], seed.CLUSTER["joining_en"])


def test_the_texts_page_is_linked_from_the_coordinators_nav(client, request, cluster):
    log_in_as(client, request, "coordinator")
    page = Page(client.get(reverse("site-texts:edit")).content.decode())
    assert page.h1 == ["Teksty strony"]
    assert reverse("site-texts:edit") in Page(client.get(reverse("coordination:dashboard")).content.decode()).links


def test_the_coordinator_keeps_the_accessibility_statements_dates_and_notes(client, request, cluster):
    assert cluster.accessibility_updated_on == seed.CLUSTER["accessibility_updated_on"]
    log_in_as(client, request, "coordinator")
    response = client.post(
        reverse("site-texts:edit"),
        _form(
            cluster,
            accessibility_published_on="2026-11-25",
            accessibility_updated_on="2027-03-30",
            accessibility_notes_pl="Skany uchwał sprzed 2019 r. nie mają warstwy tekstowej.",
        ),
    )
    assert response.status_code == 302
    client.logout()
    page = Page(client.get(reverse("accessibility")).content.decode())
    assert "2027-03-30" in page.text and "Skany uchwał sprzed 2019 r. nie mają warstwy tekstowej." in page.text
    log_in_as(client, request, "coordinator")
    dashboard = Page(client.get(reverse("coordination:dashboard")).content.decode()).text
    assert "Ostatnia aktualizacja 30 marca 2027" in dashboard
    bad = client.post(reverse("site-texts:edit"), _form(cluster, accessibility_updated_on="31.02.2027"))
    assert bad.context["form"].errors["accessibility_updated_on"] == ["Wpisz poprawną datę."]


def test_a_second_save_of_the_site_texts_is_refused_shows_what_changed_and_keeps_what_was_typed(
    client, request, cluster
):
    log_in_as(client, request, "coordinator")
    url = reverse("site-texts:edit")
    before = cluster.tagline_pl
    mine, theirs = form_opened(client, url), form_opened(client, url)
    client.post(url, {**theirs, "tagline_pl": "Pięć gmin, jedna energia."})
    response = client.post(url, {**mine, "about_pl": "Mój nowy opis klastra."})
    assert response.status_code == 200
    text = Page(response.content.decode()).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie" in text
    assert "Krótki opis klastra po polsku: było „" in text and "teraz jest „Pięć gmin, jedna energia.”." in text
    form = response.context["form"]
    assert form["about_pl"].value() == "Mój nowy opis klastra."
    cluster.refresh_from_db()
    assert cluster.tagline_pl == "Pięć gmin, jedna energia." and cluster.about_pl != "Mój nowy opis klastra."
    assert before != cluster.tagline_pl
    response = client.post(url, form_data(form) | {"tagline_pl": "Pięć gmin, jedna energia."}, follow=True)
    assert messages_of(response) == ["Zapisano teksty strony."]
    cluster.refresh_from_db()
    assert (cluster.tagline_pl, cluster.about_pl) == ("Pięć gmin, jedna energia.", "Mój nowy opis klastra.")
