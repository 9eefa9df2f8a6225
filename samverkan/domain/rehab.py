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

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from samverkan.domain.errors import InputError
from samverkan.domain.statutes import (
    LAG_2019_1297_4,
    SFB_30_8,
    SFB_30_9,
    SFB_30_10,
    SFB_30_11,
    SFB_110_14,
    SFB_110_57,
    SFB_110_58,
    Citation,
)

#: The employer's plan for return to work within 30 days: the yardstick for "snarast".
SFB_30_6 = Citation("SFB (2010:110)", "30 kap. 6 §")

#: First plan within this many days of the start of coordination: on time.
FIRST_PLAN_OK_DAYS = 30
#: First plan within this many days: needs attention. Later: late.
FIRST_PLAN_ATTENTION_DAYS = 60

SEED_002_SOURCE = "Försäkringskassan: Samordning av rehabiliteringsinsatser hos Försäkringskassan"
SEED_004_SOURCE = "Riktlinjer för kommunikation med Försäkringskassan (Region Sörmland och Försäkringskassan, 2020)"


class RehabActor(StrEnum):
    """The actors FK may collaborate with, with the insured's consent (SFB 30 kap. 10 §)."""

    EMPLOYER = "employer"
    UNION = "union"
    HEALTHCARE = "healthcare"
    SOCIAL_SERVICES = "social_services"
    AF = "af"

    @property
    def label(self) -> str:
        return {
            "employer": "arbetsgivaren",
            "union": "arbetstagarorganisationen (facket)",
            "healthcare": "hälso- och sjukvården",
            "social_services": "socialtjänsten",
            "af": "Arbetsförmedlingen",
        }[self.value]


class NeedArea(StrEnum):
    """The areas a needs mapping covers (kartläggning av rehabiliteringsbehov)."""

    MEDICAL = "medical"
    WORK = "work"
    SOCIAL = "social"
    ECONOMIC = "economic"

    @property
    def label(self) -> str:
        return {
            "medical": "Medicinska behov",
            "work": "Arbete och sysselsättning",
            "social": "Sociala förhållanden",
            "economic": "Ekonomi och försörjning",
        }[self.value]


class MeasureStatus(StrEnum):
    PLANNED = "planned"
    ONGOING = "ongoing"
    DONE = "done"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return {"planned": "Planerad", "ongoing": "Pågår", "done": "Genomförd", "cancelled": "Avbruten"}[self.value]


class PlanTimeliness(StrEnum):
    OK = "ok"
    ATTENTION = "attention"
    LATE = "late"


class MeetingRequester(StrEnum):
    """Who may ask FK for an avstämningsmöte: FK itself, the insured, and the other actors of the rehabilitation
    (healthcare — on the rehabilitation page or in an administrative question —, the employer, socialtjänsten)."""

    FK = "fk"
    INSURED = "insured"
    HEALTHCARE = "healthcare"
    EMPLOYER = "employer"
    SOCIAL_SERVICES = "social_services"


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


def _actor(value: object, field: str, *, measure: bool = False) -> RehabActor:
    if value == "fk" and not measure:
        raise InputError(
            field,
            "Försäkringskassan är den som samordnar; ange vilken aktör Försäkringskassan ska samverka med "
            f"(arbetsgivare, arbetstagarorganisation, vård, socialtjänst eller Arbetsförmedlingen; {SFB_30_10.text}).",
            code="fk_is_coordinator",
        )
    if value == "fk":
        raise InputError(
            field,
            "Försäkringskassan kan inte vara ansvarig för en rehabiliteringsinsats: Försäkringskassan samordnar "
            "men genomför inte själv någon rehabilitering. Varje aktör genomför och bekostar sina egna insatser "
            f"(SFB 30 kap. 8 och 10 §§; {SEED_002_SOURCE}).",
            code="fk_provides_no_measures",
        )
    try:
        return RehabActor(str(value))
    except ValueError:
        known = ", ".join(a.value for a in RehabActor)
        raise InputError(field, f"Okänd aktör {value!r}. Kända aktörer: {known}.", code="unknown_actor") from None


def _day(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(field, f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {value!r}.", code="date")
    return value


# --- Consent (SFB 30 kap. 10 §) ------------------------------------------------------------------


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
        object.__setattr__(self, "actor", _actor(self.actor, "actor"))
        _day(self.valid_from, "valid_from")
        if self.valid_to is not None and _day(self.valid_to, "valid_to") < self.valid_from:
            raise InputError("valid_to", "Samtycket kan inte sluta gälla innan det börjar gälla.", code="order")
        if self.withdrawn_on is not None:
            _day(self.withdrawn_on, "withdrawn_on")
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
    who = _actor(actor, "actor")
    on = _day(on, "on")
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
    start, first_plan_on = _day(start, "start"), _day(first_plan_on, "first_plan_on")
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


# --- Avstämningsmöte (SFB 110 kap. 14 § p. 4 and 58 §; seed 004) -------------------------------


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
        requested_on = _day(request.requested_on, "requested_on")
    except InputError as exc:
        problems.append(exc)
    else:
        if request.meeting_on is not None:
            try:
                meeting_on = _day(request.meeting_on, "meeting_on")
            except InputError as exc:
                problems.append(exc)
            else:
                if meeting_on < requested_on:
                    problems.append(
                        InputError("meeting_on", "Mötet kan inte ligga före dagen då det begärdes.", code="order")
                    )
    for participant in request.participants:
        try:
            _actor(participant, "participants")
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
    on = _day(on, "on")
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
    meeting_on = _day(meeting_on, "meeting_on")
    cite = SFB_110_58.text
    if valid_reason:
        return False, f"Personen hade giltig anledning att inte delta; ersättningen kan inte sättas ned – {cite}."
    if notice_given_on is None:
        return (
            False,
            "Personen har inte i förväg fått veta att ersättningen kan sättas ned om hen inte deltar; "
            f"nedsättning är därför inte möjlig – {cite}.",
        )
    notice_given_on = _day(notice_given_on, "notice_given_on")
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


# --- Measures in the rehabilitation plan ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Measure:
    """One measure of a rehabilitation plan: what, which need, who is responsible, when, follow-ups."""

    description: str
    need_area: NeedArea | str
    responsible: RehabActor | str
    starts_on: dt.date
    ends_on: dt.date | None = None
    follow_ups: tuple[dt.date, ...] = ()
    status: MeasureStatus | str = MeasureStatus.PLANNED


def measure_problems(measure: Measure, *, consents: Iterable[RehabConsent], on: dt.date) -> list[InputError]:
    """Everything wrong with a measure on day ``on``, each as an :class:`InputError` naming the field."""
    on = _day(on, "on")
    problems: list[InputError] = []
    if not isinstance(measure.description, str) or not measure.description.strip():
        problems.append(InputError("description", "Beskriv insatsen.", code="required"))
    area: NeedArea | None = None
    try:
        area = NeedArea(str(measure.need_area))
    except ValueError:
        known = ", ".join(a.value for a in NeedArea)
        problems.append(
            InputError("need_area", f"Okänt behovsområde {measure.need_area!r}. Kända: {known}.", code="need_area")
        )
    actor: RehabActor | None = None
    try:
        actor = _actor(measure.responsible, "responsible", measure=True)
    except InputError as exc:
        problems.append(exc)
    if actor is not None:
        allowed, why = may_involve_actor(actor, consents, on)
        if not allowed:
            problems.append(InputError("responsible", why, code="no_consent"))
        if area is NeedArea.MEDICAL and actor is not RehabActor.HEALTHCARE:
            problems.append(
                InputError(
                    "responsible",
                    f"Medicinsk rehabilitering är hälso- och sjukvårdens ansvar, inte {actor.label} ({SEED_002_SOURCE}).",
                    code="medical_by_healthcare",
                )
            )
    status: MeasureStatus | None = None
    try:
        status = MeasureStatus(str(measure.status))
    except ValueError:
        known = ", ".join(s.value for s in MeasureStatus)
        problems.append(InputError("status", f"Okänd status {measure.status!r}. Kända: {known}.", code="status"))
    try:
        starts_on = _day(measure.starts_on, "starts_on")
    except InputError as exc:
        problems.append(exc)
        return problems
    if measure.ends_on is not None:
        try:
            ends_on = _day(measure.ends_on, "ends_on")
        except InputError as exc:
            problems.append(exc)
        else:
            if ends_on < starts_on:
                problems.append(
                    InputError(
                        "ends_on",
                        f"Insatsen kan inte sluta ({ends_on.isoformat()}) innan den börjar ({starts_on.isoformat()}).",
                        code="order",
                    )
                )
    for follow_up in measure.follow_ups:
        try:
            day = _day(follow_up, "follow_ups")
        except InputError as exc:
            problems.append(exc)
            continue
        if day < starts_on:
            problems.append(
                InputError(
                    "follow_ups",
                    f"Uppföljningen {day.isoformat()} ligger före insatsens start {starts_on.isoformat()}; "
                    "en uppföljning görs under eller efter insatsen.",
                    code="follow_up_order",
                )
            )
    if status is MeasureStatus.ONGOING and starts_on > on:
        problems.append(
            InputError(
                "status", f"Insatsen kan inte pågå: den börjar först {starts_on.isoformat()}.", code="status_date"
            )
        )
    if status is MeasureStatus.DONE:
        if measure.ends_on is None:
            problems.append(InputError("ends_on", "Ange när den genomförda insatsen slutade.", code="required"))
        elif isinstance(measure.ends_on, dt.date) and measure.ends_on > on:
            problems.append(
                InputError(
                    "status",
                    f"Insatsen kan inte vara genomförd: den slutar först {measure.ends_on.isoformat()}.",
                    code="status_date",
                )
            )
    return problems


def validate_measure(measure: Measure, *, consents: Iterable[RehabConsent], on: dt.date) -> None:
    """Raise the first problem of :func:`measure_problems`, if any."""
    problems = measure_problems(measure, consents=consents, on=on)
    if problems:
        raise problems[0]
