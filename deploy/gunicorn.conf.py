"""gunicorn's configuration for Samverkan, in production and in ``make demo`` alike (issue 20 point 3).

Started as ``gunicorn -c deploy/gunicorn.conf.py samverkan.wsgi`` (deploy/samverkan-web.service); everything that
differs between machines comes from the environment (deploy/samverkan.env.example):

- ``SAMVERKAN_BIND`` (default ``127.0.0.1:8000``; ``unix:/run/samverkan/web.sock`` behind a local proxy);
- ``SAMVERKAN_WEB_WORKERS`` (default 2 × cores + 1, at most 8), ``SAMVERKAN_WEB_THREADS`` (default 1: sync
  workers; more gives gthread workers), ``SAMVERKAN_WEB_TIMEOUT`` (seconds, default 30).

The access log goes through the application's logging, never with a personnummer: the line holds the path without
the query string (``%(U)s``, not ``%(r)s``), and the logger ``gunicorn.access`` gets the project's redaction filter
(``samverkan.core.logging.RedactIdentityNumbers``) as a second line of defence, as every other log does.
"""

from __future__ import annotations

import multiprocessing
import os

from samverkan.core.logging import RedactIdentityNumbers

wsgi_app = "samverkan.wsgi:application"
bind = [os.environ.get("SAMVERKAN_BIND", "127.0.0.1:8000")]
workers = int(os.environ.get("SAMVERKAN_WEB_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8)))
threads = int(os.environ.get("SAMVERKAN_WEB_THREADS", "1"))
timeout = int(os.environ.get("SAMVERKAN_WEB_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# A worker is replaced now and then, so that a slow leak never grows (jitter: not all at once).
max_requests = 2000
max_requests_jitter = 200
# The reverse proxy on the same host (or the load balancer) sets X-Forwarded-Proto; gunicorn passes it on and
# Django trusts it only as settings.SECURE_PROXY_SSL_HEADER says.
forwarded_allow_ips = os.environ.get("SAMVERKAN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
proxy_allow_ips = forwarded_allow_ips
# Each worker loads the application itself, so `systemctl reload` (SIGHUP) starts workers with a new release's
# code. A setting that refuses to start (samverkan/settings.py) fails the first worker's boot, and gunicorn stops
# with the Swedish message ("Worker failed to boot").
preload_app = False

# The access log: method, path without the query string, status, size, duration (ms); no address of the person's
# browser beyond the proxy's, no referrer, no user agent.
accesslog = "-"
access_log_format = "%(m)s %(U)s %(s)s %(B)s %(M)sms"
errorlog = "-"
loglevel = "info"
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact_identity_numbers": {"()": RedactIdentityNumbers}},
    "formatters": {"line": {"format": "%(asctime)s %(name)s %(levelname)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["redact_identity_numbers"],
            "stream": "ext://sys.stdout",
        },
    },
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
