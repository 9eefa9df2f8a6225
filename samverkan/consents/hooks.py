"""Navigation and start-page panel of the consent registry."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.consents.selectors import pending_consent_requests
from samverkan.consents.views import CONSENT_ORG_TYPES, CONSENT_ROLES
from samverkan.core.navigation import HomePanel, NavItem, register_nav, register_panel

register_nav(
    NavItem(
        "Samtycken",
        "consents:list",
        order=35,
        roles=frozenset(CONSENT_ROLES),
        org_types=frozenset(CONSENT_ORG_TYPES),
    )
)


def _pending_panel(request: HttpRequest) -> dict[str, Any] | None:
    """Start page: persons' requests to register a consent that wait for the organisation to confirm them."""
    organisation = getattr(request, "organisation", None)
    if getattr(request, "case", None) is not None or organisation is None:
        return None
    if organisation.type not in CONSENT_ORG_TYPES or not request.user.has_role(*CONSENT_ROLES):  # type: ignore[union-attr]
        return None
    pending = list(pending_consent_requests(organisation)[:10])
    return {"pending": pending} if pending else None


register_panel(HomePanel("consents/_pending_panel.html", _pending_panel, order=55))
