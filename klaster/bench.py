"""The benchmark behind `make bench`: the production configuration under load, on this machine's loopback.

    .venv/bin/python -m klaster.bench [--seconds 5] [--soak-seconds 300] [--workers N]

1. A throwaway PostgreSQL database (klaster_bench), migrated and loaded with the real cluster; Redis database 5 as the
   shared cache; DEBUG off, the static files collected (WhiteNoise, compressed, hashed names).
2. At the real size: the agreement PDF and the 10,000-row import benchmarks (bench_pdf, bench_import); then a
   hundredth of the generated data set (50 stakeholders, 3 events, 2 versions, 20 signatures: the real cluster's size
   with every kind of record) and the SQL queries per request of every page (bench_queries).
3. The generated data set, about 100 times the real cluster (bench_data), and the queries per request again.
4. gunicorn serving it; every page mixed for 3 s to warm every worker up; then wrk at 16 connections on each page for
   a few seconds, the baseline page (a minimal template, no query) first and last; what the home page weighs with its CSS, JavaScript and fonts; how static files are served.
5. A soak: every page mixed at 64 connections for five minutes, watching each worker's memory.
6. The table on the terminal, var/bench/results.json, and BENCHMARKS.md with the machine described. The exit status is
   1 when a target is missed.

PAGES is also read by bench_queries, so both measure the same addresses.
"""

import argparse
import contextlib
import json
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
DATA_DIR = BENCH_DIR / "data"
PYTHON = sys.executable
BIN = Path(PYTHON).parent

PAGES = [
    ("baseline", "/status/live/"),
    ("home", "/"),
    ("members", "/czlonkowie/"),
    ("gmina", "/gminy/tworog/"),
    ("directory", "/interesariusze/"),
    ("directory_filtered", "/interesariusze/?category=company&gmina=tworog"),
    ("directory_search", "/interesariusze/?q=biogaz"),
    ("events", "/wydarzenia/"),
    ("conference_2018", "/wydarzenia/konferencja-2018/"),
    ("agreement", "/porozumienie/"),
    ("sitemap", "/sitemap.xml"),
    ("sitemap_participants", "/sitemap-participants.xml"),
    ("agreement_pdf", "/porozumienie/porozumienie.pdf"),
]
CONNECTIONS = 16
# A static file served by WhiteNoise (no view, no query) about the size of the 100x agreement PDF: what sending that
# many bytes costs on this machine, for comparison with the kept PDF.
REFERENCE_STATIC_FILE = "fonts/DejaVuSans.ttf"
SOAK_CONNECTIONS = 64
TARGETS = {
    "throughput_ratio_min": 0.5,
    "p99_ms_max": 100.0,
    "home_kb_max": 100.0,
    "memory_growth_max": 0.20,
    "seed_pdf_s_max": 2.0,
    "kept_pdf_speedup_min": 50.0,
    "import_10k_s_max": 10.0,
    "static_max_age_s": 31536000,
}
WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH-JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,' ..
    '"status":%d,"timeout":%d},"latency_us":{"p50":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f}}\\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max, latency.mean))
end
"""
WRK_MIX = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def fail(message):
    log(message)
    sys.exit(2)


# --- services ----------------------------------------------------------------------------------------------------


def _port_open(port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def ensure_wrk():
    if shutil.which("wrk"):
        return
    if os.geteuid() == 0 and shutil.which("apt-get"):
        log("installing wrk (Debian package)")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, stdout=subprocess.DEVNULL)
    if not shutil.which("wrk"):
        fail("wrk is needed: install it with `apt-get install wrk`.")


def ensure_postgresql():
    if _port_open(5432):
        return
    versions = sorted(os.listdir("/etc/postgresql")) if os.path.isdir("/etc/postgresql") else []
    if versions:
        log("starting PostgreSQL")
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", versions[-1], "main", "start"], check=False)
        for _ in range(30):
            if _port_open(5432):
                return
            time.sleep(1)
    fail("PostgreSQL is not listening on 127.0.0.1:5432; the benchmark runs on PostgreSQL.")


def ensure_redis():
    if not _port_open(6379) and shutil.which("redis-server"):
        log("starting Redis")
        subprocess.run(
            ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379", "--save", ""], check=False
        )
        time.sleep(1)
    if not _port_open(6379):
        fail("Redis is not listening on 127.0.0.1:6379; several workers share their cache there.")


def fresh_database(url):
    import psycopg

    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        return connection.execute("SHOW server_version").fetchone()[0]


def flush_redis(url):
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    return client.info("server")["redis_version"]


# --- running the portal --------------------------------------------------------------------------------------------


def production_env(database_url, redis_url, port):
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY="bench-" + secrets.token_urlsafe(48),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=database_url,
        REDIS_URL=redis_url,
        KLASTER_VAR_DIR=str(DATA_DIR),
        STATIC_ROOT=str(DATA_DIR / "static"),
        MEDIA_ROOT=str(DATA_DIR / "media"),
        PRIVATE_ROOT=str(DATA_DIR / "private"),
        SITE_URL=f"http://127.0.0.1:{port}",
        LOG_LEVEL="WARNING",
        PYTHONWARNINGS="ignore",
    )
    for name in ("S3_BUCKET", "EMAIL_HOST"):
        env.pop(name, None)
    return env


def manage(env, *args, capture=False):
    started = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=BASE_DIR, env=env, check=False, text=True, capture_output=capture
    )
    if result.returncode != 0:
        if capture:
            sys.stderr.write(result.stdout + result.stderr)
        fail(f"manage.py {' '.join(args)} failed (exit {result.returncode}).")
    log(f"manage.py {' '.join(args)}: {time.perf_counter() - started:.1f} s")
    return result.stdout if capture else None


def manage_json(env, *args):
    output = manage(env, *args, capture=True)
    return json.loads(output[output.index("{") :])


class Server:
    """gunicorn with sync workers and gunicorn.conf.py, as in production (a reverse proxy in front terminates TLS)."""

    def __init__(self, env, port, workers):
        self.port, self.workers = port, workers
        command = [
            str(BIN / "gunicorn"),
            "klaster.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--threads",
            "1",
            "--log-level",
            "warning",
        ]  # the rest from gunicorn.conf.py
        self.process = subprocess.Popen(command, cwd=BASE_DIR, env=env, start_new_session=True)
        self.url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            if self.process.poll() is not None:
                fail("gunicorn did not start.")
            try:
                if get(self.url + "/status/live/")[0] == 200 and len(self.worker_pids()) == workers:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        fail("gunicorn did not answer within 20 s.")

    def worker_pids(self):
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return sorted(int(pid) for pid in children.read_text().split()) if children.exists() else []

    def stop(self):
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def get(url, headers=None):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def wrk(url, *, connections, seconds, script):
    command = [
        "wrk",
        "-t",
        "2",
        "-c",
        str(connections),
        "-d",
        f"{seconds}s",
        "--timeout",
        "10s",
        "-H",
        "X-Forwarded-Proto: https",
        "-s",
        str(script),
        url,
    ]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH-JSON "))
    report = json.loads(line.removeprefix("BENCH-JSON "))
    seconds_run = report["duration_us"] / 1e6
    return {
        "rps": round(report["requests"] / seconds_run, 1),
        "requests": report["requests"],
        "p50_ms": round(report["latency_us"]["p50"] / 1000, 2),
        "p99_ms": round(report["latency_us"]["p99"] / 1000, 2),
        "max_ms": round(report["latency_us"]["max"] / 1000, 2),
        "bytes_per_request": round(report["bytes"] / max(report["requests"], 1)),
        "errors": report["errors"],
    }


# --- what the home page weighs, how static files are served --------------------------------------------------------


def page_weight(base_url):
    """The home page and what it loads (stylesheets, scripts, fonts and what the stylesheets import), as a browser
    that accepts compression receives them."""
    accept = {"Accept-Encoding": "br, gzip"}
    status, headers, html = get(base_url + "/", accept)
    text = html.decode()
    assets = re.findall(r'<link[^>]+rel="(?:stylesheet|preload)"[^>]*href="([^"]+)"', text)
    assets += re.findall(r'<script[^>]+src="([^"]+)"', text)
    files, seen = [], set()
    while assets:
        path = assets.pop(0)
        if path in seen or not path.startswith("/"):
            continue
        seen.add(path)
        asset_status, asset_headers, body = get(base_url + path, accept)
        files.append(
            {
                "path": path,
                "status": asset_status,
                "bytes": len(body),
                "content_encoding": asset_headers.get("Content-Encoding", ""),
                "cache_control": asset_headers.get("Cache-Control", ""),
                "hashed_name": bool(re.search(r"\.[0-9a-f]{12}\.\w+$", path)),
            }
        )
        if path.endswith(".css"):
            plain = get(base_url + path)[2].decode()
            folder = path.rsplit("/", 1)[0]
            for ref in re.findall(r"url\(['\"]?([^'\")]+)['\"]?\)", plain):
                if not ref.startswith(("data:", "http")):
                    assets.append(ref if ref.startswith("/") else f"{folder}/{ref}")
    total = len(html) + sum(item["bytes"] for item in files)
    return {"html_bytes": len(html), "html_status": status, "assets": files, "total_bytes": total}


def static_ok(asset):
    max_age = re.search(r"max-age=(\d+)", asset["cache_control"])
    return (
        asset["status"] == 200
        and asset["hashed_name"]
        and bool(max_age)
        and int(max_age.group(1)) >= TARGETS["static_max_age_s"]
        and (asset["content_encoding"] in {"br", "gzip"} or asset["bytes"] < 1024)
    )


# --- the machine ----------------------------------------------------------------------------------------------------


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


# --- the run --------------------------------------------------------------------------------------------------------


def run(args):
    started = time.perf_counter()
    ensure_wrk()
    ensure_postgresql()
    ensure_redis()
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    port = _free_port()
    postgres_version = fresh_database(args.database_url)
    redis_version = flush_redis(args.redis_url)
    env = production_env(args.database_url, args.redis_url, port)
    about = machine(postgres_version, redis_version, args.workers)

    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loadcluster")
    manage(env, "collectstatic", "--noinput", "-v0")

    log("the PDF and import benchmarks at the real size")
    pdf = manage_json(env, "bench_pdf")
    imported = manage_json(env, "bench_import")
    log("queries per request at the real size, with a hundredth of the generated data set")
    manage(env, "bench_data", *args.small_data)
    queries_1x = manage_json(env, "bench_queries")
    manage(env, "bench_data", *args.data)
    log("queries per request at 100 times the data (the first PDF request renders it)")
    queries_100x = manage_json(env, "bench_queries")
    flush_redis(args.redis_url)  # gunicorn starts from an empty cache, like after a deployment

    server = Server(env, port, args.workers)
    try:
        for _label, path in PAGES:  # the first request renders and keeps each page
            status = get(server.url + path)[0]
            if status != 200:
                fail(f"{path} answered {status} under gunicorn.")
        weight = page_weight(server.url)
        report = BENCH_DIR / "wrk-report.lua"
        report.write_text(WRK_REPORT)
        mix = write_mix(report)
        log("warming every worker up: every page mixed for 3 s (not counted)")
        wrk(server.url, connections=CONNECTIONS, seconds=3, script=mix)
        results = {}
        reference = ("static_file_reference", "/static/" + _static_name(REFERENCE_STATIC_FILE))
        for label, path in [*PAGES, reference, ("baseline_again", PAGES[0][1])]:
            results[label] = wrk(server.url + path, connections=CONNECTIONS, seconds=args.seconds, script=report)
            log(f"{label}: {results[label]['rps']} req/s, p99 {results[label]['p99_ms']} ms")
        results[reference[0]]["path"] = reference[1]
        soak = run_soak(server, args.soak_seconds, mix)
    finally:
        server.stop()

    results_json = assemble(about, results, queries_1x, queries_100x, weight, soak, pdf, imported)
    results_json["duration_s"] = round(time.perf_counter() - started, 1)
    results_json["targets"]["finished_within_10_min"] = results_json["duration_s"] < 600
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    (BENCH_DIR / "results.json").write_text(json.dumps(results_json, indent=2, ensure_ascii=False) + "\n")
    table = render_markdown(results_json)
    print(table)
    if args.write_benchmarks_md:
        (BASE_DIR / "BENCHMARKS.md").write_text(table)
    missed = [name for name, met in results_json["targets"].items() if not met]
    if missed:
        log("targets missed: " + ", ".join(missed))
        return 1
    log(f"every target met in {results_json['duration_s']} s")
    return 0


def write_mix(report):
    """A wrk script asking for every public page in turn."""
    mix = BENCH_DIR / "wrk-mix.lua"
    paths = ", ".join(f'"{path}"' for label, path in PAGES if label != "baseline")
    mix.write_text(WRK_MIX % paths + report.read_text())
    return mix


def _static_name(name):
    """The hashed name collectstatic gave `name` (WhiteNoise's manifest)."""
    manifest = json.loads((DATA_DIR / "static" / "staticfiles.json").read_text())
    return manifest["paths"][name]


def run_soak(server, seconds, mix):
    pids = server.worker_pids()
    before = {pid: rss_kib(pid) for pid in pids}
    peak = dict(before)
    stop = threading.Event()

    def watch():
        while not stop.wait(5):
            for pid in pids:
                with contextlib.suppress(FileNotFoundError):
                    peak[pid] = max(peak[pid], rss_kib(pid))

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    log(f"soak: every page mixed, {SOAK_CONNECTIONS} connections, {seconds} s")
    load = wrk(server.url, connections=SOAK_CONNECTIONS, seconds=seconds, script=mix)
    stop.set()
    watcher.join()
    after = {}
    for pid in pids:
        try:
            after[pid] = rss_kib(pid)
        except FileNotFoundError:
            after[pid] = None  # a worker that was replaced: reported as such
    workers = [
        {
            "pid": pid,
            "rss_start_mib": round(before[pid] / 1024, 1),
            "rss_peak_mib": round(peak[pid] / 1024, 1),
            "rss_end_mib": round(after[pid] / 1024, 1) if after[pid] else None,
            "growth": round(peak[pid] / before[pid] - 1, 3) if before[pid] else None,
        }
        for pid in pids
    ]
    return {
        "seconds": seconds,
        "connections": SOAK_CONNECTIONS,
        **load,
        "workers": workers,
        "workers_replaced": sorted(set(pids) ^ set(server.worker_pids())),
    }


def assemble(about, results, queries_1x, queries_100x, weight, soak, pdf, imported):
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
    public = [label for label, _path in PAGES if label not in {"baseline", "agreement_pdf"}]
    reference = dict(results["static_file_reference"])
    reference["ratio_to_baseline"] = round(reference["rps"] / baseline_rps, 2)
    errors = lambda figures: sum(figures["errors"].values())  # noqa: E731
    targets = {
        "pages_at_least_half_baseline_throughput": all(
            pages[label]["ratio_to_baseline"] >= TARGETS["throughput_ratio_min"] for label in public
        ),
        "kept_pdf_at_least_half_baseline_throughput": pages["agreement_pdf"]["ratio_to_baseline"]
        >= TARGETS["throughput_ratio_min"],
        "p99_below_100_ms": all(pages[label]["p99_ms"] < TARGETS["p99_ms_max"] for label in [*public, "agreement_pdf"]),
        "same_queries_at_1x_and_100x": all(
            pages[label]["queries_1x"] == pages[label]["queries_100x"] for label in pages
        ),
        "no_errors_under_load": all(errors(results[label]) == 0 for label in results),
        "home_page_under_100_kb": weight["total_bytes"] < TARGETS["home_kb_max"] * 1000,
        "static_compressed_hashed_cached_a_year": bool(weight["assets"])
        and all(static_ok(asset) for asset in weight["assets"]),
        "seed_pdf_within_2_s": pdf["seed_agreement"]["first_rendering_s"] < TARGETS["seed_pdf_s_max"],
        "kept_pdf_50x_faster": pdf["speedup_kept_vs_rendering"] >= TARGETS["kept_pdf_speedup_min"],
        "import_10k_rows_within_10_s": imported["rows"] >= 10000 and imported["seconds"] < TARGETS["import_10k_s_max"],
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
        "baseline_again": results["baseline_again"],
        "static_file_reference": reference,
        "home_page": weight,
        "soak": soak,
        "pdf": pdf,
        "import": imported,
        "targets": targets,
    }


def render_markdown(results):
    about = results["machine"]
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (`klaster/bench.py`); the last run is below, its full figures in"
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
        f" {reference['p99_ms']} ms.",
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
    pdf, imported = results["pdf"], results["import"]
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
        "## Targets",
        "",
    ]
    for name, met in results["targets"].items():
        lines.append(f"- {'met' if met else '**MISSED**'}: {name.replace('_', ' ')}")
    return "\n".join(lines) + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    parser.add_argument("--seconds", type=int, default=5, help="wrk's run per page")
    parser.add_argument("--soak-seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/klaster_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/5"))
    parser.add_argument("--no-benchmarks-md", dest="write_benchmarks_md", action="store_false")
    parser.add_argument(
        "--quick", action="store_true", help="a smoke run: a tenth of the data, 2 s per page, a 20 s soak"
    )
    args = parser.parse_args()
    args.data = []  # bench_data's defaults: 5,000 stakeholders, 300 events, 50 versions, 2,000 signatures
    args.small_data = ["--stakeholders", "50", "--events", "3", "--versions", "2", "--signatures", "20"]
    if args.quick:
        args.data = ["--stakeholders", "500", "--events", "30", "--versions", "5", "--signatures", "200"]
        args.small_data = ["--stakeholders", "5", "--events", "1", "--versions", "2", "--signatures", "2"]
        args.seconds, args.soak_seconds = 2, 20
    sys.exit(run(args))


if __name__ == "__main__":
    main()
