"""Återsökning plugs in: menu items, panels on the start page and the case page, demo data."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import CasePanel, HomePanel, NavItem, register_nav, register_panel
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.reclaims import selectors
from samverkan.reclaims.access import AGENCY_ROLES, SOCIAL_ROLES
from samverkan.reclaims.demo import seed_reclaims
from samverkan.reclaims.models import Reclaim
from samverkan.reclaims.tasks import draft_reclaims_for_decision
from samverkan.registries.services import on_decision_notice_delivered


def _draft_after_notice(decision_id: int) -> None:
    """A retroactive FK/PM decision reached the socialnämnd: draft the reclaim at once (idempotent)."""
    draft_reclaims_for_decision.enqueue(decision_id)


on_decision_notice_delivered(_draft_after_notice)

register_nav(
    NavItem(
        "Återsökning",
        "reclaims:list",
        order=60,
    )
)
register_nav(
    NavItem(
        "Inkommande återsökningar",
        "reclaims:incoming",
        order=60,
    )
)


def _organisation_type(request: OfficialRequest) -> OrganisationType | None:
    organisation = getattr(request, "organisation", None)
    return organisation.type if organisation is not None else None


def _case_panel(request: OfficialRequest, case: Case) -> dict[str, Any] | None:
    """On the page of an ärende om ekonomiskt bistånd: pending benefits and the case's reclaims."""
    if case.case_type != CaseType.ASSISTANCE.value:
        return None
    organisation = getattr(request, "organisation", None)
    if organisation is None or organisation.type is not OrganisationType.SOCIAL_SERVICES:
        return None
    if case.organisation_id != organisation.pk:
        return None
    may_edit = case.is_active and request.user.has_role(*SOCIAL_ROLES)
    return {
        "case": case,
        "pending": selectors.pending_benefits_of_case(case),
        "advances": selectors.unregistered_advances(case) if may_edit else [],
        "reclaims": selectors.reclaims_of_case(case),
        "may_edit": may_edit,
    }


def _home_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """Start page: drafts to send (the nämnd) or requests to settle (FK, PM), most urgent first."""
    kind = _organisation_type(request)
    user = request.user
    organisation = request.organisation
    if kind is OrganisationType.SOCIAL_SERVICES and user.has_role(*SOCIAL_ROLES):
        reclaims = selectors.reclaims_of_organisation(organisation, status=Reclaim.Status.DRAFT).order_by("deadline")
        return {
            "title": "Återsökningar att skicka",
            "reclaims": reclaims[:10],
            "incoming": False,
            "empty": "Inga utkast väntar.",
            "url": reverse("reclaims:list"),
            "link": "Alla återsökningar",
        }
    if kind in (OrganisationType.FK, OrganisationType.PM) and user.has_role(*AGENCY_ROLES):
        reclaims = selectors.incoming_reclaims(organisation, status=Reclaim.Status.SENT)
        return {
            "title": "Inkommande återsökningar att avgöra",
            "reclaims": reclaims[:10],
            "incoming": True,
            "empty": "Inga begäranden väntar.",
            "url": reverse("reclaims:incoming"),
            "link": "Alla inkommande återsökningar",
        }
    return None


register_panel(CasePanel("reclaims/_case_panel.html", _case_panel, order=60))
register_panel(HomePanel("reclaims/_home_panel.html", _home_panel, order=60))
register_demo_step(DemoStep("reclaims", 70, seed_reclaims))
