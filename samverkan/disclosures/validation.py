"""Turning the domain layer's Swedish input errors into Django ValidationErrors, and parsing dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import ValidationError

from samverkan.domain.errors import DomainError, InputError


def validation_error(exc: DomainError, field_map: Mapping[str, str] | None = None) -> ValidationError:
    """A ValidationError on the form field that ``exc`` names (``field_map`` renames domain fields)."""
    if isinstance(exc, InputError):
        field = exc.field.split(".")[0].split("[")[0]
        field = (field_map or {}).get(field, field)
        return ValidationError({field: ValidationError(exc.detail, code=exc.code)})
    return ValidationError(exc.message, code=exc.code)


def parse_day(value: object, field: str, *, required: bool = False) -> dt.date | None:
    """A date from a date or an ISO string ``ÅÅÅÅ-MM-DD``; ValidationError naming ``field`` otherwise."""
    if value is None or value == "":
        if required:
            raise ValidationError({field: "Ange ett datum (ÅÅÅÅ-MM-DD)."}, code="required")
        return None
    if isinstance(value, dt.datetime):
        raise ValidationError({field: f"Ange ett datum utan klockslag, inte {value!r}."}, code="date")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and len(value.strip()) == 10:
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValidationError({field: f"Ogiltigt datum {value!r}; skriv ÅÅÅÅ-MM-DD."}, code="date")
