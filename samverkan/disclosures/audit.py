"""The audit log: append-only and hash-chained (ARCHITECTURE.md "Data and scale").

Every disclosure, review decision, consent change and cross-organisation read is written
here with :func:`audit_append`, inside the transaction of the write it records (so a
rolled-back write leaves no entry, and a stored write always has one).

The chain: entry *n* carries ``prev_hash`` = the hash of entry *n − 1* (the genesis hash for
the first) and ``hash`` = HMAC-SHA256, with the key named by its ``key_id``, over the canonical
JSON of its own fields plus ``prev_hash`` and ``key_id`` (:func:`entry_hash`; the keys live outside
the database, :mod:`samverkan.disclosures.keys`). Entries written before the chain was keyed
have no ``key_id`` and a plain SHA-256; they may only form the beginning of the chain, closed by a
keyed entry (migration 0004 appends one), so a chain recomputed without the key is detected.
Changing, removing or inserting an entry breaks the chain at that point, and
:func:`audit_verify` (``samverkan audit verify``) names the first broken entry and the kind of
break. Appends are serialised on the one :class:`~samverkan.disclosures.models.AuditChainHead` row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite transactions are IMMEDIATE and so already
serialised), so the chain never forks.

The database itself refuses UPDATE and DELETE of entries (migration 0002), and TRUNCATE, REPLACE,
upserts and any insert that is not an append at the head; the head row may only advance to the
newest entry (migration 0004). What a database administrator could still do by lifting those
triggers is caught by the anchors: :func:`audit_anchor` (``samverkan audit anchor``, on every
scheduler tick) writes the head outside the database (:mod:`samverkan.disclosures.anchors`), and
:func:`audit_verify` checks that every anchored entry still has its anchored hash and that the
chain is not shorter than the last anchor (ADR 0007).

Data minimisation: an entry refers to the person by key only and holds category codes,
the basis and the purpose, never names, addresses or the values disclosed. Identity numbers
typed into a purpose or into ``extra`` are masked before the entry is written.

This module appends; hashing an entry, verifying the chain and anchoring it live in
:mod:`samverkan.disclosures.audit_chain`, whose public names are importable from here too.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction

from samverkan.core.clock import now
from samverkan.core.prepared import PreparedInsert, PreparedRead, PreparedUpdate
from samverkan.disclosures.audit_chain import ENTRY_COLUMNS as ENTRY_COLUMNS
from samverkan.disclosures.audit_chain import HEAD_PK
from samverkan.disclosures.audit_chain import AnchorStatus as AnchorStatus
from samverkan.disclosures.audit_chain import AuditVerification as AuditVerification
from samverkan.disclosures.audit_chain import BreakKind as BreakKind
from samverkan.disclosures.audit_chain import audit_anchor as audit_anchor
from samverkan.disclosures.audit_chain import audit_entry_count as audit_entry_count
from samverkan.disclosures.audit_chain import audit_verify as audit_verify
from samverkan.disclosures.audit_chain import canonical_json as canonical_json
from samverkan.disclosures.audit_chain import entry_hash as entry_hash
from samverkan.disclosures.audit_chain import hashed_fields as hashed_fields
from samverkan.disclosures.keys import current_key
from samverkan.disclosures.models import AuditChainHead, AuditEntry
from samverkan.domain.pii import find_identity_numbers

if TYPE_CHECKING:
    from samverkan.accounts.models import Organisation, User
    from samverkan.people.models import Person

_EVENT = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")


@functools.lru_cache(maxsize=4096)
def _mask(text: str) -> str:
    """``text`` with identity numbers masked (cached: the same citations and purposes recur in every batch)."""
    for finding in reversed(find_identity_numbers(text)):
        text = text[: finding.start] + finding.masked + text[finding.end :]
    return text


def _minimised(value: Any) -> Any:
    if isinstance(value, str):
        return _mask(value)
    if isinstance(value, Mapping):
        return {str(k): _minimised(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_minimised(v) for v in value]
    return value


#: The chain head's lock and move, compiled once: every audited write runs them (ADR 0008).
_HEAD_LOCK = PreparedRead(
    lambda pk: AuditChainHead.objects.select_for_update().filter(pk=pk).values_list("last_sequence", "last_hash")
)
_INSERT_ENTRIES = PreparedInsert(AuditEntry)
_HEAD_MOVE = PreparedUpdate(lambda pk: AuditChainHead.objects.filter(pk=pk), ("last_sequence", "last_hash"))


def _locked_head() -> tuple[int, str]:
    """The chain head's sequence and hash, locked until the transaction ends."""
    found = _HEAD_LOCK.rows(HEAD_PK)
    if not found:
        # First entry (or after a flush): create the head race-free, then lock it.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=HEAD_PK)], ignore_conflicts=True)
        found = _HEAD_LOCK.rows(HEAD_PK)
    sequence, digest = found[0]
    return int(sequence), str(digest)


def audit_append(
    *,
    event: str,
    actor: User | None,
    organisation: Organisation | None,
    person: Person | None = None,
    categories: Sequence[str] = (),
    basis: str = "",
    purpose: str = "",
    recipient: Organisation | None = None,
    extra: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry to the chain; call it inside the transaction of the write it records.

    ``event`` is dotted (``"disclosure.released"``). ``organisation`` is the organisation whose
    data and secrecy the event concerns, ``recipient`` the one that received data, ``actor``
    the official who acted (None: the system or the person). Raises ``ValueError`` for a
    malformed event or categories given as one string.
    """
    return audit_append_many(
        [
            AuditEvent(
                event=event,
                actor=actor,
                organisation=organisation,
                person=person,
                categories=categories,
                basis=basis,
                purpose=purpose,
                recipient=recipient,
                extra=extra,
            )
        ]
    )[0]


@dataclass(frozen=True)
class AuditEvent:
    """The arguments of one :func:`audit_append`, for appending several entries at once."""

    event: str
    actor: User | None
    organisation: Organisation | None
    person: Person | None = None
    categories: Sequence[str] = ()
    basis: str = ""
    purpose: str = ""
    recipient: Organisation | None = None
    extra: Mapping[str, Any] | None = None


def audit_append_many(events: Sequence[AuditEvent]) -> list[AuditEntry]:
    """Append several entries in order under one lock of the chain head (one write records several events)."""
    for item in events:
        if not _EVENT.match(item.event):
            raise ValueError(f"audit event must be dotted lower-case words, not {item.event!r}")
        if isinstance(item.categories, str):
            raise ValueError("categories must be a sequence of category codes, not one string")
    if not events:
        return []
    key = current_key()
    with transaction.atomic(savepoint=False):
        sequence, previous = _locked_head()
        created_at = now()
        entries = []
        for item in events:
            sequence += 1
            codes = sorted({str(c) for c in item.categories})
            # Round-trip through JSON so what is stored is exactly what is hashed.
            clean_extra = json.loads(canonical_json(_minimised(dict(item.extra or {}))))
            clean_purpose = _mask(item.purpose or "")
            actor = item.actor
            actor_role = ",".join(sorted(r.value for r in actor.roles)) if actor is not None else ""
            fields = hashed_fields(
                sequence=sequence,
                created_at=created_at,
                event=item.event,
                actor_id=actor.pk if actor is not None else None,
                actor_role=actor_role,
                organisation_id=item.organisation.pk if item.organisation is not None else None,
                recipient_id=item.recipient.pk if item.recipient is not None else None,
                person_id=item.person.pk if item.person is not None else None,
                categories=codes,
                basis=item.basis or "",
                purpose=clean_purpose,
                extra=clean_extra,
            )
            digest = entry_hash(fields, previous, key)
            entries.append(
                AuditEntry(
                    sequence=sequence,
                    created_at=created_at,
                    event=item.event,
                    actor=actor,
                    actor_role=actor_role,
                    organisation=item.organisation,
                    recipient=item.recipient,
                    person=item.person,
                    categories=codes,
                    basis=item.basis or "",
                    purpose=clean_purpose,
                    extra=clean_extra,
                    prev_hash=previous,
                    hash=digest,
                    key_id=key.id,
                )
            )
            previous = digest
        stored = _INSERT_ENTRIES.insert(entries)
        if _HEAD_MOVE.run(HEAD_PK, sequence, previous) != 1:
            raise RuntimeError("the audit chain's head could not be moved")
    return stored
