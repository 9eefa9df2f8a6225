"""The controls for ekonomiskt bistånd that use Centrala studiestödsnämnden's and Skatteverket's data (issue 18
point 11): studiestöd paid in the month, a skatteåterbäring paid out, taxed income not declared."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from samverkan.domain import controls as c

MONTH = dt.date(2026, 11, 1)
ON = dt.date(2026, 11, 18)


def _member(**changes: object) -> c.HouseholdMember:
    base: dict[str, object] = {"member_id": "1", "label": "Sökande: Test Testsson", "able_to_work": True}
    base.update(changes)
    return c.HouseholdMember(**base)  # type: ignore[arg-type]


def _result(results: list[c.ControlResult], code: str) -> c.ControlResult:
    return next(r for r in results if r.code == code)


def test_without_csn_and_tax_data_asked_no_such_controls_are_made() -> None:
    results = c.run_controls([_member()], month=MONTH, on=ON)
    assert not {"study_support_declared", "tax_refund_declared", "taxed_income_declared"} & {r.code for r in results}


def test_studiemedel_paid_in_the_month_and_not_declared_needs_assessment() -> None:
    csn = c.StudySupportRecords(
        fetched_on=ON,
        payments=(
            c.Payment(
                Decimal("3500.00"), dt.date(2026, 11, 1), "study_grant", dt.date(2026, 11, 1), dt.date(2026, 11, 30)
            ),
            c.Payment(
                Decimal("8000.00"), dt.date(2026, 11, 1), "study_loan", dt.date(2026, 11, 1), dt.date(2026, 11, 30)
            ),
            c.Payment(Decimal("3500.00"), dt.date(2026, 10, 1), "study_grant"),
        ),
    )
    result = _result(c.run_controls([_member(csn=csn)], month=MONTH, on=ON), "study_support_declared")
    assert result.result is c.ControlOutcome.ATTENTION
    assert result.received_total == Decimal("11500.00")
    assert "inte uppgetts" in result.explanation and "försörjningsstöd" in result.explanation
    assert "2 § förordningen (2008:975)" in result.citation_text
    assert "15 kap. 10 § socialtjänstlagen (2025:400)" in result.citation_text
    declared = (c.DeclaredIncome(c.IncomeKind.STUDY_SUPPORT, Decimal("11500.00")),)
    ok = _result(c.run_controls([_member(csn=csn, declared=declared)], month=MONTH, on=ON), "study_support_declared")
    assert ok.result is c.ControlOutcome.OK


def test_a_tax_refund_paid_out_in_the_month_is_compared_with_the_declaration() -> None:
    tax = c.TaxRecords(
        fetched_on=ON, income_year="2025", refunds=(c.Payment(Decimal("4200.00"), dt.date(2026, 11, 5)),)
    )
    result = _result(c.run_controls([_member(tax_agency=tax)], month=MONTH, on=ON), "tax_refund_declared")
    assert result.result is c.ControlOutcome.ATTENTION
    assert "Skatteåterbäring har betalats ut" in result.explanation
    assert "6 § förordningen (2008:975)" in result.citation_text
    assert "15 kap. 12 § socialtjänstlagen (2025:400)" in result.citation_text


def test_taxed_income_without_declared_salary_needs_assessment() -> None:
    tax = c.TaxRecords(fetched_on=ON, income_year="2025", employment_income=Decimal("312000.00"))
    result = _result(c.run_controls([_member(tax_agency=tax)], month=MONTH, on=ON), "taxed_income_declared")
    assert result.result is c.ControlOutcome.ATTENTION
    assert "inkomstår 2025" in result.explanation and "ingen lön" in result.explanation
    salary = (c.DeclaredIncome(c.IncomeKind.SALARY, Decimal("21000.00")),)
    ok = _result(
        c.run_controls([_member(tax_agency=tax, declared=salary)], month=MONTH, on=ON), "taxed_income_declared"
    )
    assert ok.result is c.ControlOutcome.OK
    none = c.TaxRecords(fetched_on=ON, income_year="2025", employment_income=Decimal("0.00"))
    assert (
        _result(c.run_controls([_member(tax_agency=none)], month=MONTH, on=ON), "taxed_income_declared").result
        is c.ControlOutcome.OK
    )


def test_an_unavailable_source_makes_its_controls_missing_with_the_reason() -> None:
    gone = c.Unavailable("Skatteverket svarade inte.")
    results = c.run_controls([_member(tax_agency=gone, csn=gone)], month=MONTH, on=ON)
    for code in ("study_support_declared", "tax_refund_declared", "taxed_income_declared"):
        found = _result(results, code)
        assert found.result is c.ControlOutcome.MISSING and "Skatteverket svarade inte." in found.explanation
