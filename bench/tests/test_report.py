"""The benchmark's verdicts (bench/report.py): how its figures become targets met or missed, and its table.

The load itself needs wrk, gunicorn and minutes; `make bench` runs it. Here the figures are made up, to show that a
missed target is reported as missed."""

import copy

import pytest

from bench import report
from bench.pages import PAGES, PANEL_LOADED, PANEL_PAGES

BASELINE = {"rps": 2000.0, "p50_ms": 5.0, "p99_ms": 12.0, "max_ms": 20.0, "requests": 10000, "bytes_per_request": 900}
NO_ERRORS = {"connect": 0, "read": 0, "write": 0, "status": 0, "timeout": 0}


def _figures(rps=1500.0, p99=30.0, **extra):
    return {**BASELINE, "rps": rps, "p99_ms": p99, "errors": dict(NO_ERRORS), **extra}


def _inputs():
    results = {label: _figures() for label, _path in PAGES}
    results["baseline"] = results["baseline_again"] = _figures(rps=2000.0, p99=12.0)
    results["static_file_reference"] = _figures(rps=1600.0, path="/static/fonts/DejaVuSans.0123456789ab.ttf")
    results.update({label: _figures(rps=600.0, p99=60.0) for label in PANEL_LOADED})
    labels = [label for label, _path in PAGES] + [label for label, _path, _persona in PANEL_PAGES]
    queries = {label: {"queries_rendered": 4, "queries_kept": 0, "render_ms": 10.0, "bytes": 20000} for label in labels}
    static = {
        "path": "/static/css/site.0123456789ab.css",
        "status": 200,
        "bytes": 2500,
        "content_encoding": "br",
        "cache_control": "max-age=315360000, public, immutable",
        "hashed_name": True,
    }
    weight = {"html_bytes": 9000, "html_status": 200, "assets": [static], "total_bytes": 11500}
    soak = {
        **_figures(rps=900.0, p99=80.0),
        "seconds": 300,
        "connections": 64,
        "workers": [{"pid": 1, "rss_start_mib": 100.0, "rss_peak_mib": 104.0, "rss_end_mib": 103.0, "growth": 0.04}],
        "workers_replaced": [],
    }
    pdf = {
        "seed_agreement": {"first_rendering_s": 0.5, "pages": 3, "bytes": 42000},
        "kept_pdf_served": {"requests": 20, "mean_s": 0.004},
        "speedup_kept_vs_rendering": 125.0,
        "long_agreement": {"first_rendering_s": 3.4, "pages": 31, "parties": 206, "bytes": 300000},
    }
    imported = {"rows": 10000, "seconds": 4.0, "preview_seconds": 2.0}
    hostile = {"register_xlsx_unpacking_to_1_gb": {"seconds": 0.01, "refused": True}}
    energy = {
        "points": 200,
        "rows": 3_504_000,
        "seconds": 15.0,
        "parse_seconds": 5.0,
        "write_seconds": 10.0,
        "rows_per_second": 233600,
        "hourly_sums": 1_752_000,
        "pages": {
            "energy_public": {"path": "/energia/", "status": 200, "render_ms": 40.0, "queries": 12},
            "energy_readiness": {"path": "/panel/energia/gotowosc/", "status": 200, "render_ms": 60.0, "queries": 20},
        },
    }
    machine = {
        "cpu": "Test CPU",
        "cpus": 2,
        "memory_gib": 24.0,
        "os": "Linux",
        "python": "3.11",
        "postgresql": "15",
        "redis": "7",
        "gunicorn_workers": 5,
        "wrk": "wrk 4.1.0",
        "load_average_1_min_at_start": 0.1,
    }
    return {
        "about": machine,
        "results": results,
        "queries_1x": queries,
        "queries_100x": copy.deepcopy(queries),
        "weight": weight,
        "soak": soak,
        "pdf": pdf,
        "imported": imported,
        "hostile": hostile,
        "energy": energy,
        "rush": {
            "visitors": 200,
            "posts": 220,
            "capacity": 50,
            "statuses": {"302": 200, "200": 20},
            "errors": 0,
            "p50_ms": 300.0,
            "p99_ms": 900.0,
            "max_ms": 1000.0,
            "confirmed": 50,
            "waiting": 150,
            "cancelled": 0,
            "registrations": 200,
            "distinct_emails": 200,
        },
    }


def _targets(inputs):
    return report.assemble(**inputs)["targets"]


def test_figures_within_every_target_meet_them_all():
    assembled = report.assemble(**_inputs())
    assert all(assembled["targets"].values()), assembled["targets"]
    assert assembled["pages"]["home"]["ratio_to_baseline"] == 0.75


@pytest.mark.parametrize(
    ("change", "missed"),
    [
        (lambda i: i["results"]["sitemap"].update(rps=900.0), "pages_at_least_half_baseline_throughput"),
        (
            lambda i: i["results"]["agreement_pdf"].update(rps=900.0),
            "kept_pdf_at_least_half_baseline_throughput kept_pdf_at_least_0_9_of_static_file",
        ),
        (lambda i: i["results"]["agreement_pdf"].update(rps=1400.0), "kept_pdf_at_least_0_9_of_static_file"),
        (
            lambda i: i["results"]["staff_gmina"].update(rps=400.0),
            "signed_in_main_pages_at_least_quarter_baseline_throughput",
        ),
        (lambda i: i["results"]["coordinator_dashboard"].update(p99_ms=100.0), "signed_in_main_pages_p99_below_100_ms"),
        (lambda i: i["queries_100x"]["agreement"].update(render_ms=50.1), "every_page_renders_within_50_ms_at_100x"),
        (
            lambda i: i["queries_100x"]["coordinator_agreement"].update(render_ms=51.0),
            "every_page_renders_within_50_ms_at_100x",
        ),
        (
            lambda i: i["queries_100x"]["staff_gmina"].update(bytes=100_001),
            "every_page_under_100_kb_at_100x_sitemaps_aside",
        ),
        (lambda i: i["queries_100x"]["sitemap_participants"].update(bytes=300_000), ""),  # sitemaps aside
        (lambda i: i["queries_100x"]["coordinator_audit"].update(queries_rendered=5), "same_queries_at_1x_and_100x"),
        (lambda i: i["results"]["agreement_pdf"].update(p99_ms=100.0), "p99_below_100_ms"),
        (lambda i: i["results"]["agreement"].update(p99_ms=100.0), "p99_below_100_ms"),
        (lambda i: i["queries_100x"]["directory"].update(queries_rendered=5), "same_queries_at_1x_and_100x"),
        (lambda i: i["results"]["home"]["errors"].update(status=1), "no_errors_under_load"),
        (lambda i: i["weight"].update(total_bytes=100_000), "home_page_under_100_kb"),
        (lambda i: i["weight"]["assets"][0].update(content_encoding=""), "static_compressed_hashed_cached_a_year"),
        (
            lambda i: i["weight"]["assets"][0].update(cache_control="max-age=60"),
            "static_compressed_hashed_cached_a_year",
        ),
        (lambda i: i["pdf"]["seed_agreement"].update(first_rendering_s=2.0), "seed_pdf_within_2_s"),
        (lambda i: i["pdf"].update(speedup_kept_vs_rendering=49.9), "kept_pdf_50x_faster"),
        (lambda i: i["imported"].update(seconds=10.0), "import_10k_rows_within_10_s"),
        (
            lambda i: i["hostile"]["register_xlsx_unpacking_to_1_gb"].update(seconds=2.0),
            "hostile_files_refused_within_2_s",
        ),
        (lambda i: i["energy"].update(seconds=20.1), "energy_import_3_5m_rows_within_20_s"),
        (lambda i: i["energy"].update(rows=350_400), "energy_import_3_5m_rows_within_20_s"),
        (
            lambda i: i["energy"]["pages"]["energy_readiness"].update(render_ms=100.1),
            "energy_balance_pages_within_100_ms_at_3_5m_rows",
        ),
        (lambda i: i["rush"].update(confirmed=51, waiting=149), "registration_rush_exact"),
        (lambda i: i["rush"].update(registrations=201), "registration_rush_exact"),
        (lambda i: i["rush"].update(errors=1), "registration_rush_exact"),
        (lambda i: i["soak"]["errors"].update(timeout=3), "soak_without_errors"),
        (lambda i: i["soak"].update(workers_replaced=[7]), "soak_without_errors"),
        (lambda i: i["soak"]["workers"][0].update(growth=0.21), "soak_memory_growth_below_20_percent"),
    ],
)
def test_a_figure_outside_its_target_is_reported_missed(change, missed):
    inputs = _inputs()
    change(inputs)
    targets = _targets(inputs)
    assert [name for name, met in targets.items() if not met] == missed.split()


def test_the_table_names_the_machine_every_page_and_what_was_missed():
    inputs = _inputs()
    inputs["results"]["sitemap"].update(rps=100.0)
    assembled = report.assemble(**inputs)
    assembled["duration_s"] = 590.0
    table = report.render_markdown(assembled)
    assert "Test CPU, 2 logical CPUs" in table
    for label, path in PAGES:
        assert f"| {label} `{path}` |" in table
    for label, path, persona in PANEL_PAGES:
        assert f"| {label} `{path}` | {persona} |" in table
    assert "| staff_gmina `/panel/gminy/tworog/` | staff | 600.0 | 0.3 |" in table
    assert "- **MISSED**: pages at least half baseline throughput" in table
    assert "WhiteNoise sending a static file" in table
    assert "- met: p99 below 100 ms" in table
    assert "**3504000 rows imported in 15.0 s**" in table
    assert "| energy_readiness `/panel/energia/gotowosc/` | 60.0 | 20 |" in table
