"""Navigation, start-page and case-page panels, and demo seeding for communication."""

from __future__ import annotations

from typing import Any

from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import CasePanel, HomePanel, NavItem, register_nav, register_panel
from samverkan.domain.organisations import Role
from samverkan.messaging import selectors
from samverkan.messaging.demo import seed_messaging
from samverkan.messaging.routing import QUESTION_ORG_TYPES, QUESTION_ROLES

register_nav(
    NavItem(
        "Administrativa frågor",
        "messaging:questions",
        order=70,
        roles=frozenset(QUESTION_ROLES),
        org_types=frozenset(QUESTION_ORG_TYPES),
    )
)
register_nav(
    NavItem(
        "Återkopplingar",
        "messaging:callbacks",
        order=72,
        roles=frozenset(QUESTION_ROLES),
        org_types=frozenset(QUESTION_ORG_TYPES),
    )
)
register_nav(NavItem("Terminsmöten", "messaging:term_meetings", order=73, roles=frozenset({Role.FK_CONTACT_PERSON})))
register_nav(NavItem("Mejl", "messaging:email", order=75))
register_nav(NavItem("Kontakter", "messaging:directory", order=80))


def _may_use_questions(request: OfficialRequest) -> bool:
    organisation = getattr(request, "organisation", None)
    return (
        organisation is not None and organisation.type in QUESTION_ORG_TYPES and request.user.has_role(*QUESTION_ROLES)
    )


def _home_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """Start page: questions to answer (and overdue), questions awaiting an answer, unread notifications."""
    if not _may_use_questions(request):
        return None
    return {
        "counts": selectors.question_counts(request.organisation),
        "unread": selectors.notifications_for(request.user, unread_only=True).count(),
    }


def _case_panel(request: OfficialRequest, case: Case) -> dict[str, Any] | None:
    """Case page: the case's administrative questions and "Ställ en administrativ fråga"."""
    if not _may_use_questions(request):
        return None
    organisation = request.organisation
    day = today()
    rows = [
        {
            "question": q,
            "status": q.status_label_for(organisation),
            "received": q.recipient_organisation_id == organisation.pk,
            "state": selectors.deadline_state(q, day),
        }
        for q in selectors.questions_for_case(case)[:20]
    ]
    return {"case": case, "questions": rows, "callbacks": list(selectors.callbacks_for_case(case)[:10])}


def _callbacks_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """Start page: call-backs to make (and overdue) and call-backs awaited."""
    if not _may_use_questions(request):
        return None
    counts = selectors.callback_counts(request.user)
    if not any(counts.values()):
        return None
    return {"counts": counts}


def _term_meeting_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """The FK contact person's start page: a vårdcentral whose term has started with no meeting booked, and a
    booked meeting a few days away (seed 004: once a term)."""
    if getattr(request, "organisation", None) is None:
        return None
    user = request.user
    if not user.has_role(Role.FK_CONTACT_PERSON):
        return None
    rows = [r for r in selectors.term_meeting_rows(user, today()) if r.reminder is not None]
    return {"rows": rows} if rows else None


register_panel(HomePanel("messaging/_home_panel.html", _home_panel, order=70))
register_panel(CasePanel("messaging/_case_panel.html", _case_panel, order=70))
register_panel(HomePanel("messaging/_callbacks_home_panel.html", _callbacks_panel, order=71))
register_panel(HomePanel("messaging/_term_meeting_panel.html", _term_meeting_panel, order=72))
register_demo_step(
    DemoStep(
        "kommunikation: rutiner, kontaktpersoner, frågor, återkopplingar, terminsmöten och frånvaro", 90, seed_messaging
    )
)
