"""The report: the machine described, the figures checked against the targets, the table on the terminal,
var/bench/results.json and BENCHMARKS.md."""

import json
import os
import platform
import re
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from bench.load import CONNECTIONS
from bench.pages import PAGES, PANEL_LOADED, PANEL_PAGES, SITEMAPS
from bench.processes import BASE_DIR, BENCH_DIR

TARGETS = {
    "throughput_ratio_min": 0.5,
    "panel_throughput_ratio_min": 0.25,  # a signed-in page renders every time: no kept page
    "kept_pdf_of_static_min": 0.9,  # the kept PDF against WhiteNoise sending a static file of about its size
    "render_ms_max": 50.0,  # every page, rendered without the cache, at 100 times the data
    "page_kb_max": 100.0,  # every page but the sitemaps and the PDF, at 100 times the data
    "p99_ms_max": 100.0,
    "home_kb_max": 100.0,
    "memory_growth_max": 0.20,
    "seed_pdf_s_max": 2.0,
    "kept_pdf_speedup_min": 50.0,
    "import_10k_s_max": 10.0,
    "hostile_file_refusal_s_max": 2.0,  # each file made to hurt the server (bench_hostile), refused
    "energy_import_rows_min": 3_500_000,  # issue 16: a year of hourly readings of 200 points in both directions
    "energy_import_s_max": 20.0,
    "energy_page_ms_max": 100.0,  # the balance pages at that size, rendered without the cache
    "static_max_age_s": 31536000,
}


def machine(postgres_version, redis_version, workers):
    cpu = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line), ""
        )
    memory_kib = 0
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory_kib = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
    wrk_version = subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.splitlines()[0:1]
    return {
        "cpu": cpu,
        "cpus": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres_version,
        "redis": redis_version,
        "gunicorn_workers": workers,
        "wrk": (wrk_version[0] if wrk_version else "").split(" Copyright")[0],
        "load_average_1_min_at_start": round(os.getloadavg()[0], 2),
    }


def static_ok(asset):
    max_age = re.search(r"max-age=(\d+)", asset["cache_control"])
    return (
        asset["status"] == 200
        and asset["hashed_name"]
        and bool(max_age)
        and int(max_age.group(1)) >= TARGETS["static_max_age_s"]
        and (asset["content_encoding"] in {"br", "gzip"} or asset["bytes"] < 1024)
    )


def assemble(about, results, queries_1x, queries_100x, weight, soak, pdf, imported, hostile, rush, energy):
    baseline_rps = statistics.mean([results["baseline"]["rps"], results["baseline_again"]["rps"]])
    pages = {}
    for label, path in PAGES:
        figures = dict(results[label])
        figures["path"] = path
        figures["ratio_to_baseline"] = round(figures["rps"] / baseline_rps, 2)
        figures["queries_1x"] = queries_1x[label]["queries_rendered"]
        figures["queries_100x"] = queries_100x[label]["queries_rendered"]
        figures["queries_kept"] = queries_100x[label]["queries_kept"]
        figures["render_ms_1x"] = queries_1x[label]["render_ms"]
        figures["render_ms_100x"] = queries_100x[label]["render_ms"]
        pages[label] = figures
    for label, figures in pages.items():
        figures["bytes_100x"] = queries_100x[label].get("bytes")
    panel = {}
    for label, path, persona in PANEL_PAGES:
        figures = {"path": path, "persona": persona}
        if label in PANEL_LOADED:
            figures.update(results[label])
            figures["ratio_to_baseline"] = round(figures["rps"] / baseline_rps, 2)
        figures["queries_1x"] = queries_1x[label]["queries_rendered"]
        figures["queries_100x"] = queries_100x[label]["queries_rendered"]
        figures["render_ms_1x"] = queries_1x[label]["render_ms"]
        figures["render_ms_100x"] = queries_100x[label]["render_ms"]
        figures["bytes_100x"] = queries_100x[label].get("bytes")
        panel[label] = figures
    public = [label for label, _path in PAGES if label not in {"baseline", "agreement_pdf"}]
    reference = dict(results["static_file_reference"])
    reference["ratio_to_baseline"] = round(reference["rps"] / baseline_rps, 2)
    pdf_of_static = round(pages["agreement_pdf"]["rps"] / reference["rps"], 2) if reference["rps"] else 0.0
    errors = lambda figures: sum(figures["errors"].values())  # noqa: E731
    every_page = [*pages.values(), *panel.values()]
    weighed = [pages[label] for label in public if label not in SITEMAPS] + list(panel.values())
    targets = {
        "pages_at_least_half_baseline_throughput": all(
            pages[label]["ratio_to_baseline"] >= TARGETS["throughput_ratio_min"] for label in public
        ),
        "kept_pdf_at_least_half_baseline_throughput": pages["agreement_pdf"]["ratio_to_baseline"]
        >= TARGETS["throughput_ratio_min"],
        "kept_pdf_at_least_0_9_of_static_file": pdf_of_static >= TARGETS["kept_pdf_of_static_min"],
        "p99_below_100_ms": all(pages[label]["p99_ms"] < TARGETS["p99_ms_max"] for label in [*public, "agreement_pdf"]),
        "signed_in_main_pages_at_least_quarter_baseline_throughput": all(
            panel[label]["ratio_to_baseline"] >= TARGETS["panel_throughput_ratio_min"] for label in PANEL_LOADED
        ),
        "signed_in_main_pages_p99_below_100_ms": all(
            panel[label]["p99_ms"] < TARGETS["p99_ms_max"] for label in PANEL_LOADED
        ),
        "every_page_renders_within_50_ms_at_100x": all(
            figures["render_ms_100x"] <= TARGETS["render_ms_max"] for figures in every_page
        ),
        "every_page_under_100_kb_at_100x_sitemaps_aside": all(
            (figures["bytes_100x"] or 0) <= TARGETS["page_kb_max"] * 1000 for figures in weighed
        ),
        "same_queries_at_1x_and_100x": all(figures["queries_1x"] == figures["queries_100x"] for figures in every_page),
        "no_errors_under_load": all(errors(results[label]) == 0 for label in results),
        "home_page_under_100_kb": weight["total_bytes"] < TARGETS["home_kb_max"] * 1000,
        "static_compressed_hashed_cached_a_year": bool(weight["assets"])
        and all(static_ok(asset) for asset in weight["assets"]),
        "seed_pdf_within_2_s": pdf["seed_agreement"]["first_rendering_s"] < TARGETS["seed_pdf_s_max"],
        "kept_pdf_50x_faster": pdf["speedup_kept_vs_rendering"] >= TARGETS["kept_pdf_speedup_min"],
        "import_10k_rows_within_10_s": imported["rows"] >= 10000 and imported["seconds"] < TARGETS["import_10k_s_max"],
        "hostile_files_refused_within_2_s": bool(hostile)
        and all(
            figures["refused"] and figures["seconds"] < TARGETS["hostile_file_refusal_s_max"]
            for figures in hostile.values()
        ),
        "energy_import_3_5m_rows_within_20_s": energy["rows"] >= TARGETS["energy_import_rows_min"]
        and energy["seconds"] <= TARGETS["energy_import_s_max"],
        "energy_balance_pages_within_100_ms_at_3_5m_rows": bool(energy["pages"])
        and all(page["render_ms"] <= TARGETS["energy_page_ms_max"] for page in energy["pages"].values()),
        "registration_rush_exact": rush["errors"] == 0
        and rush["confirmed"] == rush["capacity"]
        and rush["waiting"] == rush["visitors"] - rush["capacity"]
        and rush["registrations"] == rush["distinct_emails"] == rush["visitors"],
        "soak_without_errors": errors(soak) == 0 and not soak["workers_replaced"],
        "soak_memory_growth_below_20_percent": all(
            worker["growth"] is not None and worker["growth"] <= TARGETS["memory_growth_max"]
            for worker in soak["workers"]
        ),
    }
    return {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": about,
        "connections": CONNECTIONS,
        "baseline_rps": round(baseline_rps, 1),
        "pages": pages,
        "panel": panel,
        "baseline_again": results["baseline_again"],
        "static_file_reference": reference,
        "kept_pdf_of_static_file": pdf_of_static,
        "home_page": weight,
        "soak": soak,
        "pdf": pdf,
        "import": imported,
        "hostile_files": hostile,
        "energy_import": energy,
        "registration_rush": rush,
        "targets": targets,
    }


def render_markdown(results):
    about = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`bench/`); the last run is below, its full figures in"
        " `var/bench/results.json`. Rerun it on your machine to compare: the figures depend on the machine and on"
        " what else it runs.",
        "",
        f"Run {results['when']}, {results['duration_s']} s in all.",
        "",
        "## The machine",
        "",
        f"- CPU: {about['cpu'] or 'unknown'}, {about['cpus']} logical CPUs; memory {about['memory_gib']} GiB",
        f"- {about['os']}; Python {about['python']}; PostgreSQL {about['postgresql']}; Redis {about['redis']}",
        f"- gunicorn, {about['gunicorn_workers']} sync workers, DEBUG off, on loopback; load generator {about['wrk']}"
        f" on the same machine (its threads share the CPUs); load average at the start {about['load_average_1_min_at_start']}",
        "",
        f"## Public pages at {results['connections']} connections, 100 times the real data",
        "",
        "Anonymous visitors. Queries: per request that renders the page, at the real size (1x) and with the generated"
        " data (100x), and per request served from the kept page. Render: the time Django takes to render the page"
        " once without the cache (test client, no HTTP).",
        "",
        "| page | req/s | × baseline | median ms | p99 ms | bytes | queries 1x | queries 100x | queries kept |"
        " render ms 1x | render ms 100x |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, page in results["pages"].items():
        lines.append(
            f"| {label} `{page['path']}` | {page['rps']} | {page['ratio_to_baseline']} | {page['p50_ms']} |"
            f" {page['p99_ms']} | {page['bytes_per_request']} | {page['queries_1x']} | {page['queries_100x']} |"
            f" {page['queries_kept']} | {page['render_ms_1x']} | {page['render_ms_100x']} |"
        )
    again, reference = results["baseline_again"], results["static_file_reference"]
    lines += [
        "",
        f"Baseline: the mean of the first run and a second one at the end ({again['rps']} req/s, p99"
        f" {again['p99_ms']} ms): {results['baseline_rps']} req/s.",
        "",
        f"For comparison with the kept PDF ({results['pages']['agreement_pdf']['bytes_per_request']} bytes a request):"
        f" WhiteNoise sending a static file of {reference['bytes_per_request']} bytes (`{reference['path']}`, no view,"
        f" no query) managed {reference['rps']} req/s ({reference['ratio_to_baseline']} × baseline), p99"
        f" {reference['p99_ms']} ms: the kept PDF reached {results['kept_pdf_of_static_file']} × the static file.",
        "",
        "## Signed-in pages, 100 times the real data",
        "",
        "The workspace's pages, each as the account it names (never kept: every request renders). The main page of"
        f" each persona also under load at {results['connections']} connections, with a session cookie. Bytes and"
        " render: as for the public pages, at 100 times the data.",
        "",
        "| page | as | req/s | × baseline | median ms | p99 ms | bytes | queries 1x | queries 100x | render ms 1x |"
        " render ms 100x |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for label, page in results["panel"].items():
        loaded = "rps" in page
        lines.append(
            f"| {label} `{page['path']}` | {page['persona']} | {page['rps'] if loaded else '-'} |"
            f" {page['ratio_to_baseline'] if loaded else '-'} | {page['p50_ms'] if loaded else '-'} |"
            f" {page['p99_ms'] if loaded else '-'} | {page['bytes_100x']} | {page['queries_1x']} |"
            f" {page['queries_100x']} | {page['render_ms_1x']} | {page['render_ms_100x']} |"
        )
    lines += [
        "",
        "## Home page weight",
        "",
        f"HTML {results['home_page']['html_bytes']} bytes (uncompressed, as gunicorn sends it), with its assets:"
        f" **{results['home_page']['total_bytes'] / 1000:.1f} kB** in all.",
        "",
        "| file | bytes | encoding | cache |",
        "|---|---:|---|---|",
    ]
    for asset in results["home_page"]["assets"]:
        lines.append(
            f"| `{asset['path']}` | {asset['bytes']} | {asset['content_encoding'] or '-'} | {asset['cache_control']} |"
        )
    soak = results["soak"]
    pdf, imported, energy = results["pdf"], results["import"], results["energy_import"]
    lines += [
        "",
        f"## Soak: every page mixed, {soak['connections']} connections, {soak['seconds']} s",
        "",
        f"{soak['requests']} requests, {soak['rps']} req/s, median {soak['p50_ms']} ms, p99 {soak['p99_ms']} ms;"
        f" errors {soak['errors']}; workers replaced: {len(soak['workers_replaced'])}.",
        "",
        "| worker | RSS at start MiB | peak MiB | at end MiB | growth |",
        "|---|---:|---:|---:|---:|",
    ]
    for worker in soak["workers"]:
        growth = "-" if worker["growth"] is None else f"{worker['growth']:.1%}"
        lines.append(
            f"| {worker['pid']} | {worker['rss_start_mib']} | {worker['rss_peak_mib']} | {worker['rss_end_mib']} |"
            f" {growth} |"
        )
    lines += [
        "",
        "## PDF and import (real size)",
        "",
        f"- Agreement PDF, first rendering: {pdf['seed_agreement']['first_rendering_s']} s;"
        f" kept PDF served: {pdf['kept_pdf_served']['mean_s'] * 1000:.1f} ms"
        f" ({pdf['speedup_kept_vs_rendering']}× faster)",
        f"- A {pdf['long_agreement']['pages']}-page agreement with {pdf['long_agreement']['parties']} parties:"
        f" {pdf['long_agreement']['first_rendering_s']} s",
        f"- Importing {imported['rows']} stakeholder rows: {imported['seconds']} s (preview {imported['preview_seconds']} s)",
        "",
        "## Energy readings at the issue's size",
        "",
        f"A year of hourly eLicznik readings of {energy['points']} metering points in both directions, one file a point:"
        f" **{energy['rows']} rows imported in {energy['seconds']} s** ({energy['rows_per_second']} rows/s; reading and"
        f" checking {energy['parse_seconds']} s, writing with COPY and the hourly aggregate {energy['write_seconds']} s),"
        f" {energy['hourly_sums']} hourly sums kept. The balance pages then, rendered without the cache:",
        "",
        "| page | render ms | queries |",
        "|---|---:|---:|",
        *(
            f"| {label} `{page['path']}` | {page['render_ms']} | {page['queries']} |"
            for label, page in energy["pages"].items()
        ),
        "",
        "## Registration rush",
        "",
        f"{results['registration_rush']['visitors']} visitors at once for {results['registration_rush']['capacity']}"
        f" places ({results['registration_rush']['posts']} POSTs with the double clicks):"
        f" {results['registration_rush']['confirmed']} confirmed, {results['registration_rush']['waiting']} waiting,"
        f" {results['registration_rush']['distinct_emails']} distinct e-mails; answers {results['registration_rush']['statuses']};"
        f" p50 {results['registration_rush']['p50_ms']} ms, p99 {results['registration_rush']['p99_ms']} ms,"
        f" max {results['registration_rush']['max_ms']} ms.",
        "",
        "## Files made to hurt the server: time to refuse each",
        "",
        "| file | seconds |",
        "|---|---:|",
        *(f"| {name.replace('_', ' ')} | {figures['seconds']} |" for name, figures in results["hostile_files"].items()),
        "",
        "## Targets",
        "",
    ]
    for name, met in results["targets"].items():
        lines.append(f"- {'met' if met else '**MISSED**'}: {name.replace('_', ' ')}")
    return "\n".join(lines) + "\n"


def write(results):
    """results.json and the table on the terminal; returns the table, for BENCHMARKS.md."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    table = render_markdown(results)
    print(table)
    return table


def write_benchmarks_md(table):
    (BASE_DIR / "BENCHMARKS.md").write_text(table)


def missed(results):
    """The names of the targets missed."""
    return [name for name, met in results["targets"].items() if not met]
