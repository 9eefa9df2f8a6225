"""Template filters for återsökning: money in Swedish form, status badges."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from samverkan.domain.money import format_money

register = template.Library()

STATUS_CLASSES = {
    "draft": "status-attention",
    "sent": "status-attention",
    "paid": "status-ok",
    "refused": "status-missing",
    "too_late": "status-missing",
}


@register.filter
def kr(value: object) -> str:
    """``Decimal("8000.00")`` or ``"8000.00"`` → ``8 000,00 kr``; empty for nothing."""
    if value is None or value == "":
        return ""
    try:
        return format_money(Decimal(str(value)))
    except (InvalidOperation, ValueError):
        return str(value)


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")
