"""Type checks of a rule's inputs, shared so that every rule refuses a wrong type with the same Swedish message."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from samverkan.domain.errors import InputError


def require_date(value: object, field_name: str) -> dt.date:
    """``value`` when it is a date (not a datetime), else an :class:`InputError` naming ``field_name``."""
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(field_name, f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {value!r}.", code="date")
    return value


def require_bool(value: object, field_name: str) -> bool:
    """``value`` when it is ``True`` or ``False``, else an :class:`InputError` naming ``field_name``."""
    if not isinstance(value, bool):
        raise InputError(field_name, f"Ska vara sant eller falskt (true/false), inte {value!r}.", code="type")
    return value


def flag(data: Mapping[str, Any], key: str, default: bool) -> bool:
    """The boolean ``data[key]`` of a scenario's JSON input (``default`` when absent); refuses anything else."""
    value = data.get(key, default)
    if not isinstance(value, bool):
        raise InputError(key, f"Ska vara true eller false, inte {value!r}.", code="type")
    return value
