"""The frame of the statistics: which months and whose figures (:class:`StatScope`), the table of figures
per month and column with its suppression (:class:`Section`, :class:`Cell`), how a figure is written, and
the two ways the sections aggregate (in the database, :func:`two_way`; in Python, :class:`Collector`)."""

from __future__ import annotations

import datetime as dt
import statistics as stats
from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, QuerySet
from django.utils import timezone

from samverkan.accounts.models import Organisation, Unit
from samverkan.domain.dates import MONTH_NAMES
from samverkan.domain.money import format_money
from samverkan.domain.suppression import ROW_TOTAL, Column, Figure, ShownTable, Table, Visibility, protect_table

NO_DATA = ".."
THIN_SPACE = "\u00a0"


def month_label(month: dt.date) -> str:
    """``2026-11-01`` → ``"nov 2026"``: the month's name shortened to three letters."""
    return f"{MONTH_NAMES[month.month - 1][:3]} {month.year}"


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def add_months(month: dt.date, count: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + count
    return dt.date(index // 12, index % 12 + 1, 1)


def last_day_of(month: dt.date) -> dt.date:
    return add_months(month, 1) - dt.timedelta(days=1)


def months_between(start: dt.date, end: dt.date) -> list[dt.date]:
    months, month = [], first_of_month(start)
    while month <= first_of_month(end):
        months.append(month)
        month = add_months(month, 1)
    return months


@dataclass(frozen=True)
class StatScope:
    """Whose figures, which unit (None: all), which months (first days), and whether to suppress."""

    organisations: tuple[Organisation, ...]
    start_month: dt.date
    end_month: dt.date
    unit: Unit | None = None
    suppress: bool = False
    title: str = ""

    @property
    def months(self) -> list[dt.date]:
        return months_between(self.start_month, self.end_month)

    @property
    def first_day(self) -> dt.date:
        return self.start_month

    @property
    def last_day(self) -> dt.date:
        return last_day_of(self.end_month)

    @property
    def period_label(self) -> str:
        return f"{month_label(self.start_month)} – {month_label(self.end_month)}"


def default_months(on: dt.date, count: int = 12) -> tuple[dt.date, dt.date]:
    end = first_of_month(on)
    return add_months(end, -(count - 1)), end


# --- Display ------------------------------------------------------------------------------------


def format_number(value: Decimal | int | float | None, kind: str) -> str:
    if value is None:
        return NO_DATA
    if kind == "money":
        return format_money(Decimal(value))
    if kind in ("ratio", "days") and not (isinstance(value, int) or Decimal(value) == Decimal(value).to_integral()):
        text = f"{Decimal(value).quantize(Decimal('0.01') if kind == 'ratio' else Decimal('0.1'), ROUND_HALF_UP)}"
        return text.replace(".", ",")
    whole = int(Decimal(value).to_integral_value(ROUND_HALF_UP))
    return f"{whole:,}".replace(",", THIN_SPACE)


@dataclass(frozen=True)
class Cell:
    text: str
    value: Decimal | int | None  # None when not shown or no data
    visibility: Visibility
    explanation: str = ""

    @property
    def shown(self) -> bool:
        return self.visibility is Visibility.SHOWN


@dataclass
class Section:
    code: str
    title: str
    description: str
    table: Table
    shown: ShownTable
    chart_columns: tuple[str, ...]
    chart_title: str
    unit_label: str = ""
    short_title: str = ""

    @property
    def columns(self) -> list[Column]:
        cols = list(self.table.columns)
        if self.table.row_totals:
            cols.append(Column(ROW_TOTAL, self.table.row_total_label))
        return cols

    def column(self, code: str) -> Column:
        return next(c for c in self.columns if c.code == code)

    def cell(self, row: Hashable, code: str) -> Cell:
        column = self.column(code)
        figure = self.table.figures.get((row, code), Figure(0, 0))
        visibility = self.shown.visibility((row, code))
        kind = column.kind if code != ROW_TOTAL else self.table.columns[0].kind
        if visibility is not Visibility.SHOWN:
            return Cell(visibility.symbol, None, visibility, visibility.explanation)
        value = figure.value
        return Cell(format_number(value, kind), value, visibility, "inget underlag" if value is None else "")

    @property
    def rows(self) -> list[tuple[str, list[Cell]]]:
        return [(label, [self.cell(key, c.code) for c in self.columns]) for key, label in self.table.rows]

    @property
    def total_row(self) -> list[Cell] | None:
        if not self.table.column_totals:
            return None
        return [self.cell(ROW_TOTAL, c.code) for c in self.columns]

    @property
    def suppressed_any(self) -> bool:
        return bool(self.shown.protection and self.shown.protection.hidden)


# --- Aggregation helpers ------------------------------------------------------------------------


def _as_month(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return first_of_month(value)


def _num(value: Any) -> Decimal | int:
    if value is None:
        return 0
    return value if isinstance(value, (int, Decimal)) else Decimal(str(value))


def two_way(
    qs: QuerySet[Any], *, month: Any, column: Any, person: str, value: Any = None
) -> dict[tuple[Hashable, str], Figure]:
    """Figures by (month, column), by column (ROW_TOTAL, c), by month (m, ROW_TOTAL) and the grand total."""
    qs = qs.order_by()
    value = value if value is not None else Count("pk", distinct=True)
    persons = Count(person, distinct=True)
    base = qs.annotate(_m=month, _c=column)
    out: dict[tuple[Hashable, str], Figure] = {}
    for r in base.values("_m", "_c").annotate(_v=value, _p=persons):
        out[(_as_month(r["_m"]), str(r["_c"]))] = Figure(_num(r["_v"]), r["_p"])
    for r in base.values("_c").annotate(_v=value, _p=persons):
        out[(ROW_TOTAL, str(r["_c"]))] = Figure(_num(r["_v"]), r["_p"])
    for r in base.values("_m").annotate(_v=value, _p=persons):
        out[(_as_month(r["_m"]), ROW_TOTAL)] = Figure(_num(r["_v"]), r["_p"])
    total = qs.aggregate(_v=value, _p=persons)
    out[(ROW_TOTAL, ROW_TOTAL)] = Figure(_num(total["_v"]), total["_p"])
    return out


@dataclass
class Collector:
    """Python-side aggregation for the smaller record sets: (month, column, person, value) facts."""

    columns: Sequence[Column]
    facts: dict[tuple[dt.date, str], list[tuple[int, Decimal | int]]] = field(default_factory=lambda: defaultdict(list))

    def add(self, month: dt.date, column: str, person: int, value: Decimal | int = 1) -> None:
        self.facts[(first_of_month(month), column)].append((person, value))

    def _figure(self, column: Column, items: list[tuple[int, Decimal | int]]) -> Figure:
        persons = len({p for p, _ in items})
        if column.additive:
            return Figure(sum((v for _, v in items), start=Decimal(0) if column.kind == "money" else 0), persons)
        if not items:
            return Figure(None, 0)
        middle = stats.median([Decimal(v) for _, v in items])
        return Figure(middle, persons)

    def figures(self, months: Sequence[dt.date], *, row_totals: bool = False) -> dict[tuple[Hashable, str], Figure]:
        out: dict[tuple[Hashable, str], Figure] = {}
        additive = [c for c in self.columns if c.additive and not c.derived_from]
        for column in self.columns:
            if column.derived_from:
                continue
            everything: list[tuple[int, Decimal | int]] = []
            for month in months:
                items = self.facts.get((month, column.code), [])
                everything += items
                out[(month, column.code)] = self._figure(column, items)
            out[(ROW_TOTAL, column.code)] = self._figure(column, everything)
        if row_totals:
            grand: list[tuple[int, Decimal | int]] = []
            for month in months:
                items = [i for c in additive for i in self.facts.get((month, c.code), [])]
                grand += items
                out[(month, ROW_TOTAL)] = Figure(sum(v for _, v in items), len({p for p, _ in items}))
            out[(ROW_TOTAL, ROW_TOTAL)] = Figure(sum(v for _, v in grand), len({p for p, _ in grand}))
        return out


def ratio(num: Figure, den: Figure) -> Figure:
    if not den.value or num.value is None:
        return Figure(None, den.persons)
    value = (Decimal(num.value) / Decimal(den.value)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return Figure(value, den.persons)


def section(
    scope: StatScope,
    *,
    code: str,
    title: str,
    description: str,
    columns: Sequence[Column],
    figures: dict[tuple[Hashable, str], Figure],
    chart_columns: Sequence[str],
    chart_title: str,
    row_totals: bool = False,
    row_total_label: str = "Totalt",
    unit_label: str = "",
    short_title: str = "",
) -> Section:
    table = Table(
        rows=tuple((m, month_label(m)) for m in scope.months),
        columns=tuple(columns),
        figures=figures,
        row_totals=row_totals,
        row_total_label=row_total_label,
    )
    shown = protect_table(table) if scope.suppress else ShownTable(table=table)
    return Section(
        code, title, description, table, shown, tuple(chart_columns), chart_title, unit_label, short_title or title
    )


def fill_zero(
    figures: dict[tuple[Hashable, str], Figure], months: Iterable[dt.date], codes: Iterable[str]
) -> dict[tuple[Hashable, str], Figure]:
    for m in [*months, ROW_TOTAL]:
        for code in codes:
            figures.setdefault((m, code), Figure(0, 0))
    return figures
