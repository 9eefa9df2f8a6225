"""The page an official sees when django-axes refuses a login after repeated failures (settings ``AXES_*``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def cooloff_minutes() -> int:
    """How long a lockout lasts, in whole minutes (``AXES_COOLOFF_TIME``)."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_message() -> str:
    return (
        "Kontot är tillfälligt låst efter för många misslyckade inloggningar. "
        f"Försök igen om {cooloff_minutes()} minuter eller kontakta din systemförvaltare."
    )


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """``AXES_LOCKOUT_CALLABLE``: the Swedish lockout page, 429 Too Many Requests."""
    return render(
        request,
        "accounts/locked_out.html",
        {"lockout_message": lockout_message()},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
