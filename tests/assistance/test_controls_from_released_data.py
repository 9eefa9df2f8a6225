"""The checklist is computed from what the gate released, and only from that; nothing is decided."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from samverkan.accounts.models import User
from samverkan.assistance import controls, services
from samverkan.assistance.models import Application, ControlResult
from samverkan.core.clock import today
from samverkan.disclosures.models import DisclosureRequest
from samverkan.people.models import Person
from samverkan.registries.records import RecordData
from tests.assistance.conftest import record

pytestmark = pytest.mark.django_db


def _result(application: Application, person: Person, code: str, source: str) -> ControlResult:
    return ControlResult.objects.get(
        case=application.case, month=application.month, person=person, code=code, source=source
    )


def test_undeclared_fk_payment_needs_attention_with_both_amounts_side_by_side(
    new_application: Callable[..., Application],
    applicant: Person,
    sara: User,
    fk_payment: RecordData,
    sources: Callable[..., Any],
) -> None:
    application = new_application(
        incomes=[services.IncomeInput(person=applicant, kind="salary", amount="1500.00", received_on=today())]
    )
    counts = controls.application_controls_refresh(
        application=application, requester=sara, source_overrides=sources(fk=[fk_payment])
    )
    assert counts.created > 0
    result = _result(application, applicant, "benefit_payments_declared", "fk")
    assert result.result == "attention"
    assert result.received_total == Decimal("6240.00")
    assert result.declared_total == Decimal("0.00")
    assert result.received == [
        {
            "label": "Försäkringskassan: sjukpenning",
            "amount": "6240.00",
            "on": fk_payment.values["paid_on"].isoformat(),
            "period_start": fk_payment.values["period_start"].isoformat(),
            "period_end": fk_payment.values["period_end"].isoformat(),
        }
    ]
    assert "inte uppgetts" in result.explanation
    assert "6\u00a0240,00\u00a0kr" in result.explanation
    assert result.data_date == today()
    assert "2008:975" in result.citations
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED  # nothing is decided by the controls


def test_declared_fk_payment_is_ok_within_rounding(
    new_application: Callable[..., Application],
    applicant: Person,
    sara: User,
    fk_payment: RecordData,
    sources: Callable[..., Any],
) -> None:
    application = new_application(
        incomes=[services.IncomeInput(person=applicant, kind="sickness_benefit", amount="6240", received_on=today())]
    )
    controls.application_controls_refresh(
        application=application, requester=sara, source_overrides=sources(fk=[fk_payment])
    )
    result = _result(application, applicant, "benefit_payments_declared", "fk")
    assert (result.result, result.received_total, result.declared_total) == (
        "ok",
        Decimal("6240.00"),
        Decimal("6240.00"),
    )
    assert len(result.declared) == 1


def test_a_failed_source_makes_its_controls_missing_and_the_rest_are_still_made(
    new_application: Callable[..., Application],
    applicant: Person,
    sara: User,
    fk_payment: RecordData,
    sources: Callable[..., Any],
    month: dt.date,
) -> None:
    registration = record(
        "af",
        "jobseeker_registration",
        applicant,
        "T-AF-INS-1",
        registered_from=(month - dt.timedelta(days=200)).isoformat(),
        category="openly_unemployed",
    )
    application = new_application()
    controls.application_controls_refresh(
        application=application,
        requester=sara,
        source_overrides=sources(fail={"fk"}, fk=[fk_payment], af=[registration]),
    )
    fk = _result(application, applicant, "benefit_payments_declared", "fk")
    assert fk.result == "missing"
    assert "tekniskt fel" in fk.explanation
    assert fk.received == [] and fk.received_total is None
    af = _result(application, applicant, "af_registration", "af")
    assert af.result in ("ok", "attention")
    assert "Inskriven hos Arbetsförmedlingen" in af.explanation


def test_only_released_data_is_used(
    new_application: Callable[..., Application],
    applicant: Person,
    fk_payment: RecordData,
    sources: Callable[..., Any],
    user_named: Callable[[str], User],
) -> None:
    """A socialnämnd official outside the bistånd unit has no duty basis: the gate releases nothing,
    so even though the source holds an FK payment no amount reaches the checklist."""
    application = new_application()
    lars = user_named("lars.ek")  # security officer at the nämnd's stab, which does not handle bistånd
    assert lars.unit is not None and not lars.unit.handles_assistance
    controls.application_controls_refresh(
        application=application, requester=lars, source_overrides=sources(fk=[fk_payment])
    )
    rows = ControlResult.objects.filter(case=application.case, month=application.month, person=applicant)
    fk = rows.get(code="benefit_payments_declared", source="fk")
    assert fk.result == "missing"
    assert fk.received == [] and fk.received_total is None
    assert "6240" not in fk.explanation and "6\u00a0240" not in fk.explanation
    assert DisclosureRequest.objects.filter(case=application.case, requested_by=lars).exists()


def test_controls_are_stored_once_per_member_control_and_source(
    new_application: Callable[..., Application], sara: User, sources: Callable[..., Any]
) -> None:
    application = new_application()
    first = controls.application_controls_refresh(application=application, requester=sara, source_overrides=sources())
    again = controls.application_controls_refresh(application=application, requester=sara, source_overrides=sources())
    assert (again.created, again.changed, again.unchanged) == (0, 0, first.created)
    keys = list(
        ControlResult.objects.filter(case=application.case, month=application.month).values_list(
            "person", "code", "source"
        )
    )
    assert len(keys) == len(set(keys)) == first.created


def test_a_declaration_added_later_changes_only_that_result(
    new_application: Callable[..., Application],
    applicant: Person,
    sara: User,
    fk_payment: RecordData,
    sources: Callable[..., Any],
) -> None:
    application = new_application()
    first = controls.application_controls_refresh(
        application=application, requester=sara, source_overrides=sources(fk=[fk_payment])
    )
    services.income_add(
        application=application, person=applicant, kind="sickness_benefit", amount="6240.00", added_by=sara
    )
    second = controls.application_controls_refresh(
        application=application, requester=sara, source_overrides=sources(fk=[fk_payment])
    )
    assert (second.created, second.changed, second.unchanged) == (0, 1, first.created - 1)
    assert _result(application, applicant, "benefit_payments_declared", "fk").result == "ok"


def test_income_kinds_are_compared_with_the_payer_they_come_from() -> None:
    from samverkan.domain.controls import IncomeKind

    assert controls.domain_income_kind("sickness_benefit", "fk") is IncomeKind.FK_BENEFIT
    assert controls.domain_income_kind("housing_supplement", "pm") is IncomeKind.PM_BENEFIT
    assert controls.domain_income_kind("unemployment", "unemployment_fund") is IncomeKind.UNEMPLOYMENT_BENEFIT
    assert controls.domain_income_kind("establishment_allowance", "fk") is IncomeKind.ESTABLISHMENT_ALLOWANCE
    assert controls.domain_income_kind("salary", "employer") is IncomeKind.SALARY
    assert controls.domain_income_kind("other", "other") is IncomeKind.OTHER
