"""The request as the pages and API operations of an official see it, for the type checker.

:class:`~samverkan.accounts.middleware.ActiveMembershipMiddleware` puts the official's organisation and unit
on every request (``None`` without a logged-in official): that is :class:`ScopedRequest`. Behind
``@allowed`` with an official's audience (:mod:`samverkan.accounts.access`) the caller is a logged-in,
active official with a unit, so the organisation is known: that is :class:`OfficialRequest`, the type of the
``request`` parameter of such views, API operations and the hooks they call. Nothing of this exists at run
time beyond the attributes the middleware sets; the classes only declare them.
"""

from __future__ import annotations

from typing import TypeGuard

from django.http import HttpRequest

from samverkan.accounts.models import Organisation, Unit, User


class ScopedRequest(HttpRequest):
    """Any request after the middleware: the official's organisation and unit, or ``None``."""

    organisation: Organisation | None
    unit: Unit | None


class OfficialRequest(ScopedRequest):
    """A request that ``@allowed`` let through as an official's: an official of a unit, so with an organisation."""

    user: User
    organisation: Organisation
    unit: Unit


def is_official(request: HttpRequest) -> TypeGuard[OfficialRequest]:
    """Whether an official with an organisation is logged in (the middleware set the organisation)."""
    return getattr(request, "organisation", None) is not None
