"""Template filters for ekonomiskt bistånd: money in Swedish form and stored figures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template

from samverkan.core.templatetags import money
from samverkan.domain.controls import Source

register = template.Library()


register.filter("kr", money.kr)


@register.filter
def isodate(value: Any) -> str:
    """A stored ISO date (text or date) as ÅÅÅÅ-MM-DD; blank for None."""
    if not value:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@register.filter
def source_label(code: str) -> str:
    try:
        return Source(code).label
    except ValueError:
        return code


@register.filter
def result_label(code: str) -> str:
    return {"ok": "Stämmer", "attention": "Behöver bedömas", "missing": "Saknas"}.get(code, code)


@register.filter
def according_to(code: str) -> str:
    """The caption of the source's side of the comparison: "Enligt Försäkringskassan"."""
    return f"Enligt {source_label(code)}"
