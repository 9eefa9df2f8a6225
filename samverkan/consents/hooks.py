"""Navigation and start-page panel of the consent registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.consents.access import CONSENTS
from samverkan.consents.selectors import pending_consent_requests
from samverkan.core.navigation import HomePanel, NavItem, register_nav, register_panel

register_nav(
    NavItem(
        "Samtycken",
        "consents:list",
        order=35,
    )
)


def _pending_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Start page: persons' requests to register a consent that wait for the organisation to confirm them."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None
    if not CONSENTS.allows(request.user):
        return None
    pending = list(pending_consent_requests(organisation)[:10])
    return {"pending": pending} if pending else None


register_panel(HomePanel("consents/_pending_panel.html", _pending_panel, order=55))
