"""Disclosure control for aggregated figures (röjandekontroll): nobody can be recognised in a table.

Used for the samordningsförbund's view (docs/domain.md §1: a samordningsförbund gets aggregated data
only, no individual cases) where the figures of its member organisations are added together.

Every figure carries the number of distinct **persons** it is based on. The rules:

1. **Primary suppression.** A figure based on 1–4 persons (fewer than :data:`THRESHOLD`) is not
   shown; it is displayed as "<5". A figure based on nobody is shown (0 kr, 0 möten): it tells
   nothing about any person. This follows the common practice of Swedish official statistics,
   where values based on fewer than five individuals are not published.
2. **Secondary suppression.** Shown totals must not let anyone compute a suppressed figure
   (total − the other shown parts). Every linear relation "total = sum of parts" of the table is
   taken into account, and further figures are suppressed until **no suppressed figure can be
   derived exactly** from the shown ones by any combination of the relations (checked with exact
   linear algebra over the rationals, :func:`derivable`). The complement is taken from a relation
   of the exposed figure, preferring, in order: the one that also protects the most other
   relations left with a single hidden figure (so suppressions pair up in rectangles), a
   non-zero value, a cell before a total, the smallest value (least information lost), then the
   first in table order (deterministic). Secondarily suppressed
   figures are displayed as "–".
3. **Derived figures** (a ratio such as avstämningsmöten per sjukfall) are suppressed whenever one
   of the figures they are computed from is, or when they are based on fewer than five persons
   themselves: with the ratio and one operand shown, the other operand could be computed.

Reading chosen: protection is against *exact* derivation. Bounds that follow from figures being
non-negative (a suppressed pair summing to 7 means each is at most 7) are accepted, as in
ordinary cell suppression; preferring non-zero complements keeps a zero from pinning its
partner.

Pure Python, no framework: the tables are small (months × a few columns), so the exact
rational arithmetic is cheap.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

#: Figures based on fewer persons than this are not shown.
THRESHOLD = 5

Number = int | Decimal


class Visibility(StrEnum):
    SHOWN = "shown"
    PRIMARY = "primary"  # too few persons: "<5"
    SECONDARY = "secondary"  # would reveal another suppressed figure: "–"

    @property
    def symbol(self) -> str:
        return {"shown": "", "primary": "<5", "secondary": "–"}[self.value]

    @property
    def explanation(self) -> str:
        return {
            "shown": "",
            "primary": f"Färre än {THRESHOLD} personer – visas inte.",
            "secondary": "Visas inte, så att ett dolt värde inte kan räknas fram ur summorna.",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure: its value (None when there is nothing to compute, e.g. a median of nothing) and its persons."""

    value: Number | None
    persons: int

    def __post_init__(self) -> None:
        if isinstance(self.persons, bool) or not isinstance(self.persons, int) or self.persons < 0:
            raise ValueError(f"persons must be a non-negative integer, not {self.persons!r}")


@dataclass(frozen=True, slots=True)
class Relation:
    """``total`` = the sum of ``parts`` (all keys of figures)."""

    total: Hashable
    parts: tuple[Hashable, ...]


@dataclass(frozen=True, slots=True)
class Derived:
    """``key`` is computed from ``operands`` (e.g. a ratio): it is hidden whenever one of them is."""

    key: Hashable
    operands: tuple[Hashable, ...]


def is_small(figure: Figure, threshold: int = THRESHOLD) -> bool:
    """Rule 1: based on 1 to ``threshold − 1`` persons."""
    return 0 < figure.persons < threshold


# --- Exact linear algebra -----------------------------------------------------------------------


def _rref(rows: list[list[Fraction]], width: int) -> tuple[list[list[Fraction]], list[int]]:
    """Reduced row echelon form; returns the non-zero rows and their pivot columns."""
    matrix = [row[:] for row in rows]
    pivots: list[int] = []
    top = 0
    for col in range(width):
        pivot = next((r for r in range(top, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[top], matrix[pivot] = matrix[pivot], matrix[top]
        lead = matrix[top][col]
        matrix[top] = [v / lead for v in matrix[top]]
        for r in range(len(matrix)):
            if r != top and matrix[r][col] != 0:
                factor = matrix[r][col]
                matrix[r] = [a - factor * b for a, b in zip(matrix[r], matrix[top], strict=True)]
        pivots.append(col)
        top += 1
        if top == len(matrix):
            break
    return matrix[:top], pivots


def derivable(relations: Sequence[Relation], hidden: Iterable[Hashable]) -> frozenset[Hashable]:
    """The hidden figures that the shown ones determine exactly through ``relations``.

    With the relations written as ``A x = 0`` and ``x`` split into shown and hidden parts, a
    hidden figure is determined exactly when its unit vector lies in the row space of ``A``
    restricted to the hidden columns: in reduced row echelon form it is a pivot whose row has
    no coefficient on a free (undetermined) hidden figure.
    """
    unknown = [k for k in dict.fromkeys(hidden)]
    if not unknown:
        return frozenset()
    index = {k: i for i, k in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for relation in relations:
        row = [Fraction(0)] * len(unknown)
        touched = False
        if relation.total in index:
            row[index[relation.total]] -= 1
            touched = True
        for part in relation.parts:
            if part in index:
                row[index[part]] += 1
                touched = True
        if touched:
            rows.append(row)
    if not rows:
        return frozenset()
    reduced, pivots = _rref(rows, len(unknown))
    free = set(range(len(unknown))) - set(pivots)
    determined = set()
    for row, col in zip(reduced, pivots, strict=True):
        if all(row[f] == 0 for f in free):
            determined.add(unknown[col])
    return frozenset(determined)


# --- Protection ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Protection:
    """The outcome: how each figure is to be shown."""

    visibility: Mapping[Hashable, Visibility]

    def shown(self, key: Hashable) -> bool:
        return self.visibility[key] is Visibility.SHOWN

    @property
    def hidden(self) -> frozenset[Hashable]:
        return frozenset(k for k, v in self.visibility.items() if v is not Visibility.SHOWN)


def _abs_value(figure: Figure) -> Decimal:
    return abs(Decimal(figure.value)) if figure.value is not None else Decimal(0)


def protect(
    figures: Mapping[Hashable, Figure],
    relations: Sequence[Relation] = (),
    derived: Sequence[Derived] = (),
    *,
    totals: Iterable[Hashable] = (),
    threshold: int = THRESHOLD,
) -> Protection:
    """Apply rules 1–3 to ``figures`` (in table order; ``totals`` names the figures that are totals)."""
    for relation in relations:
        for key in (relation.total, *relation.parts):
            if key not in figures:
                raise KeyError(f"relation names an unknown figure {key!r}")
    order = {k: i for i, k in enumerate(figures)}
    total_keys = frozenset(totals)
    visibility: dict[Hashable, Visibility] = {
        k: Visibility.PRIMARY if is_small(f, threshold) else Visibility.SHOWN for k, f in figures.items()
    }
    in_relations: dict[Hashable, list[Relation]] = {}
    for relation in relations:
        for key in (relation.total, *relation.parts):
            in_relations.setdefault(key, []).append(relation)

    def hidden() -> list[Hashable]:
        return [k for k, v in visibility.items() if v is not Visibility.SHOWN]

    while True:
        hidden_now = hidden()
        hidden_set = set(hidden_now)
        lonely_members: dict[int, Hashable] = {}
        for r in relations:
            members = [k for k in (r.total, *r.parts) if k in hidden_set]
            if len(members) == 1:
                lonely_members[id(r)] = members[0]
        lonely = set(lonely_members)
        if lonely_members:
            # A relation with one hidden figure gives it away at once; no need for the full check.
            target = min(lonely_members.values(), key=lambda k: order[k])
        else:
            exposed = derivable(relations, hidden_now)
            if not exposed:
                break
            target = min(exposed, key=lambda k: order[k])
        candidates = {
            key
            for relation in in_relations.get(target, [])
            for key in (relation.total, *relation.parts)
            if visibility[key] is Visibility.SHOWN
        }
        if not candidates:
            # Cannot happen for tables of sums; hide everything rather than risk a disclosure.
            candidates = {k for k, v in visibility.items() if v is Visibility.SHOWN}
            if not candidates:  # pragma: no cover - nothing shown means nothing derivable
                break

        def rank(key: Hashable, lonely: set[int] = lonely) -> tuple[int, bool, bool, Decimal, int]:
            closes = sum(1 for r in in_relations.get(key, []) if id(r) in lonely)
            value = _abs_value(figures[key])
            return (-closes, value == 0, key in total_keys, value, order[key])

        visibility[min(candidates, key=rank)] = Visibility.SECONDARY

    for item in derived:
        if item.key not in figures:
            raise KeyError(f"derived figure {item.key!r} is unknown")
        if visibility[item.key] is Visibility.SHOWN and any(
            visibility.get(op, Visibility.SHOWN) is not Visibility.SHOWN for op in item.operands
        ):
            visibility[item.key] = Visibility.SECONDARY
    return Protection(visibility=visibility)


# --- Tables: months × columns -------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A column of a statistics table.

    ``additive``: the column total is the sum of the column's cells (counts, amounts).
    Otherwise the total is computed on its own (a median, distinct persons over the period).
    ``derived_from``: the codes of the columns a derived column (a ratio) is computed from.
    """

    code: str
    label: str
    additive: bool = True
    derived_from: tuple[str, ...] = ()
    kind: str = "count"  # count | money | days | ratio


ROW_TOTAL = "__total__"


@dataclass(frozen=True)
class Table:
    """Figures by row (e.g. month) and column, with column totals and optionally row totals.

    Keys of figures: ``(row, column)``; totals use :data:`ROW_TOTAL` for the row and/or column.
    A row total (``row_totals``) is the sum of the row's additive, non-derived columns (e.g. all
    questions received = answered in time + answered late + open); other columns are not part
    of it.
    """

    rows: tuple[tuple[Hashable, str], ...]
    columns: tuple[Column, ...]
    figures: Mapping[tuple[Hashable, str], Figure]
    row_totals: bool = False
    column_totals: bool = True
    row_total_label: str = "Totalt"

    def keys(self) -> list[tuple[Hashable, str]]:
        codes = [c.code for c in self.columns] + ([ROW_TOTAL] if self.row_totals else [])
        row_keys = [r for r, _ in self.rows] + ([ROW_TOTAL] if self.column_totals else [])
        return [(r, c) for r in row_keys for c in codes]

    def relations(self) -> list[Relation]:
        row_keys = [r for r, _ in self.rows]
        relations: list[Relation] = []
        codes = [c.code for c in self.columns if c.additive and not c.derived_from]
        if self.column_totals:
            for code in codes + ([ROW_TOTAL] if self.row_totals else []):
                relations.append(Relation((ROW_TOTAL, code), tuple((r, code) for r in row_keys)))
        if self.row_totals:
            for r in row_keys + ([ROW_TOTAL] if self.column_totals else []):
                relations.append(Relation((r, ROW_TOTAL), tuple((r, code) for code in codes)))
        return relations

    def derived(self) -> list[Derived]:
        row_keys = [r for r, _ in self.rows] + ([ROW_TOTAL] if self.column_totals else [])
        return [
            Derived((r, c.code), tuple((r, op) for op in c.derived_from))
            for c in self.columns
            if c.derived_from
            for r in row_keys
        ]

    def protect(self, threshold: int = THRESHOLD) -> Protection:
        figures: dict[Hashable, Figure] = {k: self.figures.get(k, Figure(0, 0)) for k in self.keys()}
        totals = {k for k in figures if isinstance(k, tuple) and ROW_TOTAL in k}
        return protect(figures, self.relations(), self.derived(), totals=totals, threshold=threshold)


@dataclass(frozen=True)
class ShownTable:
    """A table after protection: what may be displayed."""

    table: Table
    protection: Protection | None = field(default=None)

    def visibility(self, key: tuple[Hashable, str]) -> Visibility:
        if self.protection is None:
            return Visibility.SHOWN
        return self.protection.visibility.get(key, Visibility.SHOWN)


def protect_table(table: Table, threshold: int = THRESHOLD) -> ShownTable:
    return ShownTable(table=table, protection=table.protect(threshold))
