"""Settings for Klaster, read from environment variables.

Every variable is listed in `.env.example`. A wrong value stops start-up with a message that
names the variable. With DEBUG off (production), SECRET_KEY, ALLOWED_HOSTS and SITE_URL are required.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("KLASTER_VAR_DIR", BASE_DIR / "var"))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def envbool(name: str, default: str) -> bool:
    value = os.environ.get(name, default).strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of 1/0, true/false, yes/no, on/off; got {value!r}.")


def envint(name: str, default: str) -> int:
    value = os.environ.get(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number; got {value!r}.") from None


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def siteurl(name: str, value: str) -> str:
    """`value` checked as a site's absolute http(s) address, scheme://host[:port] with no path; without a final "/"."""
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (a port that is not a number raises ValueError)
    except ValueError:
        parts = None
    if (
        not parts
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.path not in ("", "/")
        or parts.query
        or parts.fragment
    ):
        raise ImproperlyConfigured(
            f"{name} must be the site's absolute address, http:// or https:// and a host name with no path, "
            f"such as https://klaster.example.org; got {value!r}."
        )
    return f"{parts.scheme}://{parts.netloc}"


# Development is the default so that a fresh clone runs with nothing set; production sets DEBUG=0.
DEBUG = envbool("DEBUG", "1")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = envlist("ALLOWED_HOSTS")
# The site's public address, for the absolute links that leave it where no request is at hand, and always in
# production: emails, the verification address printed in PDFs (klaster/addresses.py). Required in production. In
# development it defaults to runserver's address; `make run HOST=... PORT=...` sets it to the server's own.
_SITE_URL = os.environ.get("SITE_URL", "").strip()
SITE_URL = siteurl("SITE_URL", _SITE_URL or "http://127.0.0.1:8000")
if DEBUG:
    SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-used-in-production"
    # The development server answers on localhost and on SITE_URL's host (`make run HOST=192.168.1.10`).
    _site_host = urlsplit(SITE_URL).hostname
    _site_host = f"[{_site_host}]" if ":" in _site_host else _site_host
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]", "testserver", _site_host]
else:
    _required = (("SECRET_KEY", SECRET_KEY), ("ALLOWED_HOSTS", ALLOWED_HOSTS), ("SITE_URL", _SITE_URL))
    _missing = [name for name, value in _required if not value]
    if _missing:
        raise ImproperlyConfigured(
            "Production settings (DEBUG=0) need these environment variables: " + ", ".join(_missing) + "."
        )
    if len(SECRET_KEY) < 50 or SECRET_KEY.startswith("django-insecure"):
        raise ImproperlyConfigured("SECRET_KEY must be a random string of at least 50 characters.")

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, as its documentation asks
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django.forms",  # Django's form templates, for FORM_RENDERER below
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "auditlog",
    # The one task queue (mail, and later long imports and reminders), kept in the portal's database: django-tasks, the
    # backport of Django 6's task framework, with its database backend; `manage.py worker` runs the tasks.
    "django_tasks",
    "django_tasks_db",
    "klaster",
    "members",
    "agreements",
    "events",
    "energy",
]
# The benchmark (bench/, `make bench`) is not part of the product: its app and its management commands (bench_data,
# bench_queries, bench_pdf, bench_import) are installed only with KLASTER_BENCH=1, which `make bench` sets.
if envbool("KLASTER_BENCH", "0"):
    INSTALLED_APPS.append("bench")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "klaster.middleware.PermissionsPolicyMiddleware",
    # A kept agreement PDF is answered here, as WhiteNoise answers a static file (agreements/middleware.py).
    "agreements.middleware.KeptPdfMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before the CSRF check, which is the first to read a request's body: a too large upload is refused unread.
    "klaster.middleware.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "klaster.middleware.UserSessionsMiddleware",  # allauth's, writing at most once a minute per session
    "auditlog.middleware.AuditlogMiddleware",
    # Last: keeps the pages of views marked public (klaster/public.py) as the view answered them.
    "klaster.page_cache.PublicPageMiddleware",
]

ROOT_URLCONF = "klaster.urls"
WSGI_APPLICATION = "klaster.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "klaster.context_processors.site",
            ],
        },
    },
]

# Forms are rendered with the project's templates, so templates/django/forms/ can word what Django leaves in symbols
# (the empty choice of a select, "---------").
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite under var/ unless DATABASE_URL names another (PostgreSQL in production and CI).
DATABASE_URL = os.environ.get("DATABASE_URL", "").strip()
if DATABASE_URL:
    try:
        _db = dj_database_url.parse(DATABASE_URL, conn_max_age=envint("DATABASE_CONN_MAX_AGE", "60"))
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is not a database address Django understands: {exc}") from None
    if _db.get("ENGINE") not in {"django.db.backends.postgresql", "django.db.backends.sqlite3"}:
        raise ImproperlyConfigured("DATABASE_URL must start with postgres:// or sqlite://.")
    _db["CONN_HEALTH_CHECKS"] = True
    # Connections for several workers. By default each worker process keeps one connection open for
    # DATABASE_CONN_MAX_AGE seconds (right for gunicorn's sync workers: one request at a time). With threaded workers,
    # DATABASE_POOL_SIZE=n gives each process a pool of up to n connections (psycopg_pool) shared by its threads.
    # Either way, servers × workers × connections per worker must stay below PostgreSQL's max_connections (100).
    _pool_size = envint("DATABASE_POOL_SIZE", "0")
    if _pool_size < 0:
        raise ImproperlyConfigured("DATABASE_POOL_SIZE must be 0 (no pool) or more.")
    if _pool_size and _db["ENGINE"] == "django.db.backends.postgresql":
        _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        # A connection that cannot be made is retried with a doubling delay for at most `reconnect_timeout` seconds,
        # then the next request asks for a new one at once: after an outage of any length the pool serves the first
        # request that comes once the database is back (psycopg_pool's default of 5 minutes could leave it waiting).
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": _pool_size,
            "timeout": 10,
            "reconnect_timeout": 5,
        }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": VAR_DIR / "klaster.sqlite3"}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches. "default" holds only counters: the rate limits (django-allauth keeps them, for logins, password resets and the
# portal's own limits of ACCOUNT_RATE_LIMITS below, in Django's default cache and offers no setting to choose another)
# and the second factor's codes already used. Nothing else of the portal writes there, so no other traffic can push a
# counter out. With REDIS_URL they live in Redis; without it in a table of the database (klaster_counters, made by
# `migrate`), never in one process's memory: either way every worker and every server counts together.
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL and not REDIS_URL.startswith(("redis://", "rediss://", "unix://")):
    raise ImproperlyConfigured(f"REDIS_URL must start with redis://, rediss:// or unix://; got {REDIS_URL!r}.")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "klaster",
    }
    if REDIS_URL
    else {
        "BACKEND": "klaster.counters.CounterCache",
        "LOCATION": "klaster_counters",
        # Past this many rows the expired counters are removed; a running one never is (klaster/counters.py).
        "OPTIONS": {"MAX_ENTRIES": 5000},
    },
    # Kept public pages and kept-PDF lookups (klaster/page_cache.py): in each process's memory, bounded, apart from
    # the counters. They are keyed by the data revision, so a copy is never older than the revision the process read.
    "pages": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "klaster-pages",
        "OPTIONS": {"MAX_ENTRIES": 500},
    },
}
if REDIS_URL:
    # With Redis, what is kept is also shared by every worker and server (one rendering serves them all), under a
    # prefix of its own, apart from the counters; at most PAGE_CACHE_SHARED_ENTRIES new entries every
    # PAGE_CACHE_SECONDS, each living at most that long, so a flood of distinct addresses cannot fill Redis (whose
    # default noeviction policy would then refuse the counters' writes). A Redis that does not answer within the
    # timeouts below is left alone for a few seconds: pages are then rendered and kept in memory (page_cache.py).
    CACHES["shared_pages"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "klaster-pages",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    # Sessions in Redis under their own alias and prefix, apart from the counters (see SESSION_ENGINE below).
    CACHES["sessions"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "klaster-sessions",
    }
    SESSION_CACHE_ALIAS = "sessions"
# Sessions: in the database, and with REDIS_URL also in Redis, which answers the reads (a signed-in request costs no
# session query, and every server sees the same sessions; a Redis restart signs nobody out).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db"

# Behind a reverse proxy every request comes from the proxy's address: the rate limits per address (logins and every
# limit of ACCOUNT_RATE_LIMITS below: all of them read the client through django-allauth's adapter,
# klaster/ratelimit.py) must count the client the proxy saw instead. TRUSTED_PROXY_COUNT is how many proxies of ours
# stand in front of the portal, each adding the address it saw to X-Forwarded-For: the client is the right-most address
# that none of them added (1 proxy: the last one in the header; what a client writes there itself lies further left and
# is never read). 0 (the default): X-Forwarded-For is ignored and the connection's address counts.
# TRUSTED_CLIENT_IP_HEADER instead names one header a trusted proxy sets to the client's address alone (X-Real-IP,
# CF-Connecting-IP).
ALLAUTH_TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
if ALLAUTH_TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured(f"TRUSTED_PROXY_COUNT must be 0 (no proxy) or more; got {ALLAUTH_TRUSTED_PROXY_COUNT}.")
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = os.environ.get("TRUSTED_CLIENT_IP_HEADER", "").strip() or None
if ALLAUTH_TRUSTED_CLIENT_IP_HEADER and not re.fullmatch(r"[A-Za-z0-9-]+", ALLAUTH_TRUSTED_CLIENT_IP_HEADER):
    raise ImproperlyConfigured(
        f"TRUSTED_CLIENT_IP_HEADER must be a header name such as X-Real-IP; got {ALLAUTH_TRUSTED_CLIENT_IP_HEADER!r}."
    )

# Public pages kept for visitors without an account (klaster/page_cache.py): valid while the data does not change, and
# at most this many seconds (how soon a deployment's new templates show). 0 turns keeping off.
PAGE_CACHE_SECONDS = envint("PAGE_CACHE_SECONDS", "600")
# With REDIS_URL: how many new pages (and kept-PDF lookups) may be shared in Redis every PAGE_CACHE_SECONDS; past it
# a page is kept only in the memory of the process that rendered it.
PAGE_CACHE_SHARED_ENTRIES = envint("PAGE_CACHE_SHARED_ENTRIES", "1000")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# django-allauth: log in by email; no open sign-up (accounts come from invitations).
ACCOUNT_ADAPTER = "klaster.accounts.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell users of password and email changes, and of new second factors
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Klaster] "
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Pages that change the second factor ask for the password again unless the person signed in or confirmed it within
# these seconds (signing in counts: klaster.accounts.AccountAdapter.is_reauthentication_required).
ACCOUNT_REAUTHENTICATION_TIMEOUT = 300
# Rate limits (django-allauth's, kept in the counters' cache above), always per client address, per account or per
# e-mail address, never one counter for everyone: one client over its limit does not stop anyone else.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "change_password": "5/m/user",
    "change_email": "1/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
    "klaster_apply": "5/h/ip,3/h/key",  # applications to join: per address and per email
    "klaster_register_pdf": "30/m/ip",  # the register PDF of a day: each new day is a new rendering
    "klaster_energy_report_pdf": "30/m/ip",  # the yearly energy report: a year whose data changed is a new rendering
    "klaster_energy_export": "30/m/ip",  # the public balances' files: each a query over a year of the aggregate
    "klaster_contact": "5/h/ip,3/h/key",  # messages through the contact form: per address and per sender's e-mail
    "klaster_accessibility_request": "5/h/ip,3/h/key",  # requests for an accessible version: as the contact form
    "klaster_verify_pdf": "30/h/ip",  # files uploaded to the public verification page: each may be parsed
    # registrations for events by visitors: per address (an office behind one address registers several people) and
    # per e-mail
    "klaster_event_registration": "30/h/ip,5/h/key",
}
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "workspace"
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
# Two-factor authentication: TOTP with recovery codes. Coordinators must set it up.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = os.environ.get("MFA_TOTP_ISSUER", "Klaster")
# A code from the 30-second period just before or after is accepted too (RFC 6238 drift: a phone clock a little off,
# a code typed as the period turns).
MFA_TOTP_TOLERANCE = 1
MFA_ADAPTER = "allauth.mfa.adapter.DefaultMFAAdapter"
USERSESSIONS_TRACK_ACTIVITY = True
# A session's record ("last seen", address, browser) is written at most this often while they stay the same.
USER_SESSION_SEEN_SECONDS = 60
# Invitations: the link works once and for this many days.
INVITATION_VALID_DAYS = 7
# Applications to join: the status link's life, the version of the information clause shown on the form (change it
# when templates/members/includes/_gdpr_clause.html changes: consents are recorded with it), the rate limit.
APPLICATION_STATUS_LINK_DAYS = envint("APPLICATION_STATUS_LINK_DAYS", "180")
APPLICATION_CLAUSE_VERSION = "2026-11-26"
APPLICATION_RETENTION_DAYS = 365  # personal data of rejected applications is removed this long after the decision
# Registrations for events: the participants' personal data is removed this many days after the event is over
# (`manage.py purge_event_registrations`, run daily).
EVENT_REGISTRATION_RETENTION_DAYS = envint("EVENT_REGISTRATION_RETENTION_DAYS", "30")
# Kept PDFs (rendered once per content, agreements/pdf/kept.py): at most this many files and bytes; the oldest that no
# page points to now are removed first (their records stay, so copies still verify; asked again, they are rendered
# again). Enforced on each new file and by `manage.py prune_kept_pdfs`, run daily.
KEPT_PDF_MAX_FILES = envint("KEPT_PDF_MAX_FILES", "1000")
KEPT_PDF_MAX_BYTES = envint("KEPT_PDF_MAX_BYTES", str(500 * 1024 * 1024))
# A file of energy readings larger than this is checked and imported on the task queue (energy.services.jobs), not in
# the request; the worker (`manage.py worker`) must run.
ENERGY_IMPORT_QUEUE_BYTES = envint("ENERGY_IMPORT_QUEUE_BYTES", str(5 * 1024 * 1024))
# Uploads: form fields beyond 2.5 MB are refused by Django, files above FILE_UPLOAD_MAX_MEMORY_SIZE go to a temporary
# file; a request larger than the largest upload a form takes (the register's 20 MB, plus its fields) is refused before
# it is read (klaster.middleware.RequestSizeLimitMiddleware; a view may take less, as the verification page does).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
UPLOAD_MAX_REQUEST_BYTES = 20 * 1024 * 1024 + 64 * 1024
# The public verification page looks inside an uploaded PDF that is none of ours (for the identifier it names) only
# within these limits, in a child process (klaster/pdf_probe.py): pages, one stream decompressed, CPU seconds.
VERIFY_PDF_MAX_PAGES = envint("VERIFY_PDF_MAX_PAGES", "500")
VERIFY_PDF_MAX_STREAM_BYTES = envint("VERIFY_PDF_MAX_STREAM_BYTES", str(4 * 1024 * 1024))
VERIFY_PDF_SECONDS = envint("VERIFY_PDF_SECONDS", "2")
# Audit history (django-auditlog): who changed what, with before and after.
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = True

# Internationalisation: Polish first (at /), English second (at /en/).
LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", _("polski")), ("en", _("angielski"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True
MODELTRANSLATION_DEFAULT_LANGUAGE = "pl"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("pl",)

# Static files through WhiteNoise: compressed, hashed names, cached for a year in production.
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# Files that are never served as they are: private uploads (signature scans, documents, annex scans) and kept PDFs,
# delivered by their views to whoever may read them (klaster/uploads.py), and import files waiting for confirmation.
# Keep PRIVATE_ROOT outside what the web server serves. MEDIA_ROOT holds only public pictures (emblems, photos).
PRIVATE_ROOT = Path(os.environ.get("PRIVATE_ROOT", VAR_DIR / "private"))
# Kept PDFs sent by the reverse proxy: with a path such as /_klaster_kept/ the portal answers a download of a kept PDF
# (after its checks) with X-Accel-Redirect to that path plus the file's name, and nginx sends PRIVATE_ROOT/pdf/<name>
# from an `internal` location (README, production). Empty (the default): gunicorn sends the file itself (sendfile).
# Only with local files: with S3_BUCKET the storage hands out the file as before.
KEPT_PDF_ACCEL_REDIRECT = os.environ.get("KEPT_PDF_ACCEL_REDIRECT", "").strip()
if KEPT_PDF_ACCEL_REDIRECT and not re.fullmatch(r"/[A-Za-z0-9_/-]*/", KEPT_PDF_ACCEL_REDIRECT):
    raise ImproperlyConfigured(
        f"KEPT_PDF_ACCEL_REDIRECT must be a path starting and ending with /, such as /_klaster_kept/; "
        f"got {KEPT_PDF_ACCEL_REDIRECT!r}."
    )
# With several app servers on different machines, uploads and private files go to S3-compatible object storage:
# S3_BUCKET names the bucket. Public pictures are kept under media/, private files under private/ (or in
# S3_PRIVATE_BUCKET). The bucket stays private: objects get no ACL of their own, the addresses handed out for pictures
# are signed and expire (unless S3_CUSTOM_DOMAIN serves media/ publicly), a private upload is handed out only to whoever
# may read it, as a signed address valid for five minutes (klaster.uploads.PRIVATE_URL_SECONDS).
# Without S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY, boto3 finds the keys itself (AWS_* variables, the machine's role).
_s3 = {
    name: os.environ.get(name, "").strip()
    for name in (
        "S3_BUCKET",
        "S3_PRIVATE_BUCKET",
        "S3_ENDPOINT_URL",
        "S3_REGION",
        "S3_ACCESS_KEY_ID",
        "S3_SECRET_ACCESS_KEY",
        "S3_CUSTOM_DOMAIN",
    )
}
_media_origins = []  # where uploaded pictures are shown from, besides our own address (img-src below)
if _s3["S3_BUCKET"]:
    _bucket, _endpoint, _region = _s3["S3_BUCKET"], _s3["S3_ENDPOINT_URL"], _s3["S3_REGION"]
    if _endpoint:
        try:
            _parts = urlsplit(_endpoint)
            _parts.port  # noqa: B018 (a port that is not a number raises ValueError)
        except ValueError:
            _parts = None
        if not _parts or _parts.scheme not in ("http", "https") or not _parts.hostname:
            raise ImproperlyConfigured(
                f"S3_ENDPOINT_URL must be an address such as https://s3.example.net; got {_endpoint!r}."
            )
        _media_origins = [f"{_parts.scheme}://{_parts.netloc}"]
    else:
        _media_origins = [f"https://{_bucket}.s3.amazonaws.com"] + (
            [f"https://{_bucket}.s3.{_region}.amazonaws.com"] if _region else []
        )
    if bool(_s3["S3_ACCESS_KEY_ID"]) != bool(_s3["S3_SECRET_ACCESS_KEY"]):
        raise ImproperlyConfigured("S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: set both, or neither.")
    _keys = {}
    if _s3["S3_ACCESS_KEY_ID"]:
        _keys = {"access_key": _s3["S3_ACCESS_KEY_ID"], "secret_key": _s3["S3_SECRET_ACCESS_KEY"]}
    if "/" in _s3["S3_CUSTOM_DOMAIN"]:
        raise ImproperlyConfigured(
            f"S3_CUSTOM_DOMAIN is a host name such as media.example.org; got {_s3['S3_CUSTOM_DOMAIN']!r}."
        )
    if _s3["S3_CUSTOM_DOMAIN"]:
        _media_origins = [f"https://{_s3['S3_CUSTOM_DOMAIN']}"]
    _s3_options = {
        "endpoint_url": _endpoint or None,
        "region_name": _region or None,
        "signature_version": "s3v4",
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        **_keys,
    }
    _file_storages = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **_s3_options,
                "bucket_name": _bucket,
                "location": "media",
                "custom_domain": _s3["S3_CUSTOM_DOMAIN"] or None,
                # A signed address stays valid an hour longer than the kept public page that carries it.
                "querystring_expire": PAGE_CACHE_SECONDS + 3600,
            },
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**_s3_options, "bucket_name": _s3["S3_PRIVATE_BUCKET"] or _bucket, "location": "private"},
        },
    }
else:
    if _set := [name for name, value in _s3.items() if value]:
        raise ImproperlyConfigured(f"S3_BUCKET is needed with {', '.join(_set)}; unset them to keep files locally.")
    _file_storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "private": {"BACKEND": "klaster.storage.PrivateStorage"},
    }
STORAGES = {
    **_file_storages,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Email: every message is queued in the database and sent by the worker (klaster/mail.py), so a stopped mail server
# loses nothing: through SMTP when EMAIL_HOST is set, to the worker's console otherwise.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Klaster <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = "klaster.mail.QueuedEmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = envint("EMAIL_PORT", "587")
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
else:
    EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "30")  # seconds an SMTP conversation may hang before the attempt fails
# Seconds before a failed message is tried again, doubled after each failure (at most an hour, for about two days).
EMAIL_RETRY_SECONDS = envint("EMAIL_RETRY_SECONDS", "60")

# Security headers. Strict everywhere; the HTTPS-only ones whenever DEBUG is off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *_media_origins],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
if not DEBUG:
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "1")
    SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "1")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
