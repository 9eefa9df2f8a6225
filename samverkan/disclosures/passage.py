"""The gate's third entry point: a message passage (an administrative question, its answer, an impulse).

Every message about a person passes the secrecy gate's rules before it is sent.

A question (or an answer) tells the other organisation something about the person: that the
person is a patient or client, and whatever the text says. It is a disclosure from the author's
organisation to the other one, of category ``admin_question`` (and, for the impulse to map
rehabilitation needs, also ``care_coordination_need``), decided by the same rules as every other
disclosure (:func:`samverkan.domain.decision.decide`) with the consents the author's own
organisation has recorded (:func:`samverkan.consents.selectors.consent_records_for_gate`; the
disclosing organisation checks consent itself, docs/domain.md §4). The outcome is written to the
audit log in the same transaction as the message (``admin_question.sent`` /
``admin_question.answered``), and the decision's snapshot is kept on the message.

How each outcome is handled (the safe reading of docs/domain.md §4–5):

- **released on consent** → sent; the basis is the consent (OSL 12 kap. 2 §).
- **review** → the discloser's own secrecy review decides, never the system. The author is the
  discloser's official, so they make it when sending: they tick that they have tried the
  secrecy and found the disclosure necessary for the own work (OSL 10 kap. 2 §), or, for
  Arbetsförmedlingen with consent, that they have made AF's own review. Without the tick nothing
  is sent. The review case arises when the author states the own-work necessity
  (``secrecy_reviewed``), which makes the rules answer ``review`` instead of ``denied``.
- **denied** → nothing is sent; the author is told why (the rules' explanation) and that they can
  record the person's written consent on the spot (:func:`samverkan.consents.services.consent_register`).
- **The impulse** (lag (2019:1297) om koordineringsinsatser för sjukskrivna patienter, 4 §): the
  region may tell Försäkringskassan about a rehabilitation need outside vården **only with the
  patient's consent**; an own secrecy review is not enough. ``care_coordination_need`` must be
  released on a consent recorded by the region for FK.

The gate has three entry points, all in :mod:`samverkan.disclosures`: a request asked by an
official (:func:`~samverkan.disclosures.services.disclosure_request`), a proactive notice pushed by
an agency (:func:`~samverkan.disclosures.services.disclosure_proactive`) and this message passage
(:func:`disclosure_message_passage`), pushed by the disclosing side: the sender is the discloser.
Only this app calls the domain's decision (an import-linter contract, ``pyproject.toml``). The
messaging app stores the message with the passage's snapshot and its audit entry in one
transaction (``samverkan.messaging.services``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.consents.selectors import consent_records_for_gate
from samverkan.disclosures.services import gate_request
from samverkan.domain.decision import decide
from samverkan.domain.disclosure import Basis as DomainBasis
from samverkan.domain.disclosure import DisclosureDecision
from samverkan.domain.disclosure import Outcome as DomainOutcome
from samverkan.domain.rehab import healthcare_may_inform_fk
from samverkan.people.models import Person

QUESTION_CATEGORY = "admin_question"
IMPULSE_CATEGORY = "care_coordination_need"


@dataclass(frozen=True)
class Passage:
    """The gate's answer for one message that may be sent."""

    basis: str  # "consent" or "secrecy_review" (AdminQuestion.Basis)
    basis_text: str
    consent_id: int | None
    categories: tuple[str, ...]
    decision: DisclosureDecision

    def audit_extra(self) -> dict[str, Any]:
        return {
            "outcomes": {d.category: str(d.outcome) for d in self.decision.decisions},
            "citations": {d.category: d.citation for d in self.decision.decisions},
            "rules_version": self.decision.rules_version,
            "consent_ids": [self.consent_id] if self.consent_id is not None else [],
        }

    def snapshot(self) -> dict[str, Any]:
        return {**self.decision.snapshot(), "basis": self.basis}


def disclosure_message_passage(
    *,
    author_organisation: Organisation,
    other_organisation: Organisation,
    other_case: Case | None,
    person: Person,
    categories: Sequence[str],
    secrecy_reviewed: bool,
    on: dt.date,
    consent_required: frozenset[str] = frozenset(),
) -> Passage:
    """Decide whether a message about ``person`` may go from ``author_organisation`` to ``other_organisation``.

    Raises a ValidationError (on the field ``secrecy_reviewed`` or ``record_consent``) with the
    rules' Swedish explanation when it may not; nothing is stored here.
    """
    # The other organisation's ärende about the person, if any: a consent counts only for its kind.
    request = gate_request(
        day=on,
        requester_type=other_organisation.type,
        requester_handles_assistance=bool(other_case is not None and other_case.unit.handles_assistance),
        discloser_type=author_organisation.type,
        case=other_case,
        categories=categories,
        consents=consent_records_for_gate(
            person=person, discloser=author_organisation, recipient=other_organisation, on=on
        ),
        household_member=other_case is not None and other_case.members.filter(person=person).exists(),
        own_work_necessity=secrecy_reviewed,
    )
    decision = decide(request)
    consent_id: int | None = None
    reviewed = False
    for d in decision.decisions:
        if d.category in consent_required and d.basis is not DomainBasis.CONSENT:
            _allowed, why = healthcare_may_inform_fk(False)
            raise ValidationError(
                {
                    "record_consent": f"{why} Registrera patientens skriftliga samtycke till Försäkringskassan, "
                    "eller skicka inte impulsen."
                }
            )
        if d.outcome is DomainOutcome.DENIED:
            raise ValidationError(
                {
                    "secrecy_reviewed": f"Frågan skickas inte. {d.explanation} Registrera personens samtycke nedan, "
                    "eller – om uppgifterna behövs för att din verksamhet ska kunna fullgöra sitt uppdrag – "
                    "pröva sekretessen själv och kryssa i rutan (10 kap. 2 § offentlighets- och sekretesslagen)."
                }
            )
        if d.outcome is DomainOutcome.REVIEW:
            if not secrecy_reviewed:
                raise ValidationError(
                    {
                        "secrecy_reviewed": f"{d.explanation} Kryssa i att du har gjort sekretessprövningen innan "
                        "du skickar."
                    }
                )
            reviewed = True
        if d.basis is DomainBasis.CONSENT and isinstance(d.consent_id, int):
            consent_id = consent_id or d.consent_id
    citations = "; ".join(sorted({d.citation for d in decision.decisions if d.citation}))
    cited = f" ({citations})" if citations else ""
    if reviewed:
        basis = "secrecy_review"
        text = f"Egen sekretessprövning hos {author_organisation.name}{cited}"
    else:
        basis = "consent"
        text = f"Samtycke registrerat hos {author_organisation.name}{cited}"
    return Passage(
        basis=basis,
        basis_text=text,
        consent_id=consent_id,
        categories=tuple(request.categories),
        decision=decision,
    )


__all__ = ["IMPULSE_CATEGORY", "QUESTION_CATEGORY", "Passage", "disclosure_message_passage"]
