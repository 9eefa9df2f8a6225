"""The building blocks of the table of record kinds: agencies, fields, the kind's entry and the text helpers.

A :class:`KindSpec` is one row of the table (:mod:`samverkan.registries.records.table`): the agencies that
keep the kind, its model and fields, the data categories its facts fall in, the function that writes those
facts, the rule that tells a record entered twice, when it concerns a period and which agency event it is.
The rows themselves are declared per agency in :mod:`samverkan.registries.records.kinds`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import KW_ONLY, dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from samverkan.domain.disclosure import AgencyEventKind
from samverkan.domain.organisations import ORGANISATION_TYPE_LABELS, OrganisationType
from samverkan.domain.reclaim import BENEFITS

if TYPE_CHECKING:
    from samverkan.registries.records.facts import Item


class Agency(StrEnum):
    """The agencies whose registers the lookup reads (organisation type codes)."""

    FK = "fk"
    PM = "pm"
    AF = "af"
    UNEMPLOYMENT_FUND = "unemployment_fund"
    CSN = "csn"
    TAX_AGENCY = "tax_agency"

    @property
    def label(self) -> str:
        return ORGANISATION_TYPE_LABELS[OrganisationType(self.value)]


AGENCIES: tuple[Agency, ...] = tuple(Agency)
AGENCY_CODES: tuple[str, ...] = tuple(a.value for a in Agency)


def agency_label(code: str) -> str:
    try:
        return Agency(code).label
    except ValueError:
        return code


def benefits_for(agency: str) -> list[tuple[str, str]]:
    """Benefit codes (with Swedish names) the agency decides (:data:`samverkan.domain.reclaim.BENEFITS`)."""
    return [(b.code, b.name) for b in BENEFITS.values() if any(a.value == agency for a in b.decided_by)]


def benefit_name(code: str) -> str:
    benefit = BENEFITS.get(code)
    return benefit.name if benefit else code


# --- Fields ------------------------------------------------------------------------------------


class FieldType(StrEnum):
    TEXT = "text"
    DATE = "date"
    MONEY = "money"
    BOOL = "bool"
    CHOICE = "choice"
    BENEFIT = "benefit"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str
    type: FieldType
    required: bool = True
    choices: tuple[tuple[str, str], ...] = ()
    max_length: int = 120
    default: Any = None
    help_text: str = ""


@dataclass(frozen=True, slots=True)
class FieldError:
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


APPLICATION_STATUSES = (("submitted", "Inkommen"), ("decided", "Beslutad"), ("withdrawn", "Återkallad"))
DECISION_OUTCOMES = (("granted", "Beviljad"), ("refused", "Avslagen"), ("changed", "Ändrad"))
EXTENTS = ("hel", "3/4", "1/2", "1/4")

#: A payment for a period (FK's and PM's benefits, an a-kassa's ersättning, CSN's studiestöd): the same fields.
PAYMENT_FIELDS = (
    FieldSpec("period_start", "Avser från", FieldType.DATE),
    FieldSpec("period_end", "Avser till", FieldType.DATE),
    FieldSpec("amount", "Belopp", FieldType.MONEY),
    FieldSpec("paid_on", "Utbetald", FieldType.DATE),
)


def extent_problem(values: Mapping[str, Any]) -> list[FieldError]:
    """An extent of a benefit or of etableringsersättning is one of :data:`EXTENTS` (or none)."""
    extent = values.get("extent") or ""
    if extent and extent not in EXTENTS:
        return [FieldError("extent", f"Omfattningen ska vara en av {', '.join(EXTENTS)}.")]
    return []


# --- The entry of a kind -----------------------------------------------------------------------

Period = tuple[dt.date, dt.date]


class MakeFact(Protocol):
    """Makes one fact of the record at hand: ``fact(category, label, value, **data)``."""

    def __call__(self, code: str, label: str, value: str, /, **data: Any) -> Item: ...


class SameRecord(NamedTuple):
    """When a manual record is the same as one the organisation already holds for the person (entered twice by
    mistake): the fields compared, and the Swedish message."""

    fields: tuple[str, ...]
    message: str


SAME_PAYMENT = "En likadan utbetalning (samma period, belopp och dag) är redan registrerad."


@dataclass(frozen=True, slots=True)
class KindSpec:
    """One kind of agency record: one row of the table of record kinds."""

    kind: str
    label: str
    label_plural: str
    agencies: frozenset[Agency]
    model_name: str
    fields: tuple[FieldSpec, ...]
    #: The dates that must be in order: (start field, end field).
    periods: tuple[tuple[str, str], ...] = ()
    _: KW_ONLY
    #: Every data category :attr:`facts` can yield (förordning 2008:975), so a request reads only the kinds
    #: that can answer it; the order is the one of the agency's duty list.
    categories: tuple[str, ...]
    #: The facts of one record's values, one per data category (see :func:`records.record_items`).
    facts: Callable[[Mapping[str, Any], MakeFact], list[Item]]
    #: The rule that refuses the same manual record twice.
    same: SameRecord
    #: Whether a record concerns a requested period.
    concerns: Callable[[Mapping[str, Any], Period], bool]
    #: The agency event a newly recorded record is (None: nothing to tell anyone).
    event: Callable[[Mapping[str, Any]], AgencyEventKind | None]
    #: The date field by which only the latest record per person concerns a period (None: every record).
    latest_by: str | None = None
    #: Checks across fields beyond :attr:`periods` (may normalise ``values`` in place).
    check: Callable[[dict[str, Any]], list[FieldError]] | None = None

    def field(self, name: str) -> FieldSpec:
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    @property
    def field_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    def kept_by(self, agency: str) -> bool:
        """Whether the agency (an organisation type code) keeps records of this kind."""
        return agency in {a.value for a in self.agencies}

    @property
    def owners_label(self) -> str:
        """The agencies that keep the kind, in Swedish ("Försäkringskassan och Pensionsmyndigheten")."""
        return " och ".join(a.label for a in sorted(self.agencies))


def always(event: AgencyEventKind) -> Callable[[Mapping[str, Any]], AgencyEventKind | None]:
    """The event of a kind whose every new record is the same event."""

    def event_of(values: Mapping[str, Any]) -> AgencyEventKind | None:
        return event

    return event_of


def unless_refused(event: AgencyEventKind) -> Callable[[Mapping[str, Any]], AgencyEventKind | None]:
    """The event of a decision; a refused one is nothing to tell (the duty is about what was granted)."""

    def event_of(values: Mapping[str, Any]) -> AgencyEventKind | None:
        return None if values.get("outcome") == "refused" else event

    return event_of


# --- Periods -----------------------------------------------------------------------------------


def overlaps(start: dt.date | None, end: dt.date | None, period: Period) -> bool:
    if start is None:
        return False
    return start <= period[1] and (end is None or end >= period[0])


def within(day: dt.date | None, period: Period) -> bool:
    return day is not None and period[0] <= day <= period[1]


def paid_or_covering(v: Mapping[str, Any], period: Period) -> bool:
    """A payment concerns a period it was paid in or that it is for."""
    return within(v["paid_on"], period) or overlaps(v["period_start"], v["period_end"], period)


def decided_or_covering(v: Mapping[str, Any], period: Period) -> bool:
    """A decision concerns a period it was made in or that it grants (an open end: until further notice)."""
    return overlaps(v["period_start"], v.get("period_end"), period) or within(v["decision_date"], period)


# --- Text of the facts -------------------------------------------------------------------------


def day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def span(start: dt.date | None, end: dt.date | None, open_text: str = "tills vidare") -> str:
    if start is None:
        return "period ej angiven"
    return f"{day(start)}–{day(end) if end else open_text}"


def choice_label(choices: Iterable[tuple[str, str]], value: str) -> str:
    return dict(choices).get(value, value)
