"""Django settings for Samverkan.

Configuration comes from the environment (twelve-factor):

- ``DATABASE_URL``: ``postgres://user@host:port/name`` for PostgreSQL (production);
  unset means the embedded SQLite database in ``var/samverkan.sqlite3``.
- ``SAMVERKAN_DEMO``: ``1`` shows the demo accounts on the login page.
- ``SAMVERKAN_SECRET_KEY``, ``SAMVERKAN_DEBUG``, ``SAMVERKAN_ALLOWED_HOSTS``.
- ``SAMVERKAN_EMAIL_BACKEND``: Django e-mail backend (console in the demo, SMTP in production).
- ``SAMVERKAN_OIDC_*``: the person's OpenID Connect login (see ``samverkan/portal``).
- ``SAMVERKAN_AUDIT_KEYS``: the audit chain's HMAC keys, ``id:base64,…`` (the last one current);
  required on PostgreSQL outside demo and debug mode. ``SAMVERKAN_AUDIT_ANCHOR_PATH``: the
  append-only file the chain's head is anchored in (ADR 0007).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("SAMVERKAN_VAR_DIR", BASE_DIR / "var"))


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


SECRET_KEY = os.environ.get("SAMVERKAN_SECRET_KEY", "django-insecure-samverkan-demo-only-never-in-production")
DEBUG = _flag("SAMVERKAN_DEBUG", default=False)
DEMO_MODE = _flag("SAMVERKAN_DEMO", default=False)
ALLOWED_HOSTS = os.environ.get("SAMVERKAN_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samverkan.accounts.middleware.ActiveMembershipMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samverkan.core.context_processors.samverkan",
            ],
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

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

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "samverkan.core.errors.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

_MAIL_BACKEND = os.environ.get("SAMVERKAN_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("SAMVERKAN_LOG_LEVEL", "WARNING")},
}
