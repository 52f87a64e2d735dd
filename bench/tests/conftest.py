"""The bench app is installed only with KLASTER_BENCH=1, which the test suite does not set: the product's tests run
with the apps production runs, so nothing the product needs can hide in bench. The tests that call bench's commands
install the app for themselves, one test at a time (`bench_installed`)."""

import pytest


@pytest.fixture
def bench_installed(settings):
    """bench in INSTALLED_APPS for this test: its commands are found by call_command (Django refreshes its list of
    commands when INSTALLED_APPS changes, and again when the test ends)."""
    if "bench" not in settings.INSTALLED_APPS:
        settings.INSTALLED_APPS = [*settings.INSTALLED_APPS, "bench"]
