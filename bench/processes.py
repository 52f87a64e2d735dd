"""What the benchmark starts and talks to: wrk, PostgreSQL and Redis (started when installed but stopped), a
throwaway database, manage.py and gunicorn under the production settings, and plain HTTP requests to them."""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
BENCH_DIR = BASE_DIR / "var" / "bench"
DATA_DIR = BENCH_DIR / "data"
PYTHON = sys.executable
BIN = Path(PYTHON).parent


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


def free_port():
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
        TRUSTED_PROXY_COUNT="1",  # as behind the reverse proxy: the registration rush comes from 200 addresses
        KLASTER_BENCH="1",  # the bench app and its commands (bench_data, ...), which production does not install
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


def get(url, headers=None):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


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
