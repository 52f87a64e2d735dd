"""The coordinator edits the cluster's benefits in the panel: add, change, move up and down, remove; the public pages
show the list in its order, and loadcluster never brings back what the coordinator removed."""

import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from klaster.concurrency import form_values
from klaster.testing import Page, count_queries, form_data, form_opened, log_in_as, messages_of
from klaster.typography import polish_typography
from members.forms import BenefitForm
from members.models import Benefit
from members.services import benefit_save


def _texts(cluster):
    return list(cluster.benefits.values_list("text_pl", flat=True))


def test_the_coordinator_adds_a_benefit_which_goes_last_on_the_public_pages(client, request, cluster):
    log_in_as(client, request, "coordinator")
    response = client.post(
        reverse("benefits-admin:new"), {"text_pl": "wspólne zakupy energii", "text_en": "joint energy purchasing"}
    )
    assert response.status_code == 302
    assert _texts(cluster)[-1] == "wspólne zakupy energii" and cluster.benefits.count() == 10
    assert list(cluster.benefits.values_list("position", flat=True)) == list(range(1, 11))
    benefit = cluster.benefits.last()
    assert LogEntry.objects.get_for_object(benefit).get().action == LogEntry.Action.CREATE
    client.logout()
    assert Page(client.get(reverse("benefits")).content.decode()).text.rstrip().count("wspólne zakupy energii") == 1
    assert "joint energy purchasing" in client.get("/en/").content.decode()


def test_an_empty_benefit_is_refused_in_polish_and_nothing_changes(client, request, cluster):
    log_in_as(client, request, "coordinator")
    before = _texts(cluster)
    response = client.post(reverse("benefits-admin:new"), {"text_pl": "", "text_en": "only English"})
    assert response.status_code == 200
    assert response.context["form"].errors["text_pl"] == ["To pole jest wymagane."]
    assert "Popraw 1 pole oznaczone poniżej." in response.content.decode()
    assert _texts(cluster) == before


def test_the_coordinator_changes_a_benefit(client, request, cluster):
    log_in_as(client, request, "coordinator")
    benefit = cluster.benefits.get(position=2)
    client.post(reverse("benefits-admin:edit", kwargs={"pk": benefit.pk}), {"text_pl": "nowe brzmienie", "text_en": ""})
    benefit.refresh_from_db()
    assert (benefit.text_pl, benefit.text_en or "", benefit.position) == ("nowe brzmienie", "", 2)
    client.logout()
    assert '<li lang="pl">nowe brzmienie</li>' in client.get("/en/benefits/").content.decode()


def test_moving_up_and_down_swaps_with_the_neighbour_and_stops_at_the_ends(client, request, cluster):
    log_in_as(client, request, "coordinator")
    before = _texts(cluster)
    second = cluster.benefits.get(position=2)
    response = client.post(reverse("benefits-admin:move", kwargs={"pk": second.pk}), {"direction": "up"}, follow=True)
    assert messages_of(response) == ["Zmieniono kolejność korzyści."]
    assert _texts(cluster) == [before[1], before[0], *before[2:]]
    client.post(reverse("benefits-admin:move", kwargs={"pk": second.pk}), {"direction": "up"})  # first already
    client.post(reverse("benefits-admin:move", kwargs={"pk": second.pk}), {"direction": "down"})
    assert _texts(cluster) == before
    last = cluster.benefits.last()
    client.post(reverse("benefits-admin:move", kwargs={"pk": last.pk}), {"direction": "down"})
    assert _texts(cluster) == before
    response = client.post(
        reverse("benefits-admin:move", kwargs={"pk": last.pk}), {"direction": "sideways"}, follow=True
    )
    assert messages_of(response)[-1] == "Nieznany kierunek przesunięcia; kolejność się nie zmieniła."
    assert _texts(cluster) == before
    client.logout()
    html = client.get(reverse("benefits")).content.decode()
    positions = [html.index(polish_typography(text)) for text in before]  # as the page writes them
    assert positions == sorted(positions)


def test_removing_asks_first_closes_the_gap_and_loadcluster_does_not_bring_it_back(client, request, cluster):
    log_in_as(client, request, "coordinator")
    before = _texts(cluster)
    third = cluster.benefits.get(position=3)
    url = reverse("benefits-admin:delete", kwargs={"pk": third.pk})
    assert "Usunąć korzyść?" in Page(client.get(url).content.decode()).text and cluster.benefits.count() == 9
    client.post(url)
    assert _texts(cluster) == before[:2] + before[3:]
    assert list(cluster.benefits.values_list("position", flat=True)) == list(range(1, 9))
    assert LogEntry.objects.filter(object_pk=str(third.pk), action=LogEntry.Action.DELETE).exists()
    call_command("loadcluster", stdout=io.StringIO())
    assert _texts(cluster) == before[:2] + before[3:]


def test_a_benefit_of_another_cluster_is_not_found(client, request, cluster):
    from members.models import Cluster

    other = Cluster.objects.create(name="Inny klaster", slug="inny")
    foreign = Benefit.objects.create(cluster=other, position=1, text_pl="cudza korzyść")
    log_in_as(client, request, "coordinator")
    assert client.get(reverse("benefits-admin:edit", kwargs={"pk": foreign.pk})).status_code == 404
    assert client.post(reverse("benefits-admin:delete", kwargs={"pk": foreign.pk})).status_code == 404
    assert Benefit.objects.filter(pk=foreign.pk).exists()


def test_the_panel_page_costs_the_same_queries_with_many_benefits(client, request, cluster):
    log_in_as(client, request, "coordinator")
    client.get(reverse("benefits-admin:index"))
    few = count_queries(client, reverse("benefits-admin:index"))
    Benefit.objects.bulk_create(Benefit(cluster=cluster, position=10 + n, text_pl=f"korzyść {n}") for n in range(30))
    assert count_queries(client, reverse("benefits-admin:index")) == few
    assert reverse("benefits-admin:index") in Page(client.get(reverse("coordination:dashboard")).content.decode()).links


# --- two people editing the same benefit -------------------------------------------------------------------------------


def test_a_second_save_of_a_benefit_is_refused_shows_what_changed_and_keeps_what_was_typed(client, request, cluster):
    log_in_as(client, request, "coordinator")
    benefit = cluster.benefits.get(position=2)
    before, before_en = benefit.text_pl, benefit.text_en
    url = reverse("benefits-admin:edit", kwargs={"pk": benefit.pk})
    mine, theirs = form_opened(client, url), form_opened(client, url)
    client.post(url, {**theirs, "text_pl": "niższe rachunki za prąd"})
    response = client.post(url, {**mine, "text_en": "lower bills"})
    assert response.status_code == 200
    text = Page(response.content.decode()).text
    assert "Ktoś inny zapisał zmiany w tym rekordzie" in text
    assert f"Korzyść po polsku: było „{before}”, teraz jest „niższe rachunki za prąd”." in text
    form = response.context["form"]
    assert form["text_en"].value() == "lower bills"
    benefit.refresh_from_db()
    assert (benefit.text_pl, benefit.text_en) == ("niższe rachunki za prąd", before_en)
    response = client.post(url, form_data(form) | {"text_pl": "niższe rachunki za prąd"}, follow=True)
    assert messages_of(response) == ["Zapisano korzyść."]
    benefit.refresh_from_db()
    assert (benefit.text_pl, benefit.text_en) == ("niższe rachunki za prąd", "lower bills")


def test_a_benefit_removed_while_its_form_was_open_is_not_brought_back_by_saving(client, request, cluster):
    coordinator = log_in_as(client, request, "coordinator")
    benefit = cluster.benefits.get(position=2)
    form = BenefitForm({"text_pl": "nowe brzmienie"}, instance=benefit, edited_from=form_values(BenefitForm, benefit))
    assert form.is_valid()
    Benefit.objects.filter(pk=benefit.pk).delete()
    with pytest.raises(ValidationError, match="Ktoś inny usunął tę korzyść"):
        benefit_save(cluster=cluster, form=form, by=coordinator, edited_from=form.cleaned_data["edited_from"])
    assert not Benefit.objects.filter(text_pl="nowe brzmienie").exists()
