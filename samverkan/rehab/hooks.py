"""Rehabilitation coordination plugs in: navigation, start-page and case-page panels, what the gate stores as
released of the plan, and the demo steps (the data itself is built in :mod:`samverkan.rehab.demo`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.core.demo import DemoStep, register_demo_step
from samverkan.core.navigation import CasePanel, HomePanel, NavItem, register_nav, register_panel
from samverkan.disclosures.records import register_value_provider
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.rehab.access import FK_CASE_ROLES, HEALTHCARE_REHAB_ROLES
from samverkan.rehab.actors import MINUTES_CATEGORY, PLAN_CATEGORY
from samverkan.rehab.demo import seed_rehab, seed_summons
from samverkan.rehab.employer_demo import seed_employer_plan

ACTOR_CASE_TYPES = {
    CaseType.JOBSEEKER.value,
    CaseType.RETURN_TO_WORK.value,
    CaseType.ASSISTANCE.value,
    CaseType.SOCIAL_OTHER.value,
}

register_nav(NavItem("Rehabsamordning", "rehab:list", order=40))
register_nav(
    NavItem(
        "Sjukskrivna patienter",
        "rehab:healthcare",
        order=40,
    )
)
register_nav(NavItem("Återgång i arbete", "rehab:employer_list", order=40))
register_nav(
    NavItem(
        "Rehabstatistik",
        "rehab:statistics",
        order=90,
    )
)


def _org_type(request: HttpRequest) -> OrganisationType | None:
    organisation = getattr(request, "organisation", None)
    return organisation.type if organisation is not None else None


def _fk_home_panel(request: OfficialRequest) -> dict[str, Any] | None:
    """FK official's start page: follow-up reminders and overdue follow-ups in own coordinations."""
    if _org_type(request) is not OrganisationType.FK:
        return None
    user = request.user
    if not user.has_role(*FK_CASE_ROLES):
        return None
    from samverkan.core.clock import today
    from samverkan.rehab import selectors

    on = today()
    return {
        "reminders": list(selectors.reminders_for(user=user)[:20]),
        "overdue": list(selectors.overdue_measures(organisation=request.organisation, on=on, responsible=user)[:20]),
        "meetings": list(
            selectors.upcoming_meetings(organisation=request.organisation, on=on).filter(
                coordination__case__responsible=user
            )[:10]
        ),
        "milestones": selectors.milestones_ahead(user=user, on=on)[:10],
        "today": on,
    }


def _healthcare_home_panel(request: OfficialRequest) -> dict[str, Any] | None:
    if _org_type(request) is not OrganisationType.HEALTHCARE:
        return None
    if not request.user.has_role(*HEALTHCARE_REHAB_ROLES):
        return None
    from samverkan.rehab import selectors

    count = selectors.sick_leave_cases_for_unit(
        organisation=request.organisation,
        unit_id=request.user.unit_id,
    ).count()
    return {"count": count, "url": reverse("rehab:healthcare")}


def _case_panel(request: OfficialRequest, case: Case) -> dict[str, Any] | None:
    """On a case page: FK's coordination case links to the coordination; an actor's case to FK's plan."""
    org_type = _org_type(request)
    if case.case_type == CaseType.REHAB_COORDINATION.value and org_type is OrganisationType.FK:
        coordination = getattr(case, "rehab_coordination", None)
        if coordination is None or not request.user.has_role(*FK_CASE_ROLES):
            return None
        return {
            "kind": "fk",
            "url": reverse("rehab:detail", args=[coordination.pk]),
            "first_plan_on": coordination.first_plan_on,
        }
    if case.case_type == CaseType.SICK_LEAVE.value and org_type is OrganisationType.HEALTHCARE:
        if not request.user.has_role(*HEALTHCARE_REHAB_ROLES):
            return None
        return {"kind": "healthcare", "url": reverse("rehab:healthcare_patient", args=[case.pk])}
    if case.case_type in ACTOR_CASE_TYPES and org_type in (
        OrganisationType.AF,
        OrganisationType.EMPLOYER,
        OrganisationType.SOCIAL_SERVICES,
    ):
        panel = {"kind": "actor", "url": reverse("rehab:actor_plan", args=[case.subject_id])}
        if case.case_type == CaseType.RETURN_TO_WORK.value and org_type is OrganisationType.EMPLOYER:
            panel["employer_url"] = reverse("rehab:employer_case", args=[case.pk])
        return panel
    return None


register_panel(HomePanel("rehab/_panel_fk.html", _fk_home_panel, order=40))
register_panel(HomePanel("rehab/_panel_healthcare.html", _healthcare_home_panel, order=40))
register_panel(CasePanel("rehab/_panel_case.html", _case_panel, order=60))


# --- What the gate stores as released (samverkan.disclosures.records) --------------------------------


def _day(value: dt.date | None, empty: str = "") -> str:
    return value.isoformat() if value else empty


def _coordination_fact(part: Any) -> dict[str, Any]:
    agreed = f", planen gjord med personen {_day(part.plan_agreed_on)}" if part.plan_agreed_on else ""
    return {
        "label": "Samordning hos Försäkringskassan",
        "value": f"Ärende {part.reference} ({part.status.lower()}), handläggare {part.fk_official}{agreed}",
        # For the recipient's own pages (samverkan.rehab.selectors.ActorPlanView): which coordination, still open.
        "kind": "coordination",
        "coordination_id": part.coordination_id,
        "reference": part.reference,
        "active": part.is_active,
    }


def _measure_fact(measure: Any) -> dict[str, Any]:
    text = f"{measure.description} ({measure.kind.lower()}), {_day(measure.starts_on)}–{_day(measure.ends_on, 'tills vidare')}"
    text += f", {measure.status.lower()}"
    if measure.follow_up_on:
        text += f", uppföljning {_day(measure.follow_up_on)}" + (" (försenad)" if measure.overdue else "")
    return {"label": "Insats som ni ansvarar för", "value": text, "kind": "measure", "overdue": measure.overdue}


def _meeting_fact(meeting: Any, part: Any) -> dict[str, Any]:
    when = _day(meeting.meeting_on, "ej bokat")
    if meeting.starts_at:
        when += f" kl. {meeting.starts_at:%H:%M}"
    details = [meeting.status.lower(), *([meeting.mode.lower()] if meeting.mode else [])]
    if meeting.location:
        details.append(meeting.location)
    return {
        "label": "Avstämningsmöte",
        "value": f"{when} ({', '.join(details)}); parter: {', '.join(meeting.parties)}",
        "kind": "meeting",
        "upcoming": meeting in part.upcoming_meetings,
    }


def _rehab_plan_values(
    *, discloser: Any, recipient: Any, person: Any, period: Any, on: dt.date
) -> list[dict[str, Any]]:
    """The plan as the recipient is shown it: its own measures and the meetings it takes part in (no minutes)."""
    from samverkan.rehab.selectors.actor_plan import actor_plan_parts

    facts: list[dict[str, Any]] = []
    for part in actor_plan_parts(discloser=discloser, person=person, organisation=recipient, on=on, with_minutes=False):
        facts.append(_coordination_fact(part))
        facts.extend(_measure_fact(m) for m in part.measures)
        facts.extend(_meeting_fact(m, part) for m in part.meetings)
    if not facts:
        facts.append(
            {
                "label": "Rehabiliteringsplan",
                "value": f"Planen hos {discloser.name} har inga insatser eller avstämningsmöten som "
                f"{recipient.name} ansvarar för eller deltar i.",
            }
        )
    return facts


def _minutes_values(*, discloser: Any, recipient: Any, person: Any, period: Any, on: dt.date) -> list[dict[str, str]]:
    """The minutes of the held avstämningsmöten the recipient took part in."""
    from samverkan.rehab.selectors.actor_plan import actor_plan_parts

    facts = [
        {"label": f"Anteckningar från avstämningsmöte {_day(meeting.meeting_on)}", "value": meeting.minutes}
        for part in actor_plan_parts(
            discloser=discloser, person=person, organisation=recipient, on=on, with_minutes=True
        )
        for meeting in part.meetings
        if meeting.minutes
    ]
    if not facts:
        facts.append(
            {
                "label": "Anteckningar från avstämningsmöten",
                "value": f"Inga genomförda avstämningsmöten med anteckningar hos {discloser.name} som "
                f"{recipient.name} deltog i.",
            }
        )
    return facts


register_value_provider(PLAN_CATEGORY, _rehab_plan_values)
register_value_provider(MINUTES_CATEGORY, _minutes_values)


# --- Demo data (samverkan.rehab.demo) -------------------------------------------------------------------

register_demo_step(DemoStep("rehab", 80, seed_rehab))
register_demo_step(DemoStep("rehab-kallelse", 81, seed_summons))
register_demo_step(DemoStep("rehab-employer-plan", 85, seed_employer_plan))
