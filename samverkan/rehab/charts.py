"""A small server-rendered SVG bar chart (no JavaScript), with a text alternative."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR_HEIGHT = 22
GAP = 8
LABEL_WIDTH = 260
CHART_WIDTH = 360


def bar_chart_svg(bars: Sequence[tuple[str, int]], *, title: str, maximum: int = 100, unit: str = "%") -> SafeString:
    """Horizontal bars for ``(label, value)``; values are clamped to ``0..maximum``. Empty input gives ''."""
    if not bars:
        return mark_safe("")
    height = len(bars) * (BAR_HEIGHT + GAP) + GAP
    width = LABEL_WIDTH + CHART_WIDTH + 60
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" '
        f'viewBox="0 0 {width} {height}" width="100%" class="bar-chart">',
        f'<title id="chart-title">{escape(title)}</title>',
    ]
    for index, (label, value) in enumerate(bars):
        clamped = max(0, min(maximum, value))
        y = GAP + index * (BAR_HEIGHT + GAP)
        bar = round(CHART_WIDTH * clamped / maximum) if maximum else 0
        parts.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR_HEIGHT - 6}" text-anchor="end" font-size="13">{escape(label)}</text>'
        )
        parts.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{bar}" height="{BAR_HEIGHT}" fill="#0b4f71"></rect>')
        parts.append(
            f'<text x="{LABEL_WIDTH + bar + 6}" y="{y + BAR_HEIGHT - 6}" font-size="13">{value}{escape(unit)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every text node above is escaped
