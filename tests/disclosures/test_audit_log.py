"""The audit log: append-only, hash-chained, verified by ``samverkan audit verify``.

To show that verification finds a tampered entry, a test must first get past the database's
own refusal of UPDATE and DELETE (migration disclosures.0002). It does so the way an
attacker with the database owner's rights would: it drops the triggers (SQLite) or disables
the trigger (PostgreSQL) inside the test's own transaction, changes the row with raw SQL,
and the transaction is rolled back at the end of the test, triggers and all (DDL is
transactional on both databases).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from samverkan.disclosures.audit import audit_append, audit_verify, canonical_json, entry_hash, hashed_fields
from samverkan.disclosures.keys import current_key
from samverkan.disclosures.models import GENESIS_HASH, AuditChainHead, AuditEntry
from tests.disclosures.conftest import Gate

pytestmark = pytest.mark.django_db


def _append(gate: Gate, n: int = 3) -> list[AuditEntry]:
    return [
        audit_append(
            event="read.cross_org",
            actor=gate.social_worker,
            organisation=gate.af,
            recipient=gate.sorby,
            person=gate.client,
            categories=["jobseeker_category", "identity"],
            basis="duty",
            purpose=f"Kontroll {i}",
            extra={"request_id": i},
        )
        for i in range(n)
    ]


def _sql(sql: str, params: list[Any] | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


@pytest.fixture
def unguarded() -> Iterator[None]:
    """Lift the append-only triggers for this test only (rolled back with the test's transaction)."""
    if connection.vendor == "postgresql":
        _sql("ALTER TABLE disclosures_auditentry DISABLE TRIGGER disclosures_audit_append_only")
    else:
        _sql("DROP TRIGGER disclosures_audit_no_update")
        _sql("DROP TRIGGER disclosures_audit_no_delete")
    yield


def test_each_entry_carries_the_previous_entrys_hash_and_a_hash_of_its_own_fields(gate: Gate) -> None:
    before = AuditChainHead.objects.filter(pk=1).first()
    entries = _append(gate)
    first_prev = before.last_hash if before else GENESIS_HASH
    assert entries[0].prev_hash == first_prev
    assert entries[1].prev_hash == entries[0].hash
    assert entries[2].prev_hash == entries[1].hash
    assert [e.sequence for e in entries] == [entries[0].sequence + i for i in range(3)]
    stored = AuditEntry.objects.get(pk=entries[1].pk)
    fields = hashed_fields(
        sequence=stored.sequence,
        created_at=stored.created_at,
        event=stored.event,
        actor_id=stored.actor_id,
        actor_role=stored.actor_role,
        organisation_id=stored.organisation_id,
        recipient_id=stored.recipient_id,
        person_id=stored.person_id,
        categories=stored.categories,
        basis=stored.basis,
        purpose=stored.purpose,
        extra=stored.extra,
    )
    key = current_key()
    assert stored.key_id == key.id == "test"  # settings_test's key, kept outside the database
    payload = canonical_json({**fields, "prev_hash": stored.prev_hash, "key_id": key.id}).encode()
    expected = hmac.new(key.secret, payload, hashlib.sha256).hexdigest()
    assert stored.hash == expected == entry_hash(fields, stored.prev_hash, key)
    assert stored.hash != entry_hash(fields, stored.prev_hash)  # not the plain SHA-256 of the same fields
    head = AuditChainHead.objects.get(pk=1)
    assert (head.last_sequence, head.last_hash) == (entries[2].sequence, entries[2].hash)


def test_entry_names_actor_role_and_parties_but_holds_no_identity_numbers(gate: Gate) -> None:
    entry = audit_append(
        event="disclosure.released",
        actor=gate.social_worker,
        organisation=gate.af,
        recipient=gate.sorby,
        person=gate.client,
        categories=["identity"],
        basis="duty",
        purpose=f"Utredning om {gate.client.identity_number}",
        extra={"note": f"gäller {gate.client.identity_number}"},
    )
    assert entry.actor_role == "social_worker"
    assert entry.person_id == gate.client.pk
    text = json.dumps({"purpose": entry.purpose, "extra": entry.extra}, ensure_ascii=False)
    assert gate.client.identity_number not in text
    assert gate.client.identity_number[2:8] + "-****" in entry.purpose
    assert gate.client.street_address not in text or not gate.client.street_address
    assert audit_verify().ok


def test_malformed_event_is_refused() -> None:
    with pytest.raises(ValueError):
        audit_append(event="Utlämnat", actor=None, organisation=None)


def test_verify_accepts_an_intact_chain_and_the_command_says_so(gate: Gate) -> None:
    _append(gate)
    result = audit_verify()
    assert result.ok and result.checked == AuditEntry.objects.count()
    out = StringIO()
    call_command("audit", "verify", "--no-progress", stdout=out)
    assert "Loggen är hel" in out.getvalue()


def test_update_through_raw_sql_is_refused_by_the_database(gate: Gate) -> None:
    entry = _append(gate, 1)[0]
    from django.db import DatabaseError, transaction

    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("UPDATE disclosures_auditentry SET purpose = %s WHERE id = %s", ["ändrat", entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        _sql("DELETE FROM disclosures_auditentry WHERE id = %s", [entry.pk])
    entry.refresh_from_db()
    assert entry.purpose == "Kontroll 0"


def test_verify_names_the_entry_that_was_altered(gate: Gate, unguarded: None, capsys: Any) -> None:
    entries = _append(gate, 3)
    altered = entries[1]
    _sql("UPDATE disclosures_auditentry SET purpose = %s WHERE id = %s", ["Något helt annat", altered.pk])
    result = audit_verify()
    assert not result.ok and result.broken is not None
    assert result.broken.entry_id == altered.pk
    assert result.broken.sequence == altered.sequence
    assert "har ändrats" in result.broken.reason
    with pytest.raises(CommandError) as caught:
        call_command("audit", "verify", stdout=StringIO())
    assert caught.value.returncode == 1
    assert f"Loggpost nr {altered.sequence} (id {altered.pk}" in str(caught.value)
    assert "Kontrollerar loggen" in capsys.readouterr().err  # the progress bar, on standard error


def test_verify_finds_an_entry_re_hashed_to_hide_a_change(gate: Gate, unguarded: None) -> None:
    entries = _append(gate, 3)
    forged = entries[0]
    _sql("UPDATE disclosures_auditentry SET purpose = %s, hash = %s WHERE id = %s", ["Ändrat", "f" * 64, forged.pk])
    result = audit_verify()
    assert result.broken is not None
    # The forged entry itself no longer matches its hash; were it re-hashed correctly, the next link would break.
    assert result.broken.sequence in (forged.sequence, forged.sequence + 1)


def test_verify_names_a_gap_where_an_entry_was_deleted(gate: Gate, unguarded: None) -> None:
    entries = _append(gate, 3)
    _sql("DELETE FROM disclosures_auditentry WHERE id = %s", [entries[1].pk])
    result = audit_verify()
    assert result.broken is not None
    assert result.broken.entry_id == entries[2].pk
    assert "saknas" in result.broken.reason


def test_verify_notices_entries_removed_from_the_end(gate: Gate, unguarded: None) -> None:
    entries = _append(gate, 2)
    _sql("DELETE FROM disclosures_auditentry WHERE id = %s", [entries[-1].pk])
    result = audit_verify()
    assert result.broken is not None
    assert "senaste posterna" in result.broken.reason


def test_progress_callback_counts_every_entry(gate: Gate) -> None:
    _append(gate, 2)
    seen: list[int] = []
    result = audit_verify(progress=seen.append, chunk_size=1)
    assert sum(seen) == result.checked == AuditEntry.objects.count()
