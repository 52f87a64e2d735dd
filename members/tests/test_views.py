"""The public member pages: directory filters, search, pagination, and query counts that do not grow."""

import pytest
from django.urls import reverse

from klaster.testing import Page, make_stakeholder
from members.models import Participant


@pytest.fixture
def stakeholders(cluster):
    tworog = Participant.objects.get(slug="tworog")
    pawonkow = Participant.objects.get(slug="pawonkow")
    make_stakeholder(cluster, "Spółdzielnia Energetyczna Tworóg", category="cooperative", located_in=tworog)
    make_stakeholder(cluster, "Fotowoltaika Pawonków", category="company", located_in=pawonkow, nip="1234563218")
    make_stakeholder(cluster, "Fundacja Czyste Powietrze", category="ngo", located_in=tworog)
    make_stakeholder(cluster, "Firma Bez Zgody", located_in=tworog, public_listing=False)


def _names(response):
    return [p.name for p in response.context["page"].object_list]


def test_directory_lists_only_consenting_current_stakeholders(client, stakeholders):
    response = client.get(reverse("members:directory"))
    assert response.status_code == 200
    assert _names(response) == [
        "Fotowoltaika Pawonków",
        "Fundacja Czyste Powietrze",
        "Spółdzielnia Energetyczna Tworóg",
    ]
    assert "Firma Bez Zgody" not in response.content.decode()


def test_directory_filters_by_category_gmina_and_search(client, stakeholders):
    url = reverse("members:directory")
    assert _names(client.get(url, {"category": "cooperative"})) == ["Spółdzielnia Energetyczna Tworóg"]
    assert _names(client.get(url, {"gmina": "tworog"})) == [
        "Fundacja Czyste Powietrze",
        "Spółdzielnia Energetyczna Tworóg",
    ]
    assert _names(client.get(url, {"q": "fotowolt"})) == ["Fotowoltaika Pawonków"]
    assert _names(client.get(url, {"gmina": "tworog", "category": "ngo"})) == ["Fundacja Czyste Powietrze"]


def test_directory_explains_an_unknown_filter_value_and_still_answers(client, stakeholders):
    response = client.get(reverse("members:directory"), {"category": "nonsense", "gmina": "atlantyda"})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"category", "gmina"}
    assert len(_names(response)) == 3


def _join_links_in_main(response):
    """The links to the application form in the page's main content (the header has one on every page)."""
    main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
    return Page(main).links.count(reverse("members:apply"))


def test_a_filter_that_finds_nobody_offers_joining_the_cluster(client, stakeholders):
    response = client.get(reverse("members:directory"), {"q": "nikogo takiego"})
    assert _names(response) == []
    text = Page(response.content.decode()).text
    assert "Brak interesariuszy spełniających te warunki. Twojej organizacji tu nie ma?" in text
    assert _join_links_in_main(response) == 1
    assert _join_links_in_main(client.get(reverse("members:directory"))) == 0  # a list found: no need to offer it


def test_the_members_page_offers_joining_the_cluster(client, cluster):
    response = client.get(reverse("members:list"))
    assert _join_links_in_main(response) == 1
    assert "Dołącz do klastra" in Page(response.content.decode()).text


def test_the_way_to_join_is_in_the_header_and_on_the_home_page(client, cluster):
    response = client.get(reverse("home"))
    header = response.content.decode().split("</header>", 1)[0]
    assert reverse("members:apply") in Page(header).links
    assert _join_links_in_main(response) >= 1


def test_directory_paginates_and_keeps_the_filter_in_page_links(client, cluster):
    for number in range(45):
        make_stakeholder(cluster, f"Firma {number:03d}", category="company")
    url = reverse("members:directory")
    first = client.get(url, {"category": "company"})
    assert len(_names(first)) == 20
    assert "category=company&amp;page=2" in first.content.decode()
    last = client.get(url, {"category": "company", "page": 3})
    assert _names(last) == [f"Firma {n:03d}" for n in range(40, 45)]
    assert client.get(url, {"page": "999"}).context["page"].number == 3


def test_stakeholder_page_shows_a_public_stakeholder_and_hides_others(client, stakeholders):
    public = Participant.objects.get(name="Fotowoltaika Pawonków")
    hidden = Participant.objects.get(name="Firma Bez Zgody")
    response = client.get(public.get_absolute_url())
    assert response.status_code == 200
    assert "123-456-32-18" in response.content.decode()
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_gmina_page_shows_its_facts_and_its_stakeholders(client, stakeholders):
    page = Page(client.get(reverse("members:gmina", kwargs={"slug": "tworog"})).content.decode())
    assert page.h1 == ["Gmina Tworóg"]
    for fact in (
        "2413082",
        "124,92 km²",
        "tarnogórski",
        "Spółdzielnia Energetyczna Tworóg",
        "Fundacja Czyste Powietrze",
    ):
        assert fact in page.text
    assert "Fotowoltaika Pawonków" not in page.text


def test_only_gminas_have_gmina_pages(client, cluster):
    lgd = cluster.coordinator
    assert client.get(reverse("members:gmina", kwargs={"slug": lgd.slug})).status_code == 404


def test_coordinator_page_names_its_representative(client, cluster):
    page = Page(client.get(reverse("members:coordinator")).content.decode())
    assert page.h1 == [cluster.coordinator.name]
    assert "Piotr Leksy – prezes Zarządu" in page.text


def test_agreement_page_lists_the_six_parties_with_date_and_place(client, cluster):
    page = Page(client.get(reverse("agreements:detail")).content.decode())
    assert "10 kwietnia 2018" in page.text and "Zbrosławice" in page.text
    for party in cluster.participants.all():
        assert party.get_absolute_url() in page.links
