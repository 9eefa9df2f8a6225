"""Reads compiled once, run many times: the ORM's SQL for the gate's hot statements without recompiling it per call.

Django compiles a queryset to SQL on every evaluation: resolving the lookups, the joins, the select list and the
ordering costs more than the database spends answering the query when the statement is a primary-key or
index lookup, which is what the gate's single request asks (ADR 0008, "the single request"). A
:class:`PreparedRead` keeps the queryset in the ORM — written once, readable, checked by the model — and
compiles it once per database and *shape* (the lengths of its list arguments): the queryset is built with
sentinel values, compiled, and the place of each sentinel among the statement's parameters is remembered. A
call puts its own values in those places, runs the SQL through the connection's cursor (so query logging
and ``CaptureQueriesContext`` still see it) and converts the rows with the compiler's own converters
(dates from SQLite, JSON), so the rows are what ``values_list()`` would have returned.

Limits, checked when the statement is compiled: arguments are ints, strings, dates or lists of those (no
``bool`` or ``None``: put constants in the builder itself); a list argument is deduplicated before use and
an empty one gives no rows without asking the database (the builders combine their filters with AND only).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Model, QuerySet

Arg = int | str | dt.date | Sequence[int] | Sequence[str] | Sequence[dt.date]

_SENTINEL_BASE = -987_654_000
_DAY_ONE = dt.date(1001, 1, 1)


def _sentinel(value: Any, index: int) -> Any:
    """A value of ``value``'s type that no real argument has, distinct for each ``index``."""
    if isinstance(value, bool) or value is None:
        raise TypeError("a prepared read takes no bool or None argument: put constants in the builder")
    if isinstance(value, int):
        return _SENTINEL_BASE - index
    if isinstance(value, str):
        return f"\x1fprepared-{index}\x1f"
    if isinstance(value, dt.datetime):
        raise TypeError("a prepared read takes dates, not datetimes")
    if isinstance(value, dt.date):
        return _DAY_ONE + dt.timedelta(days=index)
    raise TypeError(f"a prepared read takes ints, strings and dates, not {type(value).__name__}")


def _matches(param: Any, sentinel: Any) -> bool:
    if type(param) is type(sentinel) or (isinstance(param, int) and isinstance(sentinel, int)):
        return bool(param == sentinel)
    if isinstance(sentinel, dt.date) and isinstance(param, str):
        return param == sentinel.isoformat()  # SQLite binds dates as ISO text
    return False


#: Where a parameter's value comes from: ``(argument, element)`` (element None: a scalar argument),
#: or ``(None, constant)`` for a constant of the builder.
Slot = tuple[int | None, Any]


@dataclass(frozen=True)
class _Compiled:
    sql: str
    slots: tuple[Slot, ...]
    compiler: Any  # django.db.models.sql.compiler.SQLCompiler, after as_sql(): its converters are used per call
    converters: Any


def _normalised(args: Sequence[Arg]) -> tuple[list[Any], tuple[int | None, ...]]:
    """The arguments with lists deduplicated (in order), and the shape: each list's length, None for a scalar."""
    values: list[Any] = []
    shape: list[int | None] = []
    for arg in args:
        if isinstance(arg, (list, tuple, set, frozenset)):
            items = list(dict.fromkeys(arg))
            values.append(items)
            shape.append(len(items))
        else:
            values.append(arg)
            shape.append(None)
    return values, tuple(shape)


class PreparedRead:
    """A ``values_list()`` queryset compiled once per database and shape (see the module's docstring).

    ``build`` takes the call's arguments and returns the queryset; it is called only to compile.
    """

    def __init__(self, build: Callable[..., QuerySet[Any, Any]]) -> None:
        self._build = build
        self._compiled: dict[tuple[str, str, tuple[int | None, ...]], _Compiled] = {}
        self._lock = threading.Lock()

    def _compiler(self, sentinels: list[Any], using: str) -> Any:
        return self._build(*sentinels).query.get_compiler(using=using)

    def _statement(self, args: Sequence[Arg], using: str) -> tuple[_Compiled, list[Any]] | None:
        """The compiled statement and this call's parameters; None when a list argument is empty."""
        values, shape = _normalised(args)
        if any(length == 0 for length in shape):
            return None
        connection = connections[using]
        key = (using, connection.vendor, shape)
        compiled = self._compiled.get(key)
        if compiled is None:
            with self._lock:
                compiled = self._compiled.get(key) or self._compile(using, values, shape)
                self._compiled[key] = compiled
        params = [
            detail if position is None else (values[position] if detail is None else values[position][detail])
            for position, detail in compiled.slots
        ]
        return compiled, params

    def _compile(self, using: str, values: list[Any], shape: tuple[int | None, ...]) -> _Compiled:
        sentinels: list[Any] = []
        where: list[tuple[int, int | None]] = []
        counter = 0
        for position, (value, length) in enumerate(zip(values, shape, strict=True)):
            if length is None:
                sentinels.append(_sentinel(value, counter))
                where.append((position, None))
                counter += 1
            else:
                items = [_sentinel(item, counter + n) for n, item in enumerate(value)]
                sentinels.append(items)
                where.extend((position, n) for n in range(length))
                counter += length
        compiler = self._compiler(sentinels, using)
        sql, params = compiler.as_sql()
        flat = [
            (position, element, sentinels[position] if element is None else sentinels[position][element])
            for position, element in where
        ]
        slots: list[Slot] = []
        used: set[tuple[int, int | None]] = set()
        for param in params:
            found = next(((p, e) for p, e, s in flat if _matches(param, s)), None)
            if found is None:
                slots.append((None, param))
            else:
                used.add(found)
                slots.append(found)
        missing = set(where) - used
        if missing:
            raise RuntimeError(f"a prepared read lost arguments {sorted(missing, key=str)} while compiling: {sql}")
        select = getattr(compiler, "select", None) or []
        fields = [s[0] for s in select[0 : compiler.col_count]] if select else []
        converters = compiler.get_converters(fields) if fields else {}
        return _Compiled(sql=sql, slots=tuple(slots), compiler=compiler, converters=converters)

    def rows(self, *args: Arg, using: str = DEFAULT_DB_ALIAS) -> list[tuple[Any, ...]]:
        """The rows of the queryset built from ``args``, as ``values_list()`` gives them."""
        statement = self._statement(args, using)
        if statement is None:
            return []
        compiled, params = statement
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            fetched = cursor.fetchall()
        rows: Any = fetched
        if compiled.converters:
            rows = compiled.compiler.apply_converters(fetched, compiled.converters)
        return [tuple(row) for row in rows]


class PreparedUpdate(PreparedRead):
    """An ``UPDATE`` compiled once: ``build`` returns the queryset to update, ``values`` its new values by field,
    from the call's arguments (``build(*args)`` gets the leading arguments, the rest are the values in order)."""

    def __init__(self, build: Callable[..., QuerySet[Any, Any]], fields: Sequence[str]) -> None:
        super().__init__(build)
        self._fields = tuple(fields)

    def _compiler(self, sentinels: list[Any], using: str) -> Any:
        from django.db.models.sql.subqueries import UpdateQuery

        split = len(sentinels) - len(self._fields)
        query = cast(UpdateQuery, self._build(*sentinels[:split]).query.chain(UpdateQuery))
        query.add_update_values(dict(zip(self._fields, sentinels[split:], strict=True)))
        return query.get_compiler(using=using)

    def run(self, *args: Arg, using: str = DEFAULT_DB_ALIAS) -> int:
        """Update the rows; the number of rows changed."""
        statement = self._statement(args, using)
        if statement is None:
            return 0
        compiled, params = statement
        with connections[using].cursor() as cursor:
            cursor.execute(compiled.sql, params)
            return int(cursor.rowcount)


#: Rows above which an insert is left to ``bulk_create`` (the batch path: compiling once per batch is cheap enough,
#: and one cached statement per row count would grow without bound).
MAX_PREPARED_ROWS = 16


@dataclass(frozen=True)
class _CompiledInsert:
    sql: str
    by_column: bool  # PostgreSQL's UNNEST form: one array parameter per column
    tail: tuple[Any, ...]  # the RETURNING clause's own parameters
    compiler: Any  # its prepare_value/pre_save_val turn each call's objects into parameters
    returning_converters: Any


class PreparedInsert[M: Model]:
    """``bulk_create`` of a few new instances of ``model`` with the INSERT compiled once per database and row count.

    It does what ``bulk_create`` does for objects without a primary key (pre-save values such as ``auto_now_add``,
    related fields checked, the database's primary keys set on the objects, their state marked saved) without
    compiling the statement again; more than :data:`MAX_PREPARED_ROWS` objects go to ``bulk_create`` itself.
    """

    def __init__(self, model: type[M]) -> None:
        self._model = model
        meta = model._meta
        self._fields = [f for f in meta.concrete_fields if not f.generated and f is not meta.auto_field]
        self._returning = list(meta.db_returning_fields)
        self._compiled: dict[tuple[str, str, int], _CompiledInsert | None] = {}
        self._lock = threading.Lock()

    def _compile(self, objs: Sequence[M], using: str) -> _CompiledInsert | None:
        from django.db.models.sql.subqueries import InsertQuery

        connection = connections[using]
        features = connection.features
        if not features.can_return_columns_from_insert or (
            len(objs) > 1 and not features.can_return_rows_from_bulk_insert
        ):
            return None
        query = InsertQuery(self._model)
        query.insert_values(self._fields, list(objs), raw=False)
        compiler = query.get_compiler(using=using)
        compiler.returning_fields = self._returning
        statements = compiler.as_sql()
        if len(statements) != 1:
            return None
        sql, params = statements[0]
        tail = tuple(compiler.returning_params)
        width = len(self._fields)
        by_column = len(objs) > 1 and len(params) == width + len(tail)
        if not by_column and len(params) != width * len(objs) + len(tail):
            return None  # a form this class does not know: leave it to bulk_create
        cols = [f.get_col(self._model._meta.db_table) for f in self._returning]
        return _CompiledInsert(
            sql=sql,
            by_column=by_column,
            tail=tail,
            compiler=compiler,
            returning_converters=compiler.get_converters(cols),
        )

    def insert(self, objs: Sequence[M], using: str = DEFAULT_DB_ALIAS) -> list[M]:
        """Insert ``objs`` (none with a primary key yet) and return them, saved."""
        if not objs:
            return []
        if len(objs) > MAX_PREPARED_ROWS:
            return list(self._model._default_manager.using(using).bulk_create(objs))
        connection = connections[using]
        key = (using, connection.vendor, len(objs))
        for obj in objs:
            if obj.pk is not None:
                raise ValueError("a prepared insert is for new objects without a primary key")
            # What bulk_create checks: related objects saved, their keys copied (django-stubs lacks this method).
            obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
        if key not in self._compiled:
            with self._lock:
                if key not in self._compiled:
                    self._compiled[key] = self._compile(objs, using)
        compiled = self._compiled[key]
        if compiled is None:
            return list(self._model._default_manager.using(using).bulk_create(objs))
        compiler = compiled.compiler
        rows = [[compiler.prepare_value(f, compiler.pre_save_val(f, obj)) for f in self._fields] for obj in objs]
        if compiled.by_column:
            params: list[Any] = [list(column) for column in zip(*rows, strict=True)]
        else:
            params = [value for row in rows for value in row]
        params.extend(compiled.tail)
        with connection.cursor() as cursor:
            cursor.execute(compiled.sql, params)
            returned: Any = cursor.fetchall()
        if compiled.returning_converters:
            returned = list(compiler.apply_converters(returned, compiled.returning_converters))
        if len(returned) != len(objs):
            raise RuntimeError(f"the database returned {len(returned)} rows for {len(objs)} inserted")
        for obj, values in zip(objs, returned, strict=True):
            for field, value in zip(self._returning, values, strict=True):
                setattr(obj, field.attname, value)
            obj._state.adding = False
            obj._state.db = using
        return list(objs)
