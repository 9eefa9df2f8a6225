"""The controls a case worker makes for ekonomiskt bistånd, month by month (docs/domain.md §9; seeds 000, 001).

Sources:

- Socialtjänstlagen (2025:400) 12 kap. 1 § (before 2025-07-01: SoL (2001:453) 4 kap. 1 §): the
  right to bistånd when the need cannot be met in another way. The applicant must therefore
  **first seek the general benefits** they may be entitled to (seed 000: "ska i första hand söka
  generella ersättningar och förmåner"), and a person able to work must be at the labour
  market's disposal: registered at Arbetsförmedlingen and actively seeking work (seed 001).
- Förordning (2008:975) om uppgiftsskyldighet i vissa fall enligt socialtjänstlagen, under SoL
  (2025:400) 15 kap. 10–11 §§ (before 2025-07-01: SoL (2001:453) 11 kap. 11 och 11 a §§):
  3 § Försäkringskassan and 7 § Pensionsmyndigheten (applications, benefits granted, period,
  amount, date of payment), 4 § the a-kassor (payments), 5 § Arbetsförmedlingen (registration,
  a-kassa, job-seeker category, programme, latest activity report, etableringsersättning); 2 §
  Centrala studiestödsnämnden (studiestöd: form, period, amount, date of payment) and 6 § Skatteverket
  (income of tjänst and näringsverksamhet, slutlig skatt, skatteåterbäring, kvarskatt) under SoL
  (2025:400) 15 kap. 10 och 12 §§ (before 2025-07-01: SoL (2001:453) 11 kap. 11 och 11 b §§).

**Nothing is decided here.** Each control compares what the gate released with what the
applicant declared and reports ``ok``, ``attention`` (something for the case worker to look at
and assess) or ``missing`` (the check could not be made: the source did not answer, or there
was no basis to ask it; or, for the AF registration, the registration itself is missing). The
case worker assesses every result; no decision on bistånd follows from it automatically.

Readings chosen here:

- **Rounding tolerance** of :data:`ROUNDING_TOLERANCE_PER_PAYMENT` (5 kr) per payment received:
  applicants often declare whole kronor or round to the nearest ten, which moves an amount by at
  most 5 kr. A larger difference is shown for assessment; a smaller one is ok and its size shown.
- **Latest activity report older than** :data:`ACTIVITY_REPORT_MAX_AGE_DAYS` (45) days needs
  attention. The report is due monthly between the 1st and the 14th (Arbetsförmedlingen,
  "Aktivitetsrapportera"), so up to 44 days between two reports is normal. People with an
  etableringsplan report less often; the explanation says so.
- **Etableringsersättning** granted for a period is spread over the period by calendar days to
  estimate the month's share when FK's payments are not in the data; the estimate is labelled.
- A payment belongs to the month it was paid in (``paid_on``); declared incomes are those the
  applicant declared for the month controlled.
- **Studiestöd** paid in the month (studiemedel as bidrag or lån, a hemutrustningslån) is compared
  with what the applicant declared as studiestöd: studiemedel are meant to support the student, so
  studies with studiemedel while applying for bistånd need the case worker's assessment.
- **Skatteåterbäring** paid out in the month is compared with what was declared as such; it is money
  the household has that month.
- **Taxed income** in Skatteverket's latest decision on slutlig skatt (a past income year) is not
  compared by amount with the month's declaration: when it shows income of tjänst or of
  näringsverksamhet and the applicant declared no lön for the month, the case worker asks whether
  the work or the business goes on.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction

from samverkan.domain.dates import ADULT_AGE, age_on, month_name
from samverkan.domain.errors import InputError
from samverkan.domain.money import ZERO, format_money, round_ore
from samverkan.domain.reclaim import BENEFITS
from samverkan.domain.statutes import (
    F_2008_975_2,
    F_2008_975_3,
    F_2008_975_4,
    F_2008_975_5,
    F_2008_975_6,
    F_2008_975_7,
    SFB_27,
    SFB_33,
    SFB_67,
    SFB_97,
    SFB_102,
    SOL_ASSISTANCE,
    SOL_DUTY_BENEFITS,
    SOL_DUTY_EMPLOYMENT_SERVICE,
    SOL_DUTY_TAX_AGENCY,
    Citation,
    all_in_force,
)

#: Difference tolerated per payment received, for rounding by the applicant (see the module docstring).
ROUNDING_TOLERANCE_PER_PAYMENT = Decimal("5.00")
#: Latest activity report older than this many days needs attention.
ACTIVITY_REPORT_MAX_AGE_DAYS = 45
#: Benefit codes of FK payments that are etableringsersättning (decided by AF, paid by FK).
ESTABLISHMENT_ALLOWANCE_BENEFITS = frozenset({"establishment_allowance"})

#: Shown with the results: the controls only prepare the case worker's assessment.
ASSESSMENT_NOTE = (
    "Kontrollerna fattar inga beslut. De jämför uppgifterna från myndigheterna med det som sökanden har "
    "uppgett; handläggaren bedömer varje resultat."
)


class Source(StrEnum):
    FK = "fk"
    PM = "pm"
    AF = "af"
    UNEMPLOYMENT_FUND = "unemployment_fund"
    CSN = "csn"
    TAX_AGENCY = "tax_agency"

    @property
    def label(self) -> str:
        return {
            "fk": "Försäkringskassan",
            "pm": "Pensionsmyndigheten",
            "af": "Arbetsförmedlingen",
            "unemployment_fund": "a-kassan",
            "csn": "Centrala studiestödsnämnden",
            "tax_agency": "Skatteverket",
        }[self.value]


class ControlOutcome(StrEnum):
    OK = "ok"
    ATTENTION = "attention"
    MISSING = "missing"

    @property
    def label(self) -> str:
        return {"ok": "Stämmer", "attention": "Behöver bedömas", "missing": "Saknas"}[self.value]


class ApplicationStatus(StrEnum):
    APPLIED = "applied"
    DECIDED = "decided"


class JobseekerCategory(StrEnum):
    """Förordning (2008:975) 5 § p. 4: openly unemployed, job seeker with obstacles, or other."""

    OPENLY_UNEMPLOYED = "openly_unemployed"
    WITH_OBSTACLES = "with_obstacles"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "openly_unemployed": "öppet arbetslös",
            "with_obstacles": "arbetssökande med förhinder",
            "other": "annan sökandekategori",
        }[self.value]


class IncomeKind(StrEnum):
    """What the applicant declared an income as."""

    FK_BENEFIT = "fk_benefit"
    PM_BENEFIT = "pm_benefit"
    UNEMPLOYMENT_BENEFIT = "unemployment_benefit"
    ESTABLISHMENT_ALLOWANCE = "establishment_allowance"
    SALARY = "salary"
    STUDY_SUPPORT = "study_support"
    TAX_REFUND = "tax_refund"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "fk_benefit": "ersättning från Försäkringskassan",
            "pm_benefit": "ersättning från Pensionsmyndigheten",
            "unemployment_benefit": "ersättning från a-kassa",
            "establishment_allowance": "etableringsersättning",
            "salary": "lön",
            "study_support": "studiestöd",
            "tax_refund": "skatteåterbäring",
            "other": "annan inkomst",
        }[self.value]


def _day(value: object, field: str) -> dt.date:
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise InputError(field, f"Ska vara ett datum (ÅÅÅÅ-MM-DD), inte {value!r}.", code="date")
    return value


def _optional_day(value: object, field: str) -> None:
    if value is not None:
        _day(value, field)


def _amount(value: object, field: str) -> None:
    if not isinstance(value, Decimal) or not value.is_finite():
        raise InputError(
            field, f"Beloppet ska vara ett exakt decimaltal (Decimal) i kronor, inte {value!r}.", code="type"
        )
    if value < 0:
        raise InputError(field, "Beloppet kan inte vara negativt.", code="negative")


def _period(start: dt.date | None, end: dt.date | None, field: str) -> None:
    _optional_day(start, f"{field}_start")
    _optional_day(end, f"{field}_end")
    if start is not None and end is not None and end < start:
        raise InputError(f"{field}_end", "Periodens slut ligger före dess början.", code="order")


# --- What the gate released ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class BenefitApplication:
    """That an application for a benefit was made (förordning 2008:975 3 § p. 2 / 7 §), and its state."""

    benefit: str
    applied_on: dt.date
    status: ApplicationStatus
    decided_on: dt.date | None = None

    def __post_init__(self) -> None:
        _day(self.applied_on, "applied_on")
        _optional_day(self.decided_on, "decided_on")
        try:
            object.__setattr__(self, "status", ApplicationStatus(str(self.status)))
        except ValueError:
            raise InputError(
                "status", "Ska vara ”applied” (ansökt) eller ”decided” (beslutad).", code="status"
            ) from None


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment: amount, date, and the period and extent it covers when known."""

    amount: Decimal
    paid_on: dt.date
    benefit: str = ""
    period_start: dt.date | None = None
    period_end: dt.date | None = None
    extent: str = ""

    def __post_init__(self) -> None:
        _amount(self.amount, "amount")
        _day(self.paid_on, "paid_on")
        _period(self.period_start, self.period_end, "period")


@dataclass(frozen=True, slots=True)
class BenefitRecords:
    """What Försäkringskassan or Pensionsmyndigheten released for one person (2008:975 3 § / 7 §)."""

    source: Source
    fetched_on: dt.date
    applications: tuple[BenefitApplication, ...] = ()
    payments: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        if self.source not in (Source.FK, Source.PM):
            raise InputError(
                "source", "Förmånsuppgifter kommer från Försäkringskassan (fk) eller Pensionsmyndigheten (pm)."
            )
        _day(self.fetched_on, "fetched_on")


@dataclass(frozen=True, slots=True)
class UnemploymentFundRecords:
    """What an a-kassa released (förordning 2008:975 4 §)."""

    fetched_on: dt.date
    fund: str = ""
    payments: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        _day(self.fetched_on, "fetched_on")


@dataclass(frozen=True, slots=True)
class StudySupportRecords:
    """What Centrala studiestödsnämnden released (förordning 2008:975 2 §): payments of studiestöd, each with its
    form (``benefit``: ``study_grant``, ``study_loan`` or ``home_equipment_loan``) and period."""

    fetched_on: dt.date
    payments: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        _day(self.fetched_on, "fetched_on")


@dataclass(frozen=True, slots=True)
class TaxRecords:
    """What Skatteverket released (förordning 2008:975 6 §): the latest decision on slutlig skatt (income year,
    income of tjänst and of näringsverksamhet, None when not released) and skatteåterbäringar paid out."""

    fetched_on: dt.date
    income_year: str = ""
    employment_income: Decimal | None = None
    business_income: Decimal | None = None
    refunds: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        _day(self.fetched_on, "fetched_on")
        for name in ("employment_income", "business_income"):
            value = getattr(self, name)
            if value is not None:
                _amount(value, name)


@dataclass(frozen=True, slots=True)
class ProgrammeParticipation:
    """Participation in a labour-market programme and its period (2008:975 5 § p. 5)."""

    name: str
    start: dt.date
    end: dt.date | None = None

    def __post_init__(self) -> None:
        _period(self.start, self.end, "programme")
        _day(self.start, "programme_start")


@dataclass(frozen=True, slots=True)
class EstablishmentAllowanceGrant:
    """Etableringsersättning granted: total amount for the period, and extent (2008:975 5 § p. 8)."""

    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    extent: str = ""

    def __post_init__(self) -> None:
        _amount(self.amount, "amount")
        _day(self.period_start, "period_start")
        _day(self.period_end, "period_end")
        _period(self.period_start, self.period_end, "period")


@dataclass(frozen=True, slots=True)
class AfRecords:
    """What Arbetsförmedlingen released for one person (förordning 2008:975 5 §).

    ``deregistered_on`` is the first day the person is no longer registered.
    """

    fetched_on: dt.date
    registered_from: dt.date | None = None
    deregistered_on: dt.date | None = None
    category: JobseekerCategory | None = None
    programmes: tuple[ProgrammeParticipation, ...] = ()
    latest_activity_report_on: dt.date | None = None
    establishment_allowance_entitled: bool | None = None
    establishment_allowance_grants: tuple[EstablishmentAllowanceGrant, ...] = ()
    establishment_allowance_changed_on: dt.date | None = None
    unemployment_fund: str | None = None

    def __post_init__(self) -> None:
        _day(self.fetched_on, "fetched_on")
        for name in (
            "registered_from",
            "deregistered_on",
            "latest_activity_report_on",
            "establishment_allowance_changed_on",
        ):
            _optional_day(getattr(self, name), name)
        if self.category is not None:
            try:
                object.__setattr__(self, "category", JobseekerCategory(str(self.category)))
            except ValueError:
                known = ", ".join(c.value for c in JobseekerCategory)
                raise InputError("category", f"Okänd sökandekategori {self.category!r}. Kända: {known}.") from None

    def registered_on(self, day: dt.date) -> bool:
        return (
            self.registered_from is not None
            and self.registered_from <= day
            and (self.deregistered_on is None or day < self.deregistered_on)
        )


@dataclass(frozen=True, slots=True)
class Unavailable:
    """A source whose data could not be had: it failed, timed out, or there was no basis to ask it."""

    reason: str


@dataclass(frozen=True, slots=True)
class DeclaredIncome:
    """An income the applicant declared for the month."""

    kind: IncomeKind
    amount: Decimal
    received_on: dt.date | None = None
    description: str = ""

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", IncomeKind(str(self.kind)))
        except ValueError:
            known = ", ".join(k.value for k in IncomeKind)
            raise InputError("kind", f"Okänd inkomsttyp {self.kind!r}. Kända: {known}.", code="kind") from None
        _amount(self.amount, "amount")
        _optional_day(self.received_on, "received_on")


@dataclass(frozen=True, slots=True)
class HouseholdMember:
    """One member of the household in the case, with what each source released and what was declared.

    ``label`` is how the member is shown ("Sökande", "Medsökande", "Barn 1"); never a personnummer.
    A source left as ``None`` was not fetched; :class:`Unavailable` says why it could not be.
    ``able_to_work`` is the case worker's assessment (``None``: not assessed yet).
    """

    member_id: str
    label: str
    able_to_work: bool | None = None
    #: For the general-benefit prompts (pension age, children in the household); None: not known.
    birth_date: dt.date | None = None
    fk: BenefitRecords | Unavailable | None = None
    pm: BenefitRecords | Unavailable | None = None
    unemployment_fund: UnemploymentFundRecords | Unavailable | None = None
    af: AfRecords | Unavailable | None = None
    declared: tuple[DeclaredIncome, ...] = ()
    #: Centrala studiestödsnämnden and Skatteverket: None means not asked (their controls are then not made).
    csn: StudySupportRecords | Unavailable | None = None
    tax_agency: TaxRecords | Unavailable | None = None


# --- Results -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the side-by-side comparison: an amount and its date (and period when known)."""

    label: str
    amount: Decimal | None = None
    on: dt.date | None = None
    period_start: dt.date | None = None
    period_end: dt.date | None = None

    @property
    def text(self) -> str:
        parts = [self.label]
        if self.amount is not None:
            parts.append(format_money(self.amount))
        if self.on is not None:
            parts.append(self.on.isoformat())
        if self.period_start is not None and self.period_end is not None:
            parts.append(f"för {self.period_start.isoformat()}–{self.period_end.isoformat()}")
        return ", ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class ControlResult:
    """The outcome of one control for one household member in one month."""

    member_id: str
    member_label: str
    code: str
    result: ControlOutcome
    title: str
    explanation: str
    source: Source
    data_date: dt.date | None
    citations: tuple[Citation, ...]
    received: tuple[Figure, ...] = ()
    declared: tuple[Figure, ...] = ()
    received_total: Decimal | None = None
    declared_total: Decimal | None = None

    @property
    def difference(self) -> Decimal | None:
        """Received minus declared, when both totals are known."""
        if self.received_total is None or self.declared_total is None:
            return None
        return self.received_total - self.declared_total

    @property
    def citation_text(self) -> str:
        return ", ".join(c.text for c in self.citations)


@dataclass(frozen=True, slots=True)
class _Month:
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, day: dt.date) -> _Month:
        day = _day(day, "month")
        last = calendar.monthrange(day.year, day.month)[1]
        return cls(day.replace(day=1), day.replace(day=last))

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end

    def overlap_days(self, start: dt.date, end: dt.date) -> int:
        first, last = max(start, self.start), min(end, self.end)
        return max(0, (last - first).days + 1)

    @property
    def name(self) -> str:
        return month_name(self.start)


def _citations(on: dt.date, source: Source) -> tuple[Citation, ...]:
    specific = {
        Source.FK: (F_2008_975_3,),
        Source.PM: (F_2008_975_7,),
        Source.UNEMPLOYMENT_FUND: (F_2008_975_4,),
        Source.AF: (F_2008_975_5,),
        Source.CSN: (F_2008_975_2,),
        Source.TAX_AGENCY: (F_2008_975_6,),
    }[source]
    duty = {Source.AF: SOL_DUTY_EMPLOYMENT_SERVICE, Source.TAX_AGENCY: SOL_DUTY_TAX_AGENCY}.get(
        source, SOL_DUTY_BENEFITS
    )
    return all_in_force(SOL_ASSISTANCE, on) + specific + all_in_force(duty, on)


class _Builder:
    """Collects the results for one member; keeps each control's code short."""

    def __init__(self, member: HouseholdMember, month: _Month, on: dt.date) -> None:
        self.member = member
        self.month = month
        self.on = on
        self.results: list[ControlResult] = []

    def add(
        self,
        code: str,
        result: ControlOutcome,
        title: str,
        explanation: str,
        source: Source,
        data_date: dt.date | None,
        *,
        received: tuple[Figure, ...] = (),
        declared: tuple[Figure, ...] = (),
        received_total: Decimal | None = None,
        declared_total: Decimal | None = None,
    ) -> None:
        self.results.append(
            ControlResult(
                member_id=self.member.member_id,
                member_label=self.member.label,
                code=code,
                result=result,
                title=title,
                explanation=explanation,
                source=source,
                data_date=data_date,
                citations=_citations(self.on, source),
                received=received,
                declared=declared,
                received_total=received_total,
                declared_total=declared_total,
            )
        )

    def missing(self, code: str, title: str, source: Source, records: object) -> None:
        if isinstance(records, Unavailable):
            why = records.reason
        else:
            why = f"Uppgifter från {source.label} har inte hämtats för {self.month.name}."
        self.add(
            code,
            ControlOutcome.MISSING,
            title,
            f"Kontrollen kunde inte göras: {why} Hämta uppgifterna på nytt eller kontrollera på annat sätt.",
            source,
            None,
        )


def benefit_name(code: str) -> str:
    """The Swedish name of a benefit code (``"sickness_benefit"`` → ``"sjukpenning"``); unknown codes as given."""
    known = BENEFITS.get(code)
    return known.name if known is not None else code


def _payment_figure(p: Payment, source: Source) -> Figure:
    label = f"{source.label}: {benefit_name(p.benefit)}" if p.benefit else source.label
    return Figure(label, p.amount, p.paid_on, p.period_start, p.period_end)


def _declared_figure(d: DeclaredIncome) -> Figure:
    label = f"Uppgett: {d.kind.label}" + (f" ({d.description})" if d.description else "")
    return Figure(label, d.amount, d.received_on)


def _compare(
    b: _Builder,
    *,
    code: str,
    title: str,
    source: Source,
    data_date: dt.date,
    received: Sequence[Figure],
    declared: Sequence[Figure],
    what: str,
    estimated: bool = False,
) -> None:
    """Compare received with declared amounts, side by side, with the rounding tolerance."""
    received_total = round_ore(sum((f.amount or ZERO for f in received), ZERO))
    declared_total = round_ore(sum((f.amount or ZERO for f in declared), ZERO))

    def add(result: ControlOutcome, explanation: str) -> None:
        b.add(
            code,
            result,
            title,
            explanation,
            source,
            data_date,
            received=tuple(received),
            declared=tuple(declared),
            received_total=received_total,
            declared_total=declared_total,
        )

    month = b.month.name
    if not received and not declared:
        add(ControlOutcome.OK, f"Inga utbetalningar av {what} under {month}, och inget uppgett.")
        return
    tolerance = ROUNDING_TOLERANCE_PER_PAYMENT * max(1, len(received))
    difference = received_total - declared_total
    got = "det beräknade beloppet" if estimated else "det som betalats ut"
    side_by_side = (
        f"{'Beräknat belopp' if estimated else 'Utbetalt'} enligt {source.label}: {format_money(received_total)}; "
        f"uppgett av sökanden: {format_money(declared_total)}."
    )
    if abs(difference) <= tolerance:
        note = "" if difference == 0 else f" Skillnaden {format_money(abs(difference))} ryms inom avrundning."
        add(ControlOutcome.OK, f"{side_by_side}{note}")
        return
    if difference > 0:
        if not declared:
            happened = f"har beviljats för {month}" if estimated else f"har betalats ut under {month}"
            lead = f"{what.capitalize()} {happened} men inte uppgetts i ansökan."
        else:
            lead = f"Sökanden har uppgett {format_money(difference)} mindre {what} än {got} under {month}."
        advice = "Jämför beloppen och datumen och fråga sökanden om skillnaden innan du bedömer rätten till bistånd."
    else:
        lead = (
            f"Sökanden har uppgett {format_money(-difference)} mer {what} än {got} enligt {source.label} under {month}."
        )
        advice = "Kontrollera om pengarna kommer från en annan källa eller betalas ut senare."
    add(ControlOutcome.ATTENTION, f"{lead} {side_by_side} {advice}")


# --- The controls --------------------------------------------------------------------------------


def _benefit_controls(b: _Builder, source: Source, records: BenefitRecords | Unavailable | None) -> None:
    pending_title = f"Ansökningar hos {source.label} som inte är beslutade"
    paid_title = f"Utbetalningar från {source.label} jämfört med uppgivna inkomster"
    if not isinstance(records, BenefitRecords):
        b.missing("benefit_application_pending", pending_title, source, records)
        b.missing("benefit_payments_declared", paid_title, source, records)
        return
    pending = [a for a in records.applications if a.status is ApplicationStatus.APPLIED and a.applied_on <= b.on]
    if pending:
        listed = "; ".join(f"{benefit_name(a.benefit)}, ansökt {a.applied_on.isoformat()}" for a in pending)
        b.add(
            "benefit_application_pending",
            ControlOutcome.ATTENTION,
            pending_title,
            f"Ansökan är inlämnad men inte beslutad: {listed}. Den som söker bistånd ska i första hand söka de "
            "generella förmåner hen kan ha rätt till, och det har hen gjort. Följ upp beslutet; om bistånd ges i "
            "väntan på förmånen kan den retroaktiva ersättningen återsökas (SFB 107 kap. 5 §).",
            source,
            records.fetched_on,
            received=tuple(Figure(f"Ansökan: {benefit_name(a.benefit)}", None, a.applied_on) for a in pending),
        )
    else:
        b.add(
            "benefit_application_pending",
            ControlOutcome.OK,
            pending_title,
            f"Det finns ingen ansökan hos {source.label} som väntar på beslut.",
            source,
            records.fetched_on,
        )
    payments = [
        p for p in records.payments if b.month.contains(p.paid_on) and p.benefit not in ESTABLISHMENT_ALLOWANCE_BENEFITS
    ]
    kind = IncomeKind.FK_BENEFIT if source is Source.FK else IncomeKind.PM_BENEFIT
    _compare(
        b,
        code="benefit_payments_declared",
        title=paid_title,
        source=source,
        data_date=records.fetched_on,
        received=[_payment_figure(p, source) for p in sorted(payments, key=lambda p: p.paid_on)],
        declared=[_declared_figure(d) for d in b.member.declared if d.kind is kind],
        what=f"ersättning från {source.label}",
    )


def _unemployment_fund_control(b: _Builder) -> None:
    records = b.member.unemployment_fund
    title = "Utbetalningar från a-kassa jämfört med uppgivna inkomster"
    source = Source.UNEMPLOYMENT_FUND
    if not isinstance(records, UnemploymentFundRecords):
        b.missing("unemployment_payments_declared", title, source, records)
        return
    payments = sorted((p for p in records.payments if b.month.contains(p.paid_on)), key=lambda p: p.paid_on)
    label = f"a-kassan {records.fund}".strip()
    _compare(
        b,
        code="unemployment_payments_declared",
        title=title,
        source=source,
        data_date=records.fetched_on,
        received=[Figure(label, p.amount, p.paid_on, p.period_start, p.period_end) for p in payments],
        declared=[_declared_figure(d) for d in b.member.declared if d.kind is IncomeKind.UNEMPLOYMENT_BENEFIT],
        what="arbetslöshetsersättning",
    )


def _af_registration_control(b: _Builder, af: AfRecords | Unavailable | None) -> None:
    title = "Inskrivning hos Arbetsförmedlingen"
    code = "af_registration"
    able = b.member.able_to_work
    if able is False:
        b.add(
            code,
            ControlOutcome.OK,
            title,
            "Personen är inte bedömd som arbetsför; inskrivning hos Arbetsförmedlingen krävs inte nu.",
            Source.AF,
            af.fetched_on if isinstance(af, AfRecords) else None,
        )
        return
    if not isinstance(af, AfRecords):
        b.missing(code, title, Source.AF, af)
        return
    if not af.registered_on(b.on):
        if af.registered_from is not None and af.deregistered_on is not None and af.deregistered_on <= b.on:
            state = f"Personen är inte längre inskriven som arbetssökande (från {af.deregistered_on.isoformat()})."
        else:
            state = "Personen är inte inskriven som arbetssökande hos Arbetsförmedlingen."
        lead = (
            "Den som är arbetsför ska stå till arbetsmarknadens förfogande, vara inskriven hos Arbetsförmedlingen "
            "och söka arbete aktivt."
            if able
            else "Bedöm om personen är arbetsför; är hen det ska hen vara inskriven hos Arbetsförmedlingen."
        )
        b.add(code, ControlOutcome.MISSING, title, f"{state} {lead}", Source.AF, af.fetched_on)
        return
    assert af.registered_from is not None
    category = f" som {af.category.label}" if af.category else ""
    text = f"Inskriven hos Arbetsförmedlingen från {af.registered_from.isoformat()}{category}."
    if af.unemployment_fund:
        text += f" Tillhör a-kassan {af.unemployment_fund} enligt registreringen."
    outcome = ControlOutcome.OK
    if able is None:
        outcome = ControlOutcome.ATTENTION
        text += " Personens arbetsförmåga är inte bedömd i ärendet; bedöm den."
    if af.category is JobseekerCategory.WITH_OBSTACLES:
        outcome = ControlOutcome.ATTENTION
        text += (
            " Personen är registrerad med förhinder och kan just nu inte ta ett arbete; bedöm vad det betyder "
            "för planeringen."
        )
    b.add(code, outcome, title, text, Source.AF, af.fetched_on)


def _activity_report_control(b: _Builder, af: AfRecords) -> None:
    title = "Senaste aktivitetsrapport"
    code = "activity_report"
    latest = af.latest_activity_report_on
    if latest is None:
        b.add(
            code,
            ControlOutcome.ATTENTION,
            title,
            "Arbetsförmedlingen har ingen aktivitetsrapport registrerad. Den som är inskriven ska lämna en "
            "aktivitetsrapport varje månad, senast den 14:e. Fråga sökanden hur hen söker arbete.",
            Source.AF,
            af.fetched_on,
        )
        return
    age = (b.on - latest).days
    if age > ACTIVITY_REPORT_MAX_AGE_DAYS:
        b.add(
            code,
            ControlOutcome.ATTENTION,
            title,
            f"Den senaste aktivitetsrapporten kom in {latest.isoformat()}, för {age} dagar sedan. Rapporten lämnas "
            f"varje månad, senast den 14:e; mer än {ACTIVITY_REPORT_MAX_AGE_DAYS} dagar tyder på att en rapport "
            "saknas (den som har en etableringsplan rapporterar mer sällan). Bedöm om personen söker arbete aktivt.",
            Source.AF,
            af.fetched_on,
            received=(Figure("Senaste aktivitetsrapport", None, latest),),
        )
        return
    b.add(
        code,
        ControlOutcome.OK,
        title,
        f"Den senaste aktivitetsrapporten kom in {latest.isoformat()}, för {age} dagar sedan.",
        Source.AF,
        af.fetched_on,
        received=(Figure("Senaste aktivitetsrapport", None, latest),),
    )


def _programme_control(b: _Builder, af: AfRecords) -> None:
    title = "Arbetsmarknadspolitiskt program"
    code = "labour_market_programme"
    month = b.month
    current = [p for p in af.programmes if p.start <= month.end and (p.end is None or p.end >= month.start)]
    figures = tuple(Figure(f"Program: {p.name}", None, None, p.start, p.end) for p in current)
    if not current:
        b.add(
            code,
            ControlOutcome.OK,
            title,
            f"Personen deltar inte i något arbetsmarknadspolitiskt program under {month.name}.",
            Source.AF,
            af.fetched_on,
        )
        return
    ended = [p for p in current if p.end is not None and p.end < b.on]
    listed = "; ".join(
        f"{p.name} från {p.start.isoformat()}" + (f" till {p.end.isoformat()}" if p.end else "") for p in current
    )
    if ended:
        b.add(
            code,
            ControlOutcome.ATTENTION,
            title,
            f"Programdeltagande under {month.name}: {listed}. Programmet har slutat; följ upp vad som händer nu och "
            "om aktivitetsstöd eller utvecklingsersättning har upphört.",
            Source.AF,
            af.fetched_on,
            received=figures,
        )
        return
    b.add(
        code,
        ControlOutcome.OK,
        title,
        f"Programdeltagande under {month.name}: {listed}. Aktivitetsstöd eller utvecklingsersättning betalas ut av "
        "Försäkringskassan och syns bland Försäkringskassans utbetalningar.",
        Source.AF,
        af.fetched_on,
        received=figures,
    )


def _establishment_allowance_control(b: _Builder, af: AfRecords | Unavailable | None) -> None:
    title = "Etableringsersättning jämfört med uppgivna inkomster"
    code = "establishment_allowance"
    if not isinstance(af, AfRecords):
        b.missing(code, title, Source.AF, af)
        return
    month = b.month
    declared = [_declared_figure(d) for d in b.member.declared if d.kind is IncomeKind.ESTABLISHMENT_ALLOWANCE]
    fk = b.member.fk
    paid = (
        [p for p in fk.payments if p.benefit in ESTABLISHMENT_ALLOWANCE_BENEFITS and month.contains(p.paid_on)]
        if isinstance(fk, BenefitRecords)
        else []
    )
    grants = [g for g in af.establishment_allowance_grants if month.overlap_days(g.period_start, g.period_end) > 0]
    if not grants and not paid and not declared:
        entitled = (
            " Personen har rätt till etableringsersättning enligt Arbetsförmedlingen."
            if af.establishment_allowance_entitled
            else ""
        )
        b.add(
            code,
            ControlOutcome.OK,
            title,
            f"Ingen etableringsersättning beviljad eller utbetald för {month.name}, och inget uppgett.{entitled}",
            Source.AF,
            af.fetched_on,
        )
        return
    if paid:
        received = [_payment_figure(p, Source.FK) for p in sorted(paid, key=lambda p: p.paid_on)]
        estimated = False
    else:
        received = []
        for g in grants:
            days = (g.period_end - g.period_start).days + 1
            share = round_ore(Fraction(g.amount) * month.overlap_days(g.period_start, g.period_end) / days)
            extent = f", {g.extent}" if g.extent else ""
            received.append(
                Figure(
                    f"Beviljad etableringsersättning ({format_money(g.amount)} för hela perioden{extent}), "
                    f"beräknad andel för {month.name}",
                    share,
                    None,
                    g.period_start,
                    g.period_end,
                )
            )
        estimated = True
    before = len(b.results)
    _compare(
        b,
        code=code,
        title=title,
        source=Source.AF,
        data_date=af.fetched_on,
        received=received,
        declared=declared,
        what="etableringsersättning",
        estimated=estimated,
    )
    changed = af.establishment_allowance_changed_on
    if changed is not None and month.start <= changed <= b.on and len(b.results) > before:
        result = b.results[-1]
        b.results[-1] = dataclasses.replace(
            result,
            result=ControlOutcome.ATTENTION,
            explanation=result.explanation
            + f" Beslutet om etableringsersättning ändrades {changed.isoformat()}; kontrollera att beloppen gäller "
            "det nya beslutet.",
        )


#: Names of the forms of studiestöd (förordning 2008:975 2 § p. 3, 7), as released by CSN.
STUDY_SUPPORT_FORM_NAMES = {
    "study_grant": "studiemedel, bidrag",
    "study_loan": "studiemedel, lån",
    "home_equipment_loan": "lån till hemutrustning",
}


def _study_support_control(b: _Builder) -> None:
    records = b.member.csn
    if records is None:
        return
    title = "Studiestöd från Centrala studiestödsnämnden jämfört med uppgivna inkomster"
    source = Source.CSN
    if not isinstance(records, StudySupportRecords):
        b.missing("study_support_declared", title, source, records)
        return
    payments = sorted((p for p in records.payments if b.month.contains(p.paid_on)), key=lambda p: p.paid_on)
    _compare(
        b,
        code="study_support_declared",
        title=title,
        source=source,
        data_date=records.fetched_on,
        received=[
            Figure(
                f"CSN: {STUDY_SUPPORT_FORM_NAMES.get(p.benefit, p.benefit or 'studiestöd')}",
                p.amount,
                p.paid_on,
                p.period_start,
                p.period_end,
            )
            for p in payments
        ],
        declared=[_declared_figure(d) for d in b.member.declared if d.kind is IncomeKind.STUDY_SUPPORT],
        what="studiestöd",
    )
    if payments and b.results[-1].result is ControlOutcome.ATTENTION:
        last = b.results[-1]
        b.results[-1] = dataclasses.replace(
            last,
            explanation=last.explanation
            + " Studiemedel (bidrag och lån) är till för den studerandes försörjning under studietiden; den som "
            "studerar med studiemedel har i regel inte rätt till försörjningsstöd för samma tid.",
        )


def _tax_agency_controls(b: _Builder) -> None:
    records = b.member.tax_agency
    if records is None:
        return
    source = Source.TAX_AGENCY
    refund_title = "Skatteåterbäring från Skatteverket jämfört med uppgivna inkomster"
    income_title = "Inkomst enligt Skatteverkets senaste beslut om slutlig skatt"
    if not isinstance(records, TaxRecords):
        b.missing("tax_refund_declared", refund_title, source, records)
        b.missing("taxed_income_declared", income_title, source, records)
        return
    refunds = sorted((p for p in records.refunds if b.month.contains(p.paid_on)), key=lambda p: p.paid_on)
    _compare(
        b,
        code="tax_refund_declared",
        title=refund_title,
        source=source,
        data_date=records.fetched_on,
        received=[Figure("Skatteverket: skatteåterbäring", p.amount, p.paid_on) for p in refunds],
        declared=[_declared_figure(d) for d in b.member.declared if d.kind is IncomeKind.TAX_REFUND],
        what="skatteåterbäring",
    )
    taxed = [
        (label, amount)
        for label, amount in (
            ("inkomst av tjänst", records.employment_income),
            ("inkomst av näringsverksamhet", records.business_income),
        )
        if amount is not None and amount > ZERO
    ]
    figures = tuple(
        Figure(f"Skatteverket, inkomstår {records.income_year}: {label}", amount) for label, amount in taxed
    )
    salary = [d for d in b.member.declared if d.kind is IncomeKind.SALARY]
    if not records.income_year:
        b.add(
            "taxed_income_declared",
            ControlOutcome.OK,
            income_title,
            "Skatteverket har inget beslut om slutlig skatt att visa för personen.",
            source,
            records.fetched_on,
        )
    elif taxed and not salary:
        listed = " och ".join(f"{label} {format_money(amount)}" for label, amount in taxed)
        b.add(
            "taxed_income_declared",
            ControlOutcome.ATTENTION,
            income_title,
            f"Enligt Skatteverkets beslut om slutlig skatt för inkomstår {records.income_year} hade "
            f"personen {listed}, men ingen lön är uppgiven för {b.month.name}. "
            "Beslutet gäller ett tidigare år: fråga om anställningen eller verksamheten pågår och om den ger "
            "inkomster nu.",
            source,
            records.fetched_on,
            received=figures,
            declared=tuple(_declared_figure(d) for d in salary),
        )
    else:
        b.add(
            "taxed_income_declared",
            ControlOutcome.OK,
            income_title,
            f"Beslutet om slutlig skatt för inkomstår {records.income_year} visar "
            + ("ingen inkomst av tjänst eller näringsverksamhet." if not taxed else "inkomst, och lön är uppgiven.")
            + " Beloppen gäller ett tidigare år och jämförs inte med månadens uppgifter.",
            source,
            records.fetched_on,
            received=figures,
            declared=tuple(_declared_figure(d) for d in salary),
        )


def _member_controls(member: HouseholdMember, month: _Month, on: dt.date) -> list[ControlResult]:
    b = _Builder(member, month, on)
    _benefit_controls(b, Source.FK, member.fk)
    _benefit_controls(b, Source.PM, member.pm)
    _unemployment_fund_control(b)
    af = member.af
    _af_registration_control(b, af)
    if isinstance(af, AfRecords):
        if af.registered_on(on):
            _activity_report_control(b, af)
            _programme_control(b, af)
    elif member.able_to_work is not False:
        b.missing("activity_report", "Senaste aktivitetsrapport", Source.AF, af)
        b.missing("labour_market_programme", "Arbetsmarknadspolitiskt program", Source.AF, af)
    _establishment_allowance_control(b, af)
    _study_support_control(b)
    _tax_agency_controls(b)
    return b.results


# --- "In the first place general benefits" (SoL 12 kap. 1 §; seed 000) ----------------------------------

#: From this age a person may have garantipension and bostadstillägg (SFB 67 kap.; the riktålder is 66 for
#: those born before 1961 and moves up: the prompt asks the case worker to check, it decides nothing).
PENSION_PROMPT_AGE = 66
SICKNESS_BENEFITS = frozenset(
    {"sickness_benefit", "rehabilitation_benefit", "sickness_compensation", "activity_compensation"}
)
PENSION_BENEFITS = frozenset({"guarantee_pension", "housing_supplement"})


def _sought(records: BenefitRecords, codes: frozenset[str]) -> bool:
    """An application for, or a payment of, one of ``codes`` in what the agency released."""
    return any(a.benefit in codes for a in records.applications) or any(p.benefit in codes for p in records.payments)


def _prompt(
    member: HouseholdMember, code: str, title: str, explanation: str, source: Source, on: dt.date, *cited: Citation
) -> ControlResult:
    return ControlResult(
        member_id=member.member_id,
        member_label=member.label,
        code=code,
        result=ControlOutcome.ATTENTION,
        title=title,
        explanation=explanation
        + " Ekonomiskt bistånd ges bara när behovet inte kan tillgodoses på annat sätt: vägled personen att söka "
        "förmånen först. Handläggaren bedömer.",
        source=source,
        data_date=on,
        citations=(*all_in_force(SOL_ASSISTANCE, on), *cited),
    )


def general_benefit_prompts(members: Sequence[HouseholdMember], *, month: dt.date, on: dt.date) -> list[ControlResult]:
    """Benefits the household appears entitled to but has not applied for, each with its reason (SoL 12 kap. 1 §:
    the person must first seek the general benefits; seed 000). Only what the agencies released is read: a source
    that did not answer prompts nothing here (its own control says it is missing)."""
    period = _Month.of(month)
    found: list[ControlResult] = []
    for member in members:
        fk, pm, af = member.fk, member.pm, member.af
        if member.able_to_work is False and isinstance(fk, BenefitRecords) and not _sought(fk, SICKNESS_BENEFITS):
            found.append(
                _prompt(
                    member,
                    "general_benefit_sickness",
                    "Sjukpenning eller sjukersättning",
                    f"{member.label} är bedömd som inte arbetsför, men Försäkringskassan har ingen ansökan om eller "
                    "utbetalning av sjukpenning, rehabiliteringspenning, sjukersättning eller aktivitetsersättning.",
                    Source.FK,
                    on,
                    SFB_27,
                    SFB_33,
                )
            )
        age = age_on(member.birth_date, on) if member.birth_date is not None else None
        if (
            age is not None
            and age >= PENSION_PROMPT_AGE
            and isinstance(pm, BenefitRecords)
            and not _sought(pm, PENSION_BENEFITS)
        ):
            found.append(
                _prompt(
                    member,
                    "general_benefit_pension",
                    "Garantipension och bostadstillägg",
                    f"{member.label} är {age} år, men Pensionsmyndigheten har ingen ansökan om eller utbetalning av "
                    "garantipension eller bostadstillägg.",
                    Source.PM,
                    on,
                    SFB_67,
                    SFB_102,
                )
            )
        if (
            isinstance(af, AfRecords)
            and af.registered_on(on)
            and af.category is JobseekerCategory.OPENLY_UNEMPLOYED
            and af.unemployment_fund
            and isinstance(member.unemployment_fund, UnemploymentFundRecords)
            and not any(period.contains(p.paid_on) for p in member.unemployment_fund.payments)
        ):
            found.append(
                _prompt(
                    member,
                    "general_benefit_unemployment",
                    "Arbetslöshetsersättning",
                    f"{member.label} är öppet arbetslös och medlem i {af.unemployment_fund}, men a-kassan har inte "
                    f"betalat ut någon ersättning i {period.name}.",
                    Source.UNEMPLOYMENT_FUND,
                    on,
                    F_2008_975_4,
                )
            )
    children = [m for m in members if m.birth_date is not None and age_on(m.birth_date, on) < ADULT_AGE]
    released = [m.fk for m in members if isinstance(m.fk, BenefitRecords)]
    if children and members and released and not any(_sought(fk, frozenset({"housing_allowance"})) for fk in released):
        found.append(
            _prompt(
                members[0],
                "general_benefit_housing_allowance",
                "Bostadsbidrag",
                f"Hushållet har {len(children)} barn under 18 år, men Försäkringskassan har ingen ansökan om eller "
                "utbetalning av bostadsbidrag.",
                Source.FK,
                on,
                SFB_97,
            )
        )
    return found


def run_controls(members: Iterable[HouseholdMember], *, month: dt.date, on: dt.date) -> list[ControlResult]:
    """Run every control for every household member for the month containing ``month``.

    ``on`` is the day the controls are run (the age of the latest activity report is counted to
    it, and it decides which wording of socialtjänstlagen is cited). Results come member by
    member, in a fixed order of controls. Nothing is decided: see :data:`ASSESSMENT_NOTE`.
    """
    period = _Month.of(month)
    on = _day(on, "on")
    if on < period.start:
        raise InputError("on", f"Kontrollen kan inte göras före den månad den gäller ({period.name}).", code="order")
    results: list[ControlResult] = []
    seen: set[str] = set()
    listed: list[HouseholdMember] = []
    for member in members:
        if not isinstance(member, HouseholdMember):
            raise InputError("members", "Varje hushållsmedlem ska vara en HouseholdMember.", code="type")
        if member.member_id in seen:
            raise InputError("members", f"Hushållsmedlemmen {member.label!r} finns med två gånger.", code="duplicate")
        seen.add(member.member_id)
        listed.append(member)
        results.extend(_member_controls(member, period, on))
    return results + general_benefit_prompts(listed, month=period.start, on=on)


def summary(results: Iterable[ControlResult]) -> dict[ControlOutcome, int]:
    """How many results of each kind: for the overview of a case's month."""
    counts = dict.fromkeys(ControlOutcome, 0)
    for result in results:
        counts[result.result] += 1
    return counts
