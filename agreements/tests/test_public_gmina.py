"""A gmina's public page (agreements.views.public.gmina_detail, `members:gmina`): the council resolutions about the
cluster beside what members knows of the gmina. (Its facts, people and stakeholders: members/tests/test_views.py.)"""

import datetime

import pytest
from django.urls import resolve, reverse

from agreements.models import Document
from agreements.views.public import gmina_detail
from klaster.testing import Page, count_queries, pdf_upload
from klaster.testing.agreements import make_resolution

pytestmark = pytest.mark.usefixtures("media_root", "private_files")

URL = "/gminy/tworog/"


def test_the_page_keeps_its_address_its_name_and_the_public_page_mark(cluster):
    assert reverse("members:gmina", args=["tworog"]) == URL
    assert resolve(URL).func is gmina_detail
    assert gmina_detail.public_page is True


def test_an_anonymous_visitor_reads_the_gminas_resolutions_newest_first_with_their_pdf_and_bip(
    client, tworog, pawonkow
):
    older = make_resolution(tworog, "XXXIV/245/2018", date=datetime.date(2018, 3, 28), file=pdf_upload())
    newer = make_resolution(
        tworog,
        "V/40/2019",
        date=datetime.date(2019, 4, 10),
        title="w sprawie zmiany porozumienia klastra",
        url="https://bip.tworog.pl/uchwala-40",
    )
    make_resolution(pawonkow, "XX/1/2018", title="uchwała Pawonkowa w sprawie klastra")
    Document.objects.create(
        kind=Document.Kind.WITHDRAWAL, participant=tworog, date=datetime.date(2020, 1, 1), title="Oświadczenie gminy"
    )

    response = client.get(URL)

    assert response.status_code == 200
    html = response.content.decode()
    page = Page(html)
    assert "<caption>Uchwały rady gminy w sprawie klastra energii (Gmina Tworóg), od najnowszej</caption>" in html
    assert (
        "Numer Data podjęcia Tytuł Plik PDF BIP "
        "V/40/2019 10 kwietnia 2019 r. w sprawie zmiany porozumienia klastra – w BIP : uchwała nr V/40/2019 "
        "XXXIV/245/2018 28 marca 2018 r. w sprawie przystąpienia do klastra energii PDF : uchwała nr XXXIV/245/2018 –"
    ) in page.text
    assert '<time datetime="2019-04-10">10 kwietnia 2019 r.</time>' in html
    assert "https://bip.tworog.pl/uchwala-40" in page.links
    pdf = reverse("agreements:document-file", args=[older.pk])
    assert pdf in page.links
    assert reverse("agreements:document-file", args=[newer.pk]) not in page.links  # it has no file
    assert client.get(pdf).status_code == 200  # a council resolution's file is for anyone
    assert "XX/1/2018" not in page.text and "Pawonkowa" not in page.text  # another gmina's
    assert "Oświadczenie gminy" not in page.text  # not a council resolution, and not public


def test_a_gmina_without_resolutions_says_so(client, tworog):
    page = Page(client.get(URL).content.decode())
    assert "Gmina nie dodała jeszcze uchwał rady w sprawie klastra." in page.text


def test_the_page_costs_the_same_queries_with_one_resolution_as_with_many(client, tworog, django_assert_num_queries):
    make_resolution(tworog, "1/2018", file=pdf_upload())
    one = count_queries(client, URL)
    for number in range(2, 40):
        make_resolution(tworog, f"{number}/2018", url=f"https://bip.tworog.pl/{number}", file=pdf_upload())
    with django_assert_num_queries(one):  # a change raised the data revision: the page is rendered again
        response = client.get(URL)
    assert Page(response.content.decode()).text.count("w sprawie przystąpienia do klastra energii") == 39
