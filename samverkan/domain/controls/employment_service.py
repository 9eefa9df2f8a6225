"""The controls of Arbetsförmedlingen's records: registration, activity report, programme, etableringsersättning."""

from __future__ import annotations

import dataclasses
from fractions import Fraction

from samverkan.domain.controls.builder import Builder, compare, payment_figure
from samverkan.domain.controls.records import (
    ACTIVITY_REPORT_MAX_AGE_DAYS,
    ESTABLISHMENT_ALLOWANCE_BENEFITS,
    AfRecords,
    BenefitRecords,
    ControlOutcome,
    Figure,
    IncomeKind,
    JobseekerCategory,
    Source,
    Unavailable,
)
from samverkan.domain.money import format_money, round_ore


def af_registration_control(b: Builder, af: AfRecords | Unavailable | None) -> None:
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


def activity_report_control(b: Builder, af: AfRecords) -> None:
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


def programme_control(b: Builder, af: AfRecords) -> None:
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


def establishment_allowance_control(b: Builder, af: AfRecords | Unavailable | None) -> None:
    title = "Etableringsersättning jämfört med uppgivna inkomster"
    code = "establishment_allowance"
    if not isinstance(af, AfRecords):
        b.missing(code, title, Source.AF, af)
        return
    month = b.month
    declared = b.declared_as(IncomeKind.ESTABLISHMENT_ALLOWANCE)
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
        received = [payment_figure(p, Source.FK) for p in sorted(paid, key=lambda p: p.paid_on)]
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
    compare(
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
