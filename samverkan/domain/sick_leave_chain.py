"""Rehabiliteringskedjan (``sick_leave_chain``): what the work capacity is assessed against, day by day.

Sources: socialförsäkringsbalken (SFB, 2010:110) 27 kap. 46–49 §§ and 30 kap. 6 §, wording in
force in 2026, as the ``sick_leave_chain`` contract of ``contracts/README.md`` states the rule
(table :data:`CHAIN`). Day n of the sick period is ``sick_leave_start`` + n − 1 days. For those
without an employer FK applies prop. 2007/08:136 pp. 100 f. (labour market from day 1 for the
unemployed, the usual work up to day 180 for the self-employed). ``exception``: FK found a ground
in 48 § second or 49 § third paragraph to keep assessing against the employer's work.

Not modelled (as the contract says): an expectation that grows later ("omgående", 30 kap. 6 §
first paragraph); a person who clearly cannot return (30 kap. 6 § second paragraph);
sammanläggning (27 kap. 51 §); behovsanställda (49 b–c §§); older workers (49 d–e §§); that the
statute counts days of reduced work capacity rather than calendar days; the wordings before those
cited (an ``on`` before a cited wording came into force is an input error).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any, Final

from samverkan.domain.dates import plausible
from samverkan.domain.errors import InputError
from samverkan.domain.statutes import STATUTES, Citation

_SFB: Final = "SFB (2010:110)"
# Validity: the day the wording in force in 2026 came into force. 48 § (SFS 2021:990, prop. 2020/21:171,
# "angiven yrkesgrupp") and 30 kap. 6 § (the plan, from 2018-07-01) are checked against the sources; the
# 2022-01-01 of 46 and 49 §§ (SFS 2021:1240, which moved the 550-day ground to 49 § third paragraph)
# and 47 § (the balk's own wording, no later change found) should be confirmed against SFS before use.
SFB_27_46 = Citation(_SFB, "27 kap. 46 §", dt.date(2022, 1, 1))
SFB_27_47 = Citation(_SFB, "27 kap. 47 §", dt.date(2011, 1, 1))
SFB_27_48 = Citation(_SFB, "27 kap. 48 §", dt.date(2022, 9, 1))
SFB_27_49 = Citation(_SFB, "27 kap. 49 §", dt.date(2022, 1, 1))
SFB_30_6 = Citation(_SFB, "30 kap. 6 §", dt.date(2018, 7, 1))

PLAN_THRESHOLD_DAYS: Final = 60  # expected days of reduced work capacity that call for a plan
PLAN_DUE_DAY: Final = 30  # the day of the sick period by which the plan must exist


class Employment(StrEnum):
    EMPLOYED = "employed"
    SELF_EMPLOYED = "self_employed"
    UNEMPLOYED = "unemployed"


class AssessedAgainst(StrEnum):
    USUAL_WORK = "usual_work"  # 46 §
    EMPLOYER_WORK = "employer_work"  # 47 §
    LABOUR_MARKET = "labour_market"  # 48 § första stycket

    @property
    def label(self) -> str:
        return {
            "usual_work": "det vanliga arbetet eller annat lämpligt arbete som arbetsgivaren tillfälligt erbjuder",
            "employer_work": "arbete hos arbetsgivaren, även annat arbete efter omplacering",
            "labour_market": "förvärvsarbete i en angiven yrkesgrupp med arbeten som är normalt förekommande på "
            "arbetsmarknaden, eller annat lämpligt arbete som är tillgängligt",
        }[self.value]


@dataclass(frozen=True, slots=True)
class Step:  # a row of the chain; ``with_exception``: what a ground in 48 § / 49 § keeps instead
    first_day: int
    assessed: Mapping[Employment, AssessedAgainst]
    citation: Citation
    employed_only: bool = False
    with_exception: Mapping[Employment, AssessedAgainst] | None = None


_U, _E, _L = AssessedAgainst.USUAL_WORK, AssessedAgainst.EMPLOYER_WORK, AssessedAgainst.LABOUR_MARKET
_EMP, _SELF, _UNEMP = Employment.EMPLOYED, Employment.SELF_EMPLOYED, Employment.UNEMPLOYED
_KEPT: Final = {_EMP: _E, _SELF: _U, _UNEMP: _L}
#: The contract's table, in order.
CHAIN: Final[tuple[Step, ...]] = (
    Step(1, {_EMP: _U, _SELF: _U, _UNEMP: _L}, SFB_27_46),
    Step(91, {_EMP: _E, _SELF: _U, _UNEMP: _L}, SFB_27_47, employed_only=True),
    Step(181, {_EMP: _L, _SELF: _L, _UNEMP: _L}, SFB_27_48, with_exception=_KEPT),
    Step(366, {_EMP: _L, _SELF: _L, _UNEMP: _L}, SFB_27_49, with_exception=_KEPT),
)


def short(citation: Citation) -> str:
    """The contract's form: ``"27 kap. 46 § SFB"``."""
    return f"{citation.section} {STATUTES[citation.statute].abbreviation}"


@dataclass(frozen=True, slots=True, kw_only=True)
class SickLeaveInput:
    sick_leave_start: dt.date
    on: dt.date
    employment: Employment
    expected_days: int | None = None
    exception: bool = False

    def __post_init__(self) -> None:
        if self.on < self.sick_leave_start:
            start = self.sick_leave_start.isoformat()
            raise InputError("on", f"{self.on.isoformat()} ligger före sjukperiodens första dag {start}.", code="order")


@dataclass(frozen=True, slots=True, kw_only=True)
class SickLeaveResult:
    day: int
    assessed_against: AssessedAgainst
    next_milestone: dt.date | None
    next_milestone_day: int | None
    employer_plan_due: dt.date | None
    employer_plan_overdue: bool
    citations: tuple[Citation, ...]
    explanation: str

    def as_dict(self) -> dict[str, Any]:
        def iso(day: dt.date | None) -> str | None:
            return None if day is None else day.isoformat()

        return {
            "day": self.day,
            "assessed_against": self.assessed_against.value,
            "next_milestone": iso(self.next_milestone),
            "next_milestone_day": self.next_milestone_day,
            "employer_plan_due": iso(self.employer_plan_due),
            "employer_plan_overdue": self.employer_plan_overdue,
            "citations": [short(c) for c in self.citations],
            "citation_texts": [c.text for c in self.citations],
            "explanation": self.explanation,
        }


def day_number(start: dt.date, on: dt.date) -> int:
    return (on - start).days + 1


def date_of_day(start: dt.date, n: int) -> dt.date:
    return start + dt.timedelta(days=n - 1)


def _applies(step: Step, employment: Employment) -> bool:
    return not step.employed_only or employment is Employment.EMPLOYED


def steps_reached(day: int, employment: Employment) -> tuple[Step, ...]:
    """Every row up to ``day``, in table order (47 § only for the employed)."""
    return tuple(s for s in CHAIN if s.first_day <= day and _applies(s, employment))


def assessed_against(day: int, employment: Employment, exception: bool = False) -> AssessedAgainst:
    step = [s for s in CHAIN if s.first_day <= day][-1]
    table = step.with_exception if exception and step.with_exception is not None else step.assessed
    return table[employment]


def next_milestone_day(day: int, employment: Employment) -> int | None:
    """The first of day 91 (employed only), 181 and 366 after ``day``; None from day 366."""
    return next((s.first_day for s in CHAIN if s.first_day > day and _applies(s, employment)), None)


def employer_plan_due(data: SickLeaveInput) -> dt.date | None:
    """Day 30 when employed and the reduced capacity is expected to last ≥ 60 days (30 kap. 6 §)."""
    expected, employed = data.expected_days, data.employment is Employment.EMPLOYED
    due = employed and expected is not None and expected >= PLAN_THRESHOLD_DAYS
    return date_of_day(data.sick_leave_start, PLAN_DUE_DAY) if due else None


def assess(data: SickLeaveInput) -> SickLeaveResult:
    """The rule: the day, what the work capacity is assessed against, the next step and the plan."""
    day = day_number(data.sick_leave_start, data.on)
    against = assessed_against(day, data.employment, data.exception)
    milestone = next_milestone_day(day, data.employment)
    due = employer_plan_due(data)
    citations = tuple(s.citation for s in steps_reached(day, data.employment)) + ((SFB_30_6,) if due else ())
    stale = [c for c in citations if not c.in_force_on(data.on)]
    if stale:
        wording = f"lydelsen av {short(stale[0])} från {stale[0].valid_from}"
        raise InputError("on", f"Regeln bygger på {wording}; tidigare lydelser är inte inlagda.", code="no_wording")
    result = SickLeaveResult(
        day=day,
        assessed_against=against,
        next_milestone=None if milestone is None else date_of_day(data.sick_leave_start, milestone),
        next_milestone_day=milestone,
        employer_plan_due=due,
        employer_plan_overdue=due is not None and data.on > due,
        citations=citations,
        explanation="",
    )
    return replace(result, explanation=_explain(data, result))


def _why(data: SickLeaveInput, r: SickLeaveResult) -> str:
    """Why ``r.assessed_against``: a clause after "eftersom"."""
    prop, late, year = "prop. 2007/08:136 s. 100 f.", r.day > 180, r.day > 365
    if data.employment is Employment.UNEMPLOYED:
        moot = "; undantaget ändrar inget för den som saknar anställning" if data.exception and late else ""
        return f"den som saknar anställning bedöms mot arbetsmarknaden redan från dag 1 ({prop}){moot}"
    if late and not data.exception:
        since, cited = (366, SFB_27_49) if year else (181, SFB_27_48)
        return f"arbetsförmågan från dag {since} bedöms mot arbetsmarknaden ({short(cited)}) utan skäl för undantag"
    if late:
        ground = "49 § tredje stycket" if year else "48 § andra stycket"
        return (
            f"Försäkringskassan har funnit skäl enligt 27 kap. {ground} SFB att inte bedöma mot arbetsmarknaden "
            "(återgång i arbete väntas i tid, eller det vore oskäligt)"
        )
    if data.employment is Employment.SELF_EMPLOYED:
        return f"en egenföretagare bedöms mot sitt vanliga arbete till och med dag 180 ({prop})"
    if r.day <= 90:
        return f"en anställd de första 90 dagarna bedöms mot sitt vanliga arbete ({short(SFB_27_46)})"
    return f"en anställd från dag 91 också bedöms mot annat arbete hos arbetsgivaren ({short(SFB_27_47)})"


def _explain(data: SickLeaveInput, r: SickLeaveResult) -> str:
    """The Swedish explanation: which day, what is assessed against and why, the next step, the plan."""
    parts = [
        f"{data.on.isoformat()} är dag {r.day} i sjukperioden (första dagen {data.sick_leave_start.isoformat()}).",
        f"Arbetsförmågan bedöms mot {r.assessed_against.label}, eftersom {_why(data, r)}.",
    ]
    if r.next_milestone is None:
        parts.append("Dag 366 är nådd; rehabiliteringskedjan har inga fler steg.")
    else:
        cited = short(next(s.citation for s in CHAIN if s.first_day == r.next_milestone_day))
        parts.append(f"Nästa steg i kedjan är dag {r.next_milestone_day}, {r.next_milestone.isoformat()} ({cited}).")
    plan, due, n = short(SFB_30_6), r.employer_plan_due, PLAN_THRESHOLD_DAYS
    if due is None:
        if data.employment is not Employment.EMPLOYED:
            why = "gäller bara anställda"
        elif data.expected_days is None:
            why = f"krävs om arbetsförmågan väntas vara nedsatt i minst {n} dagar, vilket inte är bedömt"
        else:
            why = f"behövs inte: arbetsförmågan väntas vara nedsatt i {data.expected_days} dagar, färre än {n}"
        parts.append(f"Arbetsgivarens plan för återgång i arbete ({plan}) {why}.")
    else:
        verb = "skulle ha upprättat" if r.employer_plan_overdue else "ska ha upprättat"
        tail = " Den dagen har passerat." if r.employer_plan_overdue else ""
        parts.append(
            f"Arbetsförmågan väntas vara nedsatt i minst {n} dagar, så arbetsgivaren {verb} en plan för återgång "
            f"i arbete senast dag {PLAN_DUE_DAY}, {due.isoformat()} ({plan}).{tail}"
        )
    return " ".join(parts)


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INPUT_KEYS: Final = frozenset({"sick_leave_start", "on", "employment", "expected_days", "exception"})


def _date(data: Mapping[str, Any], key: str) -> dt.date:
    value = data.get(key)
    if value is None:
        raise InputError(key, "Uppgiften saknas; ange ett datum (ÅÅÅÅ-MM-DD).", code="required")
    try:
        day = dt.date.fromisoformat(value) if isinstance(value, str) and _ISO_DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is not None:
        return plausible(day, key)
    raise InputError(key, f"{value!r} är inget riktigt datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-02.", code="date")


def parse_input(data: Mapping[str, Any]) -> SickLeaveInput:
    """The contract's JSON input; :class:`InputError` (Swedish message) names the bad field."""
    if not isinstance(data, Mapping):
        raise InputError("input", "Indata ska vara ett objekt.")
    unknown = sorted(str(k) for k in data if k not in _INPUT_KEYS)
    if unknown:
        hint = ' (YAML 1.1 läser en nyckel on utan citattecken som true; skriv "on")' if unknown[0] == "True" else ""
        allowed = ", ".join(sorted(_INPUT_KEYS))
        raise InputError(unknown[0], f"Okänd uppgift{hint}; tillåtna är {allowed}.", code="unknown_key")
    start, on = _date(data, "sick_leave_start"), _date(data, "on")
    raw = data.get("employment")
    if raw not in tuple(Employment):
        what = "Uppgiften saknas" if raw is None else f"Okänd anställningsform {raw!r}"
        choices = "employed (anställd), self_employed (egenföretagare) eller unemployed (utan anställning)"
        raise InputError("employment", f"{what}; ange {choices}.", code="required" if raw is None else "unknown")
    expected = data.get("expected_days")
    if expected is not None and (isinstance(expected, bool) or not isinstance(expected, int) or expected < 0):
        raise InputError("expected_days", "Ange ett helt antal dagar (0 eller fler), eller null.", code="int")
    exception = data.get("exception", False)
    if not isinstance(exception, bool):
        raise InputError("exception", "Ange true eller false.", code="bool")
    kind = Employment(raw)
    return SickLeaveInput(sick_leave_start=start, on=on, employment=kind, expected_days=expected, exception=exception)


def evaluate(data: Mapping[str, Any]) -> dict[str, Any]:
    """Rule-scenario kind ``sick_leave_chain`` (contracts/README.md): JSON in, JSON out."""
    return assess(parse_input(data)).as_dict()
