"""Puts the official's organisation on the request, so every query can be scoped to it."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        organisation = None
        unit = None
        if user is not None and user.is_authenticated and getattr(user, "unit_id", None):
            unit = user.unit
            organisation = unit.organisation if unit else None
        request.organisation = organisation  # type: ignore[attr-defined]
        request.unit = unit  # type: ignore[attr-defined]
        return self.get_response(request)
