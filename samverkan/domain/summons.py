"""The kallelse (summons) to an avstämningsmöte: when it must tell the insured about SFB 110 kap. 58 §.

Sources (docs/domain.md §7):

- SFB 110 kap. 14 § första stycket 4: Försäkringskassan may ask the insured to take part in an
  avstämningsmöte.
- SFB 110 kap. 58 §: a benefit may be withheld or reduced when the insured without valid reason
  does not take part, but only if the insured was told so beforehand; 110 kap. 57 § says which
  benefits (sjukpenning, rehabiliteringspenning, sjukersättning, aktivitetsersättning).

Readings chosen here:

- **The notice belongs in the kallelse exactly when FK booked the meeting so that the benefit can
  be reduced for non-attendance** (``reduction_possible``; the booking has already checked that the
  person has a benefit that 110 kap. 57 § covers, :func:`samverkan.domain.rehab.reduction_benefit_allowed`,
  and that the notice was recorded before the meeting, :func:`samverkan.domain.rehab.reduction_allowed`).
  A kallelse to a meeting booked without that possibility says nothing about a reduction: a notice
  would threaten a consequence FK has not prepared, and without a notice none can follow.
- **The kallelse itself is a notice "beforehand" only when it is sent on a day before the meeting
  day**, the same day-based reading as :func:`samverkan.domain.rehab.reduction_allowed`: with dates
  alone, a kallelse sent on the meeting day cannot be shown to have reached the person before it.
- Nothing is reduced by the kallelse or by this rule: any reduction is FK's own later decision.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import SFB_110_14, SFB_110_57, SFB_110_58, Citation

#: The notice the insured reads in the kallelse when :func:`summons_notice` applies.
NOTICE_TEXT = (
    f"Försäkringskassan begär att du deltar i avstämningsmötet ({SFB_110_14.text}). Om du inte deltar och inte "
    f"har en giltig anledning kan din ersättning, till exempel sjukpenning, dras in eller sättas ned "
    f"({SFB_110_58.text}). Kan du inte komma, kontakta din handläggare före mötet."
)

#: What every kallelse says when the notice does not apply.
NO_NOTICE_TEXT = "Kan du inte komma, kontakta din handläggare så bokar vi en ny tid."


@dataclass(frozen=True, slots=True)
class SummonsNotice:
    """Whether the kallelse carries the notice of SFB 110 kap. 58 §, and what it says.

    ``applies``: the notice is printed in the kallelse. ``beforehand``: the kallelse, sent on
    ``sent_on``, reaches the person on a day before the meeting (only meaningful when it applies).
    ``text``: what the insured reads. ``explanation``: the reason, in Swedish, for the official.
    """

    applies: bool
    beforehand: bool
    text: str
    explanation: str
    citations: tuple[Citation, ...]


def _day(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(field, "Ange ett datum (ÅÅÅÅ-MM-DD).", code="type")
    return value


def summons_notice(*, reduction_possible: bool, meeting_on: dt.date, sent_on: dt.date) -> SummonsNotice:
    """Whether the kallelse to an avstämningsmöte on ``meeting_on``, sent on ``sent_on``, carries the
    notice of SFB 110 kap. 58 § (see the module's readings)."""
    meeting_on = _day(meeting_on, "meeting_on")
    sent_on = _day(sent_on, "sent_on")
    if not isinstance(reduction_possible, bool):
        raise InputError("reduction_possible", "Ange ja eller nej.", code="type")
    cite = SFB_110_58.text
    if not reduction_possible:
        return SummonsNotice(
            applies=False,
            beforehand=False,
            text=NO_NOTICE_TEXT,
            explanation=(
                "Mötet är inte bokat med möjlighet att sätta ned ersättningen om personen uteblir. Kallelsen "
                f"upplyser därför inte om nedsättning, och ingen nedsättning kan följa av utevaro – {cite}."
            ),
            citations=(SFB_110_14, SFB_110_58),
        )
    beforehand = sent_on < meeting_on
    if beforehand:
        explanation = (
            f"Kallelsen upplyser om att ersättningen kan dras in eller sättas ned vid utevaro utan giltig anledning. "
            f"Den skickas {sent_on.isoformat()}, före mötet {meeting_on.isoformat()}, och är därmed en upplysning i "
            f"förväg – {cite}; {SFB_110_57.text}."
        )
    else:
        explanation = (
            f"Kallelsen upplyser om nedsättning, men den skickas {sent_on.isoformat()}, inte före mötet "
            f"{meeting_on.isoformat()}: den kan inte räknas som en upplysning i förväg. Nedsättning förutsätter att "
            f"personen fick veta det före mötet på annat sätt – {cite}."
        )
    return SummonsNotice(
        applies=True,
        beforehand=beforehand,
        text=NOTICE_TEXT,
        explanation=explanation,
        citations=(SFB_110_14, SFB_110_57, SFB_110_58),
    )
