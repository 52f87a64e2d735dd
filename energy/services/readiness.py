"""Where the cluster stands against the register's conditions in a period: each rule that applies, with the cluster's
value, whether it is met, not met or cannot be known, and what is missing to know it.

What can be missing, each from the records the portal keeps (nothing is guessed):
- parties of the agreement (Participant.objects.agreement_parties, the one definition) without a metering point
  (art. 38aa: the agreement names each member's points);
- points without an authorisation for the coordinator to read their data in force;
- points without a single reading in the period, and months of the period without readings;
- feed-in of a party with no installation recorded on its points (its renewable share is unknown);
- no emission factor for the year;
- the neighbourhood of the gminas: the portal has no record of which gminas border each other, which matters when
  the parties' gminas lie in more than one powiat (then only "up to five neighbouring gminas" can qualify).
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from members.models import Participant

from ..models import MeteringAuthorisation, MeteringPoint, Reading, Rule, plain_decimal
from .indicators import ENERGY_FORMULAS, cluster_indicators, rule_applies, rule_met, rule_value


class Status:
    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"


@dataclass
class RuleCheck:
    rule: Rule
    value: object  # Decimal or None
    status: str
    incomplete: bool  # the value was computed, but from data known to be incomplete

    @property
    def value_plain(self):
        return plain_decimal(self.value)


@dataclass
class Readiness:
    indicators: object
    day: date  # the day the parties and points are taken on
    checks: list = field(default_factory=list)
    parties_without_points: list = field(default_factory=list)
    points_without_authorisation: list = field(default_factory=list)
    points_without_readings: list = field(default_factory=list)
    gminas: list = field(default_factory=list)  # (name, powiat) of the gminas among the parties
    rules_total: int = 0

    @property
    def powiats(self):
        return sorted({powiat for _name, powiat in self.gminas if powiat})

    @property
    def neighbourhood_matters(self):
        """The gminas lie in more than one powiat: only the neighbourhood of up to five gminas can qualify them."""
        return len(self.powiats) > 1

    @property
    def energy_incomplete(self):
        indicators = self.indicators
        return bool(not indicators.has_readings or indicators.months_without_readings or self.points_without_readings)

    @property
    def unverified(self):
        return [check for check in self.checks if not check.rule.verified]


def _check(rule, indicators, energy_incomplete):
    value = rule_value(rule, indicators)
    incomplete = rule.formula in ENERGY_FORMULAS and energy_incomplete
    if rule.formula == Rule.Formula.RENEWABLE_SHARE and indicators.unattributed:
        incomplete = True
    met = rule_met(rule, value)
    status = {True: Status.MET, False: Status.NOT_MET, None: Status.UNKNOWN}[None if incomplete else met]
    return RuleCheck(rule=rule, value=value, status=status, incomplete=incomplete and value is not None)


def cluster_readiness(period, *, today=None):
    """The Readiness of the cluster in `period`: parties and points as on the period's last day, or today when the
    period has not ended yet."""
    today = today or timezone.localdate()
    day = min(period.last_day, today)
    indicators = cluster_indicators(period)
    parties = Participant.objects.agreement_parties(day)
    points = MeteringPoint.objects.filter(valid_from__lte=day).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=day))
    in_force = MeteringAuthorisation.objects.filter(metering_point=OuterRef("pk"), signed_on__lte=day).filter(
        Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gt=day)
    )
    read = Reading.objects.filter(metering_point=OuterRef("pk"), start__gte=period.start, start__lt=period.end)
    readiness = Readiness(
        indicators=indicators,
        day=day,
        parties_without_points=list(
            parties.filter(~Exists(MeteringPoint.objects.filter(party=OuterRef("pk")))).order_by("name")
        ),
        points_without_authorisation=list(
            points.filter(~Exists(in_force)).select_related("party").order_by("party__name", "code")
        ),
        points_without_readings=list(
            points.filter(~Exists(read)).select_related("party").order_by("party__name", "code")
        ),
        gminas=list(parties.gminas().order_by("name").values_list("name", "powiat")),
    )
    rules = list(Rule.objects.all())
    readiness.rules_total = len(rules)
    energy_incomplete = readiness.energy_incomplete
    readiness.checks = [_check(rule, indicators, energy_incomplete) for rule in rules if rule_applies(rule, period)]
    return readiness
