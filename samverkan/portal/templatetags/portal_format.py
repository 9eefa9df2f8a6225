"""Template filters for Mina sidor."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from samverkan.domain.money import format_money

register = template.Library()


@register.filter
def kronor(value: object) -> str:
    """``Decimal("8000.00")`` → ``8 000,00 kr``; a dash for nothing."""
    if value is None or value == "":
        return "–"
    try:
        return format_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)
