"""The soak: every page mixed at 64 connections for minutes, watching each gunicorn worker's memory."""

import contextlib
import threading

from bench.load import wrk
from bench.processes import log, rss_kib

SOAK_CONNECTIONS = 64


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
