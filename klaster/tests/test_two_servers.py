"""Two app servers over the same PostgreSQL and Redis, as on two machines behind a load balancer.

Each server is a real gunicorn in the production configuration (DEBUG off, threaded workers with a connection pool,
REDIS_URL) on its own port, with its own local folders: what they share is only the database, Redis and, for files,
the object storage. A login on one is valid on the other, failed logins count across both, and a PDF rendered by one
is served by the other from the kept file.

PostgreSQL only (SQLite cannot be shared by two machines): on SQLite this module defines no test.
"""

import html
import http.client
import os
import re
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from agreements.models import IssuedPdf
from klaster.testing import PASSWORD, ROOT, S3_KEYS, S3_REGION, collect_static, free_port, s3_client

REDIS_URL = os.environ.get("KLASTER_TEST_SERVERS_REDIS_URL", "redis://127.0.0.1:6379/14")
SECRET = "two-servers-" + "s" * 60
PUBLIC_HOST = "klaster.example.org"  # the load balancer passes the portal's own name to every server


class Browser:
    """Just enough of a browser: cookies kept across both servers (as one site behind a load balancer would be)."""

    def __init__(self):
        self.cookies = {}

    def request(self, server, method, path, form=None):
        body = None
        headers = {"Host": PUBLIC_HOST, "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if form is not None:
            from urllib.parse import urlencode

            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://{PUBLIC_HOST}"
            headers["Referer"] = f"https://{PUBLIC_HOST}{path}"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        conn.close()
        return response.status, response.headers, data

    def login(self, server, email, password):
        status, _headers, page = self.request(server, "GET", "/konto/login/")
        assert status == 200
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        return self.request(
            server, "POST", "/konto/login/", {"csrfmiddlewaretoken": token, "login": email, "password": password}
        )


def _production_env(**extra):
    return {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST", "S3_"))},
        "DEBUG": "0",
        "SECRET_KEY": SECRET,
        "ALLOWED_HOSTS": f"127.0.0.1,{PUBLIC_HOST}",
        "SITE_URL": f"https://{PUBLIC_HOST}",
        **extra,
    }


class Server:
    def __init__(self, name, tmp_path, static_root, extra_env):
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.folder = folder = tmp_path / name
        env = _production_env(
            DATABASE_URL=_database_url(),
            DATABASE_POOL_SIZE="2",
            REDIS_URL=REDIS_URL,
            KLASTER_VAR_DIR=str(folder),
            STATIC_ROOT=str(static_root),
            MEDIA_ROOT=str(folder / "media"),
            PRIVATE_ROOT=str(folder / "private"),
            LOG_LEVEL="INFO",
            **extra_env,
        )
        folder.mkdir()
        self.log = folder / "server.log"
        command = [
            str(Path(sys.executable).parent / "gunicorn"),
            "klaster.wsgi:application",
            "--bind",
            self.host,
            "--workers",
            "2",
            "--threads",
            "2",
        ]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self):
        for _ in range(150):
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn stopped: {self.log.read_text()}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/status/live/", headers={"Host": self.host, "X-Forwarded-Proto": "https"})
                if conn.getresponse().status == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        pytest.fail(f"gunicorn did not answer: {self.log.read_text()}")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def _database_url():
    db = connection.settings_dict
    user = db["USER"] or "postgres"
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _flush_redis():
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def _text(page):
    return html.unescape(re.sub(r"\s+", " ", re.sub(rb"<[^>]+>", b" ", page).decode()))


if settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":

    @pytest.fixture
    def object_storage_env(endpoint):  # noqa: F811
        """One bucket for both servers, as two machines would share it."""
        name = f"klaster-servers-{os.urandom(4).hex()}"
        s3 = s3_client(endpoint)
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": S3_REGION})
        return {
            "S3_BUCKET": name,
            "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": S3_REGION,
            "S3_ACCESS_KEY_ID": S3_KEYS["access_key"],
            "S3_SECRET_ACCESS_KEY": S3_KEYS["secret_key"],
        }

    @pytest.fixture(scope="module")
    def static_root():
        """The static files collected as a deployment does (hashed names, compressed), once for every test process."""
        return collect_static()

    @pytest.fixture
    def two_servers(transactional_db, cluster, tmp_path, static_root, object_storage_env):
        _flush_redis()
        servers = [Server(name, tmp_path, static_root, object_storage_env) for name in ("a", "b")]
        yield servers
        for server in servers:
            server.stop()
        _flush_redis()

    @pytest.fixture
    def staff(staff_tworog):
        """Tworóg's staff, with the password hashed as the servers hash (the tests' own hasher is a fast one)."""
        hasher = PBKDF2PasswordHasher()
        staff_tworog.password = hasher.encode(PASSWORD, hasher.salt())
        staff_tworog.save()
        return staff_tworog

    def test_a_login_on_one_server_is_valid_on_the_other(two_servers, staff):
        first, second = two_servers
        browser = Browser()
        status, headers, _page = browser.login(first, staff.email, PASSWORD)
        assert status == 302, _text(_page)[-1500:]
        assert headers["Location"] == "/panel/"
        status, _headers, page = browser.request(second, "GET", "/panel/gminy/tworog/")
        assert status == 200
        assert "Tworóg" in _text(page)
        assert staff.email in _text(page)

        anonymous = Browser()
        status, headers, _page = anonymous.request(second, "GET", "/panel/gminy/tworog/")
        assert status == 302
        assert headers["Location"].startswith("/konto/login/")

        # Signing out on the second server ends the session on the first as well.
        status, _headers, page = browser.request(second, "GET", "/konto/logout/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        browser.request(second, "POST", "/konto/logout/", {"csrfmiddlewaretoken": token})
        status, headers, _page = browser.request(first, "GET", "/panel/gminy/tworog/")
        assert status == 302
        assert headers["Location"].startswith("/konto/login/")

    def test_failed_logins_count_across_both_servers(two_servers, staff):
        first, second = two_servers
        browser = Browser()
        for server in (first, second, first, second, first):  # 5 failed logins for the account, over both servers
            status, _headers, page = browser.login(server, staff.email, "not-the-password")
            assert status == 200
            assert "Podany adres e-mail i/lub hasło są niepoprawne." in _text(page)
        status, _headers, page = browser.login(second, staff.email, PASSWORD)  # even the right password now
        assert status == 200
        assert "Zbyt wiele nieudanych prób logowania." in _text(page)
        assert "sessionid" not in browser.cookies

    def test_a_pdf_rendered_by_one_server_is_served_by_the_other(two_servers):
        first, second = two_servers
        status, headers, rendered = Browser().request(first, "GET", "/porozumienie/porozumienie.pdf")
        assert status == 200
        assert rendered.startswith(b"%PDF-")
        status, headers_second, served = Browser().request(second, "GET", "/porozumienie/porozumienie.pdf")
        assert status == 200
        assert served == rendered
        assert headers_second["ETag"] == headers["ETag"]
        assert IssuedPdf.objects.count() == 1
        assert not list((first.folder / "private").rglob("*.pdf"))  # kept in the shared bucket, not on one machine
        first.stop(), second.stop()  # flush the logs
        assert "PDF rendered" in first.log.read_text()
        assert "PDF rendered" not in second.log.read_text()
