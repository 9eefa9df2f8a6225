"""Rehabilitation coordination (samordning av rehabiliteringsinsatser): the rules as code.

Sources (docs/domain.md §7 and §8; seeds 002, 003 and 004):

- Socialförsäkringsbalken (2010:110) 30 kap.:
  8 § Försäkringskassan samordnar och utövar tillsyn över rehabiliteringsinsatserna;
  9 § FK ska i samråd med den försäkrade se till att behovet av rehabilitering **snarast**
  klarläggs och att de åtgärder vidtas som behövs;
  10 § FK ska, **om den försäkrade medger det**, samverka med arbetsgivare,
  arbetstagarorganisation, hälso- och sjukvården, socialtjänsten, Arbetsförmedlingen och andra
  berörda myndigheter, och verka för att var och en inom sitt område vidtar åtgärder;
  11 § rehabiliteringsåtgärder påbörjas så snart det är möjligt av medicinska och andra skäl.
- SFB 110 kap. 14 § första stycket 4: FK may ask the insured to take part in an avstämningsmöte;
  110 kap. 58 §: a benefit may be withheld or reduced when the insured without valid reason does
  not take part, but only if the insured was told so beforehand; 110 kap. 57 §: this applies to
  sjukpenning and rehabiliteringspenning and also to sjukersättning and aktivitetsersättning.
- Lag (2019:1297) om koordineringsinsatser för sjukskrivna patienter, 4 §: the region tells FK
  about a rehabilitation need outside healthcare only with the patient's consent.
- Försäkringskassan, *Samordning av rehabiliteringsinsatser hos Försäkringskassan* (seed 002):
  without an employer FK coordinates the vocational rehabilitation and healthcare is responsible
  for the medical one; each actor carries out and pays for its own measures; FK provides no
  rehabilitation itself; a person without SGI gets no sickness benefit but may still be granted
  coordination when the work capacity is reduced.
- Region Sörmland–FK, *Riktlinjer för kommunikation med Försäkringskassan* (2020, seed 004):
  the request for an avstämningsmöte says why; the digital meeting checklist.

Readings chosen here:

- **"Snarast" in days** (:func:`assess_first_plan`). The statute gives no number. Up to
  :data:`FIRST_PLAN_OK_DAYS` (30) days from the start of the coordination to the first plan is
  on time: the same 30 days within which an employer must have a plan for return to work
  (SFB 30 kap. 6 §). Up to :data:`FIRST_PLAN_ATTENTION_DAYS` (60) needs attention; later is late.
- **A consent for rehabilitation counts only when FK recorded it** for that actor, on the day
  in question: from ``valid_from``, to ``valid_to`` inclusive, and no longer from the day it is
  withdrawn (a withdrawal takes effect on its own day, as in the contract for disclosures).
- **A benefit reduction for non-attendance** is possible to consider only when the notice was
  recorded on a day before the meeting day: with dates alone, a notice on the meeting day cannot
  be shown to have come before the meeting.
- **Which benefit may be reduced** (:func:`reduction_benefit_allowed`): SFB 110 kap. 57 § makes
  58 § apply also to sjukersättning and aktivitetsersättning, which need no SGI; sjukpenning and
  rehabiliteringspenning do. Without SGI a reduction is therefore possible only for sjukersättning
  or aktivitetsersättning.
"""

from __future__ import annotations

from samverkan.domain.rehab.actors import (
    FIRST_PLAN_ATTENTION_DAYS,
    FIRST_PLAN_OK_DAYS,
    SEED_002_SOURCE,
    SEED_004_SOURCE,
    MeasureStatus,
    MeetingRequester,
    NeedArea,
    PlanTimeliness,
    RehabActor,
)
from samverkan.domain.rehab.coordination import (
    CoordinationAssessment,
    PlanTimelinessAssessment,
    assess_coordination,
    assess_first_plan,
    days_to_first_plan,
    unmapped_need_areas,
)
from samverkan.domain.rehab.involvement import (
    RehabConsent,
    healthcare_may_inform_fk,
    may_involve_actor,
    meeting_request_consent,
)
from samverkan.domain.rehab.measures import Measure, measure_problems, validate_measure
from samverkan.domain.rehab.meetings import (
    BookingDecision,
    ChecklistItem,
    DigitalMeetingChecklist,
    ReducibleBenefit,
    ReviewMeetingRequest,
    may_book_meeting,
    reduction_allowed,
    reduction_benefit_allowed,
    review_meeting_problems,
    validate_digital_meeting_checklist,
    validate_review_meeting_request,
)

__all__ = [
    "FIRST_PLAN_ATTENTION_DAYS",
    "FIRST_PLAN_OK_DAYS",
    "SEED_002_SOURCE",
    "SEED_004_SOURCE",
    "BookingDecision",
    "ChecklistItem",
    "CoordinationAssessment",
    "DigitalMeetingChecklist",
    "Measure",
    "MeasureStatus",
    "MeetingRequester",
    "NeedArea",
    "PlanTimeliness",
    "PlanTimelinessAssessment",
    "ReducibleBenefit",
    "RehabActor",
    "RehabConsent",
    "ReviewMeetingRequest",
    "assess_coordination",
    "assess_first_plan",
    "days_to_first_plan",
    "healthcare_may_inform_fk",
    "may_book_meeting",
    "may_involve_actor",
    "measure_problems",
    "meeting_request_consent",
    "reduction_allowed",
    "reduction_benefit_allowed",
    "review_meeting_problems",
    "unmapped_need_areas",
    "validate_digital_meeting_checklist",
    "validate_measure",
    "validate_review_meeting_request",
]
