"""Anchors: the audit chain's head, written outside the database (ADR 0007).

The model is a transparency log's signed tree head (RFC 6962, sigstore rekor): at intervals the
newest entry's sequence number and hash are published somewhere the database administrator cannot
write, and verification compares the chain with what was published. Here that is an append-only
file (``SAMVERKAN_AUDIT_ANCHOR_PATH``), one JSON line per anchor::

    {"anchored_at": "2026-11-18T09:05:00.000000+00:00", "hash": "…", "key_id": "k2", "mac": "…", "sequence": 412, "v": 1}

``mac`` is HMAC-SHA256, with the key ``key_id`` (the current key when the line was written), over
the canonical JSON of the other fields, so a line cannot be edited or forged without the key.
The file is opened with ``O_APPEND`` only, written with one ``write`` per line and ``fsync``-ed;
appends are serialised with ``flock``. In production it belongs on storage the database
administrator cannot write (another host, a WORM volume, ``chattr +a``); the database never
holds a copy. An empty setting turns anchoring off (the test suite; each test that anchors gives
its own file).

This module only reads and writes the file; what is checked against what is
:mod:`samverkan.disclosures.audit` (``audit_anchor``, ``audit_verify``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import hmac
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from samverkan.disclosures.keys import AuditKey, keys_by_id

FORMAT_VERSION = 1


@dataclass(frozen=True)
class Anchor:
    """One line of the anchor file: the chain had ``sequence`` entries, the newest with ``hash``."""

    line: int
    sequence: int
    hash: str
    key_id: str
    anchored_at: dt.datetime

    @property
    def when(self) -> str:
        return f"{self.anchored_at.astimezone(dt.UTC):%Y-%m-%d %H:%M:%S} UTC"


class AnchorFileError(Exception):
    """A line of the anchor file that cannot be trusted (edited, forged, or unreadable)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(f"rad {line}: {reason}")
        self.line = line
        self.reason = reason


class AnchorFileBusy(Exception):
    """Another process is appending to the anchor file right now."""


def anchor_path() -> Path | None:
    """The configured anchor file, or None when anchoring is turned off."""
    value = getattr(settings, "SAMVERKAN_AUDIT_ANCHOR_PATH", "") or ""
    return Path(value) if str(value).strip() else None


def _canonical(data: dict[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _mac(payload: dict[str, Any], key: AuditKey) -> str:
    return hmac.new(key.secret, _canonical(payload).encode("utf-8"), hashlib.sha256).hexdigest()


def format_anchor(*, sequence: int, hash: str, anchored_at: dt.datetime, key: AuditKey) -> str:
    """The line (with its newline) that anchors the head ``(sequence, hash)`` at ``anchored_at``."""
    payload: dict[str, Any] = {
        "v": FORMAT_VERSION,
        "sequence": sequence,
        "hash": hash,
        "key_id": key.id,
        "anchored_at": anchored_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
    }
    return _canonical({**payload, "mac": _mac(payload, key)}) + "\n"


def parse_anchor(number: int, text: str, keys: dict[str, AuditKey]) -> Anchor:
    """One line → :class:`Anchor`; :class:`AnchorFileError` if it is unreadable or its MAC does not hold."""
    try:
        data = json.loads(text)
    except ValueError:
        raise AnchorFileError(number, "raden är inte giltig JSON.") from None
    if not isinstance(data, dict):
        raise AnchorFileError(number, "raden är inte ett ankare.")
    mac = data.pop("mac", None)
    try:
        sequence, digest, key_id = data["sequence"], data["hash"], data["key_id"]
        anchored_at = dt.datetime.fromisoformat(data["anchored_at"])
    except (KeyError, TypeError, ValueError):
        raise AnchorFileError(number, "raden saknar fält eller har felaktiga värden.") from None
    if (
        data.get("v") != FORMAT_VERSION
        or not isinstance(sequence, int)
        or not isinstance(digest, str)
        or not isinstance(key_id, str)
        or not isinstance(mac, str)
        or anchored_at.tzinfo is None
    ):
        raise AnchorFileError(number, "raden saknar fält eller har felaktiga värden.")
    key = keys.get(key_id)
    if key is None:
        raise AnchorFileError(
            number, f"raden är skriven med nyckel-id {key_id!r}, som inte finns i SAMVERKAN_AUDIT_KEYS."
        )
    if not hmac.compare_digest(mac, _mac(data, key)):
        raise AnchorFileError(number, "radens HMAC stämmer inte: raden har ändrats eller skrivits utan nyckeln.")
    return Anchor(line=number, sequence=sequence, hash=digest, key_id=key_id, anchored_at=anchored_at)


def parse_anchors(text: str) -> list[Anchor]:
    """Every line of an anchor file, in order (blank lines are skipped)."""
    keys = keys_by_id()
    return [parse_anchor(n, line, keys) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]


def read_anchors(path: Path) -> list[Anchor] | None:
    """The anchors in ``path`` (a shared lock keeps a half-written line out), or None if there is no file."""
    try:
        with open(path, encoding="utf-8") as handle:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH)
            text = handle.read()
    except FileNotFoundError:
        return None
    return parse_anchors(text)


class AnchorWriter:
    """The anchor file opened for appending, under an exclusive lock (:func:`open_for_append`)."""

    def __init__(self, path: Path, fd: int) -> None:
        self.path = path
        self._fd = fd

    def read(self) -> list[Anchor]:
        return read_anchors_unlocked(self.path)

    def append(self, line: str) -> None:
        data = line.encode("utf-8")
        written = os.write(self._fd, data)  # O_APPEND: one write, at the end, whatever else happens
        if written != len(data):
            raise OSError(errno.EIO, f"ankarfilen {self.path}: bara {written} av {len(data)} byte skrevs")
        os.fsync(self._fd)


def read_anchors_unlocked(path: Path) -> list[Anchor]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return parse_anchors(text)


@contextlib.contextmanager
def open_for_append(path: Path) -> Iterator[AnchorWriter]:
    """Open (create) ``path`` with ``O_APPEND`` and lock it; :class:`AnchorFileBusy` if another process holds it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        if created:  # make the new directory entry durable too
            directory = os.open(path.parent, os.O_RDONLY)
            try:
                os.fsync(directory)
            finally:
                os.close(directory)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AnchorFileBusy(str(path)) from None
        yield AnchorWriter(path, fd)
    finally:
        os.close(fd)  # closing releases the lock
