"""Whom Försäkringskassan may involve: only with the insured's consent (SFB 30 kap. 10 §; lag 2019:1297 4 §)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from samverkan.domain.checks import require_date
from samverkan.domain.errors import InputError
from samverkan.domain.rehab.actors import MeetingRequester, RehabActor, parse_actor
from samverkan.domain.statutes import LAG_2019_1297_4, SFB_30_10


def meeting_request_consent(requester: str, patient_consented: bool) -> tuple[bool, str]:
    """One rule for every path to an avstämningsmöte: anyone but FK and the insured asks only with the insured's
    consent, since FK may involve the others in the rehabilitation only with it (SFB 30 kap. 10 §); for healthcare
    lag (2019:1297) 4 § says the same. An own secrecy review (OSL 10 kap. 2 §) is not enough."""
    if requester in (MeetingRequester.FK.value, MeetingRequester.INSURED.value):
        return True, ""
    cited = SFB_30_10.text
    if requester == MeetingRequester.HEALTHCARE.value:
        cited += f" och {LAG_2019_1297_4.text}"
    if patient_consented:
        return True, f"Den försäkrade har samtyckt till att avstämningsmötet begärs ({cited})."
    return (
        False,
        "Ett avstämningsmöte kan bara begäras med den försäkrades samtycke: Försäkringskassan får samverka med andra "
        f"i rehabiliteringen bara om den försäkrade samtycker ({cited}). En egen sekretessprövning räcker inte. "
        "Registrera samtycket först.",
    )


@dataclass(frozen=True, slots=True)
class RehabConsent:
    """The insured's consent that FK collaborates with one actor in the rehabilitation.

    ``recorded_by`` is the organisation type that obtained and checked it; only ``"fk"`` counts.
    ``valid_to`` is inclusive; ``withdrawn_on`` takes effect on its own day.
    """

    actor: RehabActor
    recorded_by: str
    valid_from: dt.date
    valid_to: dt.date | None = None
    withdrawn_on: dt.date | None = None
    form: str = "written"

    def __post_init__(self) -> None:
        object.__setattr__(self, "actor", parse_actor(self.actor, "actor"))
        require_date(self.valid_from, "valid_from")
        if self.valid_to is not None and require_date(self.valid_to, "valid_to") < self.valid_from:
            raise InputError("valid_to", "Samtycket kan inte sluta gälla innan det börjar gälla.", code="order")
        if self.withdrawn_on is not None:
            require_date(self.withdrawn_on, "withdrawn_on")
        if self.form not in ("written", "oral"):
            raise InputError("form", "Ska vara ”written” (skriftligt) eller ”oral” (muntligt).", code="form")

    def counts_on(self, on: dt.date) -> bool:
        return (
            self.recorded_by == "fk"
            and self.valid_from <= on
            and (self.valid_to is None or on <= self.valid_to)
            and (self.withdrawn_on is None or on < self.withdrawn_on)
        )


def _why_not(consent: RehabConsent, on: dt.date) -> str:
    if consent.recorded_by != "fk":
        return (
            f"samtycket är registrerat av {consent.recorded_by}, inte av Försäkringskassan; Försäkringskassan "
            "måste själv inhämta och pröva den försäkrades samtycke"
        )
    if consent.withdrawn_on is not None and on >= consent.withdrawn_on:
        return f"samtycket återkallades {consent.withdrawn_on.isoformat()}"
    if on < consent.valid_from:
        return f"samtycket gäller först från {consent.valid_from.isoformat()}"
    assert consent.valid_to is not None  # the only reason left
    return f"samtycket gällde till och med {consent.valid_to.isoformat()}"


def may_involve_actor(actor: RehabActor | str, consents: Iterable[RehabConsent], on: dt.date) -> tuple[bool, str]:
    """Whether FK may collaborate with ``actor`` on day ``on``, and why, in Swedish.

    Only with the insured's consent, recorded by FK for that actor, valid and not withdrawn on
    the day (SFB 30 kap. 10 §).
    """
    who = parse_actor(actor, "actor")
    on = require_date(on, "on")
    cite = SFB_30_10.text
    relevant = [c for c in consents if c.actor is who]
    for consent in relevant:
        if consent.counts_on(on):
            until = f" till och med {consent.valid_to.isoformat()}" if consent.valid_to else ""
            return (
                True,
                f"Den försäkrade har samtyckt till samverkan med {who.label} (registrerat av Försäkringskassan, "
                f"gäller från {consent.valid_from.isoformat()}{until}) – {cite}.",
            )
    if not relevant:
        return (
            False,
            f"Försäkringskassan får samverka med {who.label} bara om den försäkrade samtycker, och något "
            f"samtycke för {who.label} finns inte registrerat – {cite}.",
        )
    reasons = "; ".join(sorted({_why_not(c, on) for c in relevant}))
    return (
        False,
        f"Försäkringskassan får inte samverka med {who.label} den {on.isoformat()}: {reasons} – {cite}.",
    )


def healthcare_may_inform_fk(patient_consented: bool) -> tuple[bool, str]:
    """Whether the region may tell FK about a rehabilitation need outside healthcare (lag 2019:1297 4 §)."""
    cite = LAG_2019_1297_4.text
    if patient_consented:
        return (
            True,
            f"Patienten har samtyckt; vården får informera Försäkringskassan om rehabiliteringsbehovet – {cite}.",
        )
    return (
        False,
        "Vården får informera Försäkringskassan om att rehabiliteringsbehov behöver kartläggas bara med "
        f"patientens samtycke – {cite}.",
    )
