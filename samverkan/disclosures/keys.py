"""The audit chain's HMAC keys, kept outside the database (ADR 0007).

``SAMVERKAN_AUDIT_KEYS`` (setting, from the environment) lists every key the chain has been
written with, as ``id:base64key,id:base64key``; the **last one is current**: it keys new entries
and the anchors. Rotating a key is appending a new ``id:key`` and keeping the old ones, so that the
entries written with them still verify; each entry records the id of its key (``key_id``).
Ids are 1–32 letters, digits, ``.``, ``_`` or ``-``; a key is at least 32 bytes.

Unset, the fixed :data:`DEMO_KEY` (id ``demo``) is used, but only where the data are synthetic:
demo mode, debug, or the embedded SQLite database. PostgreSQL outside demo and debug is
production: there the system check ``disclosures.E001`` stops every management command (migrate,
runserver, the scheduler), and an append raises ``ImproperlyConfigured``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: The shortest key accepted (bytes): as long as the SHA-256 output.
MIN_KEY_BYTES = 32

_KEY_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$")


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes = field(repr=False)


#: The demo and development key: public, so an entry keyed with it proves nothing.
DEMO_KEY = AuditKey("demo", b"samverkan-demo-audit-key-public-not-secret")


def parse_keys(text: str) -> tuple[AuditKey, ...]:
    """``"id:base64,id:base64"`` → the keys in order (the last one current); ``ImproperlyConfigured`` if malformed."""
    return _parse(text)


@functools.lru_cache(maxsize=8)
def _parse(text: str) -> tuple[AuditKey, ...]:
    keys: list[AuditKey] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        key_id, sep, encoded = part.partition(":")
        key_id = key_id.strip()
        if not sep or not _KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                "SAMVERKAN_AUDIT_KEYS: varje nyckel skrivs id:base64 (id 1–32 tecken: bokstäver, siffror, . _ -)."
            )
        try:
            secret = base64.b64decode(encoded.strip(), validate=True)
        except (binascii.Error, ValueError):
            raise ImproperlyConfigured(f"SAMVERKAN_AUDIT_KEYS: nyckeln {key_id!r} är inte giltig base64.") from None
        if len(secret) < MIN_KEY_BYTES:
            raise ImproperlyConfigured(
                f"SAMVERKAN_AUDIT_KEYS: nyckeln {key_id!r} är {len(secret)} byte; den ska vara minst {MIN_KEY_BYTES}."
            )
        if any(k.id == key_id for k in keys):
            raise ImproperlyConfigured(f"SAMVERKAN_AUDIT_KEYS: nyckel-id {key_id!r} förekommer två gånger.")
        keys.append(AuditKey(key_id, secret))
    return tuple(keys)


def _embedded_database() -> bool:
    return str(settings.DATABASES["default"]["ENGINE"]).endswith("sqlite3")


def demo_key_allowed() -> bool:
    """The demo key may stand in for a missing configuration: demo mode, debug, or SQLite."""
    return bool(getattr(settings, "DEMO_MODE", False) or settings.DEBUG or _embedded_database())


def audit_keys() -> tuple[AuditKey, ...]:
    """Every configured key, oldest first; the demo key where that is allowed; else ``ImproperlyConfigured``."""
    keys = parse_keys(getattr(settings, "SAMVERKAN_AUDIT_KEYS", "") or "")
    if keys:
        return keys
    if demo_key_allowed():
        return (DEMO_KEY,)
    raise ImproperlyConfigured(
        "SAMVERKAN_AUDIT_KEYS saknas: granskningsloggen nycklas med HMAC och nyckeln ska ligga utanför databasen "
        "(id:base64, minst 32 byte). Demonyckeln används bara i demoläge, med DEBUG eller med SQLite."
    )


def current_key() -> AuditKey:
    """The key new entries and anchors are written with (the last configured one)."""
    return audit_keys()[-1]


def keys_by_id() -> dict[str, AuditKey]:
    return {key.id: key for key in audit_keys()}
