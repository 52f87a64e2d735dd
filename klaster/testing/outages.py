"""Services the tests stop and start, to see what the portal does meanwhile: a PostgreSQL cluster of the test's own
(never the shared server on 5432, which other tests use), a real SMTP server, and the portal itself under gunicorn in
the production configuration."""

import fcntl
import glob
import hashlib
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from klaster.testing.servers import ROOT, clean_environment, free_port

PRODUCTION_SECRET = "outage-tests-" + "s" * 60


def _skip_or_fail(message):
    if os.environ.get("CI") or os.environ.get("KLASTER_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temporary folder, on a free port, with one database `klaster`; stopped and started at
    will. initdb and the server refuse to run as root: run as root, they run as the `postgres` user (runuser)."""

    def __init__(self):
        binaries = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
        if not binaries:
            _skip_or_fail("PostgreSQL's server programs are not installed (apt install postgresql)")
        self.bin = Path(binaries[-1]).parent
        self.port = free_port()
        self.folder = Path(tempfile.mkdtemp(prefix="klaster-pg-"))  # not under pytest's folder, which only root reads
        self.data = self.folder / "data"
        self.log = self.folder / "server.log"
        self.as_user = []
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            self.as_user = ["runuser", "-u", "postgres", "--"]
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync")
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "klaster")
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/klaster"

    def _run(self, program, *args):
        command = [*self.as_user, str(self.bin / program), *map(str, args)]
        subprocess.run(command, check=True, capture_output=True, timeout=120)  # noqa: S603 (PostgreSQL's own programs)

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "start")

    def stop(self):
        """Stopped as an administrator stops it: connected clients are cut off."""
        self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop")

    def remove(self):
        command = [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
        subprocess.run(command, capture_output=True, timeout=60)  # noqa: S603 (PostgreSQL's own program)
        shutil.rmtree(self.folder, ignore_errors=True)


@contextmanager
def throwaway_postgres():
    """A ThrowawayPostgres, removed afterwards whatever happened."""
    cluster = ThrowawayPostgres()
    try:
        yield cluster
    finally:
        cluster.remove()


class SmtpServer:
    """A real SMTP server (aiosmtpd) on a port of its own, in this process, stopped and started at will (the port
    stays the same): `messages` lists the envelopes it accepted. `refuse` makes it answer every RCPT with that reply."""

    def __init__(self):
        self.port = free_port()
        self.messages = []
        self.refuse = None
        self._controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 (aiosmtpd's name)
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.messages.append(envelope)
        return "250 Message accepted for delivery"

    def start(self):
        from aiosmtpd.controller import Controller

        self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def settings(self):
        """The portal's settings that send through this server (queued, as in production)."""
        return {
            "EMAIL_BACKEND": "klaster.mail.QueuedEmailBackend",
            "EMAIL_DELIVERY_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": self.port,
            "EMAIL_USE_TLS": False,
            "EMAIL_HOST_USER": "",
            "EMAIL_HOST_PASSWORD": "",
            "EMAIL_TIMEOUT": 5,
        }


@contextmanager
def smtp_server(*, started=True):
    """An SmtpServer (started, unless told otherwise), stopped afterwards whatever happened."""
    server = SmtpServer()
    if started:
        server.start()
    try:
        yield server
    finally:
        server.stop()


def production_environment(**env):
    """The environment of a production process (DEBUG off) of the portal, with `env` on top."""
    return clean_environment(
        DEBUG="0",
        SECRET_KEY=PRODUCTION_SECRET,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SITE_URL="https://klaster.example.org",
        SECURE_SSL_REDIRECT="0",
        **env,
    )


def collect_static(folder=None):
    """The static files collected as a deployment does (hashed names, compressed): production pages need its manifest.

    Collecting takes half a minute or more (compressing the fonts), so without `folder` it is done once per content of
    static/ for every test process of the machine: in a folder of the system's temporary directory named by a
    fingerprint of the files (their paths, sizes and times), of the settings and of the
    pinned packages (whose apps bring static files too), under a lock, so that four xdist workers and CI's two passes
    wait for one collection instead of making four. A folder given is collected into as asked."""
    if folder is not None:
        _collect_into(folder)
        return folder
    sources = sorted(
        (str(path.relative_to(ROOT)), path.stat().st_size, path.stat().st_mtime_ns)
        for path in (ROOT / "static").rglob("*")
        if path.is_file()
    )
    settings_and_packages = [(ROOT / name).read_bytes() for name in ("klaster/settings.py", "requirements.txt")]
    fingerprint = hashlib.sha256(repr((sys.executable, sources, settings_and_packages)).encode()).hexdigest()[:16]
    shared = Path(tempfile.gettempdir()) / f"klaster-static-{fingerprint}"
    with open(f"{shared}.lock", "w") as lock:  # noqa: PTH123 (a lock file, not data)
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (shared / "staticfiles.json").exists():
            shutil.rmtree(shared, ignore_errors=True)
            partial = Path(tempfile.mkdtemp(prefix="klaster-static-partial-"))
            _collect_into(partial)
            partial.rename(shared)
    return shared


def _collect_into(folder):
    subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=production_environment(STATIC_ROOT=str(folder)),
        check=True,
        timeout=300,
    )


class Portal:
    """The portal under gunicorn on a free port, in the production configuration with `env`."""

    def __init__(self, folder, *, workers=1, threads=1, **env):
        self.port = free_port()
        self.log = Path(folder) / f"gunicorn-{self.port}.log"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "klaster.wsgi:application",
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603 (our own server)
                command, cwd=ROOT, env=production_environment(**env), stdout=log, stderr=subprocess.STDOUT
            )
        for _ in range(150):
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {self.log.read_text()}")
            try:
                if self.get("/status/live/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer: {self.log.read_text()}")

    def get(self, path, **headers):
        """(status, headers, body text) of GET `path`."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request("GET", path, headers={"Host": "127.0.0.1", **headers})
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            conn.close()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
