"""The privacy policy and the information clauses in versions: the coordinator publishes a new version in the panel,
the earlier ones stay readable, and every recorded consent names the version it agreed to."""

import io
from datetime import date

from auditlog.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from klaster.testing import Page, form_data, form_opened, log_in_as, make_application, messages_of
from members.models import Application, ContactMessage, LegalText


def _publish(client, kind, body_pl, body_en=""):
    return client.post(reverse("site-texts:legal", kwargs={"kind": kind}), {"body_pl": body_pl, "body_en": body_en})


def test_loadcluster_loads_the_first_versions_once(cluster):
    assert sorted(LegalText.objects.values_list("kind", "version")) == [
        ("application_clause", "2026-11-26"),
        ("contact_clause", "2026-11-29"),
        ("event_clause", "2026-11-30"),
        ("privacy", "2026-11-25"),
    ]
    call_command("loadcluster", stdout=io.StringIO())
    assert LegalText.objects.count() == 4


def test_the_privacy_page_shows_the_policy_and_links_the_clauses(client, cluster):
    page = Page(client.get(reverse("privacy")).content.decode())
    assert page.h1 == ["Polityka prywatności"]
    assert "Portal używa wyłącznie niezbędnych plików cookie" in page.text
    for kind in ("application_clause", "contact_clause", "event_clause"):
        assert LegalText.objects.current(kind).get_absolute_url() in page.links
    assert (
        "The portal uses only strictly necessary cookies" in client.get(_english(reverse("privacy"))).content.decode()
    )


def _english(path):
    from django.urls import resolve, translate_url

    resolve(path)
    return translate_url(path, "en")


def test_the_apply_and_contact_pages_show_the_clause_in_force(client, cluster):
    apply = Page(client.get(reverse("members:apply")).content.decode()).text
    assert "Dane z odrzuconego wniosku usuwamy po 12 miesiącach od decyzji." in apply
    contact = Page(client.get(reverse("contact")).content.decode()).text
    assert "Wiadomość przechowujemy tak długo, jak jest potrzebna do załatwienia sprawy." in contact


def test_a_new_version_replaces_the_text_in_force_and_keeps_the_old_one_readable(client, request, cluster):
    old = LegalText.objects.current("privacy")
    log_in_as(client, request, "coordinator")
    response = _publish(client, "polityka-prywatnosci", "# Administrator\n\nNowa treść polityki.")
    assert response.status_code == 302
    new = LegalText.objects.current("privacy")
    assert new.pk != old.pk and new.body_pl.endswith("Nowa treść polityki.")
    assert messages_of(client.get(reverse("site-texts:edit"))) == [
        f"Opublikowano nową wersję z dnia {new.version}: polityka prywatności."
    ]
    assert LogEntry.objects.get_for_object(new).get().action == LogEntry.Action.CREATE
    client.logout()
    page = Page(client.get(reverse("privacy")).content.decode())
    assert "Nowa treść polityki." in page.text and "niezbędnych plików cookie" not in page.text
    assert old.get_absolute_url() in page.links
    old_page = Page(client.get(old.get_absolute_url()).content.decode())
    assert "niezbędnych plików cookie" in old_page.text and "To nie jest wersja obowiązująca" in old_page.text
    assert new.get_absolute_url() in old_page.links


def test_publishing_the_same_text_again_is_refused_and_a_second_version_of_the_day_is_numbered(
    client, request, cluster
):
    log_in_as(client, request, "coordinator")
    current = LegalText.objects.current("contact_clause")
    response = _publish(client, "klauzula-kontaktu", current.body_pl, current.body_en)
    assert response.status_code == 200
    assert "Treść się nie zmieniła; nowa wersja nie jest potrzebna." in Page(response.content.decode()).text
    assert LegalText.objects.filter(kind="contact_clause").count() == 1
    _publish(client, "klauzula-kontaktu", "Pierwsza zmiana.")
    _publish(client, "klauzula-kontaktu", "Druga zmiana.")
    first, second = LegalText.objects.filter(kind="contact_clause").order_by("pk")[1:]
    today = date.today().isoformat()
    assert first.version.startswith(today) and second.version.startswith(today) and first.version != second.version
    response = _publish(client, "klauzula-kontaktu", "")
    assert response.context["form"].errors["body_pl"] == ["To pole jest wymagane."]


def test_every_consent_points_to_the_version_it_agreed_to(client, request, cluster):
    before = make_application(cluster, "Firma Przed", category="company", nip="5260001246", email="a@example.org")
    from members.services import application_submit

    assert before.consent_clause_version  # made by the factory
    first, _ = application_submit(
        cluster=cluster,
        fields={"name": "Firma Pierwsza", "category": "company", "nip": "1234563218", "email": "p@example.org"},
        send=False,
    )
    assert first.consent_clause_version == "2026-11-26"
    log_in_as(client, request, "coordinator")
    _publish(client, "klauzula-wniosku", "Nowa klauzula wniosku.")
    _publish(client, "klauzula-kontaktu", "Nowa klauzula kontaktu.")
    client.logout()
    second, _ = application_submit(
        cluster=cluster,
        fields={"name": "Firma Druga", "category": "company", "nip": "7740001454", "email": "d@example.org"},
        send=False,
    )
    current = LegalText.objects.current("application_clause")
    assert second.consent_clause_version == current.version != first.consent_clause_version
    agreed = LegalText.objects.get(kind="application_clause", version=first.consent_clause_version)
    assert "Nie pytamy o numer PESEL." in Page(client.get(agreed.get_absolute_url()).content.decode()).text
    assert Application.objects.get(pk=first.pk).consent_clause_version == "2026-11-26"

    client.post(
        reverse("contact"),
        {"name": "Jan", "email": "jan@example.org", "message": "Pytanie", "consent": "on"},
    )
    assert ContactMessage.objects.get().clause_version == LegalText.objects.current("contact_clause").version
    assert "Nowa klauzula kontaktu." in Page(client.get(reverse("contact")).content.decode()).text


def test_a_version_published_while_the_form_was_open_refuses_the_second_one_and_keeps_what_was_typed(
    client, request, cluster
):
    log_in_as(client, request, "coordinator")
    url = reverse("site-texts:legal", kwargs={"kind": "polityka-prywatnosci"})
    old = LegalText.objects.current("privacy")
    mine, theirs = form_opened(client, url), form_opened(client, url)
    client.post(url, {**theirs, "body_pl": "Polityka kolegi."})
    theirs_version = LegalText.objects.current("privacy")
    response = client.post(url, {**mine, "body_pl": "Moja polityka."})
    assert response.status_code == 200
    text = Page(response.content.decode()).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie" in text
    assert f"Wersja obowiązująca: było „{old.version}”, teraz jest „{theirs_version.version}”." in text
    form = response.context["form"]
    assert form["body_pl"].value() == "Moja polityka."
    assert LegalText.objects.filter(kind="privacy").count() == 2
    response = client.post(url, form_data(form), follow=True)
    assert messages_of(response)[0].startswith("Opublikowano nową wersję")
    assert LegalText.objects.current("privacy").body_pl == "Moja polityka."
