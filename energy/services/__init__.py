"""The energy workflows, one module each: metering points (points), the authorisations to read them (authorisations), installations (installations), importing a file
of readings (readings) and a large one on the task queue (jobs), keeping the hourly aggregate the balance pages read (balances), the register's conditions and
the emission factors (rules), what the public page shows (summary), the indicators of a year and the register's
conditions compared with them (indicators, readiness), the sample data for trying the portal out (sample); records.py
saves what a form typed."""

from .authorisations import authorisation_save
from .balances import balances_rebuild, balances_refresh, balances_settle
from .indicators import Period, chosen_year, cluster_indicators, installed_capacity_on, years_with_readings
from .installations import installation_save
from .jobs import job_create, job_latest, job_run
from .points import metering_point_create, metering_point_update
from .readiness import cluster_readiness
from .readings import ImportPreview, readings_import, readings_import_file, readings_preview
from .rules import factor_save, rule_save, rules_load_draft
from .summary import EnergySummary, energy_summary

__all__ = [
    "EnergySummary",
    "ImportPreview",
    "Period",
    "authorisation_save",
    "balances_rebuild",
    "balances_refresh",
    "balances_settle",
    "chosen_year",
    "cluster_indicators",
    "cluster_readiness",
    "energy_summary",
    "installation_save",
    "installed_capacity_on",
    "job_create",
    "job_latest",
    "job_run",
    "metering_point_create",
    "metering_point_update",
    "readings_import",
    "readings_import_file",
    "readings_preview",
    "factor_save",
    "rule_save",
    "rules_load_draft",
    "years_with_readings",
]
