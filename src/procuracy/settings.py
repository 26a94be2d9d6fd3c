"""The one settings module of Procuracy, read from the environment.

Environment variables (all optional in development):

- ``PROCURACY_ENV``: ``development`` (default) or ``production``.
- ``PROCURACY_DATA_DIR``: folder for the SQLite database, the development secret key and
  imported holiday schedules. Default: ``./var`` below the current directory.
- ``DATABASE_URL``: e.g. ``postgres://user@127.0.0.1:5432/procuracy``. Default: SQLite in the
  data folder (WAL journal, immediate transactions).
- ``PROCURACY_SECRET_KEY`` or ``PROCURACY_SECRET_KEY_FILE``: required in production.
- ``PROCURACY_ALLOWED_HOSTS``: comma-separated, required in production.
- ``PROCURACY_CSRF_TRUSTED_ORIGINS``: comma-separated origins, optional.
- ``PROCURACY_TEST_DATABASE``: name of the PostgreSQL test database (default ``test_`` + name),
  for test runs that must not share one.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def _env(name: str, default: str | None = None) -> str | None:
    """Read NAME from the environment, or from the file named by NAME_FILE."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE={file_name!r} cannot be read: {exc.strerror}"
            ) from None
    return os.environ.get(name, default)


def _env_list(name: str) -> list[str]:
    return [item.strip() for item in (_env(name) or "").split(",") if item.strip()]


ENVIRONMENT = (_env("PROCURACY_ENV", "development") or "development").lower()
if ENVIRONMENT not in ("development", "production"):
    raise ImproperlyConfigured(
        f"PROCURACY_ENV={ENVIRONMENT!r} is not known: use 'development' or 'production'"
    )
PRODUCTION = ENVIRONMENT == "production"
DEBUG = not PRODUCTION and (_env("PROCURACY_DEBUG", "1") != "0")

DATA_DIR = Path(_env("PROCURACY_DATA_DIR") or (Path.cwd() / "var")).resolve()
# The installation's own definitions of case-quality indicators (figures/local.py)
INDICATORS_FILE = _env("PROCURACY_INDICATORS")


def _secret_key() -> str:
    key = _env("PROCURACY_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured(
            "PROCURACY_SECRET_KEY (or PROCURACY_SECRET_KEY_FILE) must be set in production"
        )
    # Development: a random key kept in the data folder, never in the repository.
    path = DATA_DIR / "secret_key"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.write_text(key, encoding="utf-8")
    path.chmod(0o600)
    return key


SECRET_KEY = _secret_key()

ALLOWED_HOSTS = _env_list("PROCURACY_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if PRODUCTION:
        raise ImproperlyConfigured("PROCURACY_ALLOWED_HOSTS must be set in production")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
CSRF_TRUSTED_ORIGINS = _env_list("PROCURACY_CSRF_TRUSTED_ORIGINS")


def _sqlite(name: str) -> dict:
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": name,
        "OPTIONS": {
            # BEGIN IMMEDIATE: a writer takes the lock at the start of its transaction,
            # so two writers queue instead of failing half-way with "database is locked".
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL;"
                "PRAGMA synchronous=NORMAL;"
                "PRAGMA foreign_keys=ON;"
                "PRAGMA busy_timeout=20000;"
                # A page cache of 256 MiB instead of 2 MiB (allocated as used): the
                # indexes of random UUIDs that bulk imports write into stay in memory.
                "PRAGMA cache_size=-262144;"
            ),
        },
        "TEST": {"NAME": _env("PROCURACY_TEST_SQLITE") or None},
    }


def _database() -> dict:
    url = _env("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        return _sqlite(str(DATA_DIR / "procuracy.sqlite3"))
    scheme = url.split(":", 1)[0] if ":" in url else ""
    if scheme not in ("postgres", "postgresql", "pgsql", "sqlite"):
        raise ImproperlyConfigured(
            f"DATABASE_URL is malformed: scheme {scheme!r} is not supported "
            "(use postgres://USER@HOST:PORT/NAME or sqlite:///PATH)"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as exc:
        raise ImproperlyConfigured(f"DATABASE_URL is malformed: {exc}") from None
    if scheme == "sqlite":  # the same settings as the default file, elsewhere
        if not config.get("NAME") or config["NAME"] == ":memory:":
            raise ImproperlyConfigured(
                "DATABASE_URL is malformed: sqlite:///PATH needs the path of a database file"
            )
        return _sqlite(config["NAME"])
    if not config.get("NAME"):
        raise ImproperlyConfigured(
            "DATABASE_URL is malformed: no database name after the host "
            "(postgres://USER@HOST:PORT/NAME)"
        )
    test_name = _env("PROCURACY_TEST_DATABASE")
    if test_name:
        config["TEST"] = {"NAME": test_name}
    return config


DATABASES = {"default": _database()}


def _prepared_statements() -> bool:
    value = _env("PROCURACY_PG_PREPARE", "1")
    if value not in ("0", "1"):
        raise ImproperlyConfigured(f"PROCURACY_PG_PREPARE must be 0 or 1, not {value!r}")
    return value == "1"


#: PostgreSQL: the write path's few statements (the locking read of a case, the ledger and
#: projection writes, the audit entry) prepared on the server (procuracy.core.pipeline.execute).
#: ``PROCURACY_PG_PREPARE=0`` for a pooler in transaction mode that cannot keep prepared
#: statements (PgBouncer before 1.21).
PG_PREPARE = _prepared_statements()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "csp",
    "template_partials",
    "procuracy.core",
    "procuracy.orgs",
    "procuracy.staff",
    "procuracy.parties",
    "procuracy.audit",
    "procuracy.law",
    "procuracy.cases",
    "procuracy.figures",
    "procuracy.simulator",
    "procuracy.web",
]

MIDDLEWARE = [
    "procuracy.web.middleware.ServerTimingMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "procuracy.web.middleware.LanguageMiddleware",
    "procuracy.web.middleware.MethodNotAllowedPage",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes last: it answers locked-out logins.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "procuracy.urls"
WSGI_APPLICATION = "procuracy.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "procuracy.web.context.navigation",
            ],
        },
    }
]

AUTH_USER_MODEL = "staff.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "web:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "web:login"

# Login throttling (django-axes): 5 failures for one username from one address lock it
# for 15 minutes.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_VERBOSE = False

# Content Security Policy (django-csp 4): no inline script or style without the nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = _env("PROCURACY_SSL_REDIRECT", "1") != "0"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(_env("PROCURACY_HSTS_SECONDS", "31536000") or 0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING"},
        "axes": {"handlers": ["console"], "level": "ERROR"},
    },
}
