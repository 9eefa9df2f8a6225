"""The database itself refuses UPDATE and DELETE of audit entries.

PostgreSQL: a BEFORE UPDATE OR DELETE row trigger raising an exception. SQLite (the embedded
demo database): BEFORE UPDATE and BEFORE DELETE triggers with RAISE(ABORT, ...).
Emptying the whole database (``flush``: TRUNCATE on PostgreSQL, which row triggers do not
see; on SQLite the project's ``flush`` command lifts and restores the triggers inside its own
transaction) stays possible, so test databases and demo resets work.
"""

from django.db import migrations

TABLE = "disclosures_auditentry"
MESSAGE = "Granskningsloggen går bara att lägga till i: poster kan inte ändras eller tas bort."

POSTGRES_INSTALL = [
    f"""
    CREATE OR REPLACE FUNCTION disclosures_audit_refuse_change() RETURNS trigger AS $$
    BEGIN
        RAISE EXCEPTION '{MESSAGE} (% av post %)', TG_OP, OLD.sequence
            USING ERRCODE = 'integrity_constraint_violation';
    END;
    $$ LANGUAGE plpgsql;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_append_only
    BEFORE UPDATE OR DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION disclosures_audit_refuse_change();
    """,
]
POSTGRES_REMOVE = [
    f"DROP TRIGGER IF EXISTS disclosures_audit_append_only ON {TABLE};",
    "DROP FUNCTION IF EXISTS disclosures_audit_refuse_change();",
]

SQLITE_INSTALL = [
    f"""
    CREATE TRIGGER disclosures_audit_no_update BEFORE UPDATE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
    f"""
    CREATE TRIGGER disclosures_audit_no_delete BEFORE DELETE ON {TABLE}
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS disclosures_audit_no_update;",
    "DROP TRIGGER IF EXISTS disclosures_audit_no_delete;",
]


def _run(schema_editor, statements_by_vendor):
    statements = statements_by_vendor.get(schema_editor.connection.vendor, [])
    for sql in statements:
        schema_editor.execute(sql, params=None)


def install(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_INSTALL, "sqlite": SQLITE_INSTALL})


def remove(apps, schema_editor):
    _run(schema_editor, {"postgresql": POSTGRES_REMOVE, "sqlite": SQLITE_REMOVE})


class Migration(migrations.Migration):
    dependencies = [("disclosures", "0001_initial")]

    operations = [migrations.RunPython(install, remove, elidable=False)]
