"""Template filters for återsökning: money in Swedish form, status badges."""

from __future__ import annotations

from django import template

from samverkan.core.templatetags import money

register = template.Library()

STATUS_CLASSES = {
    "draft": "status-attention",
    "sent": "status-attention",
    "paid": "status-ok",
    "refused": "status-missing",
    "too_late": "status-missing",
}


register.filter("kr", money.kr)


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(status, "")
