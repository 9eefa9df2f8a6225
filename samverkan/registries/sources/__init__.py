"""Agency data sources behind one interface (:class:`~samverkan.registries.sources.base.Source`).

Which source answers for an agency, and how, is configuration (defaults in code):

- ``settings.SAMVERKAN_SOURCE``: the kind for every agency, ``sandbox`` (default), ``file`` or
  ``http``;
- environment variables per agency (upper-case code): ``SAMVERKAN_SOURCE_KIND_FK``,
  ``SAMVERKAN_SOURCE_LATENCY_FK=0.2`` (seconds), ``SAMVERKAN_SOURCE_FAILURE_AF=0.1`` (share of
  calls that fail), ``SAMVERKAN_SOURCE_TIMEOUT_PM=3``, ``SAMVERKAN_SOURCE_URL_FK`` (http),
  ``SAMVERKAN_SOURCE_FILE_FK`` (file), ``SAMVERKAN_SOURCE_RETRIES_FK`` (http);
- ``settings.SAMVERKAN_SOURCES``, a dict per agency with the same keys in lower case
  (``{"af": {"failure": 1.0}}``), which wins over the environment.
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings

from samverkan.registries.records import AGENCY_CODES, Agency
from samverkan.registries.sources.base import Period, Source, SourceError, SourceResult, SourceTimeout
from samverkan.registries.sources.files import FileSource
from samverkan.registries.sources.http import HttpSource
from samverkan.registries.sources.sandbox import SandboxSource

__all__ = [
    "DEFAULTS",
    "FileSource",
    "HttpSource",
    "Period",
    "SandboxSource",
    "Source",
    "SourceError",
    "SourceResult",
    "SourceTimeout",
    "get_source",
    "source_config",
]

#: Per agency: the sandbox's simulated latency (seconds) and the lookup's time-out.
DEFAULTS: dict[str, dict[str, Any]] = {
    Agency.FK.value: {"latency": 0.2, "failure": 0.0, "timeout": 3.0},
    Agency.PM.value: {"latency": 0.15, "failure": 0.0, "timeout": 3.0},
    Agency.AF.value: {"latency": 0.25, "failure": 0.0, "timeout": 3.0},
    Agency.UNEMPLOYMENT_FUND.value: {"latency": 0.1, "failure": 0.0, "timeout": 3.0},
    Agency.CSN.value: {"latency": 0.1, "failure": 0.0, "timeout": 3.0},
    Agency.TAX_AGENCY.value: {"latency": 0.15, "failure": 0.0, "timeout": 3.0},
}
_KEYS = ("kind", "latency", "failure", "timeout", "url", "file", "retries", "store")
_NUMBERS = {"latency", "failure", "timeout"}


def source_config(agency: str) -> dict[str, Any]:
    """The merged configuration of one agency's source (defaults < environment < settings)."""
    code = Agency(agency).value
    config: dict[str, Any] = {"kind": getattr(settings, "SAMVERKAN_SOURCE", "sandbox") or "sandbox", "store": "db"}
    config.update(DEFAULTS[code])
    for key in _KEYS:
        value = os.environ.get(f"SAMVERKAN_SOURCE_{key.upper()}_{code.upper()}")
        if value not in (None, ""):
            config[key] = float(value) if key in _NUMBERS else int(value) if key == "retries" else value
    config.update(getattr(settings, "SAMVERKAN_SOURCES", {}).get(code, {}))
    if config["kind"] == "files":
        config["kind"] = "file"
    return config


def get_source(agency: str) -> Source:
    """The configured source for ``agency``; raises :class:`SourceError` when misconfigured."""
    config = source_config(agency)
    kind = config["kind"]
    timeout = float(config["timeout"])
    if kind == "sandbox":
        return SandboxSource(
            agency,
            latency=float(config["latency"]),
            failure_rate=float(config["failure"]),
            timeout=timeout,
            store=config.get("store", "db"),
        )
    if kind == "file":
        path = config.get("file")
        if not path:
            raise SourceError(
                f"{Agency(agency).label}: ingen fil är inställd (SAMVERKAN_SOURCE_FILE_{agency.upper()})."
            )
        return FileSource(agency, path, timeout=timeout)
    if kind == "http":
        url = config.get("url")
        if not url:
            raise SourceError(
                f"{Agency(agency).label}: ingen adress är inställd (SAMVERKAN_SOURCE_URL_{agency.upper()})."
            )
        retries = int(config.get("retries", 2))
        return HttpSource(agency, url, timeout=timeout, attempt_timeout=timeout / (retries + 1), retries=retries)
    raise SourceError(f"{Agency(agency).label}: okänd källtyp {kind!r} (sandbox, file eller http).")


def all_agencies() -> tuple[str, ...]:
    return AGENCY_CODES
