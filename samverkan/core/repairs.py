"""Data repairs that migrations run: rows stored before a check existed, made readable again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from samverkan.core.validation import money_column_max


def fit_money_columns(app_label: str) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function: every amount of the app larger than its column holds is repaired.

    Before amounts were checked against their column, SQLite stored e.g. 999 999 999 999 kr in a
    ``DecimalField(max_digits=12, decimal_places=2)`` and then failed to read the row back
    (``decimal.InvalidOperation``: every page showing it answered 500). PostgreSQL refused such a
    value, so there it finds nothing. A nullable amount becomes empty (not given: the official
    enters it again); a required one becomes the largest amount the column holds, so the row can be
    read, seen to be wrong and corrected.
    """

    def repair(apps: Any, schema_editor: Any) -> None:
        connection = schema_editor.connection
        quote = connection.ops.quote_name
        for model in apps.get_app_config(app_label).get_models():
            table = quote(model._meta.db_table)
            for field in model._meta.concrete_fields:
                if field.get_internal_type() != "DecimalField" or field.max_digits is None:
                    continue
                maximum = money_column_max(field)
                column = quote(field.column)
                # No ABS(): a bare column keeps its numeric affinity on SQLite, so the parameter is
                # compared as a number there.
                with connection.cursor() as cursor:
                    if field.null:
                        cursor.execute(
                            f"UPDATE {table} SET {column} = NULL WHERE {column} > %s OR {column} < %s",
                            [maximum, -maximum],
                        )
                    else:
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {column} > %s", [maximum, maximum])
                        cursor.execute(f"UPDATE {table} SET {column} = %s WHERE {column} < %s", [-maximum, -maximum])

    return repair
