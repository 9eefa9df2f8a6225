"""Whether coordination is granted, and whether the first plan came "snarast" (SFB 30 kap. 9 §)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from samverkan.domain.checks import require_date
from samverkan.domain.errors import InputError
from samverkan.domain.rehab.actors import (
    FIRST_PLAN_ATTENTION_DAYS,
    FIRST_PLAN_OK_DAYS,
    SEED_002_SOURCE,
    SFB_30_6,
    NeedArea,
    PlanTimeliness,
)
from samverkan.domain.statutes import SFB_30_8, SFB_30_9, SFB_30_10, SFB_30_11, Citation

# --- Who coordinates what (SFB 30 kap. 8–11 §§, seed 002) ---------------------------------------


@dataclass(frozen=True, slots=True)
class CoordinationAssessment:
    """Whether coordination is possible and who is responsible for which measures."""

    coordination_possible: bool
    sickness_benefit_possible: bool
    coordinator: str
    vocational_responsible: str
    medical_responsible: str
    explanations: tuple[str, ...]
    citations: tuple[Citation, ...]


def assess_coordination(*, has_employer: bool, has_sgi: bool, work_capacity_reduced: bool) -> CoordinationAssessment:
    """Who coordinates, who carries out vocational and medical measures, and whether there is sickness benefit.

    - Coordination under SFB 30 kap. needs a work capacity reduced by illness; SGI is not needed.
    - Without SGI there is no sickness benefit or rehabilitation benefit (seed 002).
    - Without an employer FK coordinates the vocational rehabilitation; with one, the employer
      carries out the work-oriented measures at the workplace (SFB 30 kap. 6 §). Medical
      rehabilitation is always healthcare's. FK coordinates and supervises in every case
      (30 kap. 8 §) and provides no measures itself.
    """
    for name, value in (
        ("has_employer", has_employer),
        ("has_sgi", has_sgi),
        ("work_capacity_reduced", work_capacity_reduced),
    ):
        if not isinstance(value, bool):
            raise InputError(name, "Ska vara sant eller falskt.", code="bool")
    explanations = []
    if work_capacity_reduced:
        explanations.append(
            "Arbetsförmågan är nedsatt på grund av sjukdom: Försäkringskassan ska snarast klarlägga behovet av "
            "rehabilitering tillsammans med personen och samordna insatserna (SFB 30 kap. 8–9 §§)."
        )
    else:
        explanations.append(
            "Samordning av rehabiliteringsinsatser förutsätter att arbetsförmågan är nedsatt på grund av sjukdom; "
            f"det är den inte enligt uppgifterna ({SEED_002_SOURCE})."
        )
    if not has_sgi:
        explanations.append(
            "Personen saknar sjukpenninggrundande inkomst (SGI) och kan inte få sjukpenning eller "
            "rehabiliteringsersättning"
            + (
                ", men kan ändå få samordning av rehabiliteringsinsatser eftersom arbetsförmågan är nedsatt."
                if work_capacity_reduced
                else "."
            )
        )
    if has_employer:
        vocational = "employer"
        explanations.append(
            "Personen har en arbetsgivare: arbetsgivaren ansvarar för de arbetslivsinriktade insatserna på "
            "arbetsplatsen och för en plan för återgång i arbete (SFB 30 kap. 6 §); Försäkringskassan samordnar "
            "och följer upp."
        )
    else:
        vocational = "fk"
        explanations.append(
            "Personen saknar arbetsgivare: Försäkringskassan samordnar de arbetslivsinriktade "
            f"rehabiliteringsinsatserna ({SEED_002_SOURCE})."
        )
    explanations.append(
        "Ansvaret för den medicinska rehabiliteringen ligger hos hälso- och sjukvården. Försäkringskassan "
        "genomför inte själv någon rehabilitering; varje aktör genomför och bekostar sina insatser (SFB 30 kap. 10 §)."
    )
    return CoordinationAssessment(
        coordination_possible=work_capacity_reduced,
        sickness_benefit_possible=work_capacity_reduced and has_sgi,
        coordinator="fk",
        vocational_responsible=vocational,
        medical_responsible="healthcare",
        explanations=tuple(explanations),
        citations=(SFB_30_8, SFB_30_9, SFB_30_10, SFB_30_11) + ((SFB_30_6,) if has_employer else ()),
    )


def unmapped_need_areas(mapped: Iterable[NeedArea | str]) -> list[NeedArea]:
    """The need areas a mapping has not yet covered, in the order of :class:`NeedArea`."""
    done = set()
    for area in mapped:
        try:
            done.add(NeedArea(str(area)))
        except ValueError:
            known = ", ".join(a.value for a in NeedArea)
            raise InputError("need_areas", f"Okänt behovsområde {area!r}. Kända: {known}.", code="need_area") from None
    return [a for a in NeedArea if a not in done]


# --- "Snarast": time to the first plan (SFB 30 kap. 9 §) --------------------------------------


@dataclass(frozen=True, slots=True)
class PlanTimelinessAssessment:
    status: PlanTimeliness
    days: int
    plan_made: bool
    explanation: str
    citations: tuple[Citation, ...]


def days_to_first_plan(start: dt.date, first_plan_on: dt.date) -> int:
    """Calendar days from the start of the coordination to the first plan."""
    start, first_plan_on = require_date(start, "start"), require_date(first_plan_on, "first_plan_on")
    if first_plan_on < start:
        raise InputError(
            "first_plan_on",
            f"Planen ({first_plan_on.isoformat()}) kan inte vara upprättad före samordningens start ({start.isoformat()}).",
            code="order",
        )
    return (first_plan_on - start).days


def assess_first_plan(
    start: dt.date,
    *,
    first_plan_on: dt.date | None = None,
    on: dt.date | None = None,
) -> PlanTimelinessAssessment:
    """Was the need clarified and a plan made "snarast" (SFB 30 kap. 9 §)?

    With ``first_plan_on`` the days to the plan are judged; without it, the days so far up to
    ``on`` (required then). Thresholds: see the module docstring.
    """
    if first_plan_on is not None:
        days = days_to_first_plan(start, first_plan_on)
        made = True
    else:
        if on is None:
            raise InputError("on", "Ange dagens datum när ingen plan är upprättad ännu.", code="required")
        days = days_to_first_plan(start, on)
        made = False
    if days <= FIRST_PLAN_OK_DAYS:
        status = PlanTimeliness.OK
    elif days <= FIRST_PLAN_ATTENTION_DAYS:
        status = PlanTimeliness.ATTENTION
    else:
        status = PlanTimeliness.LATE
    rule = (
        f"Behovet av rehabilitering ska klarläggas snarast ({SFB_30_9.text}) och åtgärderna påbörjas så snart "
        f"det är möjligt ({SFB_30_11.text}). Här räknas högst {FIRST_PLAN_OK_DAYS} dagar som i tid och "
        f"{FIRST_PLAN_OK_DAYS + 1}–{FIRST_PLAN_ATTENTION_DAYS} dagar som att det behöver uppmärksammas."
    )
    if made:
        verdict = {
            PlanTimeliness.OK: f"Den första planen upprättades efter {days} dagar, i tid.",
            PlanTimeliness.ATTENTION: f"Den första planen upprättades först efter {days} dagar.",
            PlanTimeliness.LATE: f"Den första planen upprättades först efter {days} dagar, vilket är sent.",
        }[status]
    else:
        verdict = {
            PlanTimeliness.OK: f"Ingen plan ännu; {days} dagar har gått sedan samordningen började.",
            PlanTimeliness.ATTENTION: f"Ingen plan ännu efter {days} dagar: upprätta planen tillsammans med personen.",
            PlanTimeliness.LATE: f"Ingen plan ännu efter {days} dagar, vilket är sent: upprätta planen snarast.",
        }[status]
    return PlanTimelinessAssessment(
        status=status,
        days=days,
        plan_made=made,
        explanation=f"{verdict} {rule}",
        citations=(SFB_30_9, SFB_30_11),
    )
