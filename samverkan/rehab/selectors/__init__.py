"""Reads for rehabilitation coordination, always scoped to the official's organisation.

FK reads its own coordinations directly (:mod:`.coordinations`). Every other actor (vård,
Arbetsförmedlingen, arbetsgivare, socialtjänst) reads FK's plan only through the secrecy gate
(:mod:`.actor_plan`: :func:`rehab_plan_for_actor`, asked on purpose with a POST; pages show the last
answer, :func:`rehab_plan_last_asked`): the gate decides on the insured's consent registered by FK
(SFB 30 kap. 10 §, OSL 12 kap. 2 §), logs the request, and only the released categories are shown —
and of the plan only the measures and meetings the actor itself takes part in. Vård's overview is
:mod:`.healthcare`, the aggregated statistics :mod:`.stats`.
"""

from samverkan.rehab.selectors.actor_plan import (
    GATE_PURPOSE,
    ActorPlanView,
    coordination_released_to,
    person_and_case,
    rehab_plan_for_actor,
    rehab_plan_last_asked,
)
from samverkan.rehab.selectors.coordinations import (
    REMINDER_DAYS_AHEAD,
    actor_standings,
    checklist_missing,
    coordination_list,
    coordination_search,
    coordinations_for,
    is_overdue,
    may_involve,
    measures_due_for_reminder,
    meeting_checklist,
    meeting_parties,
    milestones_ahead,
    overdue_measures,
    plan_timeliness,
    rehab_consents_for,
    reminders_for,
    requested_meetings,
    sick_leave_chain_for,
    upcoming_meetings,
)
from samverkan.rehab.selectors.healthcare import (
    healthcare_case,
    healthcare_overview,
    open_questions_counts,
    sick_leave_cases_for_unit,
)
from samverkan.rehab.selectors.stats import rehab_statistics

__all__ = [
    "GATE_PURPOSE",
    "REMINDER_DAYS_AHEAD",
    "ActorPlanView",
    "actor_standings",
    "checklist_missing",
    "coordination_list",
    "coordination_released_to",
    "coordination_search",
    "coordinations_for",
    "healthcare_case",
    "healthcare_overview",
    "is_overdue",
    "may_involve",
    "measures_due_for_reminder",
    "meeting_checklist",
    "meeting_parties",
    "milestones_ahead",
    "open_questions_counts",
    "overdue_measures",
    "person_and_case",
    "plan_timeliness",
    "rehab_consents_for",
    "rehab_plan_for_actor",
    "rehab_plan_last_asked",
    "rehab_statistics",
    "reminders_for",
    "requested_meetings",
    "sick_leave_cases_for_unit",
    "sick_leave_chain_for",
    "upcoming_meetings",
]
