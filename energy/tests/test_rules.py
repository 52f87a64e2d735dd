"""The register's conditions and the emission factors as data the coordinator enters, with the draft bill's figures
loaded only on request and marked unverified. Who may open each page is asked by the permission matrix."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from energy import services
from energy.models import EmissionFactor, Rule
from klaster.testing import count_queries, html_problems, messages_of, read_page


def test_nothing_is_seeded_and_the_page_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("energy-admin:rules"))
    text = read_page(response).text
    assert Rule.objects.count() == 0 and EmissionFactor.objects.count() == 0
    assert "Nie wpisano jeszcze żadnego warunku rejestru." in text
    assert "Wczytaj progi z projektu ustawy jako niesprawdzone" in text
    assert html_problems(response.content.decode()) == []


def test_the_draft_thresholds_are_loaded_on_request_unverified_with_their_source(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("energy-admin:rules-draft"))
    assert response["Location"] == reverse("energy-admin:rules")
    rules = {rule.formula: rule for rule in Rule.objects.all()}
    assert {formula: (rule.comparison, rule.threshold) for formula, rule in rules.items()} == {
        "renewable_share": ("at_least", Decimal("30")),
        "installed_capacity": ("at_most", Decimal("100")),
        "demand_coverage": ("at_least", Decimal("40")),
        "storage_share": ("at_least", Decimal("2")),
    }
    assert not any(rule.verified for rule in rules.values())
    assert all("projekt ustawy" in rule.legal_source and "nie tekst uchwalony" in rule.legal_source
               for rule in rules.values())  # fmt: skip
    assert str(rules["storage_share"].applies_to) == "2026-12-31"
    page = client.get(response["Location"])
    assert "Dodano progi z projektu ustawy jako niesprawdzone: 4. Sprawdź je w ogłoszonym tekście." in messages_of(page)
    text = read_page(page).text
    assert "Moc zainstalowana łączna moc zainstalowana (MW) najwyżej 100 MW" in text
    assert text.count("nie: niesprawdzony") == 4
    assert html_problems(page.content.decode()) == []
    # Again: nothing doubles.
    assert services.rules_load_draft(by=coordinator) == []
    assert Rule.objects.count() == 4


def test_the_coordinator_enters_a_verified_rule_and_a_factor(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("energy-admin:rule-new"),
        {
            "name_pl": "Udział OZE",
            "name_en": "",
            "formula": "renewable_share",
            "comparison": "at_least",
            "threshold": "30,5",
            "applies_from": "2024-01-01",
            "applies_to": "",
            "legal_source": "ustawa o OZE, art. 38b",
            "verified": "on",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    rule = Rule.objects.get()
    assert (rule.name_pl, rule.threshold, rule.verified) == ("Udział OZE", Decimal("30.5"), True)
    response = client.post(
        reverse("energy-admin:factor-new"), {"year": "2023", "kg_per_kwh": "0,7", "source": "KOBiZE 2024"}
    )
    assert response["Location"] == reverse("energy-admin:rules")
    text = read_page(client.get(reverse("energy-admin:rules"))).text
    assert "co najmniej 30,5 %" in text and "tak" in text and "2023 0,7 KOBiZE 2024" in text

    # A second factor for the same year is refused, in Polish, and nothing is saved.
    again = client.post(reverse("energy-admin:factor-new"), {"year": "2023", "kg_per_kwh": "0,8", "source": "x"})
    assert again.status_code == 200 and again.context["form"].errors["year"]
    assert EmissionFactor.objects.get().kg_per_kwh == Decimal("0.7")
    assert html_problems(again.content.decode()) == []


def test_a_rule_changed_meanwhile_is_not_overwritten(client, coordinator):
    rule = services.rule_save(
        data={"name_pl": "Udział OZE", "formula": "renewable_share", "threshold": Decimal("30"), "legal_source": "x"},
        by=coordinator,
    )
    client.force_login(coordinator)
    opened = client.get(reverse("energy-admin:rule-edit", kwargs={"pk": rule.pk}))
    assert html_problems(opened.content.decode()) == []
    edited_from = opened.context["form"].initial["edited_from"]
    Rule.objects.filter(pk=rule.pk).update(threshold=Decimal("35"))
    response = client.post(
        reverse("energy-admin:rule-edit", kwargs={"pk": rule.pk}),
        {"name_pl": "Udział OZE", "formula": "renewable_share", "comparison": "at_least", "threshold": "40",
         "legal_source": "x", "edited_from": edited_from},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Ktoś inny zapisał zmiany" in read_page(response).text
    assert Rule.objects.get().threshold == Decimal("35")


def test_only_the_coordinator_changes_rules_even_outside_the_views(staff_tworog):
    with pytest.raises(PermissionDenied):
        services.rules_load_draft(by=staff_tworog)
    with pytest.raises(PermissionDenied):
        services.factor_save(data={"year": 2023, "kg_per_kwh": Decimal("0.7"), "source": "x"}, by=staff_tworog)
    assert Rule.objects.count() == 0 and EmissionFactor.objects.count() == 0


def test_the_rules_page_costs_the_same_queries_however_many(client, coordinator):
    client.force_login(coordinator)
    services.rules_load_draft(by=coordinator)
    count_queries(client, reverse("energy-admin:rules"))
    few = count_queries(client, reverse("energy-admin:rules"))
    for year in (2021, 2022, 2023):
        EmissionFactor.objects.create(year=year, kg_per_kwh=Decimal("0.7"), source="KOBiZE")
    services.rule_save(
        data={"name_pl": "Inny", "formula": "hourly_coverage", "threshold": Decimal("10"), "legal_source": "x"},
        by=coordinator,
    )
    assert count_queries(client, reverse("energy-admin:rules")) == few
