"""The benchmark behind `make bench`: the production configuration under load, on this machine's loopback.

    KLASTER_BENCH=1 .venv/bin/python -m bench [--seconds 5] [--soak-seconds 300] [--workers N] [--quick]

1. A throwaway PostgreSQL database (klaster_bench), migrated and loaded with the real cluster; Redis database 5 as the
   shared cache; DEBUG off, the static files collected (WhiteNoise, compressed, hashed names).
2. At the real size: the agreement PDF and the 10,000-row import benchmarks (bench_pdf, bench_import), the time to
   refuse each file made to hurt the server (bench_hostile), a year of hourly energy readings of 200 metering points
   (about 3.5 million rows) imported and the balance pages rendered at that size, then rolled back
   (bench_energy_import); then a
   hundredth of the generated data set (50 stakeholders, 3 events, 2 versions, 20 signatures: the real cluster's size
   with every kind of record) and the SQL queries per request of every page (bench_queries).
3. The generated data set, about 100 times the real cluster (bench_data), and the queries per request again.
4. gunicorn serving it; every page mixed for 3 s to warm every worker up; then wrk at 16 connections on each page for
   a few seconds, the baseline page (a minimal template, no query) first and last, and on the main page of a member of
   staff and of the coordinator, signed in with a session bench_sessions wrote (bench.pages.PANEL_LOADED); what the
   home page weighs with its CSS, JavaScript and fonts; how static files are served. bench_queries also renders every
   panel page (PANEL_PAGES) as its account.
5. The registration rush: 200 visitors, each from an address of their own, send the form of one event with 50 places
   at the same moment (20 of them twice): exactly 50 confirmed, 150 waiting, no error, no e-mail twice; p99 reported.
6. A soak: every page mixed at 64 connections for five minutes, watching each worker's memory.
7. The table on the terminal, var/bench/results.json, and BENCHMARKS.md with the machine described. The exit status is
   1 when a target is missed.

The pages are in bench/pages.py, the processes in bench/processes.py, the load in bench/load.py, the soak in
bench/soak.py, the targets and the table in bench/report.py. `make bench` runs this with KLASTER_BENCH=1, and so
does every manage.py and gunicorn it starts (processes.production_env): the bench app and its commands are
installed only then.
"""

import argparse
import os
import shutil
import sys
import time

from bench import report
from bench.load import CONNECTIONS, page_weight, registration_rush, static_reference, write_scripts, wrk
from bench.pages import PAGES, PANEL_LOADED, PANEL_PAGES
from bench.processes import (
    DATA_DIR,
    Server,
    ensure_postgresql,
    ensure_redis,
    ensure_wrk,
    fail,
    flush_redis,
    free_port,
    fresh_database,
    get,
    log,
    manage,
    manage_json,
    production_env,
)
from bench.soak import run_soak


def run(args):
    started = time.perf_counter()
    ensure_wrk()
    ensure_postgresql()
    ensure_redis()
    shutil.rmtree(DATA_DIR, ignore_errors=True)
    DATA_DIR.mkdir(parents=True)
    port = free_port()
    postgres_version = fresh_database(args.database_url)
    redis_version = flush_redis(args.redis_url)
    env = production_env(args.database_url, args.redis_url, port)
    about = report.machine(postgres_version, redis_version, args.workers)

    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "loadcluster")
    manage(env, "collectstatic", "--noinput", "-v0")

    log("the PDF and import benchmarks at the real size")
    pdf = manage_json(env, "bench_pdf")
    imported = manage_json(env, "bench_import")
    hostile = manage_json(env, "bench_hostile")
    log("the import of a year of hourly readings of 200 metering points (about 3.5 million rows) and the balance pages")
    energy = manage_json(env, "bench_energy_import")
    log("queries per request at the real size, with a hundredth of the generated data set")
    manage(env, "bench_data", *args.small_data)
    queries_1x = manage_json(env, "bench_queries")
    manage(env, "bench_data", *args.data)
    log("queries per request at 100 times the data (the first PDF request renders it)")
    queries_100x = manage_json(env, "bench_queries")
    flush_redis(args.redis_url)  # gunicorn starts from an empty cache, like after a deployment
    opened = manage_json(env, "bench_registration", "--open", str(args.rush_places))
    cookies = manage_json(env, "bench_sessions")  # after the flush: the sessions are in the database and in Redis

    server = Server(env, port, args.workers)
    try:
        for _label, path in PAGES:  # the first request renders and keeps each page
            status = get(server.url + path)[0]
            if status != 200:
                fail(f"{path} answered {status} under gunicorn.")
        panel = {label: (path, persona) for label, path, persona in PANEL_PAGES if label in PANEL_LOADED}
        for path, persona in panel.values():
            status = get(server.url + path, {"Cookie": cookies[persona]})[0]
            if status != 200:
                fail(f"{path} answered {status} to the signed-in {persona} under gunicorn.")
        weight = page_weight(server.url)
        script, mix = write_scripts()
        log("warming every worker up: every page mixed for 3 s, then each signed-in page for 2 s (not counted)")
        wrk(server.url, connections=CONNECTIONS, seconds=3, script=mix)
        for path, persona in panel.values():  # a worker's first signed-in page loads what public pages do not
            wrk(server.url + path, connections=CONNECTIONS, seconds=2, script=script, cookie=cookies[persona])
        results = {}
        reference = static_reference()
        loads = [(label, path, None) for label, path in [*PAGES, reference]]
        loads += [(label, path, cookies[persona]) for label, (path, persona) in panel.items()]  # signed in
        loads.append(("baseline_again", PAGES[0][1], None))
        for label, path, cookie in loads:
            results[label] = wrk(
                server.url + path, connections=CONNECTIONS, seconds=args.seconds, script=script, cookie=cookie
            )
            log(f"{label}: {results[label]['rps']} req/s, p99 {results[label]['p99_ms']} ms")
        results[reference[0]]["path"] = reference[1]
        log(f"the registration rush: {args.rush_visitors} visitors at once for {args.rush_places} places")
        rush = registration_rush(server.url, opened["path"], visitors=args.rush_visitors)
        rush.update(manage_json(env, "bench_registration", "--count"), capacity=args.rush_places)
        log(f"registration rush: {rush['statuses']}, p99 {rush['p99_ms']} ms, {rush['confirmed']} confirmed")
        soak = run_soak(server, args.soak_seconds, mix)
    finally:
        server.stop()

    results_json = report.assemble(
        about, results, queries_1x, queries_100x, weight, soak, pdf, imported, hostile, rush, energy
    )
    results_json["duration_s"] = round(time.perf_counter() - started, 1)
    results_json["targets"]["finished_within_10_min"] = results_json["duration_s"] < 600
    table = report.write(results_json)
    if args.write_benchmarks_md:
        report.write_benchmarks_md(table)
    missed = report.missed(results_json)
    if missed:
        log("targets missed: " + ", ".join(missed))
        return 1
    log(f"every target met in {results_json['duration_s']} s")
    return 0


def main():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n", 1)[0])
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
    args.rush_visitors, args.rush_places = 200, 50
    args.data = []  # bench_data's defaults: 5,000 stakeholders, 300 events, 50 versions, 2,000 signatures
    args.small_data = ["--stakeholders", "50", "--events", "3", "--versions", "2", "--signatures", "20"]
    if args.quick:
        args.data = ["--stakeholders", "500", "--events", "30", "--versions", "5", "--signatures", "200"]
        args.small_data = ["--stakeholders", "5", "--events", "1", "--versions", "2", "--signatures", "2"]
        args.seconds, args.soak_seconds = 2, 20
    sys.exit(run(args))


if __name__ == "__main__":
    main()
