"""Emptying the whole database (test databases, a demo reset) still works with the append-only log."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from samverkan.disclosures.audit import audit_append, audit_verify
from samverkan.disclosures.models import AuditEntry
from tests.conftest import ensure_world
from tests.disclosures.tampering import ENTRIES, HEAD, trigger_names

pytestmark = pytest.mark.django_db(transaction=True)


def _guard_names() -> set[str]:
    """The enabled triggers on the entries and on the head row (migrations 0002 and 0004)."""
    return trigger_names(ENTRIES) | trigger_names(HEAD)


def test_flush_empties_the_log_and_leaves_it_protected() -> None:
    ensure_world()
    audit_append(event="read.cross_org", actor=None, organisation=None, purpose="före tömning")
    guards = _guard_names()
    assert "disclosures_audit_append_at_head" in guards and len(guards) >= 5
    call_command("flush", interactive=False, verbosity=0)
    assert AuditEntry.objects.count() == 0
    assert _guard_names() == guards
    entry = audit_append(event="read.cross_org", actor=None, organisation=None, purpose="efter tömning")
    assert entry.sequence == 1
    assert audit_verify().ok
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM disclosures_auditentry WHERE id = %s", [entry.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM disclosures_auditchainhead")
