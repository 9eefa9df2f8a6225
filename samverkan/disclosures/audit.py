"""The audit log: append-only and hash-chained (ARCHITECTURE.md "Data and scale").

Every disclosure, review decision, consent change and cross-organisation read is written
here with :func:`audit_append`, inside the transaction of the write it records (so a
rolled-back write leaves no entry, and a stored write always has one).

The chain: entry *n* carries ``prev_hash`` = the hash of entry *n − 1* (the genesis hash for
the first) and ``hash`` = SHA-256 over the canonical JSON of its own fields plus ``prev_hash``
(:func:`entry_hash`). Changing, removing or inserting an entry breaks the chain at that
point, and :func:`audit_verify` (``samverkan audit verify``) names the first broken entry.
Appends are serialised on the one :class:`~samverkan.disclosures.models.AuditChainHead` row
(``SELECT … FOR UPDATE`` on PostgreSQL; SQLite transactions are IMMEDIATE and so already
serialised), so the chain never forks. The database itself refuses UPDATE and DELETE of
entries (triggers, migration 0002).

Data minimisation: an entry refers to the person by key only and holds category codes,
the basis and the purpose, never names, addresses or the values disclosed. Identity numbers
typed into a purpose or into ``extra`` are masked before the entry is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction

from samverkan.core.clock import now
from samverkan.disclosures.models import GENESIS_HASH, AuditChainHead, AuditEntry
from samverkan.domain.pii import find_identity_numbers

if TYPE_CHECKING:
    from samverkan.accounts.models import Organisation, User
    from samverkan.people.models import Person

_EVENT = re.compile(r"^[a-z][a-z_]*(\.[a-z][a-z_]*)+$")
HEAD_PK = 1


def canonical_json(data: Any) -> str:
    """The one serialisation that is hashed: sorted keys, no whitespace, UTF-8 kept."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, cls=DjangoJSONEncoder)


def _timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def hashed_fields(
    *,
    sequence: int,
    created_at: dt.datetime,
    event: str,
    actor_id: int | None,
    actor_role: str,
    organisation_id: int | None,
    recipient_id: int | None,
    person_id: int | None,
    categories: Sequence[str],
    basis: str,
    purpose: str,
    extra: Mapping[str, Any],
) -> dict[str, Any]:
    """The fields of an entry as they are hashed (foreign keys by id)."""
    return {
        "sequence": sequence,
        "created_at": _timestamp(created_at),
        "event": event,
        "actor": actor_id,
        "actor_role": actor_role,
        "organisation": organisation_id,
        "recipient": recipient_id,
        "person": person_id,
        "categories": list(categories),
        "basis": basis,
        "purpose": purpose,
        "extra": dict(extra),
    }


def entry_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) over the canonical JSON of ``fields`` plus ``prev_hash``."""
    payload = canonical_json({**fields, "prev_hash": prev_hash})
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _mask(text: str) -> str:
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


def _locked_head() -> AuditChainHead:
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is None:
        # First entry (or after a flush): create the head race-free, then lock it.
        AuditChainHead.objects.bulk_create([AuditChainHead(pk=HEAD_PK)], ignore_conflicts=True)
        head = AuditChainHead.objects.select_for_update().get(pk=HEAD_PK)
    return head


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
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        created_at = now()
        entries = []
        previous = head.last_hash
        sequence = head.last_sequence
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
            digest = entry_hash(fields, previous)
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
                )
            )
            previous = digest
        stored = AuditEntry.objects.bulk_create(entries)
        head.last_sequence = sequence
        head.last_hash = previous
        head.save(update_fields=["last_sequence", "last_hash"])
    return stored


# --- Verification -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AuditBreak:
    """The first place the chain does not hold."""

    sequence: int
    entry_id: int | None
    event: str
    created_at: dt.datetime | None
    reason: str

    def describe(self) -> str:
        parts = []
        if self.entry_id is not None:
            parts.append(f"id {self.entry_id}")
        if self.created_at is not None:
            parts.append(f"{self.created_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC")
        if self.event:
            parts.append(self.event)
        where = f" ({', '.join(parts)})" if parts else ""
        return f"Loggpost nr {self.sequence}{where}: {self.reason}"


@dataclass(frozen=True)
class AuditVerification:
    checked: int
    broken: AuditBreak | None

    @property
    def ok(self) -> bool:
        return self.broken is None


_VALUES = (
    "id",
    "sequence",
    "created_at",
    "event",
    "actor_id",
    "actor_role",
    "organisation_id",
    "recipient_id",
    "person_id",
    "categories",
    "basis",
    "purpose",
    "extra",
    "prev_hash",
    "hash",
)


def _broken(checked: int, row: dict[str, Any], reason: str) -> AuditVerification:
    return AuditVerification(checked, AuditBreak(row["sequence"], row["id"], row["event"], row["created_at"], reason))


def audit_verify(*, progress: Callable[[int], None] | None = None, chunk_size: int = 2000) -> AuditVerification:
    """Walk the whole chain in order and return the first broken entry, if any.

    Checks, for each entry: the numbering has no gap (an entry removed), ``prev_hash`` is the
    previous entry's hash (an entry removed or re-hashed), and the recomputed hash equals the
    stored one (an entry changed). At the end the newest entry must be the one the chain head
    remembers (entries removed from the end). ``progress`` is called with the number of
    entries checked since the last call.
    """
    previous_hash = GENESIS_HASH
    previous_sequence = 0
    checked = 0
    rows = AuditEntry.objects.order_by("sequence").values(*_VALUES).iterator(chunk_size=chunk_size)
    for row in rows:
        checked += 1
        if progress is not None:
            progress(1)
        sequence = row["sequence"]
        if sequence != previous_sequence + 1:
            missing = (
                f"nr {previous_sequence + 1}"
                if sequence == previous_sequence + 2
                else f"nr {previous_sequence + 1}–{sequence - 1}"
            )
            return _broken(checked, row, f"loggposter saknas före den här posten ({missing} har tagits bort).")
        if row["prev_hash"] != previous_hash:
            return _broken(
                checked,
                row,
                "den föregående postens hash stämmer inte med den som posten bär: föregående post har ändrats, "
                "tagits bort eller bytts ut.",
            )
        fields = hashed_fields(
            sequence=sequence,
            created_at=row["created_at"],
            event=row["event"],
            actor_id=row["actor_id"],
            actor_role=row["actor_role"],
            organisation_id=row["organisation_id"],
            recipient_id=row["recipient_id"],
            person_id=row["person_id"],
            categories=row["categories"],
            basis=row["basis"],
            purpose=row["purpose"],
            extra=row["extra"],
        )
        if entry_hash(fields, row["prev_hash"]) != row["hash"]:
            return _broken(
                checked, row, "innehållet stämmer inte med postens hash: posten har ändrats efter att den skrevs."
            )
        previous_hash = row["hash"]
        previous_sequence = sequence

    head = AuditChainHead.objects.filter(pk=HEAD_PK).first()
    head_sequence = head.last_sequence if head is not None else 0
    head_hash = head.last_hash if head is not None else GENESIS_HASH
    if head_sequence != previous_sequence or head_hash != previous_hash:
        reason = (
            f"loggen slutar vid nr {previous_sequence} men ska enligt kedjans huvud ha {head_sequence} poster: "
            "de senaste posterna har tagits bort eller ändrats."
            if head_sequence != previous_sequence
            else "den senaste postens hash stämmer inte med kedjans huvud: posten har bytts ut."
        )
        return AuditVerification(checked, AuditBreak(previous_sequence, None, "", None, reason))
    return AuditVerification(checked, None)


def audit_entry_count() -> int:
    return AuditEntry.objects.count()
