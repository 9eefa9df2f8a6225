"""Template filters for ekonomiskt bistånd: money in Swedish form and stored figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django import template

from samverkan.domain.controls import Source
from samverkan.domain.money import format_money

register = template.Library()


@register.filter
def kr(value: Any) -> str:
    """``Decimal("8000")`` → ``"8 000,00 kr"``; blank for None."""
    if value is None or value == "":
        return ""
    try:
        return format_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


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
