"""Real servers the tests talk to over the network: an S3 endpoint (moto's, in this process) and Redis (CI starts it);
and processes run as the portal runs in a shell (manage.py, python with the settings), with a clean environment."""

import os
import socket
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]  # the project: where manage.py is


def free_port():
    """A TCP port nothing listens on at the moment."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# --- S3: a real endpoint over HTTP (moto's server), for the object storage and several servers ---------------------

S3_REGION = "eu-central-1"
S3_KEYS = {"access_key": "test-access-key", "secret_key": "test-secret-key"}


@contextmanager
def s3_endpoint():
    """A real S3 endpoint over HTTP, in this process, on a free port: yields its address."""
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def s3_client(endpoint):
    """boto3's client of the S3 endpoint, with the keys it accepts."""
    import boto3

    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=S3_REGION,
        aws_access_key_id=S3_KEYS["access_key"],
        aws_secret_access_key=S3_KEYS["secret_key"],
    )


# --- Redis -------------------------------------------------------------------------------------------------------------

REDIS_URL = os.environ.get("KLASTER_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def redis_or_skip(url=REDIS_URL):
    """Skip the test when Redis does not answer at `url` (fail it in CI, which starts Redis)."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError:
        message = f"Redis is not listening at {url} (CI starts it)"
        if os.environ.get("CI") or os.environ.get("KLASTER_REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)


# --- processes -----------------------------------------------------------------------------------------------------

# What a fresh process must not inherit from the test run (each test sets what it means): the development settings
# unless told otherwise, the test database only when asked, no object storage.
NOT_INHERITED = {
    "DEBUG",
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "SITE_URL",
    "DATABASE_URL",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
    "KLASTER_BENCH",
    "TRUSTED_PROXY_COUNT",
    "TRUSTED_CLIENT_IP_HEADER",
}
NOT_INHERITED_PREFIXES = ("S3_", "AWS_")


def clean_environment(**env):
    """This process's environment without NOT_INHERITED (and S3_*, AWS_*), with `env` on top."""
    kept = {
        name: value
        for name, value in os.environ.items()
        if name not in NOT_INHERITED and not name.startswith(NOT_INHERITED_PREFIXES)
    }
    return {**kept, **env}


def run_manage(*args, **env):
    """`manage.py *args` in a fresh process with a clean environment and `env`: the completed process (text)."""
    return subprocess.run(  # noqa: S603 (our own manage.py)
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean_environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def run_python(code, **env):
    """`code` in a fresh Python with Django set up (the portal's settings, a clean environment and `env`)."""
    command = [sys.executable, "-c", "import django; django.setup()\n" + code]
    return subprocess.run(  # noqa: S603 (the tests' own code)
        command,
        cwd=ROOT,
        env=clean_environment(**env, DJANGO_SETTINGS_MODULE="klaster.settings"),
        capture_output=True,
        text=True,
        timeout=60,
    )
