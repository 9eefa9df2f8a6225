"""Avstämningsmöten: the request, the digital checklist, booking and a reduction for non-attendance (SFB 110 kap.)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from samverkan.domain.checks import require_date
from samverkan.domain.errors import InputError
from samverkan.domain.rehab.actors import SEED_004_SOURCE, MeetingRequester, RehabActor, parse_actor
from samverkan.domain.rehab.involvement import RehabConsent, may_involve_actor
from samverkan.domain.statutes import SFB_30_10, SFB_110_14, SFB_110_57, SFB_110_58, Citation


@dataclass(frozen=True, slots=True)
class ReviewMeetingRequest:
    """A request for an avstämningsmöte. ``participants`` are the actors besides FK and the insured."""

    requested_by: str
    reason: str
    requested_on: dt.date
    meeting_on: dt.date | None = None
    digital: bool = False
    participants: tuple[RehabActor, ...] = ()


def review_meeting_problems(request: ReviewMeetingRequest) -> list[InputError]:
    """Everything wrong with a request, each as an :class:`InputError` naming the field."""
    problems = []
    if request.requested_by not in {r.value for r in MeetingRequester}:
        problems.append(
            InputError(
                "requested_by",
                "Ett avstämningsmöte begärs av Försäkringskassan, den försäkrade, vården, arbetsgivaren eller "
                f"socialtjänsten, inte av {request.requested_by!r} ({SFB_110_14.text} första stycket 4; "
                f"{SEED_004_SOURCE}).",
                code="requester",
            )
        )
    if not isinstance(request.reason, str) or not request.reason.strip():
        problems.append(
            InputError(
                "reason",
                "Ange varför avstämningsmötet behövs: det ska alltid framgå av begäran "
                f"({SEED_004_SOURCE}: ”Varför avstämningsmöte önskas behöver framgå.”).",
                code="required",
            )
        )
    try:
        requested_on = require_date(request.requested_on, "requested_on")
    except InputError as exc:
        problems.append(exc)
    else:
        if request.meeting_on is not None:
            try:
                meeting_on = require_date(request.meeting_on, "meeting_on")
            except InputError as exc:
                problems.append(exc)
            else:
                if meeting_on < requested_on:
                    problems.append(
                        InputError("meeting_on", "Mötet kan inte ligga före dagen då det begärdes.", code="order")
                    )
    for participant in request.participants:
        try:
            parse_actor(participant, "participants")
        except InputError as exc:
            if exc.code != "fk_is_coordinator":  # FK always takes part; listing it is harmless
                problems.append(exc)
    return problems


def validate_review_meeting_request(request: ReviewMeetingRequest) -> None:
    """Raise the first problem of :func:`review_meeting_problems`, if any."""
    problems = review_meeting_problems(request)
    if problems:
        raise problems[0]


@dataclass(frozen=True, slots=True)
class DigitalMeetingChecklist:
    """What must hold before an avstämningsmöte is held digitally (seed 004, "Att tänka på").

    ``person_joins_from`` is the party the person sits with; ``identity_checked_by`` the party that
    checked the person's legitimation; ``parties`` every party taking part (organisation codes);
    ``private_room_confirmed_by`` the parties that confirmed a private room.
    """

    person_agreed: bool = False
    suits_person: bool = False
    person_joins_from: str | None = None
    location_chosen_by_person: bool = False
    identity_checked_by: str | None = None
    parties: tuple[str, ...] = ()
    private_room_confirmed_by: frozenset[str] = frozenset()
    participants_reminded_no_secrets_in_chat_or_screen: bool = False


@dataclass(frozen=True, slots=True)
class ChecklistItem:
    code: str
    text: str


_PARTY_LABELS = {
    "fk": "Försäkringskassan",
    "healthcare": "hälso- och sjukvården",
    "employer": "arbetsgivaren",
    "union": "arbetstagarorganisationen",
    "social_services": "socialtjänsten",
    "af": "Arbetsförmedlingen",
}


def _party(code: str) -> str:
    return _PARTY_LABELS.get(code, code)


def validate_digital_meeting_checklist(checklist: DigitalMeetingChecklist) -> list[ChecklistItem]:
    """The items still missing, with Swedish texts; an empty list means the meeting may be digital."""
    missing = []
    if not checklist.person_agreed:
        missing.append(ChecklistItem("person_agreed", "Personen har inte sagt ja till att delta i ett digitalt möte."))
    if not checklist.suits_person:
        missing.append(
            ChecklistItem(
                "suits_person",
                "Det är inte bedömt att ett digitalt möte passar personens förutsättningar.",
            )
        )
    if checklist.person_joins_from is None or not checklist.location_chosen_by_person:
        missing.append(
            ChecklistItem(
                "person_location",
                "Det framgår inte hos vilken part personen deltar, eller att personen själv har valt den parten.",
            )
        )
    if checklist.person_joins_from is None or checklist.identity_checked_by != checklist.person_joins_from:
        where = f" ({_party(checklist.person_joins_from)})" if checklist.person_joins_from else ""
        missing.append(
            ChecklistItem(
                "identity_checked",
                f"Den part som träffar personen fysiskt{where} har inte kontrollerat personens legitimation.",
            )
        )
    parties = list(dict.fromkeys(checklist.parties))
    if checklist.person_joins_from is not None and checklist.person_joins_from not in parties:
        parties.append(checklist.person_joins_from)
    if not parties:
        missing.append(ChecklistItem("parties", "Ange vilka parter som deltar i mötet."))
    for party in parties:
        if party not in checklist.private_room_confirmed_by:
            missing.append(
                ChecklistItem(
                    f"private_room:{party}",
                    f"{_party(party)[0].upper()}{_party(party)[1:]} har inte bekräftat att mötet genomförs i ett "
                    "enskilt rum.",
                )
            )
    if not checklist.participants_reminded_no_secrets_in_chat_or_screen:
        missing.append(
            ChecklistItem(
                "no_secrets_in_chat_or_screen",
                "Alla deltagare har inte påmints om att sekretessbelagda uppgifter aldrig får skrivas i chatten "
                "eller visas på delad skärm.",
            )
        )
    return missing


@dataclass(frozen=True, slots=True)
class BookingDecision:
    allowed: bool
    reasons: tuple[str, ...]
    citations: tuple[Citation, ...]


def may_book_meeting(
    request: ReviewMeetingRequest,
    *,
    consents: Iterable[RehabConsent],
    on: dt.date,
    checklist: DigitalMeetingChecklist | None = None,
) -> BookingDecision:
    """Whether the avstämningsmöte may be booked as requested, and what stands in the way.

    The request must be valid (requester, reason, dates); every participating actor needs the
    insured's consent recorded by FK (SFB 30 kap. 10 §); a digital meeting needs a complete
    checklist (seed 004).
    """
    on = require_date(on, "on")
    consent_list = list(consents)
    reasons = [p.detail for p in review_meeting_problems(request)]
    for participant in dict.fromkeys(request.participants):
        if participant == "fk":
            continue
        try:
            allowed, why = may_involve_actor(participant, consent_list, on)
        except InputError:
            continue  # already reported by review_meeting_problems
        if not allowed:
            reasons.append(why)
    if request.digital:
        if checklist is None:
            reasons.append("Ett digitalt möte kräver att checklistan för digitala möten är ifylld.")
        else:
            reasons.extend(item.text for item in validate_digital_meeting_checklist(checklist))
    if not reasons:
        reasons.append("Avstämningsmötet kan bokas.")
        return BookingDecision(True, tuple(reasons), (SFB_110_14, SFB_30_10))
    return BookingDecision(False, tuple(reasons), (SFB_110_14, SFB_30_10))


def reduction_allowed(
    notice_given_on: dt.date | None,
    meeting_on: dt.date,
    *,
    valid_reason: bool = False,
) -> tuple[bool, str]:
    """Whether FK may consider reducing the benefit because the insured did not attend (SFB 110 kap. 58 §).

    Only if the insured was told beforehand that the benefit may be reduced — the notice recorded
    on a day before the meeting — and had no valid reason. Even then it is FK's own decision;
    nothing is reduced automatically.
    """
    meeting_on = require_date(meeting_on, "meeting_on")
    cite = SFB_110_58.text
    if valid_reason:
        return False, f"Personen hade giltig anledning att inte delta; ersättningen kan inte sättas ned – {cite}."
    if notice_given_on is None:
        return (
            False,
            "Personen har inte i förväg fått veta att ersättningen kan sättas ned om hen inte deltar; "
            f"nedsättning är därför inte möjlig – {cite}.",
        )
    notice_given_on = require_date(notice_given_on, "notice_given_on")
    if notice_given_on >= meeting_on:
        return (
            False,
            f"Upplysningen om att ersättningen kan sättas ned gavs {notice_given_on.isoformat()}, inte före mötet "
            f"{meeting_on.isoformat()}; nedsättning är därför inte möjlig – {cite}.",
        )
    return (
        True,
        f"Personen fick veta {notice_given_on.isoformat()}, före mötet, att ersättningen kan sättas ned. "
        f"Försäkringskassan får pröva nedsättning; beslutet fattas av en handläggare – {cite}.",
    )


class ReducibleBenefit(StrEnum):
    """The benefits of this product that SFB 110 kap. 58 § may reduce (the list of 110 kap. 57 §).

    Codes as in the återsökning table (``samverkan.domain.reclaim.BENEFITS``).
    """

    SICKNESS_BENEFIT = "sickness_benefit"
    REHABILITATION_BENEFIT = "rehabilitation_benefit"
    SICKNESS_COMPENSATION = "sickness_compensation"
    ACTIVITY_COMPENSATION = "activity_compensation"

    @property
    def label(self) -> str:
        return {
            "sickness_benefit": "sjukpenning",
            "rehabilitation_benefit": "rehabiliteringspenning",
            "sickness_compensation": "sjukersättning",
            "activity_compensation": "aktivitetsersättning",
        }[self.value]

    @property
    def needs_sgi(self) -> bool:
        """Sjukpenning and rehabiliteringspenning are computed on the SGI; sjukersättning and
        aktivitetsersättning are not (garantiersättning needs no income at all)."""
        return self in (ReducibleBenefit.SICKNESS_BENEFIT, ReducibleBenefit.REHABILITATION_BENEFIT)


def reduction_benefit_allowed(benefit: ReducibleBenefit | str | None, *, has_sgi: bool) -> tuple[bool, str]:
    """Whether the person has a benefit that 110 kap. 58 § may reduce (SFB 110 kap. 57 §).

    110 kap. 57 § lets 58 § apply to sjukpenning and rehabiliteringspenning, and also to
    sjukersättning and aktivitetsersättning. The first two need an SGI: without one there is nothing
    of them to reduce. Sjukersättning and aktivitetsersättning do not: they may be reduced without
    an SGI. ``benefit`` ``None`` (or empty) means not stated: then only an SGI shows that there is
    a benefit (sjukpenning) to reduce. Whether the notice came before the meeting is
    :func:`reduction_allowed`.
    """
    cite = f"{SFB_110_57.text}; {SFB_110_58.text}"
    if benefit is None or benefit == "":
        if has_sgi:
            return True, f"Personen har SGI; sjukpenningen kan sättas ned – {cite}."
        return (
            False,
            "Personen saknar SGI och får ingen sjukpenning eller rehabiliteringspenning som skulle kunna sättas ned. "
            f"Sjukersättning och aktivitetsersättning kan sättas ned även utan SGI – ange förmånen ({cite}).",
        )
    try:
        chosen = ReducibleBenefit(str(benefit))
    except ValueError:
        known = ", ".join(b.value for b in ReducibleBenefit)
        raise InputError(
            "benefit",
            f"{benefit!r} är inte en förmån som kan sättas ned enligt {SFB_110_57.text}. Kända: {known}.",
            code="benefit",
        ) from None
    if chosen.needs_sgi and not has_sgi:
        return (
            False,
            f"Personen saknar SGI och får ingen {chosen.label} som skulle kunna sättas ned – {cite}.",
        )
    if chosen.needs_sgi:
        return True, f"{chosen.label.capitalize()} kan sättas ned – {cite}."
    return True, f"{chosen.label.capitalize()} kan sättas ned även utan SGI – {cite}."
