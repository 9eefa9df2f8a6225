"""The month controlled, the citations per source and the comparison of released amounts with declared ones."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from samverkan.domain.checks import require_date
from samverkan.domain.controls.records import (
    ROUNDING_TOLERANCE_PER_PAYMENT,
    ControlOutcome,
    ControlResult,
    DeclaredIncome,
    Figure,
    HouseholdMember,
    IncomeKind,
    Payment,
    Source,
    Unavailable,
)
from samverkan.domain.dates import month_name
from samverkan.domain.money import ZERO, format_money, round_ore
from samverkan.domain.reclaim import BENEFITS
from samverkan.domain.statutes import (
    F_2008_975_2,
    F_2008_975_3,
    F_2008_975_4,
    F_2008_975_5,
    F_2008_975_6,
    F_2008_975_7,
    SOL_ASSISTANCE,
    SOL_DUTY_BENEFITS,
    SOL_DUTY_EMPLOYMENT_SERVICE,
    SOL_DUTY_TAX_AGENCY,
    Citation,
    all_in_force,
)


@dataclass(frozen=True, slots=True)
class Month:
    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, day: dt.date) -> Month:
        day = require_date(day, "month")
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


class Builder:
    """Collects the results for one member; keeps each control's code short."""

    def __init__(self, member: HouseholdMember, month: Month, on: dt.date) -> None:
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

    def paid_this_month(self, payments: Iterable[Payment]) -> list[Payment]:
        """The payments paid out in the controlled month, oldest first."""
        return sorted((p for p in payments if self.month.contains(p.paid_on)), key=lambda p: p.paid_on)

    def declared_as(self, kind: IncomeKind) -> list[Figure]:
        """What the member declared of one kind of income, as figures beside the released ones."""
        return [declared_figure(d) for d in self.member.declared if d.kind is kind]

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


def payment_figure(p: Payment, source: Source) -> Figure:
    label = f"{source.label}: {benefit_name(p.benefit)}" if p.benefit else source.label
    return Figure(label, p.amount, p.paid_on, p.period_start, p.period_end)


def declared_figure(d: DeclaredIncome) -> Figure:
    label = f"Uppgett: {d.kind.label}" + (f" ({d.description})" if d.description else "")
    return Figure(label, d.amount, d.received_on)


def compare(
    b: Builder,
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
