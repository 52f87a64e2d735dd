"""The yearly energy report as a PDF, issued through the portal's one verifiable PDF pipeline (agreements.pdf).

`report_export(cluster, year)` holds exactly what the PDF shows (its `content`): the year's indicators in tables, the
installed capacity, the month-by-month energy, the register's conditions with their status, and, while sample data is
stored, the notice that the figures are not the cluster's. As with the agreement's documents, the SHA-256 of that
content is its fingerprint and gives the identifier (ENE- and 12 hex digits): agreements.pdf.kept renders a content
once and keeps it, and the verification page (agreements:verify-document) tells whether a copy is current, asking
this module through the issuer registered in EnergyConfig.ready (agreements never imports energy).

The report is public, like the energy page it comes from: it names no party, only gminas (whose figures are public)
and the cluster's totals; feed-in with no installation recorded is given as a total, not per party.
"""

from django.urls import reverse
from django.utils import translation
from django.utils.formats import number_format

from agreements.models import IssuedPdf
from agreements.pdf.content import Export, common_content, register_issuer
from agreements.pdf.verification import parse_subject
from klaster.pdf import DEFAULT_VARIANT, VARIANTS
from members.models import Cluster

from .models import plain_decimal
from .services.indicators import Period
from .services.readiness import Status, cluster_readiness
from .services.sample import sample_present

KIND = IssuedPdf.Kind.ENERGY_REPORT
TEMPLATE = "energy/pdf/report.html"
STATUS_LABELS = {Status.MET: "spełniony", Status.NOT_MET: "niespełniony", Status.UNKNOWN: "nie da się ustalić"}


def _number(value):
    """A decimal as Polish writes it (a comma), without trailing zeros."""
    return number_format(plain_decimal(value), use_l10n=True)


def _rule_row(check):
    rule = check.rule
    return {
        "name": rule.name,
        "formula": str(rule.get_formula_display()),
        "threshold": f"{rule.get_comparison_display()} {_number(rule.threshold)} {rule.unit}",
        "value": None if check.value is None else f"{_number(check.value)} {rule.unit}",
        "incomplete": check.incomplete,
        "legal_source": rule.legal_source,
        "verified": rule.verified,
        "status": STATUS_LABELS[check.status],
    }


def report_content(cluster, year, *, variant, base_url):
    readiness = cluster_readiness(Period.year(year))
    ind = readiness.indicators
    capacity = ind.capacity
    factor = ind.factor
    return {
        **common_content(KIND, variant, cluster, base_url),
        "title": f"Raport energetyczny klastra „{cluster.name}” za rok {year}",
        "year": year,
        "sample": sample_present(),
        "hours": ind.period.hours,
        "hours_with_readings": ind.hours_with_readings,
        "months_without_readings": ind.months_without_readings,
        "totals": {
            "consumption": ind.consumption_kwh,
            "production": ind.production_kwh,
            "matched": ind.matched_kwh,
            "renewable": ind.renewable_kwh,
            "other": ind.other_kwh,
            "unattributed": ind.unattributed_kwh,
        },
        "shares": {
            "demand_coverage": ind.demand_coverage,
            "hourly_coverage": ind.hourly_coverage,
            "renewable_share": ind.renewable_share,
            "storage_share": ind.storage_share,
        },
        "co2_avoided_kg": ind.co2_avoided_kg,
        "factor": factor and {"year": factor.year, "kg_per_kwh": factor.kg_per_kwh_plain, "source": factor.source},
        "capacity": {
            "day": capacity.day,
            "sources_kw": capacity.sources_kw,
            "renewable_kw": capacity.renewable_kw,
            "storage_kw": capacity.storage_kw,
            "storage_kwh": capacity.storage_kwh,
            "installed_mw": capacity.installed_mw,
            "by_technology": [[str(label), count, kw] for label, count, kw in capacity.by_technology],
            "by_gmina": [[name, kw, storage] for name, kw, storage in capacity.by_gmina],
        },
        "months": [
            {
                "month": month.month,
                "hours": month.hours,
                "consumption": month.consumption_kwh,
                "production": month.production_kwh,
                "matched": month.matched_kwh,
                "hourly_share": month.hourly_share,
                "renewable": month.renewable_kwh,
                "co2_kg": month.co2_kg,
            }
            for month in ind.months
        ],
        "rules": [_rule_row(check) for check in readiness.checks],
        "rules_total": readiness.rules_total,
        "unverified": len(readiness.unverified),
    }


def report_export(cluster, year, *, variant=DEFAULT_VARIANT, base_url=None):
    """The yearly energy report of `cluster` for `year` (an Export of agreements.pdf.content)."""
    with translation.override("pl"):
        content = report_content(cluster, year, variant=variant, base_url=base_url)
    suffix = "" if variant == DEFAULT_VARIANT else f"-{variant}"
    return Export(
        kind=KIND,
        variant=variant,
        title=content["title"],
        filename=f"raport-energetyczny-{cluster.slug}-{year}{suffix}.pdf",
        template=TEMPLATE,
        content=content,
        subject={"cluster": cluster.slug, "year": str(year), "variant": variant},
    )


def _current(issued, *, base_url=None):
    """What the same subject (cluster, year, variant) gives today, for the verification page."""
    subject = parse_subject(issued)
    cluster = Cluster.objects.filter(slug=subject.get("cluster", "")).first()
    variant = subject.get("variant", DEFAULT_VARIANT)
    try:
        year = int(subject.get("year", ""))
    except ValueError:
        return None
    if cluster is None or variant not in VARIANTS:
        return None
    return report_export(cluster, year, variant=variant, base_url=base_url)


def download_url(export):
    with translation.override("pl"):
        url = reverse("energy:report-pdf")
    url += f"?rok={export.content['year']}"
    if export.variant != DEFAULT_VARIANT:
        url += f"&wariant={export.variant}"
    return url


def register():
    register_issuer(KIND, current=_current, download_url=download_url)
