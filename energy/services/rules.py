"""The coordinator's workflows on the register's conditions (Rule) and the emission factors: adding and changing them,
and loading the thresholds of the 2023 draft bill, marked unverified, for the coordinator to confirm or correct. One
transaction each; each checks again that `by` acts as the coordinator."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction

from members.access import is_coordinator

from ..models import EmissionFactor, Rule
from .records import save_record

RULE_FIELDS = (
    "name_pl",
    "name_en",
    "formula",
    "comparison",
    "threshold",
    "applies_from",
    "applies_to",
    "legal_source",
    "verified",
)
FACTOR_FIELDS = ("year", "kg_per_kwh", "source")

# The figures of the draft bill as domain.md gives them ("The draft bill (2023) said 30% RES, ≤100 MW, ≥40% of
# annual demand, storage ≥2% of capacity until end-2026. [? draft, not the enacted text]"): never verified here.
DRAFT_SOURCE = "projekt ustawy o zmianie ustawy o odnawialnych źródłach energii (2023), nie tekst uchwalony"
DRAFT_RULES = (
    ("Udział OZE", "Renewable share", Rule.Formula.RENEWABLE_SHARE, Rule.Comparison.AT_LEAST, Decimal("30"), None),
    ("Moc zainstalowana", "Installed capacity", Rule.Formula.INSTALLED_CAPACITY, Rule.Comparison.AT_MOST,
     Decimal("100"), None),
    ("Pokrycie rocznego zapotrzebowania", "Coverage of the annual demand", Rule.Formula.DEMAND_COVERAGE,
     Rule.Comparison.AT_LEAST, Decimal("40"), None),
    ("Magazynowanie energii", "Energy storage", Rule.Formula.STORAGE_SHARE, Rule.Comparison.AT_LEAST, Decimal("2"),
     date(2026, 12, 31)),
)  # fmt: skip


def _check_may_change(by):
    if not is_coordinator(by):
        raise PermissionDenied


@transaction.atomic
def rule_save(*, rule=None, data, by, edited_from=None):
    """A new rule (`rule` None) or a change of `rule`, from `data` (RULE_FIELDS)."""
    _check_may_change(by)
    return save_record(Rule, rule, RULE_FIELDS, data, edited_from)


@transaction.atomic
def factor_save(*, factor=None, data, by, edited_from=None):
    """A new emission factor (`factor` None) or a change of `factor`, from `data` (FACTOR_FIELDS)."""
    _check_may_change(by)
    return save_record(EmissionFactor, factor, FACTOR_FIELDS, data, edited_from)


@transaction.atomic
def rules_load_draft(*, by):
    """Add the draft bill's thresholds, unverified, for each formula that has no rule yet; returns the rules added."""
    _check_may_change(by)
    taken = set(Rule.objects.values_list("formula", flat=True))
    added = []
    for name_pl, name_en, formula, comparison, threshold, applies_to in DRAFT_RULES:
        if formula in taken:
            continue
        added.append(
            Rule.objects.create(
                name_pl=name_pl,
                name_en=name_en,
                formula=formula,
                comparison=comparison,
                threshold=threshold,
                applies_to=applies_to,
                legal_source=DRAFT_SOURCE,
                verified=False,
            )
        )
    return added
