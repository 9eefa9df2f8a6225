"""The audit log against its own database administrator (issue 17, ADR 0007): one test per attack.

The suite runs on SQLite and on PostgreSQL; each test runs on both, except where the attack
exists on one database only (REPLACE INTO is SQLite's, TRUNCATE PostgreSQL's). First what the
database refuses; then what a database owner can still do after lifting every trigger
(:func:`tampering.lift_guards`) and how verification, with the key outside the database and the
anchors outside the database, detects it. Everything is rolled back with each test's transaction.
"""

from __future__ import annotations

import base64
import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samverkan.disclosures import keys as keys_module
from samverkan.disclosures.anchors import format_anchor
from samverkan.disclosures.audit import AnchorStatus, BreakKind, audit_anchor, audit_append, audit_verify
from samverkan.disclosures.checks import audit_keys_configured
from samverkan.disclosures.keys import DEMO_KEY, AuditKey, audit_keys, current_key, parse_keys
from samverkan.disclosures.models import GENESIS_HASH, AuditAnchorFile, AuditChainHead, AuditEntry
from tests.disclosures import tampering as dba
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db

seal_migration = __import__(
    "samverkan.disclosures.migrations.0004_audit_keyed_and_anchored", fromlist=["seal_legacy_chain"]
)


def _append(gate: Gate, n: int) -> list[AuditEntry]:
    return [
        audit_append(
            event="disclosure.released",
            actor=gate.social_worker,
            organisation=gate.af,
            recipient=gate.sorby,
            person=gate.client,
            categories=["identity"],
            basis="duty",
            purpose=f"Utredning {i}",
            extra={"request_id": i},
        )
        for i in range(n)
    ]


@pytest.fixture
def entries(gate: Gate) -> list[AuditEntry]:
    """Five fresh entries at the end of the demo world's log."""
    return _append(gate, 5)


@pytest.fixture
def anchor_file(settings: Any, tmp_path: Path) -> Path:
    """This test's own anchor file (the suite's setting is empty: anchoring off)."""
    path = tmp_path / "audit-anchors.jsonl"
    settings.SAMVERKAN_AUDIT_ANCHOR_PATH = str(path)
    return path


def _only(vendor: str) -> None:
    if connection.vendor != vendor:
        pytest.skip(f"gäller bara {vendor}")


def _count() -> int:
    return AuditEntry.objects.count()


def _head() -> tuple[int, str]:
    head = AuditChainHead.objects.get(pk=1)
    return head.last_sequence, head.last_hash


def _verify_command() -> str:
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", "--no-progress", stdout=StringIO())
    assert caught.value.returncode == 1
    return str(caught.value)


# --- What the database refuses --------------------------------------------------------------------


def test_the_guards_are_installed_and_enabled_on_both_tables() -> None:
    if dba.postgres():
        entries = {"disclosures_audit_append_only", "disclosures_audit_append_at_head", "disclosures_audit_no_truncate"}
        head = {"disclosures_audit_head_guard", "disclosures_audit_head_no_truncate"}
    else:
        entries = {"disclosures_audit_no_update", "disclosures_audit_no_delete", "disclosures_audit_append_at_head"}
        head = {"disclosures_audit_head_insert", "disclosures_audit_head_advance", "disclosures_audit_head_no_delete"}
    assert entries <= dba.trigger_names(dba.ENTRIES)
    assert head <= dba.trigger_names(dba.HEAD)


def test_replace_into_an_existing_entry_is_refused_on_sqlite(entries: list[AuditEntry]) -> None:
    _only("sqlite")
    target, count, head = entries[2], _count(), _head()
    changed = dba.copied(purpose="'Ändrat i efterhand'")
    columns = ", ".join(["id", *dba.COLUMNS])
    for verb in ("REPLACE", "INSERT OR REPLACE"):
        message = dba.refused(
            f"{verb} INTO {dba.ENTRIES} ({columns}) SELECT {changed} FROM {dba.ENTRIES} WHERE id = %s", [target.pk]
        )
        assert "går bara att lägga till i vid huvudet" in message
    # REPLACE as a new head entry that would push out an old one by its id or by its hash.
    at_head = dba.copied(sequence=dba.NEXT_SEQUENCE, prev_hash=dba.NEWEST_HASH, purpose="'Ny'")
    dba.refused(
        f"REPLACE INTO {dba.ENTRIES} ({columns}) SELECT {at_head} FROM {dba.ENTRIES} WHERE id = %s", [target.pk]
    )
    without_id = ", ".join(dba.COLUMNS)
    at_head_same_hash = dba.copied(sequence=dba.NEXT_SEQUENCE, prev_hash=dba.NEWEST_HASH).removeprefix("id, ")
    dba.refused(
        f"REPLACE INTO {dba.ENTRIES} ({without_id}) SELECT {at_head_same_hash} FROM {dba.ENTRIES} WHERE id = %s",
        [target.pk],
    )
    target.refresh_from_db()
    assert target.purpose == "Utredning 2"
    assert (_count(), _head()) == (count, head)
    assert audit_verify().ok


def test_an_upsert_is_refused(entries: list[AuditEntry]) -> None:
    """INSERT … ON CONFLICT DO UPDATE (PostgreSQL, and SQLite's own upsert) on the id and on the sequence."""
    target, count = entries[1], _count()
    columns = ", ".join(["id", *dba.COLUMNS])
    changed = dba.copied(purpose="'Ändrat i efterhand'")
    for conflict in ("id", "sequence"):
        dba.refused(
            f"INSERT INTO {dba.ENTRIES} ({columns}) SELECT {changed} FROM {dba.ENTRIES} WHERE id = %s "
            f"ON CONFLICT ({conflict}) DO UPDATE SET purpose = excluded.purpose",
            [target.pk],
        )
    target.refresh_from_db()
    assert target.purpose == "Utredning 1" and _count() == count
    assert audit_verify().ok


def test_truncate_is_refused_on_postgresql(entries: list[AuditEntry]) -> None:
    _only("postgresql")
    count, head = _count(), _head()
    dba.as_in_a_session_of_its_own()
    for statement in (
        f"TRUNCATE {dba.ENTRIES} CASCADE",  # (without CASCADE the review marks' foreign key refuses it already)
        f"TRUNCATE {dba.ENTRIES}, reports_reviewmark",
        f"TRUNCATE {dba.HEAD}",
        "TRUNCATE accounts_organisation CASCADE",  # reaches the audit table through its foreign keys
    ):
        assert "går inte att tömma" in dba.refused(statement)
    assert (_count(), _head()) == (count, head)


def test_delete_without_where_is_refused_on_sqlite(entries: list[AuditEntry]) -> None:
    """SQLite's nearest thing to TRUNCATE: a DELETE of every row meets the row triggers."""
    _only("sqlite")
    count = _count()
    dba.refused(f"DELETE FROM {dba.ENTRIES}")
    dba.refused(f"DELETE FROM {dba.HEAD}")
    assert _count() == count


def test_an_insert_that_is_not_an_append_at_the_head_is_refused(entries: list[AuditEntry]) -> None:
    count, head = _count(), _head()
    columns = ", ".join(dba.COLUMNS)

    def insert(**replace: str) -> str:
        select = dba.copied(**replace).removeprefix("id, ")
        return f"INSERT INTO {dba.ENTRIES} ({columns}) SELECT {select} FROM {dba.ENTRIES} WHERE id = %s"

    unique_hash = "'" + "e" * 64 + "'"
    dba.refused(  # a gap
        insert(sequence=f"{dba.NEXT_SEQUENCE} + 1", prev_hash=dba.NEWEST_HASH, hash=unique_hash), [entries[0].pk]
    )
    dba.refused(  # in the middle: an old sequence number
        insert(prev_hash=dba.NEWEST_HASH, hash=unique_hash), [entries[0].pk]
    )
    dba.refused(  # not linked to the newest entry
        insert(sequence=dba.NEXT_SEQUENCE, hash=unique_hash), [entries[0].pk]
    )
    dba.refused(  # unkeyed
        insert(sequence=dba.NEXT_SEQUENCE, prev_hash=dba.NEWEST_HASH, hash=unique_hash, key_id="NULL"),
        [entries[0].pk],
    )
    assert (_count(), _head()) == (count, head)

    # An append at the head passes the database (which cannot know the key), and so does moving the head
    # to it; verification does not: beyond the head, and then by its HMAC.
    dba.sql(insert(sequence=dba.NEXT_SEQUENCE, prev_hash=dba.NEWEST_HASH, hash=unique_hash), [entries[0].pk])
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.HEAD
    dba.sql(f"UPDATE {dba.HEAD} SET last_sequence = {dba.NEXT_SEQUENCE} - 1, last_hash = {dba.NEWEST_HASH}")
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.CONTENT
    assert result.broken.sequence == entries[-1].sequence + 1


def test_the_head_row_only_advances_to_the_newest_entry(entries: list[AuditEntry]) -> None:
    head = _head()
    previous = entries[-2]
    for statement, params in (
        (f"UPDATE {dba.HEAD} SET last_sequence = %s, last_hash = %s", [previous.sequence, previous.hash]),
        (f"UPDATE {dba.HEAD} SET last_hash = %s", ["f" * 64]),
        (f"UPDATE {dba.HEAD} SET last_sequence = last_sequence + 1", []),
        (f"DELETE FROM {dba.HEAD}", []),
        (f"INSERT INTO {dba.HEAD} (id, last_sequence, last_hash) VALUES (2, 0, %s)", [GENESIS_HASH]),
        (
            f"INSERT INTO {dba.HEAD} (id, last_sequence, last_hash) VALUES (1, %s, %s) ON CONFLICT (id) DO UPDATE "
            "SET last_sequence = excluded.last_sequence, last_hash = excluded.last_hash",
            [previous.sequence, previous.hash],
        ),
    ):
        assert "Loggens huvud kan bara flyttas fram" in dba.refused(statement, params)
    if not dba.postgres():
        dba.refused(
            f"REPLACE INTO {dba.HEAD} (id, last_sequence, last_hash) VALUES (1, %s, %s)",
            [previous.sequence, previous.hash],
        )
    assert _head() == head == (entries[-1].sequence, entries[-1].hash)


# --- What a database owner can still do, and how it is detected -----------------------------------


def test_a_truncated_log_is_detected_by_the_anchors(entries: list[AuditEntry], anchor_file: Path) -> None:
    assert audit_anchor().status is AnchorStatus.ANCHORED
    dba.lift_guards()
    dba.empty_log()  # TRUNCATE … CASCADE on PostgreSQL, DELETE on SQLite

    assert audit_verify(anchors=[]).ok  # the chain alone: an empty log is a whole log
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.TRUNCATED
    assert f"nr {entries[-1].sequence} fanns" in result.broken.reason
    assert "Kedjan är bruten (loggen är kortare än ankaret)" in _verify_command()

    lines = anchor_file.read_text()
    refused = audit_anchor()
    assert refused.status is AnchorStatus.REFUSED and refused.broken is not None
    assert refused.broken.kind is BreakKind.TRUNCATED
    assert anchor_file.read_text() == lines  # nothing anchored for the emptied log


@pytest.mark.parametrize("key", [None, dba.WRONG_KEY], ids=["unkeyed", "wrong-key"])
def test_an_entry_rewritten_and_the_rest_of_the_chain_recomputed_without_the_key_is_detected(
    entries: list[AuditEntry], key: AuditKey | None
) -> None:
    target = entries[2]
    dba.lift_guards()
    dba.sql(f"UPDATE {dba.ENTRIES} SET purpose = %s WHERE id = %s", ["Ändrat i efterhand", target.pk])
    dba.recompute(target.sequence, key)

    result = audit_verify(anchors=[])  # detected by the key alone, no anchor needed
    assert result.broken is not None
    assert (result.broken.sequence, result.broken.entry_id) == (target.sequence, target.pk)
    assert result.broken.kind is (BreakKind.UNKEYED if key is None else BreakKind.CONTENT)
    message = _verify_command()
    assert f"Loggpost nr {target.sequence} (id {target.pk}" in message


def test_the_whole_chain_recomputed_without_the_key_is_detected(entries: list[AuditEntry], anchor_file: Path) -> None:
    """Unkeyed from the first entry on, as if it had all been written before the chain was keyed."""
    audit_anchor()
    dba.lift_guards()
    dba.sql(f"UPDATE {dba.ENTRIES} SET purpose = %s WHERE id = %s", ["Ändrat i efterhand", entries[0].pk])
    dba.recompute(1, None)

    alone = audit_verify(anchors=[])
    assert alone.broken is not None and alone.broken.kind is BreakKind.UNKEYED
    assert alone.broken.sequence == entries[-1].sequence  # an old log always ends with a keyed entry
    anchored = audit_verify()
    assert anchored.broken is not None and anchored.broken.kind is BreakKind.ANCHOR
    assert anchored.broken.sequence == entries[-1].sequence


def test_a_chain_recomputed_with_the_key_itself_is_detected_by_the_anchors(
    gate: Gate, entries: list[AuditEntry], anchor_file: Path
) -> None:
    """Someone with the key as well as the database: only the anchors outside both can tell."""
    audit_anchor()
    later = _append(gate, 2)
    audit_anchor()
    dba.lift_guards()
    dba.sql(f"UPDATE {dba.ENTRIES} SET purpose = %s WHERE id = %s", ["Ändrat i efterhand", entries[1].pk])
    dba.recompute(entries[1].sequence, current_key())

    assert audit_verify(anchors=[]).ok
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.ANCHOR
    assert result.broken.sequence == entries[-1].sequence  # the first anchored entry after the change
    assert "kedjan har räknats om eller bytts ut" in result.broken.reason
    refused = audit_anchor()
    assert refused.status is AnchorStatus.REFUSED and refused.broken is not None
    assert refused.broken.sequence == later[-1].sequence


def test_the_last_entries_deleted_and_the_head_reset_are_detected_by_the_anchor(
    entries: list[AuditEntry], anchor_file: Path
) -> None:
    audit_anchor()
    keep = entries[-3]
    dba.lift_guards()
    dba.sql(f"DELETE FROM {dba.ENTRIES} WHERE sequence > %s", [keep.sequence])
    dba.sql(f"UPDATE {dba.HEAD} SET last_sequence = %s, last_hash = %s", [keep.sequence, keep.hash])

    assert audit_verify(anchors=[]).ok  # consistent in itself
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.TRUNCATED
    assert result.broken.sequence == keep.sequence
    assert f"nr {entries[-1].sequence} fanns" in result.broken.reason


@pytest.mark.parametrize("how", ["as-it-was", "renumbered-unkeyed", "renumbered-with-the-key"])
def test_a_chain_re_inserted_without_one_entry_is_detected(
    entries: list[AuditEntry], anchor_file: Path, how: str
) -> None:
    audit_anchor()
    removed = entries[2]
    dba.lift_guards()
    dba.sql(f"CREATE TEMPORARY TABLE audit_copy AS SELECT * FROM {dba.ENTRIES}")
    dba.empty_log()
    renumber = how != "as-it-was"
    sequence = (
        f"CASE WHEN sequence > {removed.sequence} THEN sequence - 1 ELSE sequence END" if renumber else "sequence"
    )
    dba.sql(
        f"INSERT INTO {dba.ENTRIES} ({', '.join(['id', *dba.COLUMNS])}) "
        f"SELECT {dba.copied(sequence=sequence)} FROM audit_copy WHERE id <> %s",
        [removed.pk],
    )
    dba.sql("DROP TABLE audit_copy")
    dba.set_head_to_newest()
    if renumber:
        dba.recompute(removed.sequence, None if how == "renumbered-unkeyed" else current_key())

    alone = audit_verify(anchors=[])
    anchored = audit_verify()
    assert anchored.broken is not None
    if how == "as-it-was":
        assert alone.broken is not None and alone.broken.kind is BreakKind.GAP
        assert alone.broken.entry_id == entries[3].pk
    elif how == "renumbered-unkeyed":
        assert alone.broken is not None and alone.broken.kind is BreakKind.UNKEYED
        assert alone.broken.sequence == removed.sequence
    else:
        assert alone.ok  # recomputed with the key: consistent in itself …
        assert anchored.broken.kind is BreakKind.TRUNCATED  # … but shorter than the anchor says


def test_entries_beyond_the_head_are_detected(entries: list[AuditEntry]) -> None:
    """A forged tail appended with the guards lifted, the head left where it was."""
    dba.lift_guards()
    columns = ", ".join(dba.COLUMNS)
    select = dba.copied(sequence=dba.NEXT_SEQUENCE, prev_hash=dba.NEWEST_HASH, hash="'" + "e" * 64 + "'")
    dba.sql(
        f"INSERT INTO {dba.ENTRIES} ({columns}) SELECT {select.removeprefix('id, ')} FROM {dba.ENTRIES} WHERE id = %s",
        [entries[0].pk],
    )
    result = audit_verify(anchors=[])
    assert result.broken is not None and result.broken.kind is BreakKind.HEAD
    assert f"det finns poster efter nr {entries[-1].sequence}" in result.broken.reason


def test_verification_follows_entries_appended_while_it_runs(gate: Gate, entries: list[AuditEntry]) -> None:
    """No lock and no snapshot: appends during a long verification are followed, not taken for tampering."""
    appended: list[AuditEntry] = []

    def progress(_n: int) -> None:
        if len(appended) < 3:
            appended.extend(_append(gate, 1))

    result = audit_verify(anchors=[], progress=progress, chunk_size=50)
    assert result.ok, result.broken
    assert result.checked == _count() == entries[-1].sequence + 3


# --- The anchor file ----------------------------------------------------------------------------------


def test_anchor_appends_one_authenticated_line_per_new_head(
    gate: Gate, entries: list[AuditEntry], anchor_file: Path
) -> None:
    first = audit_anchor()
    assert first.status is AnchorStatus.ANCHORED
    assert (first.sequence, first.hash, first.key_id) == (entries[-1].sequence, entries[-1].hash, "test")
    assert first.checked == _count()  # the first anchor checks the whole chain
    assert audit_anchor().status is AnchorStatus.UNCHANGED
    _append(gate, 1)
    second = audit_anchor()
    assert second.status is AnchorStatus.ANCHORED and second.checked == 1  # only what is new since the last

    lines = [json.loads(line) for line in anchor_file.read_text().splitlines()]
    assert len(lines) == 2
    assert set(lines[0]) == {"v", "sequence", "hash", "key_id", "anchored_at", "mac"}
    assert lines[0]["sequence"] == entries[-1].sequence and lines[0]["anchored_at"].startswith("2026-11-18T09:")
    assert lines[1]["sequence"] == entries[-1].sequence + 1

    out = StringIO()
    call_command("audit", "anchor", "--no-progress", stdout=out)
    assert "Inget nytt sedan senaste ankaret" in out.getvalue()
    out = StringIO()
    call_command("audit", "verify", "--no-progress", stdout=out)
    assert "Loggen är hel" in out.getvalue() and "Stämmer med 2 ankare" in out.getvalue()
    assert "Nycklar: test (" in out.getvalue()


def test_anchor_refuses_to_vouch_for_a_changed_entry_since_the_last_anchor(
    gate: Gate, entries: list[AuditEntry], anchor_file: Path
) -> None:
    audit_anchor()
    later = _append(gate, 2)
    lines = anchor_file.read_text()
    dba.lift_guards()
    dba.sql(f"UPDATE {dba.ENTRIES} SET purpose = %s WHERE id = %s", ["Ändrat", later[0].pk])

    with pytest.raises(CommandError) as caught:
        call_command("audit", "anchor", "--no-progress", stdout=StringIO())
    assert caught.value.returncode == 1
    assert "Förankrar inte" in str(caught.value) and f"Loggpost nr {later[0].sequence}" in str(caught.value)
    assert anchor_file.read_text() == lines


def test_an_edited_or_forged_anchor_line_is_detected(entries: list[AuditEntry], anchor_file: Path) -> None:
    audit_anchor()
    line = anchor_file.read_text()
    sequence = entries[-1].sequence
    anchor_file.write_text(line.replace(f'"sequence":{sequence}', f'"sequence":{sequence + 100}'))
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.ANCHOR_FILE
    assert result.broken.anchor_line == 1 and "HMAC" in result.broken.reason
    assert "Ankarfilen, rad 1" in _verify_command()

    anchor_file.write_text(line)
    forged = format_anchor(
        sequence=sequence + 100, hash="f" * 64, anchored_at=entries[-1].created_at, key=dba.WRONG_KEY
    )
    with anchor_file.open("a") as handle:
        handle.write(forged)
    result = audit_verify()
    assert result.broken is not None and result.broken.anchor_line == 2
    assert audit_anchor().status is AnchorStatus.REFUSED

    stranger = AuditKey("someone-else", b"x" * 32)
    anchor_file.write_text(
        line + format_anchor(sequence=1, hash="f" * 64, anchored_at=entries[-1].created_at, key=stranger)
    )
    result = audit_verify()
    assert result.broken is not None and "nyckel-id 'someone-else'" in result.broken.reason


def test_verify_checks_against_a_copy_of_the_anchor_file_kept_elsewhere(
    entries: list[AuditEntry], anchor_file: Path, tmp_path: Path
) -> None:
    audit_anchor()
    copy = tmp_path / "elsewhere.jsonl"
    copy.write_text(anchor_file.read_text())
    anchor_file.unlink()  # the local file gone; the copy still tells
    dba.lift_guards()
    dba.sql(f"DELETE FROM {dba.ENTRIES} WHERE sequence = %s", [entries[-1].sequence])
    dba.set_head_to_newest()
    with pytest.raises(CommandError, match="loggen är kortare än ankaret"):
        call_command("audit", "verify", "--no-progress", "--anchors", str(copy), stdout=StringIO())


def test_verify_says_when_the_log_is_not_anchored(entries: list[AuditEntry], anchor_file: Path) -> None:
    out = StringIO()
    call_command("audit", "verify", "--no-progress", stdout=out)
    assert "Loggen är hel" in out.getvalue() and "inte förankrad" in out.getvalue()


# --- Keys ------------------------------------------------------------------------------------------------


def _b64(secret: bytes) -> str:
    return base64.b64encode(secret).decode()


def test_a_rotated_key_keys_new_entries_and_the_old_key_still_verifies_old_ones(gate: Gate, settings: Any) -> None:
    [old] = _append(gate, 1)
    settings.SAMVERKAN_AUDIT_KEYS = f"{settings.SAMVERKAN_AUDIT_KEYS},k2:{_b64(b'second-key-' * 4)}"
    [new] = _append(gate, 1)
    assert (old.key_id, new.key_id) == ("test", "k2")
    result = audit_verify()
    assert result.ok and result.keys_used["k2"] == 1 and result.keys_used["test"] == _count() - 1

    settings.SAMVERKAN_AUDIT_KEYS = (
        f"k2:{_b64(b'second-key-' * 4)}"  # the old key dropped: old entries cannot be checked
    )
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.UNKNOWN_KEY
    assert result.broken.sequence == 1


@pytest.mark.parametrize(
    "text",
    [
        "utan-kolon",
        "k1:inte base64!",
        f"k1:{_b64(b'kort')}",
        f"k1:{_b64(b'x' * 32)},k1:{_b64(b'y' * 32)}",
        f"å:{_b64(b'x' * 32)}",
    ],
)
def test_malformed_keys_are_refused(text: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_AUDIT_KEYS"):
        parse_keys(text)


def test_the_last_listed_key_is_current() -> None:
    keys = parse_keys(f" k1:{_b64(b'x' * 32)} , k2:{_b64(b'y' * 40)} ")
    assert [k.id for k in keys] == ["k1", "k2"] and keys[1].secret == b"y" * 40


def test_the_demo_key_stands_in_only_for_demo_debug_or_sqlite(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.SAMVERKAN_AUDIT_KEYS = ""
    settings.DEBUG = False
    settings.DEMO_MODE = False
    monkeypatch.setattr(keys_module, "_embedded_database", lambda: True)
    assert audit_keys() == (DEMO_KEY,)
    monkeypatch.setattr(keys_module, "_embedded_database", lambda: False)  # PostgreSQL: production
    with pytest.raises(ImproperlyConfigured, match="SAMVERKAN_AUDIT_KEYS saknas"):
        audit_keys()
    [error] = audit_keys_configured()
    assert error.id == "disclosures.E001"
    settings.DEMO_MODE = True
    assert audit_keys() == (DEMO_KEY,) and audit_keys_configured() == []


# --- Entries from before the chain was keyed ---------------------------------------------------------------


def test_an_unkeyed_chain_closed_by_the_migrations_keyed_entry_verifies(entries: list[AuditEntry]) -> None:
    """Migration 0004 closes an existing unkeyed log with one keyed entry; the unkeyed entries verify as before."""
    dba.lift_guards()
    dba.recompute(1, None)  # the whole log as it was before the chain was keyed
    assert audit_verify(anchors=[]).broken is not None  # not yet closed by a keyed entry

    editor = SimpleNamespace(connection=connection)
    seal_migration.seal_legacy_chain(django_apps, editor)
    seal = AuditEntry.objects.order_by("-sequence").first()
    assert seal is not None and seal.event == "audit.chain_keyed" and seal.key_id == "test"
    assert seal.extra == {"legacy_until": entries[-1].sequence}
    result = audit_verify(anchors=[])
    assert result.ok and result.keys_used == {"": entries[-1].sequence, "test": 1}
    seal_migration.seal_legacy_chain(django_apps, editor)  # a keyed log needs nothing
    assert AuditEntry.objects.order_by("-sequence").first() == seal


@pytest.mark.parametrize("how", ["deleted", "emptied"])
def test_a_removed_or_emptied_anchor_file_is_a_break_and_is_never_started_afresh(
    entries: list[AuditEntry], anchor_file: Path, how: str
) -> None:
    assert audit_anchor().status is AnchorStatus.ANCHORED
    started = AuditAnchorFile.objects.get(path=str(anchor_file))
    assert started.first_sequence == entries[-1].sequence
    if how == "deleted":
        anchor_file.unlink()
    else:
        anchor_file.write_text("")
    result = audit_verify()
    assert result.broken is not None and result.broken.kind is BreakKind.ANCHOR_FILE
    assert f"första ankaret vid nr {started.first_sequence}" in result.broken.reason
    refused = audit_anchor()  # the scheduler must not vouch for whatever chain is there now
    assert refused.status is AnchorStatus.REFUSED
    assert not anchor_file.exists() or anchor_file.read_text() == ""
    assert "Ankarfilen:" in _verify_command()
