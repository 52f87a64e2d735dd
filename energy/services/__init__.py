"""The energy workflows, one module each: importing a file of readings (readings), keeping the hourly aggregate the
balance pages read (balances)."""

from .balances import balances_rebuild, balances_refresh
from .readings import readings_import

__all__ = ["balances_rebuild", "balances_refresh", "readings_import"]
