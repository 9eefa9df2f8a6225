"""The audit chain itself: how an entry is hashed, verifying the chain, and anchoring its head.

:func:`entry_hash` over :func:`hashed_fields` is the one definition of an entry's hash, used when
appending (:mod:`samverkan.disclosures.audit`), when verifying and by migration 0004.
:func:`audit_verify` walks the chain and names the first broken entry (:class:`BreakKind`);
:func:`audit_anchor` writes the head outside the database once the chain since the last anchor
holds (ADR 0007). The names are also importable from :mod:`samverkan.disclosures.audit`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder

from samverkan.core.clock import now
from samverkan.disclosures.anchors import (
    Anchor,
    AnchorFileBusy,
    AnchorFileError,
    anchor_path,
    format_anchor,
    open_for_append,
    read_anchors,
)
from samverkan.disclosures.keys import AuditKey, current_key, keys_by_id
from samverkan.disclosures.models import GENESIS_HASH, AuditAnchorFile, AuditChainHead, AuditEntry

#: The one row of :class:`~samverkan.disclosures.models.AuditChainHead`.
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


def entry_hash(fields: Mapping[str, Any], prev_hash: str, key: AuditKey | None = None) -> str:
    """HMAC-SHA256 (hex) with ``key`` over the canonical JSON of ``fields`` plus ``prev_hash`` and the key's id.

    Without a key: the plain SHA-256 of ``fields`` plus ``prev_hash``, as entries written before the
    chain was keyed have it (``key_id`` null).
    """
    if key is None:
        payload = canonical_json({**fields, "prev_hash": prev_hash})
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()
    payload = canonical_json({**fields, "prev_hash": prev_hash, "key_id": key.id})
    return hmac.new(key.secret, payload.encode("utf-8"), hashlib.sha256).hexdigest()


# --- Verification -------------------------------------------------------------------------------


class BreakKind(StrEnum):
    """The kind of break verification found; :attr:`label` names it in Swedish."""

    GAP = "gap"
    LINK = "link"
    CONTENT = "content"
    UNKEYED = "unkeyed"
    UNKNOWN_KEY = "unknown_key"
    HEAD = "head"
    ANCHOR = "anchor"
    TRUNCATED = "truncated"
    ANCHOR_FILE = "anchor_file"

    @property
    def label(self) -> str:
        return {
            BreakKind.GAP: "poster saknas",
            BreakKind.LINK: "länken till föregående post är bruten",
            BreakKind.CONTENT: "en post har ändrats",
            BreakKind.UNKEYED: "en post saknar nyckel",
            BreakKind.UNKNOWN_KEY: "okänd nyckel",
            BreakKind.HEAD: "kedjans huvud stämmer inte",
            BreakKind.ANCHOR: "kedjan stämmer inte med ankaret",
            BreakKind.TRUNCATED: "loggen är kortare än ankaret",
            BreakKind.ANCHOR_FILE: "ankarfilen går inte att lita på",
        }[self]


@dataclass(frozen=True)
class AuditBreak:
    """The first place the chain does not hold."""

    sequence: int
    entry_id: int | None
    event: str
    created_at: dt.datetime | None
    reason: str
    kind: BreakKind
    #: The line of the anchor file, for a break of kind ``ANCHOR_FILE``.
    anchor_line: int | None = None

    def describe(self) -> str:
        if self.kind is BreakKind.ANCHOR_FILE:
            if self.anchor_line is None:
                return f"Ankarfilen: {self.reason}"
            return f"Ankarfilen, rad {self.anchor_line}: {self.reason}"
        if self.entry_id is None and self.kind in (BreakKind.HEAD, BreakKind.TRUNCATED):
            where = f"Efter loggpost nr {self.sequence}" if self.sequence else "Loggen är tom"
            return f"{where}: {self.reason}"
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
    #: The anchors the chain was checked against (empty: none, or anchoring is off).
    anchors: tuple[Anchor, ...] = ()
    #: The anchor file read; None when anchoring is off or the anchors were given.
    anchor_file: Path | None = None
    #: The anchor file is configured but does not exist (yet): the chain is not anchored.
    anchor_file_missing: bool = False
    #: Entries per key id ("" for the unkeyed entries from before the chain was keyed).
    keys_used: Mapping[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.broken is None

    @property
    def last_anchor(self) -> Anchor | None:
        return max(self.anchors, key=lambda a: (a.sequence, a.line)) if self.anchors else None


#: The entry columns verification reads, in table order (tests play the DBA with the same list).
ENTRY_COLUMNS = (
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
    "key_id",
)


def _row_break(row: Mapping[str, Any], kind: BreakKind, reason: str) -> AuditBreak:
    return AuditBreak(row["sequence"], row["id"], row["event"], row["created_at"], reason, kind)


def _anchor_file_break(error: AnchorFileError) -> AuditBreak:
    return AuditBreak(0, None, "", None, error.reason, BreakKind.ANCHOR_FILE, error.line)


def _anchoring_started(path: Path) -> AuditAnchorFile | None:
    """The registration of ``path`` as an anchor file (None: never anchored there)."""
    return AuditAnchorFile.objects.filter(path=str(path)).first()


def _anchor_file_lost(path: Path, started: AuditAnchorFile) -> AuditBreak:
    reason = (
        f"ankarfilen {path} saknas eller är tom, men den har hållit kedjans ankare sedan "
        f"{started.started_at.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC (första ankaret vid nr {started.first_sequence}): "
        "filen har tagits bort, tömts eller bytts ut, och en omräknad eller avkortad logg kan då inte uteslutas. "
        "Återställ filen från säkerhetskopian och kör samverkan audit verify igen."
    )
    return AuditBreak(started.first_sequence, None, "", None, reason, BreakKind.ANCHOR_FILE)


def _truncated_break(last_sequence: int, anchor: Anchor) -> AuditBreak:
    reason = (
        f"loggen slutar vid nr {last_sequence}, men ankaret från {anchor.when} (rad {anchor.line} i ankarfilen) "
        f"visar att nr {anchor.sequence} fanns: poster har tagits bort (loggen har tömts eller kortats)."
    )
    return AuditBreak(last_sequence, None, "", None, reason, BreakKind.TRUNCATED)


class _ChainWalk:
    """Checks entries one by one, in sequence order, from a known point of the chain (the genesis by default)."""

    def __init__(
        self,
        *,
        keys: Mapping[str, AuditKey],
        anchors: Iterable[Anchor] = (),
        after_sequence: int = 0,
        after_hash: str = GENESIS_HASH,
        keyed: bool = False,
    ) -> None:
        self.keys = keys
        self.anchored: dict[int, list[Anchor]] = {}
        for anchor in anchors:
            self.anchored.setdefault(anchor.sequence, []).append(anchor)
        self.sequence = after_sequence
        self.hash = after_hash
        self.keyed = keyed  # a keyed entry has been seen: no unkeyed one may follow
        self.last_row: dict[str, Any] | None = None
        self.last_matching_anchor = 0
        self.checked = 0
        self.keys_used: Counter[str] = Counter()

    def run(self, rows: Iterable[dict[str, Any]], progress: Callable[[int], None] | None = None) -> AuditBreak | None:
        for row in rows:
            self.checked += 1
            if progress is not None:
                progress(1)
            broken = self.check(row)
            if broken is not None:
                return broken
        return None

    def check(self, row: dict[str, Any]) -> AuditBreak | None:
        sequence = row["sequence"]
        if sequence != self.sequence + 1:
            missing = (
                f"nr {self.sequence + 1}" if sequence == self.sequence + 2 else f"nr {self.sequence + 1}–{sequence - 1}"
            )
            return _row_break(row, BreakKind.GAP, f"loggposter saknas före den här posten ({missing} har tagits bort).")
        if row["prev_hash"] != self.hash:
            return _row_break(
                row,
                BreakKind.LINK,
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
        key_id = row["key_id"]
        if key_id is None:
            if self.keyed:
                return _row_break(
                    row,
                    BreakKind.UNKEYED,
                    "posten saknar nyckel (vanlig SHA-256) fast tidigare poster är nycklade: posten har skrivits "
                    "eller räknats om utan nyckeln.",
                )
            expected = entry_hash(fields, row["prev_hash"])
        else:
            key = self.keys.get(key_id)
            if key is None:
                return _row_break(
                    row,
                    BreakKind.UNKNOWN_KEY,
                    f"posten är nycklad med nyckel-id {key_id!r}, som inte finns i SAMVERKAN_AUDIT_KEYS: lägg till "
                    "nyckeln (gamla nycklar ska finnas kvar efter ett nyckelbyte) för att kunna kontrollera posten.",
                )
            expected = entry_hash(fields, row["prev_hash"], key)
        if not hmac.compare_digest(expected, row["hash"]):
            how = f" (HMAC med nyckel {key_id!r})" if key_id is not None else ""
            return _row_break(
                row,
                BreakKind.CONTENT,
                f"innehållet stämmer inte med postens hash{how}: posten har ändrats efter att den skrevs, eller "
                "kedjan har räknats om utan rätt nyckel.",
            )
        for anchor in self.anchored.get(sequence, ()):
            if anchor.hash != row["hash"]:
                since = (
                    f"; nr {self.last_matching_anchor} stämde fortfarande med sitt ankare"
                    if self.last_matching_anchor
                    else ""
                )
                return _row_break(
                    row,
                    BreakKind.ANCHOR,
                    f"postens hash stämmer inte med ankaret från {anchor.when} (rad {anchor.line} i ankarfilen)"
                    f"{since}: kedjan har räknats om eller bytts ut efter att den förankrades.",
                )
        if sequence in self.anchored:
            self.last_matching_anchor = sequence
        self.keyed = self.keyed or key_id is not None
        self.keys_used[key_id or ""] += 1
        self.sequence = sequence
        self.hash = row["hash"]
        self.last_row = row
        return None

    def to_head(self, *, progress: Callable[[int], None] | None, chunk_size: int) -> AuditBreak | None:
        """Walk on up to the chain head, following appends made meanwhile; then the newest entry must be keyed.

        No snapshot is needed (a long verification never holds a lock): the head is read first and
        the entries up to it are walked, and entries and head are committed together, so entries
        beyond a head read *after* they were seen are not an append but a forged tail (or a head
        moved back).
        """
        previous_head: int | None = None
        for _ in range(_FOLLOW_ROUNDS):
            head = AuditChainHead.objects.filter(pk=HEAD_PK).values_list("last_sequence", "last_hash").first()
            head_sequence, head_hash = head if head is not None else (0, GENESIS_HASH)
            if head_sequence == previous_head:
                return AuditBreak(
                    self.sequence,
                    None,
                    "",
                    None,
                    f"det finns poster efter nr {head_sequence}, där kedjans huvud står: de har lagts till utan att "
                    "huvudet flyttades fram, eller huvudet har flyttats bakåt.",
                    BreakKind.HEAD,
                )
            rows = (
                AuditEntry.objects.filter(sequence__gt=self.sequence, sequence__lte=head_sequence)
                .order_by("sequence")
                .values(*ENTRY_COLUMNS)
                .iterator(chunk_size=chunk_size)
            )
            broken = self.run(rows, progress)
            if broken is not None:
                return broken
            if head_sequence < self.sequence:
                return AuditBreak(
                    self.sequence,
                    None,
                    "",
                    None,
                    f"kedjans huvud står på nr {head_sequence}, men loggen har poster till minst nr {self.sequence}: "
                    "huvudet har flyttats bakåt.",
                    BreakKind.HEAD,
                )
            if self.sequence != head_sequence or self.hash != head_hash:
                reason = (
                    f"loggen slutar vid nr {self.sequence} men ska enligt kedjans huvud ha {head_sequence} poster: "
                    "de senaste posterna har tagits bort eller ändrats."
                    if self.sequence != head_sequence
                    else "den senaste postens hash stämmer inte med kedjans huvud: posten har bytts ut."
                )
                return AuditBreak(self.sequence, None, "", None, reason, BreakKind.HEAD)
            if not AuditEntry.objects.filter(sequence__gt=head_sequence).exists():
                break
            previous_head = head_sequence  # entries beyond: appended since the head was read, or forged
        last = self.last_row
        if last is not None and last["key_id"] is None:
            return _row_break(
                last,
                BreakKind.UNKEYED,
                "loggens senaste post saknar nyckel. En logg med äldre, onycklade poster avslutas alltid med en "
                "nycklad post (migration 0004): kedjan har räknats om utan nyckeln.",
            )
        return None


#: How many times verification follows the head while appends keep coming (then it stops at the last head read).
_FOLLOW_ROUNDS = 20


def audit_verify(
    *,
    progress: Callable[[int], None] | None = None,
    chunk_size: int = 2000,
    anchors: Sequence[Anchor] | None = None,
    anchor_file: Path | None = None,
) -> AuditVerification:
    """Walk the whole chain in order and return the first broken entry, if any.

    Checks, for each entry: the numbering has no gap (an entry removed), ``prev_hash`` is the
    previous entry's hash (an entry removed or re-hashed), the recomputed HMAC with the entry's
    key equals the stored hash (an entry changed, or the chain recomputed without the key), no
    unkeyed entry follows a keyed one, and an anchored entry still has its anchored hash (the chain
    recomputed or replaced). At the end the newest entry must be keyed and be the one the chain head
    remembers, and the chain must reach the last anchor (entries removed from the end, a truncated
    table). The anchors come from ``anchor_file`` or the configured file, or are given (``[]``: the
    chain alone). ``progress`` is called with the number of entries checked since the last call.
    """
    source: Path | None = None
    missing = False
    if anchors is None:
        source = anchor_file or anchor_path()
        found: list[Anchor] | None = None
        if source is not None:
            try:
                found = read_anchors(source)
            except AnchorFileError as error:
                return AuditVerification(0, _anchor_file_break(error), anchor_file=source)
            missing = found is None
        anchors = found or []
        if source is not None and not anchors:
            started = _anchoring_started(source)
            if started is not None:
                return AuditVerification(0, _anchor_file_lost(source, started), anchor_file=source)
    walk = _ChainWalk(keys=keys_by_id(), anchors=anchors)
    broken = walk.to_head(progress=progress, chunk_size=chunk_size)
    if broken is None:
        beyond = [anchor for anchor in anchors if anchor.sequence > walk.sequence]
        if beyond:
            broken = _truncated_break(walk.sequence, max(beyond, key=lambda a: a.sequence))
    return AuditVerification(walk.checked, broken, tuple(anchors), source, missing, dict(walk.keys_used))


def audit_entry_count() -> int:
    return AuditEntry.objects.count()


# --- Anchors ------------------------------------------------------------------------------------


class AnchorStatus(StrEnum):
    ANCHORED = "anchored"
    UNCHANGED = "unchanged"
    EMPTY = "empty"
    DISABLED = "disabled"
    BUSY = "busy"
    REFUSED = "refused"


@dataclass(frozen=True)
class AnchorOutcome:
    status: AnchorStatus
    path: Path | None = None
    sequence: int = 0
    hash: str = ""
    key_id: str = ""
    #: Entries checked before anchoring (those since the last anchor; the whole chain the first time).
    checked: int = 0
    #: The anchor the chain was checked against (the highest one in the file).
    previous: Anchor | None = None
    #: Why nothing was anchored (``REFUSED``).
    broken: AuditBreak | None = None


def _check_since(
    last: Anchor | None, progress: Callable[[int], None] | None, chunk_size: int
) -> tuple[AuditBreak | None, _ChainWalk]:
    keys = keys_by_id()
    if last is None:
        walk = _ChainWalk(keys=keys)
    else:
        walk = _ChainWalk(keys=keys, after_sequence=last.sequence, after_hash=last.hash)
        entry = AuditEntry.objects.filter(sequence=last.sequence).values(*ENTRY_COLUMNS).first()
        if entry is None:
            newest = AuditEntry.objects.order_by("-sequence").values_list("sequence", flat=True).first() or 0
            return _truncated_break(newest, last), walk
        if entry["hash"] != last.hash:
            return _row_break(
                entry,
                BreakKind.ANCHOR,
                f"postens hash stämmer inte med ankaret från {last.when} (rad {last.line} i ankarfilen): kedjan har "
                "räknats om eller bytts ut efter att den förankrades.",
            ), walk
        walk.keyed = entry["key_id"] is not None
    return walk.to_head(progress=progress, chunk_size=chunk_size), walk


def audit_anchor(
    *, path: Path | None = None, progress: Callable[[int], None] | None = None, chunk_size: int = 2000
) -> AnchorOutcome:
    """Append the chain's head to the anchor file (``path``, else ``SAMVERKAN_AUDIT_ANCHOR_PATH``).

    First the chain is checked against the highest anchor already in the file: that entry must
    still exist with its anchored hash, and every entry after it must hold (the whole chain, the
    first time). So an anchor never vouches for a chain that was shortened, replaced or forged
    since the last one; such a chain is ``REFUSED`` with the break, and nothing is written.
    Nothing is written either when the head has not moved since the last anchor, when the log is
    empty, when anchoring is off, or while another process is anchoring (``BUSY``).
    """
    target = path or anchor_path()
    if target is None:
        return AnchorOutcome(AnchorStatus.DISABLED)
    key = current_key()
    try:
        with open_for_append(target) as writer:
            try:
                anchors = writer.read()
            except AnchorFileError as error:
                return AnchorOutcome(AnchorStatus.REFUSED, target, broken=_anchor_file_break(error))
            last = max(anchors, key=lambda a: (a.sequence, a.line)) if anchors else None
            if last is None:
                started = _anchoring_started(target)
                if started is not None:  # the file was anchored to before: it has been removed or emptied
                    return AnchorOutcome(AnchorStatus.REFUSED, target, broken=_anchor_file_lost(target, started))
            broken, walk = _check_since(last, progress, chunk_size)
            if broken is not None:
                return AnchorOutcome(AnchorStatus.REFUSED, target, checked=walk.checked, previous=last, broken=broken)
            if walk.sequence == 0:
                status, key_id = AnchorStatus.EMPTY, ""
            elif last is not None and (last.sequence, last.hash) == (walk.sequence, walk.hash):
                status, key_id = AnchorStatus.UNCHANGED, last.key_id
            else:
                writer.append(format_anchor(sequence=walk.sequence, hash=walk.hash, anchored_at=now(), key=key))
                status, key_id = AnchorStatus.ANCHORED, key.id
                if last is None:  # from now on this file must hold the chain's anchors
                    AuditAnchorFile.objects.get_or_create(
                        path=str(target), defaults={"started_at": now(), "first_sequence": walk.sequence}
                    )
            return AnchorOutcome(status, target, walk.sequence, walk.hash, key_id, walk.checked, last)
    except AnchorFileBusy:
        return AnchorOutcome(AnchorStatus.BUSY, target)
