"""Navigation, panels and demo seeding of the secrecy gate."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.cases.models import Case
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import CasePanel, HomePanel, NavItem, register_nav, register_panel
from samverkan.disclosures import selectors
from samverkan.disclosures.access import REQUEST_FROM_CASE, REVIEW
from samverkan.disclosures.demo import seed_gate

register_nav(
    NavItem(
        "Förfrågningar",
        "disclosures:request_list",
        order=40,
        # Beside the declaration (which lets every case role open the page): in the menu of the socialnämnd,
        # the organisation that asks the other agencies every day.
        org_types=frozenset(REQUEST_FROM_CASE.org_types),
    )
)
register_nav(
    NavItem(
        "Granskning",
        "disclosures:review_queue",
        order=45,
    )
)


def _case_panel(request: HttpRequest, case: Case) -> dict[str, Any] | None:
    """On a case page of a socialnämnd: "Begär uppgifter" and the case's earlier requests."""
    if not REQUEST_FROM_CASE.allows(request.user):
        return None
    return {"case": case, "requests": selectors.case_page_requests(case)}


def _review_panel(request: HttpRequest) -> dict[str, Any] | None:
    """On the start page of an agency official: how many requests wait for the own secrecy review."""
    organisation = getattr(request, "organisation", None)
    if organisation is None:
        return None
    if not REVIEW.allows(request.user):
        return None
    return {"count": selectors.open_review_count(organisation)}


register_panel(CasePanel("disclosures/_case_panel.html", _case_panel, order=50))
register_panel(HomePanel("disclosures/_review_panel.html", _review_panel, order=60))
register_demo_step(DemoStep("sekretessgrind: samtycken och förfrågningar", 50, seed_gate))
