"""The coordinator keeps the parties in the panel: a party's record, its people and their functions, and two people
editing the same record."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from klaster.testing import (
    count_queries,
    form_data,
    html_problems,
    image_bytes,
    is_random_name,
    make_contact,
    make_stakeholder,
    messages_of,
    opened,
    page_of,
    read_page,
)
from members.models import Participant, Person, Role
from members.services import parties as party_services
from members.services import people as people_services

pytestmark = pytest.mark.usefixtures("media_root")
JOINED = date(2020, 1, 1)


def party_url(slug):
    return reverse("coordination:party", args=[slug])


@pytest.fixture
def stakeholder(cluster):
    return make_stakeholder(cluster, "Spółdzielnia Słoneczna", nip="5260001246", city="Tworóg", joined_on=JOINED)


@pytest.fixture
def coordinator_party(cluster):
    return Participant.objects.get(kind=Participant.Kind.COORDINATOR)


# --- a party's record ------------------------------------------------------------------------------------------------


def test_the_coordinator_fills_in_its_own_contact_details_and_the_public_page_shows_them(
    client, coordinator, coordinator_party
):
    client.force_login(coordinator)
    data = opened(client, party_url(coordinator_party.slug))
    data.update(street="ul. Zamkowa 3", postal_code="42-690", city="Tworóg", email="biuro@lesnakraina.example.org",
                phone="32 285 00 00")  # fmt: skip
    response = client.post(party_url(coordinator_party.slug), data, follow=True)
    assert messages_of(response) == [f"Zapisano dane strony: {coordinator_party.name}."]
    public = read_page(client.get(reverse("members:coordinator"))).text
    assert "ul. Zamkowa 3, 42-690 Tworóg" in public and "biuro@lesnakraina.example.org" in public
    assert "zostaną uzupełnione" not in public


def test_the_coordinator_edits_a_stakeholder_and_the_change_is_in_its_history(client, coordinator, stakeholder, tworog):
    client.force_login(coordinator)
    data = opened(client, party_url(stakeholder.slug))
    data.update(name="Spółdzielnia Energetyczna Słońce", category="cooperative", located_in=tworog.pk,
                description_en="A cooperative.")  # fmt: skip
    data.pop("public_listing")
    client.post(party_url(stakeholder.slug), data)
    stakeholder.refresh_from_db()
    assert stakeholder.name == "Spółdzielnia Energetyczna Słońce" and stakeholder.category == "cooperative"
    assert stakeholder.located_in == tworog and stakeholder.description_en == "A cooperative."
    assert stakeholder.public_listing is False and not stakeholder.is_public
    entry = LogEntry.objects.get_for_object(stakeholder).latest("timestamp")
    assert entry.actor == coordinator and "name" in entry.changes_dict
    page = read_page(client.get(party_url(stakeholder.slug))).text
    assert coordinator.email in page


def test_a_gmina_has_its_teryt_and_facts_and_no_category_a_stakeholder_no_teryt(
    client, coordinator, tworog, stakeholder
):
    client.force_login(coordinator)
    gmina_fields = set(client.get(party_url("tworog")).context["form"].fields)
    stakeholder_fields = set(client.get(party_url(stakeholder.slug)).context["form"].fields)
    assert {"teryt", "population", "bip_url"} <= gmina_fields and "category" not in gmina_fields
    assert "public_listing" not in gmina_fields
    assert {"category", "located_in", "public_listing"} <= stakeholder_fields and "teryt" not in stakeholder_fields


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nip", "5260001247", "suma kontrolna"),
        ("postal_code", "42690", "Podaj kod pocztowy w postaci 00-000."),
        ("name", "", "To pole jest wymagane."),
    ],
)
def test_a_wrong_value_is_a_clear_message_and_changes_nothing(client, coordinator, stakeholder, field, value, message):
    client.force_login(coordinator)
    data = {**opened(client, party_url(stakeholder.slug)), field: value}
    response = client.post(party_url(stakeholder.slug), data)
    assert response.status_code == 200 and message in page_of(response).text
    stakeholder.refresh_from_db()
    assert stakeholder.nip == "5260001246" and stakeholder.name == "Spółdzielnia Słoneczna"


def test_another_partys_identifier_is_refused_by_name(client, coordinator, cluster, stakeholder):
    other = make_stakeholder(cluster, "Firma Druga", nip="7740001454", joined_on=JOINED)
    client.force_login(coordinator)
    data = {**opened(client, party_url(stakeholder.slug)), "nip": "774-000-14-54"}
    response = client.post(party_url(stakeholder.slug), data)
    assert "Ten numer ma już inna strona: Firma Druga." in page_of(response).text
    assert Participant.objects.get(pk=stakeholder.pk).nip == "5260001246" and other.nip == "7740001454"


def test_a_logo_needs_its_text_alternative(client, coordinator, stakeholder):
    client.force_login(coordinator)
    data = opened(client, party_url(stakeholder.slug))
    data["emblem"] = SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png")
    response = client.post(party_url(stakeholder.slug), data)
    assert "Opisz herb tekstem alternatywnym po polsku" in page_of(response).text
    data["emblem"] = SimpleUploadedFile("logo.png", image_bytes("PNG"), content_type="image/png")
    data["emblem_alt_pl"] = "Logo spółdzielni: słońce"
    client.post(party_url(stakeholder.slug), data)
    stakeholder.refresh_from_db()
    assert stakeholder.emblem and stakeholder.emblem_alt_pl == "Logo spółdzielni: słońce"
    assert (
        is_random_name(stakeholder.emblem.name, ".png", "participants/")
        and stakeholder.emblem_original_name == "logo.png"
    )


def test_the_service_refuses_anyone_but_the_coordinator(staff_tworog, tworog):
    with pytest.raises(PermissionDenied):
        party_services.participant_update(participant=tworog, data={"name": "Inna"}, files={}, by=staff_tworog)
    assert Participant.objects.get(pk=tworog.pk).name == "Gmina Tworóg"


def test_the_party_page_is_well_formed_in_polish_and_english_with_one_h1(client, coordinator, tworog):
    make_contact(tworog, "Jan", "Wójcik", function="wójt gminy", is_representative=True)
    client.force_login(coordinator)
    for language in ("pl", "en"):
        with translation.override(language):
            url = party_url("tworog")
        response = client.get(url)
        assert response.status_code == 200 and html_problems(response.content.decode()) == []
        assert page_of(response).h1 == ["Gmina Tworóg"]
        assert f'<html lang="{language}"' in response.content.decode()


def test_the_party_page_does_not_query_more_when_the_party_has_more_people(client, coordinator, tworog):
    client.force_login(coordinator)
    make_contact(tworog, "Jan", "Wójcik", function="wójt gminy", is_representative=True)
    count_queries(client, party_url("tworog"))  # the first visit caches what every later one reuses
    few = count_queries(client, party_url("tworog"))
    for number in range(20):
        make_contact(tworog, f"Osoba{number}", "Kowalska", function="inspektor")
    assert count_queries(client, party_url("tworog")) == few


def test_every_list_of_parties_in_the_panel_links_to_the_partys_page(client, coordinator, cluster, tworog):
    stakeholder = make_stakeholder(cluster, "Spółdzielnia Słoneczna", located_in=tworog, joined_on=JOINED)
    client.force_login(coordinator)
    coordinator_party = cluster.coordinator
    dashboard = client.get(reverse("coordination:dashboard")).content.decode()
    assert party_url("tworog") in dashboard and party_url(coordinator_party.slug) in dashboard
    assert reverse("applications:stakeholder-add") in dashboard
    register = client.get(reverse("register:index")).content.decode()
    assert party_url("tworog") in register and reverse("applications:stakeholder-add") in register
    assert party_url("tworog") in client.get(reverse("agreement-admin:overview")).content.decode()
    assert party_url(stakeholder.slug) in client.get(reverse("workspace:gmina", args=["tworog"])).content.decode()


def test_adding_a_stakeholder_speaks_to_the_coordinator(client, coordinator):
    client.force_login(coordinator)
    text = page_of(client.get(reverse("applications:stakeholder-add"))).text
    assert "Gmina interesariusza" in text and "w której działasz" not in text


# --- people and their functions --------------------------------------------------------------------------------------


def person_data(**changes):
    data = {
        "first_name": "Jan",
        "last_name": "Wójcik",
        "function_pl": "wójt gminy",
        "function_en": "mayor",
        "email": "jan.wojcik@tworog.example.org",
        "phone": "32 285 73 20",
        "is_representative": "on",
        "started_on": "2018-11-22",
        "ended_on": "",
    }
    return {**data, **changes}


def test_the_coordinator_adds_the_wojt_of_a_gmina_with_dates(client, coordinator, tworog):
    client.force_login(coordinator)
    response = client.post(reverse("coordination:party-contact-add", args=["tworog"]), person_data(), follow=True)
    assert messages_of(response) == ["Zapisano dane osoby: Jan Wójcik."]
    role = Role.objects.get(participant=tworog, person__last_name="Wójcik")
    assert role.is_representative and role.started_on.isoformat() == "2018-11-22" and role.function_en == "mayor"
    assert not role.person.contact_public


def test_a_persons_contact_details_show_publicly_only_with_consent(client, coordinator, tworog):
    client.force_login(coordinator)
    client.post(reverse("coordination:party-contact-add", args=["tworog"]), person_data())
    public = read_page(client.get(reverse("members:gmina", args=["tworog"]))).text
    assert "Jan Wójcik" in public and "jan.wojcik@tworog.example.org" not in public and "285 73 20" not in public
    Person.objects.filter(last_name="Wójcik").update(contact_public=True)
    public = read_page(client.get(reverse("members:gmina", args=["tworog"]))).text
    assert "jan.wojcik@tworog.example.org" in public and "tel. 32 285 73 20" in public


def test_a_function_cannot_end_before_it_began(client, coordinator, tworog):
    client.force_login(coordinator)
    data = person_data(started_on="2020-01-01", ended_on="2019-01-01")
    response = client.post(reverse("coordination:party-contact-add", args=["tworog"]), data)
    assert "Funkcja nie może się skończyć, zanim się zaczęła." in page_of(response).text
    assert not Person.objects.filter(last_name="Wójcik").exists()


def test_the_coordinator_ends_a_function_of_a_stakeholders_person(client, coordinator, stakeholder):
    role = make_contact(stakeholder, "Ewa", "Prezes", function="prezes zarządu", is_representative=True)
    client.force_login(coordinator)
    url = reverse("coordination:party-contact-edit", args=[stakeholder.slug, role.pk])
    client.post(url, {**opened(client, url), "ended_on": "2025-06-30"})
    role.refresh_from_db()
    assert role.ended_on.isoformat() == "2025-06-30"
    assert not Role.objects.representatives().filter(pk=role.pk).exists()


def test_staff_keep_their_own_gminas_people_through_the_same_service(staff_tworog, staff_pawonkow, tworog):
    role = people_services.contact_save(
        participant=tworog,
        data={"first_name": "Ala", "last_name": "Nowak", "function_pl": "sekretarz"},
        by=staff_tworog,
    )
    assert role.participant == tworog
    with pytest.raises(PermissionDenied):
        people_services.contact_save(participant=tworog, data={"first_name": "X"}, by=staff_pawonkow)


# --- two people editing the same record -------------------------------------------------------------------------------


def test_a_second_save_of_a_party_is_refused_and_shows_what_changed_and_keeps_what_was_typed(
    client, coordinator, stakeholder
):
    client.force_login(coordinator)
    mine = opened(client, party_url(stakeholder.slug))
    theirs = opened(client, party_url(stakeholder.slug))
    client.post(party_url(stakeholder.slug), {**theirs, "city": "Pyskowice"})
    response = client.post(party_url(stakeholder.slug), {**mine, "phone": "600 100 200"})
    assert response.status_code == 200
    text = read_page(response).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie" in text
    assert "Miejscowość: było „Tworóg”, teraz jest „Pyskowice”." in text
    form = response.context["form"]
    assert form["phone"].value() == "600 100 200"  # what was typed is still there
    stakeholder.refresh_from_db()
    assert stakeholder.city == "Pyskowice" and stakeholder.phone == ""
    # Saving again, knowingly, from the page as it came back: accepted.
    client.post(party_url(stakeholder.slug), form_data(form) | {"phone": "600 100 200", "city": "Pyskowice"})
    stakeholder.refresh_from_db()
    assert stakeholder.phone == "600 100 200" and stakeholder.city == "Pyskowice"


def test_a_second_save_of_a_gminas_profile_is_refused(client, staff_tworog, coordinator, tworog):
    url = reverse("workspace:gmina-edit", args=["tworog"])
    client.force_login(staff_tworog)
    mine = opened(client, url)
    party_services.participant_update(participant=tworog, data={"phone": "32 111 11 11"}, files={}, by=coordinator)
    response = client.post(url, {**mine, "website": "https://tworog.example.org/"})
    assert "Telefon: było" in read_page(response).text and "teraz jest „32 111 11 11”" in read_page(response).text
    tworog.refresh_from_db()
    assert tworog.website != "https://tworog.example.org/" and tworog.phone == "32 111 11 11"


def test_a_second_save_of_a_contact_is_refused(client, staff_tworog, coordinator, contact):
    url = reverse("workspace:contact-edit", args=["tworog", contact.pk])
    client.force_login(staff_tworog)
    mine = opened(client, url)
    people_services.contact_save(
        participant=contact.participant, role=contact, data={"phone": "600 000 000"}, by=coordinator
    )
    response = client.post(url, {**mine, "last_name": "Nowak-Kowalska"})
    assert "Telefon: było (puste), teraz jest „600 000 000”." in read_page(response).text
    contact.person.refresh_from_db()
    assert contact.person.last_name == "Nowak" and contact.person.phone == "600 000 000"


def test_a_tampered_record_of_the_opened_form_is_refused(client, coordinator, stakeholder):
    client.force_login(coordinator)
    data = {**opened(client, party_url(stakeholder.slug)), "edited_from": "forged", "city": "Gdzieś"}
    response = client.post(party_url(stakeholder.slug), data)
    assert "Formularz jest uszkodzony." in page_of(response).text
    assert Participant.objects.get(pk=stakeholder.pk).city == "Tworóg"


def test_staff_see_no_link_to_the_coordinators_party_page(client, staff_tworog, tworog):
    client.force_login(staff_tworog)
    page = client.get(reverse("workspace:gmina", args=["tworog"])).content.decode()
    assert party_url("tworog") not in page and "Aby poprawić te dane, napisz do koordynatora klastra." in page


def test_the_coordinator_removes_a_person_of_a_stakeholder_after_confirming(client, coordinator, stakeholder):
    role = make_contact(stakeholder, "Jan", "Pomyłka", function="osoba do kontaktu")
    client.force_login(coordinator)
    url = reverse("coordination:party-contact-delete", args=[stakeholder.slug, role.pk])
    assert page_of(client.get(url)).h1 == ["Usunąć osobę Jan Pomyłka z kontaktów?"]
    assert Role.objects.filter(pk=role.pk).exists()
    response = client.post(url, follow=True)
    assert messages_of(response) == ["Usunięto osobę z kontaktów: Jan Pomyłka."]
    assert not Person.objects.filter(last_name="Pomyłka").exists()
