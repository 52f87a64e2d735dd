"""gunicorn's settings for Klaster in production; gunicorn reads this file from the directory it starts in:

    gunicorn klaster.wsgi:application

Environment: GUNICORN_BIND (default 127.0.0.1:8000, behind the reverse proxy), WEB_CONCURRENCY (worker processes,
default 2 × CPUs + 1), GUNICORN_THREADS (threads per worker, default 1: sync workers). With threads, set
DATABASE_POOL_SIZE to the same number (see klaster/settings.py). Options on the command line override these.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = 120  # the first rendering of a long agreement PDF (several seconds) must not be cut off
graceful_timeout = 30
backlog = 2048
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
