"""What an event produced: the 2018 conference brought the agreement (its first version) and the six founding
signatures, loaded by loadcluster once and shown on the conference's page in both languages; the coordinator links an
event to a version, an annex, a signature or a document in the panel. Who may open each page is asked by the permission
matrix (klaster/tests/test_permissions.py)."""

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from agreements.models import Document, Signature, Version
from events.models import Event, EventOutcome
from events.services import outcome_delete, outcome_save
from klaster.testing import Page, count_queries, html_problems, messages_of
from klaster.testing.events import make_event

FOUNDING = ["Gmina Kochanowice", "Gmina Krupski Młyn", "Gmina Pawonków", "Gmina Tworóg", "Gmina Zbrosławice"]


@pytest.fixture
def conference(cluster):
    return Event.objects.get(slug="konferencja-2018")


@pytest.fixture
def version_1(cluster):
    return Version.objects.get(number=1)


def test_the_seed_links_the_2018_conference_to_the_agreement_and_its_six_founding_signatures(conference, version_1):
    outcomes = list(conference.outcomes.select_related("signature__participant"))
    assert outcomes[0].version == version_1 and outcomes[0].position == 1
    assert outcomes[0].description_pl == "Głównym punktem konferencji było podpisanie Porozumienia Klastrowego."
    signatures = [outcome.signature for outcome in outcomes[1:]]
    assert len(signatures) == 6
    assert set(signatures) == set(Signature.objects.filter(version=version_1, basis="founding"))
    assert [outcome.position for outcome in outcomes] == list(range(1, 8))
    # The other seeded event brought nothing the seed records.
    assert not Event.objects.get(slug="list-intencyjny-2017").outcomes.exists()


def test_loadcluster_run_again_adds_no_outcome_and_brings_no_removed_one_back(conference, coordinator):
    before = list(conference.outcomes.values_list("pk", flat=True))
    call_command("loadcluster", stdout=io.StringIO())
    assert list(conference.outcomes.values_list("pk", flat=True)) == before

    outcome_delete(outcome=conference.outcomes.filter(signature__isnull=False).first(), by=coordinator)
    call_command("loadcluster", stdout=io.StringIO())
    assert conference.outcomes.count() == 6


@pytest.mark.parametrize("language", ["pl", "en"])
def test_the_conference_page_shows_what_it_produced_in_both_languages(client, conference, language):
    with translation.override(language):
        url = conference.get_absolute_url()
        version_url = reverse("agreements:version", kwargs={"number": 1})
    html = client.get(url).content.decode()
    text = Page(html).text
    heading, version, description = {
        "pl": ("Efekty wydarzenia", "Porozumienie klastrowe, wersja 1",
               "Głównym punktem konferencji było podpisanie Porozumienia Klastrowego."),
        "en": ("Efekty wydarzenia", "Porozumienie klastrowe, wersja 1",
               "The main point of the conference was the signing of the cluster agreement."),
    }[language]  # fmt: skip
    assert '<h2 id="outcomes-title">' in html
    section = html.split('<h2 id="outcomes-title">', 1)[1].split("</section>", 1)[0]
    assert f'<a href="{version_url}">' in section
    assert description in text
    for name in [*FOUNDING, "Stowarzyszenie Lokalna Grupa Działania"]:
        assert name in section
    assert section.count("<li>") == 7
    assert html_problems(html) == []
    if language == "pl":
        assert heading in text and version in text
        assert "Podpis porozumienia (strona założycielska, wersja 1): Gmina Tworóg" in text


def test_an_outcome_a_visitor_may_not_see_is_left_off_the_page(client, conference, coordinator, cluster):
    private = Document.objects.create(
        agreement=cluster.agreements.get(), kind="other", date=datetime.date(2018, 4, 10), title="Protokół wewnętrzny"
    )
    outcome_save(event=conference, data={"document": private}, by=coordinator)
    public = Document.objects.get(kind="rules")
    outcome_save(event=conference, data={"document": public, "description_pl": "Przyjęto regulamin."}, by=coordinator)
    text = Page(client.get(conference.get_absolute_url()).content.decode()).text
    assert "Protokół wewnętrzny" not in text
    assert "Regulamin: Regulamin klastra energii (załącznik do porozumienia) – Przyjęto regulamin." in text


def test_the_conference_page_query_count_does_not_grow_with_the_outcomes(client, conference, coordinator):
    url = conference.get_absolute_url()
    with_seven = count_queries(client, url)
    for document in Document.objects.all():
        outcome_save(event=conference, data={"document": document}, by=coordinator)
    assert conference.outcomes.count() > 7
    assert count_queries(client, url) == with_seven


def test_an_outcome_links_exactly_one_record_and_not_one_twice(conference, coordinator, version_1):
    with pytest.raises(ValidationError) as caught:
        outcome_save(event=conference, data={}, by=coordinator)
    assert "Wybierz dokładnie jedno" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError) as caught:
        outcome_save(
            event=conference, data={"version": version_1, "document": Document.objects.first()}, by=coordinator
        )
    assert "Wybierz dokładnie jedno" in " ".join(caught.value.messages)
    with pytest.raises(ValidationError) as caught:
        outcome_save(event=conference, data={"version": version_1}, by=coordinator)
    assert caught.value.messages == ["To wydarzenie już wymienia ten efekt."]
    assert conference.outcomes.count() == 7


def test_only_the_coordinator_links_outcomes(conference, staff_tworog, superuser, version_1):
    event = make_event("Szkolenie")
    for user in (staff_tworog, superuser):
        with pytest.raises(PermissionDenied):
            outcome_save(event=event, data={"version": version_1}, by=user)
        with pytest.raises(PermissionDenied):
            outcome_delete(outcome=conference.outcomes.first(), by=user)
    assert not event.outcomes.exists() and conference.outcomes.count() == 7


def test_the_coordinator_adds_changes_and_removes_an_outcome_in_the_panel(client, coordinator, cluster, version_1):
    client.force_login(coordinator)
    event = make_event("Posiedzenie rady klastra", kind="council_meeting")
    url = reverse("event-admin:outcome-new", kwargs={"pk": event.pk})
    page = client.get(url)
    assert page.status_code == 200 and html_problems(page.content.decode()) == []

    response = client.post(url, {"version": "", "annex": "", "signature": "", "document": ""})
    assert "Wybierz dokładnie jedno" in " ".join(response.context["form"].non_field_errors())
    response = client.post(url, {"version": version_1.pk, "description_pl": "Przyjęto tekst jednolity."})
    assert response.status_code == 302
    assert "Dodano efekt wydarzenia." in messages_of(client.get(response["Location"]))
    outcome = event.outcomes.get()
    assert (outcome.version, outcome.position, outcome.description_pl) == (version_1, 1, "Przyjęto tekst jednolity.")

    edit = reverse("event-admin:outcome-edit", kwargs={"pk": event.pk, "outcome_pk": outcome.pk})
    client.post(edit, {"version": version_1.pk, "description_pl": "Tekst jednolity", "description_en": "Consolidated"})
    outcome.refresh_from_db()
    assert (outcome.description_pl, outcome.description_en) == ("Tekst jednolity", "Consolidated")

    delete = reverse("event-admin:outcome-delete", kwargs={"pk": event.pk, "outcome_pk": outcome.pk})
    assert "Usunąć efekt wydarzenia?" in client.get(delete).content.decode()
    client.post(delete)
    assert not EventOutcome.objects.filter(event=event).exists()
    assert Version.objects.filter(pk=version_1.pk).exists()  # only the link is gone


def test_the_panel_lists_the_conferences_outcomes(client, coordinator, conference):
    client.force_login(coordinator)
    html = client.get(reverse("event-admin:edit", kwargs={"pk": conference.pk})).content.decode()
    section = html.split('<h2 id="outcomes-title">', 1)[1].split("</section>", 1)[0]
    assert section.count("<li>") == 7
    assert html_problems(html) == []
