"""Properties of rehabiliteringskedjan that hold for every input (hypothesis)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from samverkan.domain.sick_leave_chain import (
    CHAIN,
    SFB_30_6,
    AssessedAgainst,
    Employment,
    SickLeaveInput,
    SickLeaveResult,
    assess,
    date_of_day,
    evaluate,
)

FIRST = dt.date(2022, 9, 1)  # every cited wording is in force from here on

starts = st.dates(min_value=FIRST, max_value=dt.date(2028, 12, 31))
offsets = st.integers(min_value=0, max_value=900)
employments = st.sampled_from(Employment)
expected = st.one_of(st.none(), st.integers(min_value=0, max_value=800))


def result(start: dt.date, offset: int, employment: Employment, days: int | None, exception: bool) -> SickLeaveResult:
    on = start + dt.timedelta(days=offset)
    return assess(
        SickLeaveInput(sick_leave_start=start, on=on, employment=employment, expected_days=days, exception=exception)
    )


def chain_for(employment: Employment) -> list[str]:
    return [s.citation.section for s in CHAIN if not s.employed_only or employment is Employment.EMPLOYED]


@given(starts, offsets, offsets, employments, expected, st.booleans())
def test_the_day_grows_with_on_one_for_one(
    start: dt.date, a: int, b: int, employment: Employment, days: int | None, exception: bool
) -> None:
    first, second = sorted((a, b))
    r1 = result(start, first, employment, days, exception)
    r2 = result(start, second, employment, days, exception)
    assert r1.day == first + 1
    assert r2.day - r1.day == second - first


@given(starts, offsets, employments, expected, st.booleans())
def test_the_next_milestone_is_after_on_and_one_of_days_91_181_366(
    start: dt.date, offset: int, employment: Employment, days: int | None, exception: bool
) -> None:
    r = result(start, offset, employment, days, exception)
    on = start + dt.timedelta(days=offset)
    allowed = {181, 366} | ({91} if employment is Employment.EMPLOYED else set())
    if r.day >= 366:
        assert r.next_milestone is None and r.next_milestone_day is None
    else:
        assert r.next_milestone is not None and r.next_milestone_day in allowed
        assert r.next_milestone > on
        assert r.next_milestone == date_of_day(start, r.next_milestone_day)
        assert all(not r.day < n < r.next_milestone_day for n in allowed)  # the first one after the day


@given(starts, offsets, offsets, employments, expected, st.booleans())
def test_the_citations_are_a_growing_prefix_of_the_chain_then_the_plan(
    start: dt.date, a: int, b: int, employment: Employment, days: int | None, exception: bool
) -> None:
    first, second = sorted((a, b))
    earlier = result(start, first, employment, days, exception)
    later = result(start, second, employment, days, exception)
    full = chain_for(employment)
    for r in (earlier, later):
        sections = [c.section for c in r.citations if c is not SFB_30_6]
        assert sections == full[: len(sections)] and sections[0] == "27 kap. 46 §"
        assert (SFB_30_6 in r.citations) is (r.employer_plan_due is not None)
        if r.employer_plan_due is not None:
            assert r.citations[-1] is SFB_30_6
    assert later.citations[: len(earlier.citations) - (earlier.employer_plan_due is not None)] == tuple(
        c for c in earlier.citations if c is not SFB_30_6
    )


@given(starts, offsets, employments, expected)
def test_an_exception_changes_nothing_before_day_181_nor_for_the_unemployed(
    start: dt.date, offset: int, employment: Employment, days: int | None
) -> None:
    plain = result(start, offset, employment, days, False)
    excepted = result(start, offset, employment, days, True)
    assert (plain.citations, plain.next_milestone, plain.employer_plan_due) == (
        excepted.citations,
        excepted.next_milestone,
        excepted.employer_plan_due,
    )
    if plain.day <= 180 or employment is Employment.UNEMPLOYED:
        assert plain.assessed_against is excepted.assessed_against
    else:
        assert plain.assessed_against is AssessedAgainst.LABOUR_MARKET
        assert excepted.assessed_against is not AssessedAgainst.LABOUR_MARKET


@given(starts, offsets, employments, expected, st.booleans())
def test_the_plan_is_day_30_for_an_employee_expected_60_days_and_overdue_only_after_it(
    start: dt.date, offset: int, employment: Employment, days: int | None, exception: bool
) -> None:
    r = result(start, offset, employment, days, exception)
    due = employment is Employment.EMPLOYED and days is not None and days >= 60
    assert r.employer_plan_due == (date_of_day(start, 30) if due else None)
    assert r.employer_plan_overdue is (due and r.day > 30)


@given(starts, offsets, employments, expected, st.booleans())
def test_evaluate_over_json_agrees_with_assess(
    start: dt.date, offset: int, employment: Employment, days: int | None, exception: bool
) -> None:
    r = result(start, offset, employment, days, exception)
    on = start + dt.timedelta(days=offset)
    data = {"sick_leave_start": start.isoformat(), "on": on.isoformat(), "employment": employment.value}
    out = evaluate({**data, "expected_days": days, "exception": exception})
    assert out == r.as_dict()
