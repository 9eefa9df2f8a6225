"""A keyed audit chain that the database only lets grow at its head (ADR 0007).

1. ``key_id`` on every entry: the id of the HMAC key in ``SAMVERKAN_AUDIT_KEYS``. Null for the
   entries written before this migration, which keep their plain SHA-256 and verify as before.
   (A nullable column without a default, so SQLite adds it with ALTER TABLE and the table,
   with its triggers, is not rebuilt.)
2. Triggers, on both databases:

   - an INSERT into the entries must be an append at the head: the next sequence number, the
     newest entry's hash as ``prev_hash``, a key id. That refuses REPLACE / INSERT OR REPLACE
     (SQLite deletes the conflicting row without running DELETE triggers, so the INSERT trigger
     also refuses an id or hash that already exists) and upserts;
   - the head row may only advance, to the newest entry's sequence and hash; it is never deleted,
     and it is created only empty, for an empty log;
   - PostgreSQL: TRUNCATE of either table (also through ``TRUNCATE … CASCADE`` of another table)
     raises. SQLite has no TRUNCATE; ``DELETE FROM`` meets the row triggers.
3. An existing, unkeyed chain is closed with one keyed entry (``audit.chain_keyed``): from then on
   verification accepts unkeyed entries only as the beginning of the chain, followed by a keyed
   one, so a chain recomputed without the key cannot pass as "old".

Emptying the whole database stays possible through the project's ``flush`` command, which lifts
and restores these triggers in its own transaction (test databases, a demo reset).
"""

from django.db import migrations, models

ENTRIES = "disclosures_auditentry"
HEAD = "disclosures_auditchainhead"
GENESIS = "0" * 64

INSERT_MESSAGE = (
    "Granskningsloggen går bara att lägga till i vid huvudet: en ny post ska ha nästa löpnummer, "
    "den senaste postens hash och ett nyckel-id (REPLACE och upsert nekas)."
)
HEAD_MESSAGE = (
    "Loggens huvud kan bara flyttas fram till den senaste posten; det kan inte ändras på annat sätt eller tas bort."
)
TRUNCATE_MESSAGE = "Granskningsloggen går inte att tömma: TRUNCATE nekas."

POSTGRES_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION disclosures_audit_append_at_head() RETURNS trigger AS $$
    DECLARE
        newest_sequence bigint;
        newest_hash varchar(64);
    BEGIN
        SELECT sequence, hash INTO newest_sequence, newest_hash
          FROM {ENTRIES} ORDER BY sequence DESC LIMIT 1;
        IF NOT FOUND THEN
            newest_sequence := 0;
            newest_hash := '{GENESIS}';
        END IF;
        IF NEW.key_id IS NULL
           OR NEW.sequence IS DISTINCT FROM newest_sequence + 1
           OR NEW.prev_hash IS DISTINCT FROM newest_hash THEN
            RAISE EXCEPTION '{INSERT_MESSAGE} (post nr %, senaste post nr %)', NEW.sequence, newest_sequence
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_append_at_head
    BEFORE INSERT ON {ENTRIES}
    FOR EACH ROW EXECUTE FUNCTION disclosures_audit_append_at_head();
    """,
    f"""
    CREATE OR REPLACE FUNCTION disclosures_audit_head_guard() RETURNS trigger AS $$
    DECLARE
        newest_sequence bigint;
        newest_hash varchar(64);
    BEGIN
        IF TG_OP = 'INSERT' THEN
            -- An existing row: the primary key decides (a plain INSERT fails, ON CONFLICT DO NOTHING does
            -- nothing, ON CONFLICT DO UPDATE meets the UPDATE rule below).
            IF EXISTS (SELECT 1 FROM {HEAD} WHERE id = NEW.id) THEN
                RETURN NEW;
            END IF;
            IF NEW.id = 1 AND NEW.last_sequence = 0 AND NEW.last_hash = '{GENESIS}'
               AND NOT EXISTS (SELECT 1 FROM {ENTRIES}) THEN
                RETURN NEW;
            END IF;
        ELSIF TG_OP = 'UPDATE' THEN
            SELECT sequence, hash INTO newest_sequence, newest_hash
              FROM {ENTRIES} ORDER BY sequence DESC LIMIT 1;
            IF NEW.id = OLD.id AND NEW.last_sequence > OLD.last_sequence
               AND NEW.last_sequence = newest_sequence AND NEW.last_hash = newest_hash THEN
                RETURN NEW;
            END IF;
        END IF;
        RAISE EXCEPTION '{HEAD_MESSAGE} (%)', TG_OP USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_head_guard
    BEFORE INSERT OR UPDATE OR DELETE ON {HEAD}
    FOR EACH ROW EXECUTE FUNCTION disclosures_audit_head_guard();
    """,
    f"""
    CREATE OR REPLACE FUNCTION disclosures_audit_refuse_truncate() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{TRUNCATE_MESSAGE} (%)', TG_TABLE_NAME USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_no_truncate
    BEFORE TRUNCATE ON {ENTRIES}
    FOR EACH STATEMENT EXECUTE FUNCTION disclosures_audit_refuse_truncate();
    """,
    f"""
    CREATE TRIGGER disclosures_audit_head_no_truncate
    BEFORE TRUNCATE ON {HEAD}
    FOR EACH STATEMENT EXECUTE FUNCTION disclosures_audit_refuse_truncate();
    """,
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS disclosures_audit_head_no_truncate ON {HEAD};",
    f"DROP TRIGGER IF EXISTS disclosures_audit_no_truncate ON {ENTRIES};",
    "DROP FUNCTION IF EXISTS disclosures_audit_refuse_truncate();",
    f"DROP TRIGGER IF EXISTS disclosures_audit_head_guard ON {HEAD};",
    "DROP FUNCTION IF EXISTS disclosures_audit_head_guard();",
    f"DROP TRIGGER IF EXISTS disclosures_audit_append_at_head ON {ENTRIES};",
    "DROP FUNCTION IF EXISTS disclosures_audit_append_at_head();",
]

SQLITE_INSTALL = [
    # NEW.id is not yet assigned (not an existing id) unless the statement gives one, as REPLACE does.
    f"""
    CREATE TRIGGER disclosures_audit_append_at_head BEFORE INSERT ON {ENTRIES}
    WHEN NEW.key_id IS NULL
      OR NEW.sequence IS NOT (SELECT COALESCE(MAX(sequence), 0) + 1 FROM {ENTRIES})
      OR NEW.prev_hash IS NOT COALESCE((SELECT hash FROM {ENTRIES} ORDER BY sequence DESC LIMIT 1), '{GENESIS}')
      OR EXISTS (SELECT 1 FROM {ENTRIES} WHERE id = NEW.id)
      OR EXISTS (SELECT 1 FROM {ENTRIES} WHERE hash = NEW.hash)
    BEGIN SELECT RAISE(ABORT, '{INSERT_MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_head_insert BEFORE INSERT ON {HEAD}
    WHEN NEW.id IS NOT 1 OR NEW.last_sequence IS NOT 0 OR NEW.last_hash IS NOT '{GENESIS}'
      OR EXISTS (SELECT 1 FROM {HEAD}) OR EXISTS (SELECT 1 FROM {ENTRIES})
    BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_head_advance BEFORE UPDATE ON {HEAD}
    WHEN NEW.id IS NOT OLD.id OR NEW.last_sequence <= OLD.last_sequence
      OR NEW.last_sequence IS NOT (SELECT MAX(sequence) FROM {ENTRIES})
      OR NEW.last_hash IS NOT (SELECT hash FROM {ENTRIES} ORDER BY sequence DESC LIMIT 1)
    BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_head_no_delete BEFORE DELETE ON {HEAD}
    BEGIN SELECT RAISE(ABORT, '{HEAD_MESSAGE}'); END;
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS disclosures_audit_head_no_delete;",
    "DROP TRIGGER IF EXISTS disclosures_audit_head_advance;",
    "DROP TRIGGER IF EXISTS disclosures_audit_head_insert;",
    "DROP TRIGGER IF EXISTS disclosures_audit_append_at_head;",
]


def _run(schema_editor, statements_by_vendor):
    for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE})


SEAL_EVENT = "audit.chain_keyed"
SEAL_PURPOSE = "Loggen nycklas med HMAC från och med den här posten; tidigare poster har vanlig SHA-256."


def seal_legacy_chain(apps, schema_editor):
    """Close an existing unkeyed chain with one keyed entry (nothing to do for an empty or keyed log)."""
    from samverkan.core.clock import now
    from samverkan.disclosures.audit import entry_hash, hashed_fields
    from samverkan.disclosures.keys import current_key

    entries = apps.get_model("disclosures", "AuditEntry").objects.using(schema_editor.connection.alias)
    heads = apps.get_model("disclosures", "AuditChainHead").objects.using(schema_editor.connection.alias)
    last = entries.order_by("-sequence").first()
    if last is None or last.key_id is not None:
        return
    key = current_key()
    sequence, created_at = last.sequence + 1, now()
    extra = {"legacy_until": last.sequence}
    fields = hashed_fields(
        sequence=sequence,
        created_at=created_at,
        event=SEAL_EVENT,
        actor_id=None,
        actor_role="",
        organisation_id=None,
        recipient_id=None,
        person_id=None,
        categories=[],
        basis="",
        purpose=SEAL_PURPOSE,
        extra=extra,
    )
    digest = entry_hash(fields, last.hash, key)
    entries.create(
        sequence=sequence,
        created_at=created_at,
        event=SEAL_EVENT,
        actor_role="",
        categories=[],
        basis="",
        purpose=SEAL_PURPOSE,
        extra=extra,
        prev_hash=last.hash,
        hash=digest,
        key_id=key.id,
    )
    heads.update_or_create(pk=1, defaults={"last_sequence": sequence, "last_hash": digest})


def refuse_to_drop_key_ids(apps, schema_editor):
    """Backwards: dropping ``key_id`` would leave every keyed entry unverifiable, so refuse while there are any."""
    entries = apps.get_model("disclosures", "AuditEntry").objects.using(schema_editor.connection.alias)
    keyed = entries.filter(key_id__isnull=False).count()
    if keyed:
        raise RuntimeError(
            f"Granskningsloggen har {keyed} nycklade poster; att ta bort nyckel-id skulle göra dem omöjliga att "
            "kontrollera. Migreringen går inte att backa."
        )


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0003_audit_actor_index")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="key_id",
            field=models.CharField(blank=True, max_length=32, null=True, verbose_name="nyckel-id"),
        ),
        migrations.RunPython(migrations.RunPython.noop, refuse_to_drop_key_ids, elidable=False),
        migrations.RunPython(install, remove, elidable=False),
        # After the triggers (no DDL after the insert, and the seal itself is an append at the head).
        migrations.RunPython(seal_legacy_chain, migrations.RunPython.noop, elidable=False),
    ]
