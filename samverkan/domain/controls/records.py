"""What the controls read: the records the gate released per source, what the applicant declared, and the result."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from samverkan.domain.checks import require_date
from samverkan.domain.errors import InputError
from samverkan.domain.money import format_money
from samverkan.domain.statutes import Citation

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


def _optional_day(value: object, field: str) -> None:
    if value is not None:
        require_date(value, field)


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
        require_date(self.applied_on, "applied_on")
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
        require_date(self.paid_on, "paid_on")
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
        require_date(self.fetched_on, "fetched_on")


@dataclass(frozen=True, slots=True)
class UnemploymentFundRecords:
    """What an a-kassa released (förordning 2008:975 4 §)."""

    fetched_on: dt.date
    fund: str = ""
    payments: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        require_date(self.fetched_on, "fetched_on")


@dataclass(frozen=True, slots=True)
class StudySupportRecords:
    """What Centrala studiestödsnämnden released (förordning 2008:975 2 §): payments of studiestöd, each with its
    form (``benefit``: ``study_grant``, ``study_loan`` or ``home_equipment_loan``) and period."""

    fetched_on: dt.date
    payments: tuple[Payment, ...] = ()

    def __post_init__(self) -> None:
        require_date(self.fetched_on, "fetched_on")


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
        require_date(self.fetched_on, "fetched_on")
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
        require_date(self.start, "programme_start")


@dataclass(frozen=True, slots=True)
class EstablishmentAllowanceGrant:
    """Etableringsersättning granted: total amount for the period, and extent (2008:975 5 § p. 8)."""

    amount: Decimal
    period_start: dt.date
    period_end: dt.date
    extent: str = ""

    def __post_init__(self) -> None:
        _amount(self.amount, "amount")
        require_date(self.period_start, "period_start")
        require_date(self.period_end, "period_end")
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
        require_date(self.fetched_on, "fetched_on")
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
