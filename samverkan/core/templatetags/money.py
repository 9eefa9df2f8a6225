"""The one money filter of the templates: ``{{ value|kr }}`` → ``8 000,00 kr`` (``domain.money.format_money``).

The app libraries that show money (assistance, reclaims, portal) register these same functions under their
own names, so every page formats kronor one way."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from samverkan.domain.money import format_money

register = template.Library()


@register.filter
def kr(value: object) -> str:
    """``Decimal("8000.00")`` or ``"8000.00"`` → ``8 000,00 kr``; empty for nothing; other text as given."""
    if value is None or value == "":
        return ""
    try:
        return format_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def kronor(value: object) -> str:
    """As :func:`kr`, with a dash for nothing (Mina sidor's tables)."""
    return kr(value) or "–"
