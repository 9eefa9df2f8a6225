"""Försäkringskassan's contact person for a vårdcentral: when they may answer a question about a person.

Sources:

- Region Sörmland–Försäkringskassan, *Riktlinjer för kommunikation med Försäkringskassan* (2020,
  seed 004), Kontaktperson på Försäkringskassan – Uppdrag: "Korta frågor kopplade till en person
  kan besvaras, om samtycke finns och försäkringsutredare bedömer att sekretessen inte bryts.
  Diskussion kring enskilda frågor kopplade till en person bör ske med ordinarie utredare."
- Offentlighets- och sekretesslagen (2009:400) 28 kap. 1 § (secrecy in socialförsäkringen) and
  12 kap. 2 § (the person's consent lifts it).

The rule (:func:`contact_person_answer_problem`): the contact person's own secrecy review is not a
basis. An answer about a person needs both

1. a consent registered in Försäkringskassan's own consent register that counts for the answer
   under the gate's rules (:func:`samverkan.domain.consent.consent_counts`), and
2. an assessment by a försäkringsutredare – someone other than the contact person answering –
   that answering does not break secrecy, made on or after the day the question was sent and no
   later than the answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import OSL_12_2, OSL_28_1, Citation

#: Where the rule comes from (seed 004), for explanations.
SOURCE = (
    "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020): "
    "Kontaktperson på Försäkringskassan – Uppdrag"
)

#: Statutes behind the rule.
CITATIONS: tuple[Citation, ...] = (OSL_28_1, OSL_12_2)


@dataclass(frozen=True, slots=True)
class SecrecyAssessment:
    """A försäkringsutredare's assessment that answering does not break secrecy."""

    by_investigator: bool
    by_the_contact_person: bool
    on: dt.date


def contact_person_answer_problem(
    *,
    consent_counts: bool,
    assessment: SecrecyAssessment | None,
    question_sent_on: dt.date,
    answered_on: dt.date,
) -> InputError | None:
    """Why the contact person may not send this answer about a person (None when they may).

    The error names the form field: ``record_consent`` for a missing consent, ``secrecy_assessment``
    for a missing or unfit assessment. Messages are in Swedish and cite the law.
    """
    if not consent_counts:
        return InputError(
            "record_consent",
            "Som kontaktperson för vårdcentralen får du besvara en fråga om en person bara om det finns ett samtycke "
            "registrerat hos Försäkringskassan som gäller för svaret, och en försäkringsutredare har bedömt att "
            f"sekretessen inte bryts. Din egen sekretessprövning räcker inte ({OSL_28_1.text}, {OSL_12_2.text}). "
            "Registrera personens samtycke, eller lämna frågan till ordinarie utredare.",
            code="contact_person_consent",
        )
    if assessment is None or not assessment.by_investigator:
        return InputError(
            "secrecy_assessment",
            "En försäkringsutredare ska först bedöma att sekretessen inte bryts innan kontaktpersonen svarar på en "
            f"fråga om en person ({OSL_28_1.text}). Be personens utredare göra bedömningen på frågan.",
            code="contact_person_assessment",
        )
    if assessment.by_the_contact_person:
        return InputError(
            "secrecy_assessment",
            "Bedömningen av sekretessen ska göras av en annan försäkringsutredare än kontaktpersonen som svarar, "
            "helst personens ordinarie utredare.",
            code="contact_person_assessment",
        )
    if assessment.on < question_sent_on or assessment.on > answered_on:
        return InputError(
            "secrecy_assessment",
            f"Bedömningen ({assessment.on.isoformat()}) ska vara gjord för den här frågan: tidigast den dag frågan "
            f"kom ({question_sent_on.isoformat()}) och senast när svaret skickas ({answered_on.isoformat()}).",
            code="contact_person_assessment",
        )
    return None


__all__ = ["CITATIONS", "SOURCE", "SecrecyAssessment", "contact_person_answer_problem"]
