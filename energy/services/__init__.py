"""The energy workflows, one module each: importing a file of readings (readings), keeping the hourly aggregate the
balance pages read (balances), what the public page shows (summary)."""

from .balances import balances_rebuild, balances_refresh
from .readings import ImportPreview, readings_import, readings_import_file, readings_preview
from .summary import EnergySummary, energy_summary

__all__ = [
    "EnergySummary",
    "ImportPreview",
    "balances_rebuild",
    "balances_refresh",
    "energy_summary",
    "readings_import",
    "readings_import_file",
    "readings_preview",
]
