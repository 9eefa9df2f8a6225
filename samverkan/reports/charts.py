"""Server-rendered SVG bar charts: readable without JavaScript, accessible, with the same data as a table.

Each chart is an inline ``<svg role="img">`` labelled by its ``<title>`` and ``<desc>``; the page
shows the same figures in a table right after it, so nothing is only in the picture. A figure
that is not shown (suppressed in the samordningsförbund's view, ":func:`samverkan.domain.
suppression`") gets no bar, only its symbol ("<5" or "–") at the baseline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from samverkan.domain.suppression import ROW_TOTAL
from samverkan.reports.figures import Cell, Section, format_number

PALETTE = ("#0b4f71", "#8a4b00", "#1d6b35", "#6b2c91", "#4a4a4a")
WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 44, 52


@dataclass(frozen=True)
class Series:
    label: str
    cells: Sequence[Cell]


def _nice_step(maximum: float, ticks: int = 4) -> float:
    if maximum <= 0:
        return 1.0
    raw = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        step: float = factor * magnitude
        if raw <= step:
            return step
    last: float = 10 * magnitude
    return last  # pragma: no cover


def _tick_label(value: float, kind: str) -> str:
    if kind == "money":
        return f"{format_number(round(value), 'count')} kr"
    if kind in ("ratio", "days") and value != int(value):
        return format_number(Decimal(str(round(value, 2))), "ratio")
    return format_number(int(value), "count")


def bar_chart(
    *, chart_id: str, title: str, categories: Sequence[str], series: Sequence[Series], kind: str = "count"
) -> SafeString:
    """A grouped bar chart: one group per category (month), one bar per series."""
    values = [float(c.value) for s in series for c in s.cells if c.shown and c.value is not None]
    maximum = max(values, default=0.0)
    step = _nice_step(maximum)
    top_value = max(step, math.ceil(maximum / step) * step) if maximum > 0 else step * 4
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    base_y = TOP + plot_h

    def y(value: float) -> float:
        return base_y - (value / top_value) * plot_h

    hidden = sum(1 for s in series for c in s.cells if not c.shown)
    names = ", ".join(s.label for s in series)
    desc = (
        f"Stapeldiagram med en grupp per månad ({len(categories)} månader) för: {names}. "
        f"Högsta värdet är {_tick_label(maximum, kind)}. "
        + (f"{hidden} värden visas inte för att skydda enskilda personer. " if hidden else "")
        + "Samma siffror finns i tabellen under diagrammet."
    )
    out = [
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]
    # Grid and y-axis labels.
    tick = 0.0
    while tick <= top_value + 1e-9:
        ty = y(tick)
        out.append(f'<line x1="{LEFT}" y1="{ty:.1f}" x2="{WIDTH - RIGHT}" y2="{ty:.1f}" stroke="#d5dbe0" />')
        out.append(
            f'<text x="{LEFT - 6}" y="{ty + 4:.1f}" text-anchor="end" fill="#1b1b1b">{escape(_tick_label(tick, kind))}</text>'
        )
        tick += step
    out.append(f'<line x1="{LEFT}" y1="{base_y}" x2="{WIDTH - RIGHT}" y2="{base_y}" stroke="#1b1b1b" />')
    # Legend.
    lx = LEFT
    for index, s in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        out.append(f'<rect x="{lx}" y="12" width="12" height="12" fill="{colour}" />')
        out.append(f'<text x="{lx + 16}" y="22" fill="#1b1b1b">{escape(s.label)}</text>')
        lx += 28 + 7 * len(s.label)
    # Bars.
    count = max(1, len(categories))
    group_w = plot_w / count
    bar_w = max(2.0, group_w * 0.8 / max(1, len(series)))
    previous_year = ""
    for i, category in enumerate(categories):
        gx = LEFT + i * group_w + group_w * 0.1
        for j, s in enumerate(series):
            cell = s.cells[i]
            bx = gx + j * bar_w
            colour = PALETTE[j % len(PALETTE)]
            label = f"{category} – {s.label}: {cell.text}"
            if cell.shown and cell.value is not None and float(cell.value) > 0:
                top = y(float(cell.value))
                out.append(
                    f'<rect x="{bx:.1f}" y="{top:.1f}" width="{bar_w - 1:.1f}" height="{base_y - top:.1f}" '
                    f'fill="{colour}"><title>{escape(label)}</title></rect>'
                )
            elif not cell.shown:
                out.append(
                    f'<text x="{bx + bar_w / 2:.1f}" y="{base_y - 4}" text-anchor="middle" font-size="10" '
                    f'fill="#4a4a4a">{escape(cell.text)}<title>{escape(label)}</title></text>'
                )
        month, _, year = category.partition(" ")
        cx = LEFT + i * group_w + group_w / 2
        out.append(f'<text x="{cx:.1f}" y="{base_y + 16}" text-anchor="middle" fill="#1b1b1b">{escape(month)}</text>')
        if year != previous_year:
            out.append(
                f'<text x="{cx:.1f}" y="{base_y + 31}" text-anchor="middle" fill="#4a4a4a">{escape(year)}</text>'
            )
            previous_year = year
    out.append("</svg>")
    return mark_safe("".join(out))  # every text above is escaped


def section_chart(section: Section, *, prefix: str = "chart") -> SafeString:
    """The chart of one statistics section: its chart columns over the months."""
    months = [label for _, label in section.table.rows]
    series = []
    for code in section.chart_columns:
        column = section.column(code)
        cells = [section.cell(key, code) for key, _ in section.table.rows]
        series.append(Series(column.label, cells))
    first = section.column(section.chart_columns[0]) if section.chart_columns else None
    kind = first.kind if first is not None and first.code != ROW_TOTAL else section.table.columns[0].kind
    return bar_chart(
        chart_id=f"{prefix}-{section.code}", title=section.chart_title, categories=months, series=series, kind=kind
    )
