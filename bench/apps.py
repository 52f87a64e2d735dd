from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Installed only when KLASTER_BENCH=1 (klaster/settings.py), so production does not list its commands."""

    name = "bench"
