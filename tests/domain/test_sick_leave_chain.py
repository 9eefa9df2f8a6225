"""Rehabiliteringskedjan, SFB 27 kap. 46–49 §§, and the employer's plan, 30 kap. 6 § (contract kind
``sick_leave_chain``). Every row and boundary of the contract's table, per employment."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.domain.errors import InputError
from samverkan.domain.sick_leave_chain import (
    CHAIN,
    SFB_27_46,
    SFB_27_47,
    SFB_27_48,
    SFB_27_49,
    SFB_30_6,
    AssessedAgainst,
    Employment,
    SickLeaveInput,
    assess,
    date_of_day,
    day_number,
    evaluate,
    short,
)

START = dt.date(2025, 9, 1)  # day 91 = 2025-11-30, day 181 = 2026-02-28, day 366 = 2026-09-01
C46, C47, C48, C49, C306 = (
    "27 kap. 46 § SFB",
    "27 kap. 47 § SFB",
    "27 kap. 48 § SFB",
    "27 kap. 49 § SFB",
    "30 kap. 6 § SFB",
)
U, E, L = "usual_work", "employer_work", "labour_market"


def run(day: int, employment: str, **extra: Any) -> dict[str, Any]:
    on = START + dt.timedelta(days=day - 1)
    return evaluate({"sick_leave_start": START.isoformat(), "on": on.isoformat(), "employment": employment, **extra})


def nth(n: int) -> str:
    return date_of_day(START, n).isoformat()


# day, employment, assessed_against, citations (without the plan), next milestone day
TABLE = [
    (1, "employed", U, [C46], 91),
    (90, "employed", U, [C46], 91),
    (91, "employed", E, [C46, C47], 181),
    (180, "employed", E, [C46, C47], 181),
    (181, "employed", L, [C46, C47, C48], 366),
    (365, "employed", L, [C46, C47, C48], 366),
    (366, "employed", L, [C46, C47, C48, C49], None),
    (1, "self_employed", U, [C46], 181),
    (90, "self_employed", U, [C46], 181),
    (91, "self_employed", U, [C46], 181),
    (180, "self_employed", U, [C46], 181),
    (181, "self_employed", L, [C46, C48], 366),
    (365, "self_employed", L, [C46, C48], 366),
    (366, "self_employed", L, [C46, C48, C49], None),
    (1, "unemployed", L, [C46], 181),
    (90, "unemployed", L, [C46], 181),
    (91, "unemployed", L, [C46], 181),
    (180, "unemployed", L, [C46], 181),
    (181, "unemployed", L, [C46, C48], 366),
    (365, "unemployed", L, [C46, C48], 366),
    (366, "unemployed", L, [C46, C48, C49], None),
]


@pytest.mark.parametrize(("day", "employment", "against", "citations", "milestone"), TABLE)
def test_every_boundary_of_the_chain_per_employment(
    day: int, employment: str, against: str, citations: list[str], milestone: int | None
) -> None:
    result = run(day, employment)
    assert result["day"] == day
    assert result["assessed_against"] == against
    assert result["citations"] == citations
    assert result["next_milestone"] == (nth(milestone) if milestone else None)
    assert result["next_milestone_day"] == milestone
    assert result["employer_plan_due"] is None


# day, employment, assessed_against with exception
EXCEPTION = [
    (90, "employed", U),
    (180, "employed", E),
    (181, "employed", E),
    (365, "employed", E),
    (366, "employed", E),
    (700, "employed", E),
    (180, "self_employed", U),
    (181, "self_employed", U),
    (366, "self_employed", U),
    (181, "unemployed", L),
    (366, "unemployed", L),
]


@pytest.mark.parametrize(("day", "employment", "against"), EXCEPTION)
def test_an_exception_keeps_the_employers_work_from_day_181_and_leaves_citations_alone(
    day: int, employment: str, against: str
) -> None:
    with_exception, without = run(day, employment, exception=True), run(day, employment)
    assert with_exception["assessed_against"] == against
    assert with_exception["citations"] == without["citations"]
    assert with_exception["next_milestone"] == without["next_milestone"]


def test_exception_false_is_the_default() -> None:
    assert run(200, "employed", exception=False) == run(200, "employed")


@pytest.mark.parametrize(("expected_days", "due"), [(59, None), (60, nth(30)), (0, None), (None, None), (400, nth(30))])
def test_the_employers_plan_is_due_on_day_30_from_an_expected_60_days(
    expected_days: int | None, due: str | None
) -> None:
    result = run(10, "employed", expected_days=expected_days)
    assert result["employer_plan_due"] == due
    assert result["citations"] == ([C46, C306] if due else [C46])


@pytest.mark.parametrize("employment", ["self_employed", "unemployed"])
def test_only_an_employee_has_an_employers_plan(employment: str) -> None:
    result = run(45, employment, expected_days=200)
    assert result["employer_plan_due"] is None
    assert C306 not in result["citations"]
    assert "gäller bara anställda" in result["explanation"]


@pytest.mark.parametrize(("day", "overdue"), [(29, False), (30, False), (31, True), (366, True)])
def test_the_plan_is_overdue_only_after_day_30_and_still_cited_last(day: int, overdue: bool) -> None:
    result = run(day, "employed", expected_days=90)
    assert result["employer_plan_due"] == nth(30)
    assert result["employer_plan_overdue"] is overdue
    assert result["citations"][-1] == C306
    assert ("Den dagen har passerat" in result["explanation"]) is overdue


def test_the_citations_are_the_chain_in_table_order_then_the_plan() -> None:
    assert run(400, "employed", expected_days=400)["citations"] == [C46, C47, C48, C49, C306]
    assert [short(c) for c in (SFB_27_46, SFB_27_47, SFB_27_48, SFB_27_49)] == [short(s.citation) for s in CHAIN]
    assert run(400, "employed")["citation_texts"][0] == "27 kap. 46 § socialförsäkringsbalken (2010:110)"


def test_every_citation_is_in_force_in_2026() -> None:
    for citation in (SFB_27_46, SFB_27_47, SFB_27_48, SFB_27_49, SFB_30_6):
        assert citation.in_force_on(dt.date(2026, 1, 1)) and citation.in_force_on(dt.date(2026, 12, 31))


def test_the_contracts_first_example() -> None:
    result = evaluate(
        {"sick_leave_start": "2026-03-02", "on": "2026-03-02", "employment": "employed", "expected_days": 75}
    )
    assert result["day"] == 1
    assert result["next_milestone"] == "2026-05-31"
    assert result["employer_plan_due"] == "2026-03-31"


def test_day_n_is_the_start_plus_n_minus_one_days_across_a_leap_day() -> None:
    start = dt.date(2027, 3, 1)
    assert date_of_day(start, 366) == dt.date(2028, 2, 29)
    assert day_number(start, dt.date(2028, 2, 29)) == 366
    assert day_number(start, start) == 1


def test_the_explanation_says_the_day_what_is_assessed_and_why_and_the_next_step_in_swedish() -> None:
    text = run(120, "employed", expected_days=150)["explanation"]
    assert "dag 120 i sjukperioden" in text
    assert "arbete hos arbetsgivaren" in text and "27 kap. 47 § SFB" in text
    assert f"dag 181, {nth(181)}" in text
    assert "skulle ha upprättat en plan för återgång i arbete" in text
    assert "inga fler steg" in run(366, "self_employed")["explanation"]
    assert "48 § andra stycket" in run(200, "employed", exception=True)["explanation"]
    assert "49 § tredje stycket" in run(400, "employed", exception=True)["explanation"]
    assert "inte är bedömt" in run(10, "employed", expected_days=None)["explanation"]


def test_assess_takes_the_dataclass_directly() -> None:
    result = assess(SickLeaveInput(sick_leave_start=START, on=START, employment=Employment.EMPLOYED))
    assert result.assessed_against is AssessedAgainst.USUAL_WORK
    assert result.citations == (SFB_27_46,)


VALID = {"sick_leave_start": "2026-03-02", "on": "2026-04-02", "employment": "employed"}


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"sick_leave_start": None}, "sick_leave_start", "saknas"),
        ({"on": None}, "on", "saknas"),
        ({"on": "2026-03-01"}, "on", "ligger före sjukperiodens första dag"),
        ({"employment": "retired"}, "employment", "Okänd anställningsform"),
        ({"employment": None}, "employment", "saknas"),
        ({"on": "2026-02-30"}, "on", "inget riktigt datum"),
        ({"on": "2.4.2026"}, "on", "ÅÅÅÅ-MM-DD"),
        ({"sick_leave_start": 20260302}, "sick_leave_start", "ÅÅÅÅ-MM-DD"),
        ({"expected_days": "60"}, "expected_days", "helt antal dagar"),
        ({"expected_days": 60.0}, "expected_days", "helt antal dagar"),
        ({"expected_days": True}, "expected_days", "helt antal dagar"),
        ({"expected_days": -1}, "expected_days", "0 eller fler"),
        ({"exception": "yes"}, "exception", "true eller false"),
        ({"exception": None}, "exception", "true eller false"),
        ({"exception": 1}, "exception", "true eller false"),
        ({"employer": "Acme"}, "employer", "Okänd uppgift"),
        ({"True": "2026-04-02"}, "True", 'skriv "on"'),
        ({"sick_leave_start": "2022-01-01", "on": "2022-08-31"}, "on", "från 2022-09-01"),
    ],
)
def test_input_errors_name_the_field_in_swedish(changes: dict[str, Any], field: str, words: str) -> None:
    with pytest.raises(InputError) as info:
        evaluate({**VALID, **changes})
    assert info.value.field == field
    assert words in info.value.detail


def test_a_missing_date_key_is_an_input_error() -> None:
    for key in ("sick_leave_start", "on"):
        with pytest.raises(InputError) as info:
            evaluate({k: v for k, v in VALID.items() if k != key})
        assert info.value.field == key


def test_an_on_before_a_later_row_came_into_force_is_fine_while_that_row_is_not_reached() -> None:
    assert run(1, "employed")["day"] == 1  # 2025: every cited wording is in force
    early = evaluate({"sick_leave_start": "2022-03-01", "on": "2022-03-10", "employment": "unemployed"})
    assert early["citations"] == [C46]
