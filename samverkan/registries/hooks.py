"""The registries plug in: menu items, the inbox panel, the case-page panel and the demo step."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import CasePanel, HomePanel, NavItem, register_nav, register_panel
from samverkan.domain.organisations import CaseType
from samverkan.registries.access import SOCIAL
from samverkan.registries.demo import seed_registries
from samverkan.registries.models import Notice
from samverkan.registries.selectors import inbox_counts

register_nav(
    NavItem(
        "Register",
        "registries:index",
        order=25,
    )
)
register_nav(NavItem("Inkorg", "registries:inbox", order=15))


def _is_social_official(request: HttpRequest) -> bool:
    organisation = getattr(request, "organisation", None)
    return organisation is not None and SOCIAL.allows(request.user)


def _inbox_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """Start page of a social worker: how many notices are unread."""
    if not _is_social_official(request):
        return None
    return inbox_counts(organisation=request.organisation)


def _case_panel(request: OfficialRequest, case: Case) -> dict[str, Any] | None:
    """Page of an ärende om ekonomiskt bistånd: “Hämta uppgifter” and unread notices about it."""
    if case.case_type != CaseType.ASSISTANCE.value or not _is_social_official(request):
        return None
    if case.organisation_id != request.organisation.pk:
        return None
    unread = Notice.objects.filter(
        case=case, recipient_id=case.organisation_id, status=Notice.Status.DELIVERED, read_at__isnull=True
    ).count()
    return {"case": case, "unread": unread}


register_panel(HomePanel("registries/_inbox_panel.html", _inbox_panel, order=20))
register_panel(CasePanel("registries/_case_panel.html", _case_panel, order=30))
register_demo_step(DemoStep("registries", 45, seed_registries))
