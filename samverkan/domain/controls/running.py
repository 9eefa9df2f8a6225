"""Every control for every household member of one month, and the summary of the outcomes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from samverkan.domain.checks import require_date
from samverkan.domain.controls.benefits import (
    benefit_controls,
    study_support_control,
    tax_agency_controls,
    unemployment_fund_control,
)
from samverkan.domain.controls.builder import Builder, Month
from samverkan.domain.controls.employment_service import (
    activity_report_control,
    af_registration_control,
    establishment_allowance_control,
    programme_control,
)
from samverkan.domain.controls.prompts import general_benefit_prompts
from samverkan.domain.controls.records import AfRecords, ControlOutcome, ControlResult, HouseholdMember, Source
from samverkan.domain.errors import InputError


def _member_controls(member: HouseholdMember, month: Month, on: dt.date) -> list[ControlResult]:
    b = Builder(member, month, on)
    benefit_controls(b, Source.FK, member.fk)
    benefit_controls(b, Source.PM, member.pm)
    unemployment_fund_control(b)
    af = member.af
    af_registration_control(b, af)
    if isinstance(af, AfRecords):
        if af.registered_on(on):
            activity_report_control(b, af)
            programme_control(b, af)
    elif member.able_to_work is not False:
        b.missing("activity_report", "Senaste aktivitetsrapport", Source.AF, af)
        b.missing("labour_market_programme", "Arbetsmarknadspolitiskt program", Source.AF, af)
    establishment_allowance_control(b, af)
    study_support_control(b)
    tax_agency_controls(b)
    return b.results


def run_controls(members: Iterable[HouseholdMember], *, month: dt.date, on: dt.date) -> list[ControlResult]:
    """Run every control for every household member for the month containing ``month``.

    ``on`` is the day the controls are run (the age of the latest activity report is counted to
    it, and it decides which wording of socialtjänstlagen is cited). Results come member by
    member, in a fixed order of controls. Nothing is decided: see :data:`ASSESSMENT_NOTE`.
    """
    period = Month.of(month)
    on = require_date(on, "on")
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
