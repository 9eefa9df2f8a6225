""" "In the first place general benefits" (SoL 12 kap. 1 §; seed 000): prompts for benefits not applied for."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from samverkan.domain.controls.builder import Month
from samverkan.domain.controls.records import (
    AfRecords,
    BenefitRecords,
    ControlOutcome,
    ControlResult,
    HouseholdMember,
    JobseekerCategory,
    Source,
    UnemploymentFundRecords,
)
from samverkan.domain.dates import ADULT_AGE, age_on
from samverkan.domain.statutes import (
    F_2008_975_4,
    SFB_27,
    SFB_33,
    SFB_67,
    SFB_97,
    SFB_102,
    SOL_ASSISTANCE,
    Citation,
    all_in_force,
)

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
    period = Month.of(month)
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
