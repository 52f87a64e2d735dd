"""Start-up refuses wrong or missing configuration, naming the variable; production is locked down."""

import os

import pytest

from klaster.testing import REDIS_URL, redis_or_skip, run_manage

GOOD_KEY = "k" * 20 + "-production-key-for-tests-only-0123456789abcdef"
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": "klaster.example.org",
    "SITE_URL": "https://klaster.example.org",
}


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY, ALLOWED_HOSTS"),
        ({"DEBUG": "0", "SECRET_KEY": GOOD_KEY}, "ALLOWED_HOSTS"),
        ({"DEBUG": "0", "ALLOWED_HOSTS": "klaster.example.org"}, "SECRET_KEY"),
        ({**PRODUCTION, "SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"DATABASE_URL": "nonsense"}, "DATABASE_URL"),
        ({"DATABASE_CONN_MAX_AGE": "soon", "DATABASE_URL": "postgres://u@h/db"}, "DATABASE_CONN_MAX_AGE"),
        ({"REDIS_URL": "127.0.0.1:6379"}, "REDIS_URL"),
        ({"DATABASE_POOL_SIZE": "many", "DATABASE_URL": "postgres://u@h/db"}, "DATABASE_POOL_SIZE"),
        ({"DATABASE_POOL_SIZE": "-1", "DATABASE_URL": "postgres://u@h/db"}, "DATABASE_POOL_SIZE"),
        ({"PAGE_CACHE_SECONDS": "long"}, "PAGE_CACHE_SECONDS"),
        ({"KLASTER_BENCH": "maybe"}, "KLASTER_BENCH"),
        ({**PRODUCTION, "SITE_URL": ""}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "klaster.example.org"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "/"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "//klaster.example.org"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "ftp://klaster.example.org"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "https://"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "https://klaster.example.org:https"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "https://klaster.example.org/portal/"}, "SITE_URL"),
        ({**PRODUCTION, "SITE_URL": "https://admin:secret@klaster.example.org"}, "SITE_URL"),
        ({"SITE_URL": "localhost:8101"}, "SITE_URL"),
        ({"TRUSTED_PROXY_COUNT": "one"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_PROXY_COUNT": "-1"}, "TRUSTED_PROXY_COUNT"),
        ({"TRUSTED_CLIENT_IP_HEADER": "X-Real-IP: 1.2.3.4"}, "TRUSTED_CLIENT_IP_HEADER"),
        ({"KEPT_PDF_ACCEL_REDIRECT": "_klaster_kept"}, "KEPT_PDF_ACCEL_REDIRECT"),
        ({"KEPT_PDF_ACCEL_REDIRECT": "/kept/\r\nX-Other: 1/"}, "KEPT_PDF_ACCEL_REDIRECT"),
        ({"PAGE_CACHE_SHARED_ENTRIES": "many"}, "PAGE_CACHE_SHARED_ENTRIES"),
    ],
)
def test_wrong_or_missing_variable_stops_start_up_and_names_it(env, named):
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.strip().splitlines()[-1]


def test_production_settings_pass_the_deployment_checklist():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


PRINT_SITE = "from django.conf import settings; print(settings.SITE_URL, settings.ALLOWED_HOSTS)"


def _site(result):
    """What PRINT_SITE printed (the last line: the shell first says what it imported)."""
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_production_takes_the_site_address_as_given_without_a_final_slash():
    result = run_manage("shell", "-c", PRINT_SITE, **{**PRODUCTION, "SITE_URL": "https://klaster.example.org:8443/"})
    assert _site(result).split()[0] == "https://klaster.example.org:8443"


def test_development_runs_without_a_site_address_and_answers_on_the_host_of_the_one_make_run_gives():
    assert _site(run_manage("shell", "-c", PRINT_SITE)).split()[0] == "http://127.0.0.1:8000"
    other = _site(run_manage("shell", "-c", PRINT_SITE, SITE_URL="http://192.168.1.10:8101"))
    assert other.split()[0] == "http://192.168.1.10:8101"
    assert "'192.168.1.10'" in other


def test_demo_accounts_are_refused_in_production():
    result = run_manage("demoaccounts", **PRODUCTION)
    assert result.returncode != 0
    assert "DEBUG=1" in result.stderr


COUNT_FAILED_LOGINS = """
from allauth.core.internal import ratelimit
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
request = RequestFactory().post("/konto/login/", REMOTE_ADDR="{ip}")
request.user = AnonymousUser()
print([bool(ratelimit.consume(request=request, app="allauth.account", action="login_failed", key="{key}"))
       for _ in range(3)])
"""


def _fresh_key_and_address():
    """An account and an address no other run has counted against (they share Redis for a minute)."""
    random = os.urandom(4)
    return f"osoba-{os.getpid()}-{random.hex()}@example.org", f"10.{random[0]}.{random[1]}.{random[2]}"


def test_login_rate_limits_hold_across_processes_sharing_redis():
    """Two app processes with REDIS_URL count failed logins together: 5 per address in 5 minutes, not 5 each."""
    redis_or_skip()
    key, ip = _fresh_key_and_address()
    runs = [
        run_manage("shell", "-c", COUNT_FAILED_LOGINS.format(key=key, ip=ip), REDIS_URL=REDIS_URL) for _ in range(2)
    ]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert [run.stdout.strip().splitlines()[-1] for run in runs] == ["[True, True, True]", "[True, True, False]"]


def test_without_redis_processes_count_failed_logins_together_in_the_database(tmp_path):
    """Without Redis the counters live in a table of the database (made by migrate; here by createcachetable, what
    migrate runs for it), which every process and server shares: 5 per address in 5 minutes, not 5 each."""
    key, ip = _fresh_key_and_address()
    env = {"REDIS_URL": "", "KLASTER_VAR_DIR": str(tmp_path)}
    assert run_manage("createcachetable", **env).returncode == 0
    runs = [run_manage("shell", "-c", COUNT_FAILED_LOGINS.format(key=key, ip=ip), **env) for _ in range(2)]
    for run in runs:
        assert run.returncode == 0, run.stderr
    assert [run.stdout.strip().splitlines()[-1] for run in runs] == ["[True, True, True]", "[True, True, False]"]


PRINT_CLIENT_SETTINGS = (
    "from django.conf import settings as s; print(s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
)


def test_the_trusted_proxies_are_read_from_the_environment():
    assert run_manage("shell", "-c", PRINT_CLIENT_SETTINGS).stdout.strip().splitlines()[-1] == "0 None"
    behind_two = run_manage("shell", "-c", PRINT_CLIENT_SETTINGS, TRUSTED_PROXY_COUNT="2")
    assert behind_two.stdout.strip().splitlines()[-1] == "2 None"
    with_header = run_manage("shell", "-c", PRINT_CLIENT_SETTINGS, TRUSTED_CLIENT_IP_HEADER="X-Real-IP")
    assert with_header.stdout.strip().splitlines()[-1] == "0 X-Real-IP"


PRINT_SETUP = "from django.conf import settings as s; d = s.DATABASES['default']; print(d['CONN_MAX_AGE'], d.get('OPTIONS', {}).get('pool'), s.SESSION_ENGINE.rsplit('.', 1)[1])"


def test_several_workers_share_sessions_and_connections_as_configured():
    pg = "postgres://postgres@127.0.0.1:5432/klaster"
    plain = run_manage("shell", "-c", PRINT_SETUP, DATABASE_URL=pg, REDIS_URL="")
    pooled = run_manage("shell", "-c", PRINT_SETUP, DATABASE_URL=pg, DATABASE_POOL_SIZE="4", REDIS_URL=REDIS_URL)
    assert plain.stdout.strip().splitlines()[-1] == "60 None db"  # one kept connection per worker; sessions in the DB
    assert (
        pooled.stdout.strip().splitlines()[-1]
        == "0 {'min_size': 1, 'max_size': 4, 'timeout': 10, 'reconnect_timeout': 5} cached_db"
    )
