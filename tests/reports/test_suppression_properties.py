"""Disclosure control of the samordningsförbund's tables (samverkan.domain.suppression).

Properties, for any table of counts with person sets behind each cell:
- no shown figure is based on 1–4 persons;
- no hidden figure can be computed exactly from the shown ones (checked here with an
  independent rank test: x is determined iff adding its unit row does not raise the rank);
- a derived figure (a ratio) is hidden whenever one of its operands is;
- nothing is hidden without reason when every figure is based on enough persons.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from samverkan.domain.suppression import (
    ROW_TOTAL,
    THRESHOLD,
    Column,
    Derived,
    Figure,
    Relation,
    Table,
    Visibility,
    derivable,
    is_small,
    protect,
)


def _echelon(rows: list[list[Fraction]]) -> list[tuple[int, list[Fraction]]]:
    """Row echelon form (not reduced): pivot column and row."""
    matrix = [r[:] for r in rows]
    result: list[tuple[int, list[Fraction]]] = []
    width = len(matrix[0]) if matrix else 0
    for col in range(width):
        pivot = next((r for r in matrix if r[col] != 0), None)
        if pivot is None:
            continue
        matrix.remove(pivot)
        result.append((col, pivot))
        matrix = [
            [a - (r[col] / pivot[col]) * b for a, b in zip(r, pivot, strict=True)] if r[col] != 0 else r for r in matrix
        ]
    return result


def _in_row_space(vector: list[Fraction], echelon: list[tuple[int, list[Fraction]]]) -> bool:
    v = vector[:]
    for col, row in echelon:
        if v[col] != 0:
            f = v[col] / row[col]
            v = [a - f * b for a, b in zip(v, row, strict=True)]
    return not any(v)


def exactly_derivable(relations: Sequence[Relation], hidden: set[Hashable]) -> set[Hashable]:
    """Independent check: hidden x is determined iff its unit vector lies in the row space of the
    relations restricted to the hidden figures (reduce it against an echelon form)."""
    keys = sorted(hidden, key=repr)
    index = {k: i for i, k in enumerate(keys)}
    rows = []
    for r in relations:
        row = [Fraction(0)] * len(keys)
        if r.total in index:
            row[index[r.total]] -= 1
        for p in r.parts:
            if p in index:
                row[index[p]] += 1
        if any(row):
            rows.append(row)
    echelon = _echelon(rows)
    found = set()
    for k in keys:
        unit = [Fraction(0)] * len(keys)
        unit[index[k]] = Fraction(1)
        if _in_row_space(unit, echelon):
            found.add(k)
    return found


@st.composite
def tables(draw: st.DrawFn) -> Table:
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 4))
    row_totals = draw(st.booleans())
    pool = list(range(40))
    months = tuple((f"m{i}", f"Månad {i}") for i in range(n_rows))
    columns = tuple(Column(f"c{j}", f"Kolumn {j}") for j in range(n_cols))
    members: dict[tuple[str, str], frozenset[int]] = {}
    figures: dict[tuple[Hashable, str], Figure] = {}
    for r, _ in months:
        for c in columns:
            people = frozenset(draw(st.lists(st.sampled_from(pool), max_size=12)))
            extra = draw(st.integers(0, 5)) if people else 0
            members[(r, c.code)] = people
            figures[(r, c.code)] = Figure(len(people) + extra, len(people))
    # Totals: values add up, persons are the union (a person may appear in several cells).
    for c in columns:
        cells = [(r, c.code) for r, _ in months]
        figures[(ROW_TOTAL, c.code)] = Figure(
            sum(int(figures[k].value or 0) for k in cells), len(frozenset().union(*(members[k] for k in cells)))
        )
    if row_totals:
        for r, _ in months:
            cells = [(r, c.code) for c in columns]
            figures[(r, ROW_TOTAL)] = Figure(
                sum(int(figures[k].value or 0) for k in cells), len(frozenset().union(*(members[k] for k in cells)))
            )
        everything = [(r, c.code) for r, _ in months for c in columns]
        figures[(ROW_TOTAL, ROW_TOTAL)] = Figure(
            sum(int(figures[k].value or 0) for k in everything),
            len(frozenset().union(*(members[k] for k in everything))),
        )
    return Table(rows=months, columns=columns, figures=figures, row_totals=row_totals)


@settings(max_examples=120, deadline=None)
@given(tables())
def test_no_displayed_cell_under_five_and_totals_never_reveal_a_suppressed_cell(table: Table) -> None:
    protection = table.protect()
    for key, figure in table.figures.items():
        if is_small(figure):  # every figure based on 1–4 persons is hidden, as primary
            assert protection.visibility[key] is Visibility.PRIMARY, key
        if protection.shown(key):
            assert not (0 < figure.persons < THRESHOLD), key
    hidden = set(protection.hidden)
    assert exactly_derivable(table.relations(), hidden) == set()
    assert derivable(table.relations(), hidden) == frozenset()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=1, max_size=6), st.lists(st.integers(5, 30), min_size=1, max_size=6))
def test_a_ratio_is_hidden_whenever_its_numerator_or_denominator_is(
    numerators: list[int], denominators: list[int]
) -> None:
    n = min(len(numerators), len(denominators))
    months = tuple((f"m{i}", f"Månad {i}") for i in range(n))
    figures: dict[tuple[Hashable, str], Figure] = {}
    for i in range(n):
        figures[(f"m{i}", "num")] = Figure(numerators[i], numerators[i])
        figures[(f"m{i}", "den")] = Figure(denominators[i], denominators[i])
        figures[(f"m{i}", "ratio")] = Figure(None, denominators[i])
    figures[(ROW_TOTAL, "num")] = Figure(sum(numerators[:n]), sum(numerators[:n]))
    figures[(ROW_TOTAL, "den")] = Figure(max(denominators[:n]), max(denominators[:n]))
    figures[(ROW_TOTAL, "ratio")] = Figure(None, max(denominators[:n]))
    table = Table(
        rows=months,
        columns=(
            Column("num", "Möten"),
            Column("den", "Sjukfall", additive=False),
            Column("ratio", "Per sjukfall", additive=False, derived_from=("num", "den"), kind="ratio"),
        ),
        figures=figures,
    )
    protection = table.protect()
    for row in [*(m for m, _ in months), ROW_TOTAL]:
        if not protection.shown((row, "num")) or not protection.shown((row, "den")):
            assert not protection.shown((row, "ratio"))


def test_nothing_is_hidden_when_every_figure_has_enough_persons() -> None:
    figures = {("a", "x"): Figure(10, 6), ("b", "x"): Figure(12, 7), (ROW_TOTAL, "x"): Figure(22, 11)}
    table = Table(rows=(("a", "A"), ("b", "B")), columns=(Column("x", "X"),), figures=figures)
    assert table.protect().hidden == frozenset()


def test_one_small_cell_in_a_column_hides_a_second_cell_not_the_total() -> None:
    figures = {
        ("jan", "x"): Figure(3, 3),
        ("feb", "x"): Figure(9, 8),
        ("mar", "x"): Figure(20, 15),
        (ROW_TOTAL, "x"): Figure(32, 24),
    }
    table = Table(rows=(("jan", "jan"), ("feb", "feb"), ("mar", "mar")), columns=(Column("x", "X"),), figures=figures)
    protection = table.protect()
    assert protection.visibility[("jan", "x")] is Visibility.PRIMARY
    assert protection.visibility[("feb", "x")] is Visibility.SECONDARY  # the smallest complement
    assert protection.shown(("mar", "x")) and protection.shown((ROW_TOTAL, "x"))


def test_secondary_suppression_pairs_up_in_a_rectangle() -> None:
    rows = (("m1", "Jan"), ("m2", "Feb"), ("m3", "Mar"))
    figures = {
        ("m1", "a"): Figure(10, 6),
        ("m1", "b"): Figure(3, 2),
        ("m2", "a"): Figure(12, 8),
        ("m2", "b"): Figure(9, 7),
        ("m3", "a"): Figure(20, 11),
        ("m3", "b"): Figure(8, 6),
        ("m1", ROW_TOTAL): Figure(13, 7),
        ("m2", ROW_TOTAL): Figure(21, 12),
        ("m3", ROW_TOTAL): Figure(28, 15),
        (ROW_TOTAL, "a"): Figure(42, 20),
        (ROW_TOTAL, "b"): Figure(20, 13),
        (ROW_TOTAL, ROW_TOTAL): Figure(62, 30),
    }
    table = Table(rows=rows, columns=(Column("a", "A"), Column("b", "B")), figures=figures, row_totals=True)
    assert table.protect().hidden == {("m1", "a"), ("m1", "b"), ("m3", "a"), ("m3", "b")}


def test_a_zero_is_shown_it_identifies_nobody() -> None:
    figures = {("a", "x"): Figure(0, 0), ("b", "x"): Figure(12, 7), (ROW_TOTAL, "x"): Figure(12, 7)}
    table = Table(rows=(("a", "A"), ("b", "B")), columns=(Column("x", "X"),), figures=figures)
    assert table.protect().hidden == frozenset()


def test_protect_refuses_relations_over_unknown_figures() -> None:
    import pytest

    with pytest.raises(KeyError):
        protect({"a": Figure(1, 1)}, [Relation("t", ("a",))])
    with pytest.raises(KeyError):
        protect({"a": Figure(1, 1)}, derived=[Derived("r", ("a",))])
