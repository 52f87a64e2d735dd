"""One slug function: Polish letters are transliterated, never dropped; changed addresses redirect permanently."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from klaster.slugs import slugify, unique_slug
from klaster.testing import make_stakeholder
from members.models import Participant, PreviousSlug


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Spółdzielnia Energetyczna Łubie", "spoldzielnia-energetyczna-lubie"),
        ("Gmina Krupski Młyn", "gmina-krupski-mlyn"),
        ("Zażółć gęślą jaźń", "zazolc-gesla-jazn"),
        ("ŁĄKA „Źródło” sp. z o.o.", "laka-zrodlo-sp-z-oo"),
        ("!!!", "strona"),
    ],
)
def test_polish_letters_are_transliterated_never_dropped(name, slug):
    assert slugify(name) == slug


def test_a_taken_slug_gets_the_next_number_and_joins_the_taken():
    taken = {"lubie", "lubie-2"}
    assert unique_slug("Łubie", taken) == "lubie-3"
    assert "lubie-3" in taken


def test_a_slug_is_never_longer_than_asked():
    assert len(unique_slug("Ł" * 300, set(), max_length=120)) <= 120


def test_a_new_party_never_takes_a_slug_another_party_had_before(cluster):
    old = make_stakeholder(cluster, "Energia Łubie", slug="energia-lubie-nowa")
    PreviousSlug.objects.create(participant=old, slug="energia-lubie")
    assert Participant.objects.free_slug("Energia Łubie") == "energia-lubie-2"


def test_the_migration_transliterates_slugs_that_lost_letters_and_keeps_the_old_address(client, cluster):
    party = make_stakeholder(cluster, "Spółdzielnia Energetyczna Łubie", slug="spodzielnia-energetyczna-ubie")
    chosen = make_stakeholder(cluster, "Łąka", slug="laka-wybrana")  # a slug someone chose stays
    migration = importlib.import_module("members.migrations.0007_previous_slugs")

    migration.transliterate_slugs(apps, None)

    party.refresh_from_db()
    chosen.refresh_from_db()
    assert party.slug == "spoldzielnia-energetyczna-lubie"
    assert chosen.slug == "laka-wybrana"
    response = client.get("/interesariusze/spodzielnia-energetyczna-ubie/?strona=2")
    assert response.status_code == 301
    assert response["Location"] == reverse("members:stakeholder", args=[party.slug]) + "?strona=2"
    assert client.get(response["Location"]).status_code == 200


def test_an_unknown_slug_is_still_not_found(client, cluster):
    assert client.get("/interesariusze/nie-ma-takiej/").status_code == 404
