"""The employer's plan for return to work (SFB 30 kap. 6 §) and the reminders before its deadline and
before each step of the rehabilitation chain (SFB 27 kap. 46–49 §§).

The deadline itself is :func:`samverkan.domain.sick_leave_chain.employer_plan_due` (day 30 of the sick
period when the reduced work capacity is expected to last at least 60 days; citation
:data:`~samverkan.domain.sick_leave_chain.SFB_30_6`, wording in force from 2018-07-01). This module
says, for one employee, whether a plan is required, when, whether the plan recorded was on time, and
when the employer and FK's official are to be reminded. Pure Python: the day is an argument.

Not modelled (as in :mod:`samverkan.domain.sick_leave_chain`): an expectation that grows later
("omgående", 30 kap. 6 § first paragraph) — here the employer records a new expectation and the
deadline is computed again from it; a person who clearly cannot return (second paragraph).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from samverkan.domain.errors import InputError
from samverkan.domain.sick_leave_chain import (
    PLAN_DUE_DAY,
    PLAN_THRESHOLD_DAYS,
    SFB_30_6,
    Employment,
    SickLeaveInput,
    date_of_day,
    employer_plan_due,
    short,
)

#: The employer is reminded this many days before the plan's last day (and on it, if not before).
PLAN_REMINDER_DAYS: Final = 7
#: FK's responsible official is e-mailed this many days before a step of the chain (as on the start page).
MILESTONE_REMINDER_DAYS: Final = 14
#: The longest expected sick period an employer may record (beyond it the chain has no further step).
MAX_EXPECTED_DAYS: Final = 1000


class PlanStatus(StrEnum):
    NOT_REQUIRED = "not_required"
    NOT_ASSESSED = "not_assessed"
    DUE = "due"
    OVERDUE = "overdue"
    DONE_IN_TIME = "done_in_time"
    DONE_LATE = "done_late"

    @property
    def label(self) -> str:
        return {
            "not_required": "Ingen plan krävs",
            "not_assessed": "Sjukperiodens längd är inte bedömd",
            "due": "Planen ska upprättas",
            "overdue": "Planen är försenad",
            "done_in_time": "Planen upprättades i tid",
            "done_late": "Planen upprättades för sent",
        }[self.value]


@dataclass(frozen=True, slots=True)
class PlanDeadline:
    required: bool
    due: dt.date | None
    day: int
    status: PlanStatus
    explanation: str

    @property
    def citation(self) -> str:
        return short(SFB_30_6)


def plan_deadline(
    *, sick_leave_start: dt.date, expected_days: int | None, on: dt.date, first_plan_on: dt.date | None = None
) -> PlanDeadline:
    """Whether the employer must have a plan for return to work, by when, and where it stands on ``on``.

    A plan is required when the reduced work capacity is expected to last at least
    :data:`PLAN_THRESHOLD_DAYS` (60) days, at the latest on day :data:`PLAN_DUE_DAY` (30) of the sick
    period: on day 30 it is still on time, from day 31 it is late (SFB 30 kap. 6 §).
    """
    if on < sick_leave_start:
        raise InputError("on", f"{on.isoformat()} ligger före första sjukdagen {sick_leave_start.isoformat()}.")
    if expected_days is not None and not 0 <= expected_days <= MAX_EXPECTED_DAYS:
        raise InputError("expected_days", f"Ange ett antal dagar mellan 0 och {MAX_EXPECTED_DAYS}.")
    if not SFB_30_6.in_force_on(on):
        raise InputError("on", f"Regeln bygger på lydelsen av {short(SFB_30_6)} från {SFB_30_6.valid_from}.")
    data = SickLeaveInput(
        sick_leave_start=sick_leave_start, on=on, employment=Employment.EMPLOYED, expected_days=expected_days
    )
    due = employer_plan_due(data)
    day = (on - sick_leave_start).days + 1
    cited = SFB_30_6.text
    last_day = date_of_day(sick_leave_start, PLAN_DUE_DAY)
    if due is None:
        if expected_days is None:
            status = PlanStatus.NOT_ASSESSED
            text = (
                f"En plan för återgång i arbete krävs om arbetsförmågan väntas vara nedsatt i minst "
                f"{PLAN_THRESHOLD_DAYS} dagar ({cited}). Ange hur länge sjukperioden väntas vara; då räknas "
                f"sista dag fram (dag {PLAN_DUE_DAY}, {last_day.isoformat()})."
            )
        else:
            status = PlanStatus.NOT_REQUIRED
            text = (
                f"Ingen plan för återgång i arbete krävs: arbetsförmågan väntas vara nedsatt i {expected_days} "
                f"dagar, färre än {PLAN_THRESHOLD_DAYS} ({cited}). En plan får ändå upprättas."
            )
        if first_plan_on is not None:
            text += f" En plan upprättades {first_plan_on.isoformat()}."
        return PlanDeadline(required=False, due=None, day=day, status=status, explanation=text)
    head = (
        f"Arbetsförmågan väntas vara nedsatt i minst {PLAN_THRESHOLD_DAYS} dagar ({expected_days} dagar), så "
        f"arbetsgivaren ska ha upprättat en plan för återgång i arbete senast dag {PLAN_DUE_DAY} i sjukperioden, "
        f"{due.isoformat()} ({cited})."
    )
    if first_plan_on is not None:
        in_time = first_plan_on <= due
        status = PlanStatus.DONE_IN_TIME if in_time else PlanStatus.DONE_LATE
        tail = f" Planen upprättades {first_plan_on.isoformat()}, {'i tid' if in_time else 'efter sista dagen'}."
    elif on > due:
        status = PlanStatus.OVERDUE
        tail = f" I dag är dag {day}: sista dagen har passerat och planen saknas."
    else:
        status = PlanStatus.DUE
        left = (due - on).days
        tail = " Sista dagen är i dag." if left == 0 else f" I dag är dag {day}; {left} dagar kvar."
    return PlanDeadline(required=True, due=due, day=day, status=status, explanation=head + tail)


def plan_reminder_due(deadline: PlanDeadline, *, on: dt.date, days_before: int = PLAN_REMINDER_DAYS) -> bool:
    """Remind the employer from ``days_before`` days before the last day while the plan is still missing."""
    if deadline.status not in (PlanStatus.DUE, PlanStatus.OVERDUE) or deadline.due is None:
        return False
    return on >= deadline.due - dt.timedelta(days=days_before)


def milestone_reminder_due(
    next_milestone: dt.date | None, *, on: dt.date, days_before: int = MILESTONE_REMINDER_DAYS
) -> bool:
    """Whether FK's official is to be reminded of the chain's next step (day 91, 181 or 366) on ``on``."""
    return next_milestone is not None and 0 <= (next_milestone - on).days <= days_before


def milestone_label(next_milestone_day: int) -> int:
    """The day the chain "approaches": the last day before the step (90, 180, 365 for days 91, 181, 366)."""
    return next_milestone_day - 1


def milestone_subject(next_milestone_day: int) -> str:
    """The e-mail subject: no name, no number, nothing that ties it to a person."""
    return f"En rehabiliteringskedja i Samverkan närmar sig dag {milestone_label(next_milestone_day)}"
