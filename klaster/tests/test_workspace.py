"""The workspace's own pages, which gather from every app: the entry, the coordinator's dashboard, a gmina's overview;
and the public pages whose query count must not grow with the data."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from agreements.models import Document
from agreements.services import party_end
from klaster.testing import (
    Page,
    assert_accessible,
    count_queries,
    image_bytes,
    invite,
    log_in,
    make_contact,
    make_persona,
    make_stakeholder,
    make_user,
    normalise,
)
from klaster.testing.agreements import make_resolution
from klaster.workspace import accessibility_review
from members.models import Cluster, ContactMessage, Participant, StaffMembership
from members.services import account_set_active


def test_staff_are_sent_from_the_panel_to_their_gmina(client, staff_tworog):
    client.force_login(staff_tworog)
    response = client.get(reverse("workspace"))
    assert response.status_code == 302
    assert response.url == reverse("workspace:gmina", args=["tworog"])


def test_the_overview_shows_contacts_resolutions_and_every_local_stakeholder(client, staff_tworog, contact, cluster):
    tworog = contact.participant
    make_resolution(tworog, url="https://bip.tworog.pl/uchwala-245")
    make_stakeholder(cluster, "Spółdzielnia Energetyczna Tworóg", located_in=tworog)
    make_stakeholder(cluster, "Firma Bez Zgody", located_in=tworog, public_listing=False)
    make_stakeholder(cluster, "Kandydat Sp. z o.o.", located_in=tworog, status=Participant.Status.APPLIED)
    make_stakeholder(cluster, "Firma z Pawonkowa", located_in=Participant.objects.get(slug="pawonkow"))
    client.force_login(staff_tworog)

    response = client.get(reverse("workspace:gmina", args=["tworog"]))

    page = Page(response.content.decode())
    assert page.h1 == ["Gmina Tworóg"]
    assert "Anna Nowak inspektor ds. energii anna.nowak@tworog.example.org" in page.text
    assert "XXXIV/245/2018 28 marca 2018 r. w sprawie przystąpienia do klastra energii" in page.text
    assert "https://bip.tworog.pl/uchwala-245" in page.links
    assert "Firma Bez Zgody przedsiębiorstwo członek nie" in page.text
    assert "Kandydat Sp. z o.o." in page.text
    assert "złożył wniosek" in page.text
    assert "Spółdzielnia Energetyczna Tworóg" in page.text
    assert "Firma z Pawonkowa" not in page.text
    assert reverse("workspace:contact-edit", args=["tworog", contact.pk]) in page.links
    assert reverse("resolutions:add", args=["tworog"]) in page.links


def test_the_overview_query_count_does_not_grow_with_the_rows(client, staff_tworog, tworog, cluster):
    client.force_login(staff_tworog)
    url = reverse("workspace:gmina", args=["tworog"])
    client.get(url)  # the first request of a session records it; count the ones after

    def queries_for_a_page_with(rows):
        for number in range(rows):
            make_contact(tworog, f"Osoba{number}", "Testowa")
            make_stakeholder(cluster, f"Firma {tworog.slug} {Participant.objects.count()}", located_in=tworog)
            make_resolution(tworog, f"{Document.objects.count()}/2024", date=date(2024, 1, 1), title="w sprawie")
        return count_queries(client, url)

    assert queries_for_a_page_with(1) == queries_for_a_page_with(15)


def test_a_clerk_opening_another_gminas_panel_is_told_so_in_the_portal_layout(client, staff_pawonkow, contact):
    tworog = contact.participant
    tworog.description_pl = "Opis widoczny tylko w panelu Tworoga."
    tworog.save()
    resolution = make_resolution(tworog, url="https://bip.tworog.pl/uchwala-245")
    client.force_login(staff_pawonkow)

    for url in (
        reverse("workspace:gmina", args=["tworog"]),
        reverse("workspace:gmina-edit", args=["tworog"]),
        reverse("workspace:contact-edit", args=["tworog", contact.pk]),
        reverse("workspace:applications", args=["tworog"]),
        reverse("resolutions:edit", args=["tworog", resolution.pk]),
    ):
        response = client.get(url)

        assert response.status_code == 403, url
        html = response.content.decode()
        page = Page(html)
        assert page.h1 == ["Brak dostępu"]
        assert page.title.startswith("Brak dostępu – ")
        assert '<header class="site-header">' in html and '<footer class="site-footer">' in html
        assert "Ta strona należy do panelu innej gminy." in page.text
        assert "Wróć do panelu swojej gminy: Gmina Pawonków" in page.text
        assert reverse("workspace:gmina", args=["pawonkow"]) in page.links
        for private in ("Tworóg", "Anna Nowak", "anna.nowak@tworog.example.org", "XXXIV/245/2018", "Tworoga"):
            assert private not in page.text, (url, private)
        assert "bip.tworog.pl" not in html


def test_an_address_naming_no_gmina_is_not_found_and_a_refusal_of_ones_own_gmina_says_nothing_of_another(
    client, staff_tworog, tworog
):
    client.force_login(staff_tworog)
    assert client.get(reverse("workspace:gmina", args=["nie-ma-takiej"])).status_code == 404
    Participant.objects.filter(pk=tworog.pk).update(
        status=Participant.Status.WITHDRAWN, left_on=timezone.localdate() - timedelta(days=1)
    )

    response = client.get(reverse("workspace:gmina-edit", args=["tworog"]))  # read-only since it withdrew

    assert response.status_code == 403
    page = Page(response.content.decode())
    assert page.h1 == ["Brak dostępu"]
    assert "panelu innej gminy" not in page.text
    assert reverse("workspace:gmina", args=["tworog"]) in page.links


def test_anonymous_visitors_are_sent_to_sign_in_from_any_gminas_panel(client, cluster):
    url = reverse("workspace:gmina-edit", args=["tworog"])
    response = client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_overview_lists_the_gminas_stakeholders_a_page_at_a_time(client, staff_tworog, tworog, cluster):
    from klaster.workspace import STAKEHOLDERS_PAGE_SIZE

    count = STAKEHOLDERS_PAGE_SIZE + 3
    for number in range(count):
        make_stakeholder(cluster, f"Firma Stronicowana {number:03d}", located_in=tworog)
    client.force_login(staff_tworog)
    url = reverse("workspace:gmina", args=["tworog"])
    first = Page(client.get(url).content.decode())
    second = Page(client.get(url, {"page": 2}).content.decode())
    assert "Strona 1 z 2" in first.text and "Strona 2 z 2" in second.text
    assert "?page=2" in first.links
    listed = [n for n in range(count) if f"Firma Stronicowana {n:03d}" in first.text + second.text]
    assert listed == list(range(count))
    assert "Firma Stronicowana 000" in first.text and "Firma Stronicowana 000" not in second.text


@pytest.mark.browser
def test_staff_sign_in_edit_their_gmina_and_every_workspace_page_passes_axe(browser_cluster, live_server, page):
    staff = make_persona("staff_tworog")
    tworog = staff.membership.gmina
    contact = make_contact(tworog, "Anna", "Nowak", email="anna.nowak@tworog.example.org", is_representative=True)
    resolution = make_resolution(tworog, url="https://bip.tworog.pl/uchwala-245")
    make_stakeholder(browser_cluster, "Firma Bez Zgody", located_in=tworog, public_listing=False)

    log_in(page, live_server.url + reverse("account_login") + "?next=" + reverse("workspace"), staff.email)
    page.wait_for_url(live_server.url + reverse("workspace:gmina", args=["tworog"]))
    assert page.get_by_role("heading", level=1).inner_text() == "Gmina Tworóg"
    assert_accessible(page)

    page.get_by_role("link", name="Zmień profil gminy").click()
    assert_accessible(page)
    page.get_by_label("Opis gminy po polsku").fill("Gmina Tworóg stawia na słońce.")
    emblem = {"name": "herb.png", "mimeType": "image/png", "buffer": image_bytes("PNG")}
    page.get_by_label("Herb gminy").set_input_files(emblem)
    page.get_by_role("button", name="Zapisz profil").click()
    assert page.get_by_text(
        "Opisz herb tekstem alternatywnym po polsku"
    ).first.is_visible()  # in the summary and at the field
    assert_accessible(page)  # the form with its errors

    page.get_by_label("Tekst alternatywny herbu po polsku").fill("Herb Tworoga")
    page.get_by_label("Herb gminy").set_input_files(emblem)
    page.get_by_role("button", name="Zapisz profil").click()
    assert page.get_by_role("status").inner_text() == "Zapisano profil gminy."
    assert_accessible(page)  # with the emblem and the message

    for path in (
        reverse("workspace:contact-add", args=["tworog"]),
        reverse("workspace:contact-edit", args=["tworog", contact.pk]),
        reverse("workspace:contact-delete", args=["tworog", contact.pk]),
        reverse("resolutions:add", args=["tworog"]),
        reverse("resolutions:edit", args=["tworog", resolution.pk]),
        reverse("resolutions:delete", args=["tworog", resolution.pk]),
    ):
        response = page.goto(live_server.url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(page)


@pytest.mark.browser
def test_staff_of_a_gmina_that_withdrew_see_it_on_an_accessible_read_only_page(browser_cluster, live_server, page):
    staff = make_persona("staff_tworog")
    tworog = staff.membership.gmina
    make_contact(tworog, "Anna", "Nowak", email="anna.nowak@tworog.example.org")
    make_resolution(tworog)
    Participant.objects.filter(pk=tworog.pk).update(
        status=Participant.Status.WITHDRAWN, left_on=timezone.localdate() - timedelta(days=1)
    )
    log_in(page, live_server.url + reverse("account_login") + "?next=" + reverse("workspace"), staff.email)
    page.wait_for_url(live_server.url + reverse("workspace:gmina", args=["tworog"]))
    assert page.get_by_text("Gmina nie jest członkiem klastra od").is_visible()
    assert page.get_by_role("link", name="Zmień profil gminy").count() == 0
    assert page.get_by_role("rowheader", name="Anna Nowak").is_visible()  # its own contacts, to read
    assert_accessible(page)
    response = page.goto(live_server.url + reverse("workspace:gmina-edit", args=["tworog"]))
    assert response is not None and response.status == 403
    assert_accessible(page)


def test_the_panel_sends_the_coordinator_to_the_dashboard(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("workspace"))
    assert response.status_code == 302
    assert response.url == reverse("coordination:dashboard")


def test_the_dashboard_lists_pending_invitations_and_those_expired_in_the_last_30_days(
    client, coordinator, pending_invitation, tworog
):
    now = timezone.now()
    invite("przepadlo@example.org", tworog, expires_at=now - timedelta(days=3))
    invite("dawno@example.org", tworog, expires_at=now - timedelta(days=31))
    invite("przyjete@example.org", tworog, expires_at=now - timedelta(days=3), accepted_at=now - timedelta(days=5))
    invite("odwolane@example.org", tworog, revoked_at=now)
    client.force_login(coordinator)

    page = Page(client.get(reverse("coordination:dashboard")).content.decode())

    assert "1 zaproszenie czeka na przyjęcie." in page.text
    assert "nowa.osoba@tworog.example.org – pracownik: Gmina Tworóg" in page.text
    assert "przepadlo@example.org – pracownik: Gmina Tworóg; wygasło" in page.text
    assert "dawno@example.org" not in page.text
    assert "przyjete@example.org" not in page.text
    assert "odwolane@example.org" not in page.text
    assert reverse("coordination:invitation-new") in page.links
    assert reverse("coordination:invitations") in page.links
    assert reverse("coordination:accounts") in page.links


def _messages(count, status=ContactMessage.Status.NEW):
    ContactMessage.objects.bulk_create(
        ContactMessage(
            name=f"Nadawca {status} {n}", email=f"{status}{n}@example.org", message="Pytanie.", clause_version="1",
            status=status,
        )
        for n in range(count)
    )  # fmt: skip


def test_the_dashboard_counts_the_new_contact_messages_and_links_to_them(client, coordinator):
    _messages(2)
    _messages(3, ContactMessage.Status.READ)
    _messages(1, ContactMessage.Status.HANDLED)
    client.force_login(coordinator)
    page = Page(client.get(reverse("coordination:dashboard")).content.decode())
    assert "2 nowe wiadomości czekają na przeczytanie." in page.text
    assert f"{reverse('contact-admin:index')}?stan=new" in page.links
    listed = Page(client.get(f"{reverse('contact-admin:index')}?stan=new").content.decode()).text
    assert "Nadawca new 0" in listed and "Nadawca new 1" in listed and "Nadawca read" not in listed


def test_the_dashboard_without_new_contact_messages_links_to_all_of_them(client, coordinator):
    _messages(1, ContactMessage.Status.READ)
    client.force_login(coordinator)
    page = Page(client.get(reverse("coordination:dashboard")).content.decode())
    assert "0 nowych wiadomości czeka na przeczytanie." in page.text
    assert reverse("contact-admin:index") in page.links


def test_the_dashboard_costs_the_same_queries_with_many_contact_messages(client, coordinator, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the rendering's queries, never a page kept for the session
    client.force_login(coordinator)
    url = reverse("coordination:dashboard")
    client.get(url)  # the first request of a session records it; count the ones after
    _messages(1)
    few = count_queries(client, url)
    _messages(200)
    _messages(50, ContactMessage.Status.READ)
    assert count_queries(client, url) == few


def test_the_dashboard_says_when_no_invitation_expired(client, coordinator):
    client.force_login(coordinator)
    page = Page(client.get(reverse("coordination:dashboard")).content.decode())
    assert "żadne zaproszenie nie wygasło bez przyjęcia" in page.text


def test_the_dashboard_counts_active_staff_per_gmina_and_marks_gminas_without_any(
    client, coordinator, staff_tworog, tworog
):
    make_user("druga@tworog.example.org", role=StaffMembership.Role.STAFF, gmina=tworog)
    off = make_user("wylaczona@tworog.example.org", role=StaffMembership.Role.STAFF, gmina=tworog)
    off.is_active = False
    off.save()
    client.force_login(coordinator)

    page = Page(client.get(reverse("coordination:dashboard")).content.decode())

    assert "Gmina Tworóg 2" in page.text
    assert "Gmina Pawonków brak kont – zaproś pracownika gminy" in page.text
    assert "Koordynator klastra: 1 aktywne konto." in page.text


def test_the_dashboard_links_to_the_audit_history(client, coordinator):
    client.force_login(coordinator)
    page = Page(client.get(reverse("coordination:dashboard")).content.decode())
    assert reverse("audit:index") in page.links


def test_the_dashboard_shows_when_the_accessibility_review_is_due(client, coordinator, monkeypatch):
    monkeypatch.setattr("klaster.workspace.timezone.localdate", lambda: date(2026, 11, 25))
    Cluster.objects.update(accessibility_updated_on=date(2026, 11, 25))  # as the coordinator keeps it in the panel
    client.force_login(coordinator)

    page = Page(client.get(reverse("coordination:dashboard")).content.decode())

    assert "Ostatnia aktualizacja 25 listopada 2026" in page.text
    assert "Następny przegląd do 31 marca 2027 r. (zostało 126 dni)" in page.text
    assert "zaległy" not in page.text


def test_the_dashboard_says_the_review_is_overdue_after_a_missed_31_march(client, coordinator, monkeypatch):
    monkeypatch.setattr("klaster.workspace.timezone.localdate", lambda: date(2027, 4, 2))
    Cluster.objects.update(accessibility_updated_on=date(2026, 11, 25))  # as the coordinator keeps it in the panel
    client.force_login(coordinator)

    page = Page(client.get(reverse("coordination:dashboard")).content.decode())

    assert "Przegląd zaległy." in page.text
    assert "Następny przegląd do 31 marca 2028 r." in page.text


@pytest.mark.parametrize(
    ("today", "updated", "due", "days_left", "overdue"),
    [
        (date(2026, 11, 25), date(2026, 11, 25), date(2027, 3, 31), 126, False),
        (date(2027, 3, 31), date(2026, 11, 25), date(2027, 3, 31), 0, False),
        (date(2027, 4, 1), date(2026, 11, 25), date(2028, 3, 31), 365, True),
        (date(2027, 4, 1), date(2027, 3, 31), date(2028, 3, 31), 365, False),
        (date(2027, 1, 10), date(2026, 3, 30), date(2027, 3, 31), 80, True),
    ],
)
def test_the_accessibility_review_is_due_every_31_march(today, updated, due, days_left, overdue):
    review = accessibility_review(today, updated)
    assert (review.due, review.days_left, review.overdue) == (due, days_left, overdue)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/czlonkowie/",
        "/interesariusze/",
        "/interesariusze/?category=company",
        "/interesariusze/?q=firma",
        "/gminy/tworog/",
        "/wydarzenia/",
        "/porozumienie/",
        "/sitemap.xml",
    ],
)
def test_list_pages_do_not_query_more_when_the_data_grows(client, cluster, url):
    from agreements.models import Signature
    from events.models import Event

    tworog = Participant.objects.get(slug="tworog")
    version = cluster.agreements.get().current_version()
    make_stakeholder(cluster, "Firma 0", located_in=tworog)
    small = count_queries(client, url)
    for number in range(1, 121):  # past a page of every list (20 or 25) and of a sitemap (100)
        party = make_stakeholder(cluster, f"Firma {number}", located_in=tworog, joined_on="2020-01-01")
        Signature.objects.create(version=version, participant=party, basis="accession", signed_on="2020-01-01")
    for number in range(30):  # past a page of events (20)
        Event.objects.create(
            cluster=cluster,
            slug=f"spotkanie-{number}",
            title=f"Spotkanie {number}",
            kind="meeting",
            starts_on="2021-01-01",
            host=tworog,
        )
    assert count_queries(client, url) == small
    assert small <= 12


def test_after_a_gmina_withdrew_its_staff_read_their_record_and_the_coordinator_sees_which_accounts_are_read_only(
    client, cluster, coordinator, staff_tworog, tworog, contact
):
    yesterday = timezone.localdate() - timedelta(days=1)
    party_end(
        agreement=cluster.agreements.get(), participant=tworog, status=Participant.Status.WITHDRAWN,
        left_on=yesterday, reason="Uchwała rady gminy o wystąpieniu", by=coordinator,
    )  # fmt: skip
    off = make_user("wylaczona@tworog.example.org", role=StaffMembership.Role.STAFF, gmina=tworog)
    account_set_active(user=off, active=False, by=coordinator)
    since = date_format(yesterday, "j E Y")

    client.force_login(staff_tworog)
    page = Page(client.get(reverse("workspace:gmina", args=["tworog"])).content.decode())
    assert f"Gmina nie jest członkiem klastra od {since} (status: wystąpił)." in page.text
    assert "możesz przeglądać dane swojej gminy, ale nie możesz ich zmieniać" in page.text
    assert "Anna Nowak" in page.text  # its own contacts, still there to read
    edits = ["workspace:gmina-edit", "workspace:contact-add", "resolutions:add", "workspace:applications"]
    assert not {reverse(name, args=["tworog"]) for name in edits} & set(page.links)
    assert "Interesariusze z terenu gminy" not in page.text and "Wnioski o przystąpienie" not in page.text

    client.force_login(coordinator)
    accounts = normalise(Page(client.get(reverse("coordination:accounts")).content.decode()).text)
    assert normalise(f"tworog@example.org pracownik gminy Gmina Tworóg tylko do odczytu od {since}") in accounts
    today = date_format(timezone.localdate(), "j E Y")
    assert normalise(f"wylaczona@tworog.example.org pracownik gminy Gmina Tworóg wyłączone od {today}") in accounts
    dashboard = Page(client.get(reverse("coordination:dashboard")).content.decode()).text
    assert "Konta tylko do odczytu" in dashboard
    read_only = f"tworog@example.org – Gmina Tworóg: tylko do odczytu od {since} (status gminy: wystąpił)"
    assert normalise(read_only) in normalise(dashboard)
    overview = Page(client.get(reverse("workspace:gmina", args=["tworog"])).content.decode())
    assert "Jej pracownicy mają od tego dnia dostęp tylko do odczytu" in overview.text
    assert reverse("workspace:gmina-edit", args=["tworog"]) in overview.links
