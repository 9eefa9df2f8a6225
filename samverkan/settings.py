"""Django settings for Samverkan.

Configuration comes from the environment (twelve-factor):

- ``DATABASE_URL``: ``postgres://user@host:port/name`` for PostgreSQL (production);
  unset means the embedded SQLite database in ``var/samverkan.sqlite3``.
- ``SAMVERKAN_REPLICA_URL``: optional ``postgres://…`` of a streaming replica the reports read from (docs/scaling.md).
- ``SAMVERKAN_DEMO``: ``1`` is the demo (the demo accounts on the login page, a public demo key, local hosts,
  plain HTTP). Anything else is production, which refuses to start unsafe (:func:`_refuse_unsafe_production`).
- ``SAMVERKAN_SECRET_KEY`` (required in production), ``SAMVERKAN_DEBUG`` (refused in production),
  ``SAMVERKAN_ALLOWED_HOSTS`` (comma-separated; required in production, no wildcard),
  ``SAMVERKAN_CSRF_TRUSTED_ORIGINS`` (optional, comma-separated ``https://…`` origins).
- HTTPS behind a reverse proxy, each on by default in production and off in the demo:
  ``SAMVERKAN_BEHIND_PROXY`` (trust ``X-Forwarded-Proto: https`` from the proxy), ``SAMVERKAN_SSL_REDIRECT``,
  ``SAMVERKAN_SECURE_COOKIES``, ``SAMVERKAN_HSTS_SECONDS`` (default one year; 0 off),
  ``SAMVERKAN_HSTS_INCLUDE_SUBDOMAINS``, ``SAMVERKAN_HSTS_PRELOAD``. ``deploy/samverkan.env.example`` lists them all.
- ``SAMVERKAN_EMAIL_BACKEND``: Django e-mail backend (console in the demo, SMTP by default in production;
  ``SAMVERKAN_EMAIL_HOST``, ``SAMVERKAN_EMAIL_PORT``, ``SAMVERKAN_EMAIL_TLS``, ``SAMVERKAN_FROM_EMAIL``).
- ``SAMVERKAN_OIDC_*``: the person's OpenID Connect login (see ``samverkan/portal``).
- ``SAMVERKAN_AUDIT_KEYS``: the audit chain's HMAC keys, ``id:base64,…`` (the last one current);
  required on PostgreSQL outside demo and debug mode. ``SAMVERKAN_AUDIT_ANCHOR_PATH``: the
  append-only file the chain's head is anchored in (ADR 0007).
- ``SAMVERKAN_LOGIN_FAILURE_LIMIT`` (default 5), ``SAMVERKAN_LOGIN_COOLOFF_MINUTES`` (default 15): an
  official's login is locked for that long after that many failures from one address (django-axes).
- ``SAMVERKAN_SESSION_IDLE_MINUTES`` (default 30), ``SAMVERKAN_SESSION_MAX_HOURS`` (default 10): an
  official's session ends after that long without a request, and that long after the login.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAMVERKAN_VAR_DIR", BASE_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


def _list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = _flag("SAMVERKAN_DEBUG", default=False)
DEMO_MODE = _flag("SAMVERKAN_DEMO", default=False)
#: The test suite's settings (``samverkan.settings_test``) import this module: they are not production either.
_FOR_TESTS = "samverkan.settings_test" in sys.modules
#: Production is everything that is neither the demo nor the test suite; it refuses to start unsafe (below).
PRODUCTION = not (DEMO_MODE or _FOR_TESTS)

_DEMO_SECRET_KEY = "django-insecure-samverkan-demo-only-never-in-production"
SECRET_KEY = os.environ.get("SAMVERKAN_SECRET_KEY", "" if PRODUCTION else _DEMO_SECRET_KEY)
ALLOWED_HOSTS = _list("SAMVERKAN_ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = _list("SAMVERKAN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "axes",
    "samverkan.core",
    "samverkan.accounts",
    "samverkan.people",
    "samverkan.cases",
    "samverkan.consents",
    "samverkan.disclosures",
    "samverkan.registries",
    "samverkan.assistance",
    "samverkan.reclaims",
    "samverkan.rehab",
    "samverkan.messaging",
    "samverkan.portal",
    "samverkan.reports",
    "samverkan.scheduling",
    "samverkan.notifications",
]

MIDDLEWARE = [
    # First: every log line of the request carries its id (samverkan.core.middleware, samverkan.core.logging).
    "samverkan.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, compressed) are served here, before sessions and the database.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Cache-Control: no-store and Permissions-Policy on every page and API answer (samverkan.core.middleware).
    "samverkan.core.middleware.PrivateResponseHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # With SAMVERKAN_REPLICA_URL only: the reports' GET pages read from the replica (samverkan.core.replica).
    "samverkan.core.replica.ReportsFromReplicaMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samverkan.accounts.middleware.SessionTimeoutMiddleware",
    "samverkan.accounts.middleware.ActiveMembershipMiddleware",
    # Last: turns a login refused by django-axes into the Swedish lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samverkan.urls"
WSGI_APPLICATION = "samverkan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "samverkan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.core.context_processors.samverkan",
            ],
            # ``unlocalize`` everywhere: ids in links, form values and element ids must never get the thousands
            # separator the Swedish number format adds (USE_THOUSAND_SEPARATOR: "1 737" is not an id).
            "builtins": ["django.templatetags.l10n"],
        },
    },
]


def _database_from_url(url: str) -> dict[str, object]:
    parsed = urlparse(url)
    if parsed.scheme not in {"postgres", "postgresql"}:
        raise ValueError(f"DATABASE_URL: bara postgres:// stöds, inte {parsed.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parsed.path.lstrip("/")) or "samverkan",
        "USER": unquote(parsed.username or "postgres"),
        "PASSWORD": unquote(parsed.password or ""),
        "HOST": parsed.hostname or "127.0.0.1",
        "PORT": str(parsed.port or 5432),
        "CONN_MAX_AGE": 60,
        "ATOMIC_REQUESTS": False,
    }


if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": _database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SAMVERKAN_SQLITE", str(VAR_DIR / "samverkan.sqlite3")),
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }

# A PostgreSQL streaming replica for the read-only reports (docs/scaling.md): off unless SAMVERKAN_REPLICA_URL is set
# (postgres://…, the replica's read-only address). Only the reports app's GET pages read from it; every write, every
# other read and anything inside a transaction stays on the primary (samverkan.core.replica).
REPLICA_DATABASE_ALIAS: str | None = None
if os.environ.get("SAMVERKAN_REPLICA_URL"):
    DATABASES["replica"] = {**_database_from_url(os.environ["SAMVERKAN_REPLICA_URL"]), "TEST": {"MIRROR": "default"}}
    REPLICA_DATABASE_ALIAS = "replica"
DATABASE_ROUTERS = ["samverkan.core.replica.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes refuses a locked-out login before ModelBackend checks the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Failed logins are recorded and throttled by django-axes: after AXES_FAILURE_LIMIT failures for one
# username from one address the login is refused for AXES_COOLOFF_TIME (further tries do not extend it),
# with the Swedish page of samverkan.accounts.lockout; samverkan.accounts.signals writes the audit entries.
AXES_FAILURE_LIMIT = int(os.environ.get("SAMVERKAN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("SAMVERKAN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "samverkan.accounts.lockout.lockout_response"
AXES_HTTP_RESPONSE_CODE = 429

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "samverkan.accounts.passwords.ContextWordsValidator"},
]

# An official's session ends after SAMVERKAN_SESSION_IDLE_MINUTES without a request and at the latest
# SAMVERKAN_SESSION_MAX_HOURS after the login (samverkan.accounts.middleware.SessionTimeoutMiddleware).
# The person's session in Mina sidor has its own limits (samverkan.portal.auth).
SAMVERKAN_SESSION_IDLE_MINUTES = int(os.environ.get("SAMVERKAN_SESSION_IDLE_MINUTES", "30"))
SAMVERKAN_SESSION_MAX_HOURS = int(os.environ.get("SAMVERKAN_SESSION_MAX_HOURS", "10"))
SESSION_COOKIE_AGE = SAMVERKAN_SESSION_MAX_HOURS * 60 * 60
# A shared computer at the office: closing the browser ends the session (never a 14-day cookie).
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "samverkan" / "locale"]

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party front-end assets come from the npm registry at install time (package.json).
STATICFILES_DIRS = [("vendor", BASE_DIR / "node_modules")] if (BASE_DIR / "node_modules").exists() else []
# WhiteNoise serves the collected files (`samverkan collectstatic`) under hashed, compressed names with far-future
# caching, in production and in the demo alike; the test settings keep Django's plain storage (no collectstatic).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "samverkan.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# HTTPS behind the municipality's reverse proxy (TLS ends there): on by default in production, off in the demo and
# the tests, each switchable from the environment. The health checks answer over plain HTTP (the proxy and
# systemd probe them on the inside).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _flag("SAMVERKAN_BEHIND_PROXY", PRODUCTION) else None
SECURE_SSL_REDIRECT = _flag("SAMVERKAN_SSL_REDIRECT", PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SAMVERKAN_HSTS_SECONDS", str(365 * 24 * 60 * 60) if PRODUCTION else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SAMVERKAN_HSTS_INCLUDE_SUBDOMAINS", PRODUCTION)
SECURE_HSTS_PRELOAD = _flag("SAMVERKAN_HSTS_PRELOAD", PRODUCTION)
SESSION_COOKIE_SECURE = _flag("SAMVERKAN_SECURE_COOKIES", PRODUCTION)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# Content-Security-Policy (Django's own middleware): scripts and styles only from the site's static files, an inline
# script only with the request's nonce ({{ csp_nonce }}), no style attribute, no plugin, no framing, forms only to the
# site (and to the person's e-ID provider, which the login form leads to). htmx comes from the static files and its
# inline indicator style is off (base.html's htmx-config; site.css has the rule).
_OIDC_ISSUER = urlparse(os.environ.get("SAMVERKAN_OIDC_ISSUER", ""))
_OIDC_ORIGIN = f"{_OIDC_ISSUER.scheme}://{_OIDC_ISSUER.netloc}" if _OIDC_ISSUER.netloc else ""
SECURE_CSP = {
    "default-src": [CSP.NONE],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "manifest-src": [CSP.SELF],
    "form-action": [CSP.SELF, *([_OIDC_ORIGIN] if _OIDC_ORIGIN else [])],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
# No page needs a device, a payment or a sensor (samverkan.core.middleware sends it).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), browsing-topics=()"
)


def _refuse_unsafe_production() -> None:
    """Production does not start with the demo key, debug pages or a host it would answer for anyone."""
    problems = []
    if not SECRET_KEY:
        problems.append(
            "SAMVERKAN_SECRET_KEY saknas (the secret key is missing): sätt en lång slumpad nyckel, "
            "t.ex. `python -c 'import secrets; print(secrets.token_urlsafe(50))'`."
        )
    elif SECRET_KEY == _DEMO_SECRET_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50:
        problems.append("SAMVERKAN_SECRET_KEY är demonyckeln eller för kort (at least 50 random characters).")
    if DEBUG:
        problems.append("SAMVERKAN_DEBUG är på (debug pages would show personal data): stäng av det.")
    if not ALLOWED_HOSTS:
        problems.append(
            "SAMVERKAN_ALLOWED_HOSTS saknas (no host names): ange tjänstens värdnamn, t.ex. samverkan.kommun.se."
        )
    elif any("*" in host for host in ALLOWED_HOSTS):
        problems.append("SAMVERKAN_ALLOWED_HOSTS innehåller ett jokertecken (wildcard host): ange värdnamnen.")
    if problems:
        raise ImproperlyConfigured(
            "Samverkan startar inte i produktionsläge (refuses to start in production mode):\n- "
            + "\n- ".join(problems)
            + "\nFör demo: SAMVERKAN_DEMO=1. Se deploy/samverkan.env.example."
        )


if PRODUCTION:
    _refuse_unsafe_production()

_MAIL_BACKEND = os.environ.get(
    "SAMVERKAN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "django.core.mail.backends.console.EmailBackend",
)
_MAIL_OPTIONS: dict[str, object] = {}
if _MAIL_BACKEND.endswith("filebased.EmailBackend"):
    _MAIL_OPTIONS = {"file_path": str(VAR_DIR / "mail")}
elif _MAIL_BACKEND.endswith("smtp.EmailBackend"):
    _MAIL_OPTIONS = {
        "host": os.environ.get("SAMVERKAN_EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("SAMVERKAN_EMAIL_PORT", "25")),
        "use_tls": _flag("SAMVERKAN_EMAIL_TLS"),
    }
MAILERS = {"default": {"BACKEND": _MAIL_BACKEND, "OPTIONS": _MAIL_OPTIONS}}
DEFAULT_FROM_EMAIL = os.environ.get("SAMVERKAN_FROM_EMAIL", "samverkan@example.invalid")

# Background work: Django's tasks framework with a database-backed worker
# (``samverkan db_worker``, started by ``make demo``).
# /readyz fails when a task that is due has waited longer than this for a worker (samverkan.core.health).
SAMVERKAN_READY_WORKER_MINUTES = int(os.environ.get("SAMVERKAN_READY_WORKER_MINUTES", "10"))
TASKS = {
    "default": {
        "BACKEND": os.environ.get("SAMVERKAN_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# The public address of the web app, for links in e-mail (which never carry personal data).
SAMVERKAN_BASE_URL = os.environ.get("SAMVERKAN_BASE_URL", "http://127.0.0.1:8000")

# Agency data sources: "sandbox" (default), "files" or "http". See samverkan/registries/sources.
SAMVERKAN_SOURCE = os.environ.get("SAMVERKAN_SOURCE", "sandbox")

# The audit log (ADR 0007). HMAC keys, kept outside the database: "id:base64key,id:base64key", the last
# one keys new entries; keep the old ones after a rotation. Unset: a public demo key, allowed only in
# demo or debug mode or on SQLite (samverkan.disclosures.keys; the system check stops production).
SAMVERKAN_AUDIT_KEYS = os.environ.get("SAMVERKAN_AUDIT_KEYS", "")
# The append-only file `samverkan audit anchor` writes the chain's head to; in production on storage the
# database administrator cannot write. Empty: anchoring off.
SAMVERKAN_AUDIT_ANCHOR_PATH = os.environ.get("SAMVERKAN_AUDIT_ANCHOR_PATH", str(VAR_DIR / "audit-anchors.jsonl"))

# Documents handed over through the gate (samverkan.disclosures.documents): stored outside the database under
# their SHA-256, at most SAMVERKAN_DOCUMENT_MAX_MB, deleted SAMVERKAN_DOCUMENT_RETENTION_DAYS after release.
# SAMVERKAN_VIRUS_SCAN_COMMAND (e.g. "clamdscan --no-summary"): run on each upload with the file's path last;
# a non-zero exit refuses the file. Without it, the structural PDF checks (no active content) still apply.
SAMVERKAN_DOCUMENT_ROOT = os.environ.get("SAMVERKAN_DOCUMENT_ROOT", str(VAR_DIR / "documents"))
SAMVERKAN_DOCUMENT_MAX_MB = int(os.environ.get("SAMVERKAN_DOCUMENT_MAX_MB", "10"))
SAMVERKAN_DOCUMENT_RETENTION_DAYS = int(os.environ.get("SAMVERKAN_DOCUMENT_RETENTION_DAYS", "90"))
SAMVERKAN_VIRUS_SCAN_COMMAND = os.environ.get("SAMVERKAN_VIRUS_SCAN_COMMAND", "")

# No log line shows a personnummer (issue 16 point 6): every handler masks them (samverkan.core.logging). The
# request log of runserver ("django.server") has its own handler; "django" (with django.request and
# django.security) loses Django's default handlers and reaches the root's console, masked.
#: ``json`` (one JSON object per line: time, level, logger, message, request id — for a log collector; the default
#: outside demo mode) or ``text``.
SAMVERKAN_LOG_FORMAT = os.environ.get("SAMVERKAN_LOG_FORMAT", "text" if DEMO_MODE else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact_identity_numbers": {"()": "samverkan.core.logging.RedactIdentityNumbers"},
        "request_id": {"()": "samverkan.core.logging.RequestId"},
    },
    "formatters": {
        "django.server": {
            "()": "django.utils.log.ServerFormatter",
            "format": "[{server_time}] {message}",
            "style": "{",
        },
        "json": {
            "()": "samverkan.core.logging.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "json_ensure_ascii": False,
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if SAMVERKAN_LOG_FORMAT == "json" else "text",
            "filters": ["redact_identity_numbers", "request_id"],
        },
        "django.server": {
            "class": "logging.StreamHandler",
            "formatter": "django.server",
            "filters": ["redact_identity_numbers"],
        },
    },
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SAMVERKAN_LOG_LEVEL", "WARNING")},
}
