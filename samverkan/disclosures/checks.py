"""System check: the audit chain's HMAC key is configured (``disclosures.E001``, ADR 0007).

Runs before every management command that checks the system (migrate, runserver, the scheduler,
the batch commands), so a production installation without ``SAMVERKAN_AUDIT_KEYS`` does not start.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured

from samverkan.disclosures.keys import audit_keys


@register("security")
def audit_keys_configured(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    try:
        audit_keys()
    except ImproperlyConfigured as error:
        return [
            Error(
                str(error),
                hint="Sätt SAMVERKAN_AUDIT_KEYS=id:base64 (t.ex. id:$(openssl rand -base64 32)) utanför databasen.",
                id="disclosures.E001",
            )
        ]
    return []
