"""Template filters for the log review and statistics: Swedish labels and local times."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from samverkan.domain.deadlines import to_swedish_time
from samverkan.reports import labels

register = template.Library()


@register.filter
def local_time(value: dt.datetime | None) -> str:
    """An aware datetime as Swedish local time, ``2026-11-20 21:40``."""
    return f"{to_swedish_time(value):%Y-%m-%d %H:%M}" if value is not None else ""


@register.filter
def event_label(event: str) -> str:
    return labels.event_label(event or "")


@register.filter
def category_labels(codes: Iterable[str] | None) -> str:
    return ", ".join(labels.category_label(c) for c in codes or [])


@register.filter
def basis_label(basis: str) -> str:
    return labels.basis_label(basis or "")


@register.filter
def lookup(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, "")
