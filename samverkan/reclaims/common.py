"""What every write of återsökning shares: the citation and purpose its audit entries carry, who may act,
the status event, the reclaim's number and the gate passage by which the nämnd tells the agency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now
from samverkan.core.references import next_reference
from samverkan.disclosures.passage import Passage, disclosure_message_passage
from samverkan.domain.organisations import Role
from samverkan.domain.reclaim import cite
from samverkan.people.models import Person
from samverkan.reclaims.models import Reclaim, ReclaimEvent

#: "107 kap. 5 § socialförsäkringsbalken (2010:110)"; one wording since the återsökning rules began.
RECLAIM_CITATION = cite("reclaim", dt.date(2025, 7, 1))

RECLAIM_PURPOSE = "Återsökning av retroaktiv ersättning enligt 107 kap. 5 § socialförsäkringsbalken"
#: What the nämnd tells FK or PM when it asks in advance (bistånd granted "i avvaktan på" the benefit), and
#: when it sends the request with the bistånd to deduct. Both pass the gate's message passage: no duty and
#: usually no consent, so the nämnd's own secrecy review decides that the disclosure is necessary for its
#: own work — asking for the payment under SFB 107 kap. 5 § (OSL 10 kap. 2 §).
ADVANCE_REQUEST_CATEGORIES = ("identity", "assistance_decision")
SEND_CATEGORIES = ("identity", "assistance_payment")


def require_official(user: User, organisation: Organisation, roles: Sequence[Role], what: str) -> None:
    if user.organisation is None or user.organisation.pk != organisation.pk or not user.has_role(*roles):
        raise ValidationError(f"Du får inte {what}.", code="forbidden")


def tell_agency(
    organisation: Organisation, agency: Organisation, person: Person, categories: Sequence[str], on: dt.date
) -> Passage:
    """The gate's decision for the nämnd telling ``agency`` about ``person``: sending a request under SFB
    107 kap. 5 § is the nämnd's own decision that the disclosure is necessary for its work (OSL 10 kap. 2 §)."""
    return disclosure_message_passage(
        author_organisation=organisation,
        other_organisation=agency,
        other_case=None,
        person=person,
        categories=categories,
        secrecy_reviewed=True,
        on=on,
    )


def record_event(reclaim: Reclaim, *, actor: User | None, organisation: Organisation, note: str = "") -> None:
    ReclaimEvent.objects.create(
        reclaim=reclaim, status=reclaim.status, at=now(), actor=actor, organisation=organisation, note=note
    )


def reclaim_reference(organisation: Organisation, year: int) -> str:
    """The reclaim's number ``ÅS-ÅÅÅÅ-NNNNN`` from the organisation's counter (locked until the reclaim is stored)."""
    return next_reference(
        rows=Reclaim.objects.filter(organisation=organisation),
        organisation=organisation,
        series="reclaim",
        year=year,
        prefix=f"ÅS-{year}-",
    )
