"""Shared set-up for the employer's plan tests: an employee in FK's coordination with Sörby Bygg AB."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from samverkan.accounts.models import User
from samverkan.cases.models import Case
from samverkan.cases.services import case_create
from samverkan.core.clock import today
from samverkan.domain.consent import latest_valid_to
from samverkan.rehab import employer_plans, selectors
from samverkan.rehab.employer_plans import MeasureInput
from samverkan.rehab.models import EmployerPlan, RehabCoordination
from tests.rehab.conftest import Rehab


@dataclass
class Employee:
    coordination: RehabCoordination
    case: Case
    karin: User
    plan: EmployerPlan


def employee_in_coordination(
    rehab: Rehab, user_named: Any, *, sick_days: int = 20, expected_days: int | None = 120, fetch: bool = True
) -> Employee:
    """FK's coordination with the employer (FK has the person's consent for it and a measure there), the
    employer's own ärende, FK's plan fetched by the employer through the gate, and the sick period recorded."""
    start = today() - dt.timedelta(days=sick_days - 1)
    coordination = rehab.open(
        has_employer=True,
        employer=rehab.employer,
        has_sgi=True,
        sick_leave_start=start,
        application_date=today() - dt.timedelta(days=5),
    )
    rehab.consent(coordination, rehab.employer, ["rehab_plan"])
    rehab.measure(coordination, rehab.employer, description="Arbetsträning på arbetsplatsen")
    karin = user_named("karin.olsson")
    case = case_create(
        organisation=rehab.employer,
        unit=karin.unit,
        case_type="return_to_work",
        subject_identity_number=rehab.person.identity_number,
        responsible=karin,
        opened_on=start,
        actor=karin,
    )
    if fetch:
        selectors.rehab_plan_for_actor(requester=karin, person=rehab.person, case=case, on=today())
    plan = employer_plans.employer_plan_facts_set(
        case=case, recorded_by=karin, sick_leave_start=start, expected_days=expected_days
    )
    return Employee(coordination=coordination, case=case, karin=karin, plan=plan)


def employer_consent(employee: Employee) -> Any:
    return employer_plans.employer_plan_consent_register(
        plan=employee.plan,
        registered_by=employee.karin,
        valid_from=today(),
        valid_to=latest_valid_to(today()),
        form="written",
        taken_by_name="Karin Olsson",
        taken_on=today(),
    )


def add_version(employee: Employee, what: str = "Halvtid med lättare uppgifter", **overrides: Any) -> Any:
    values: dict[str, Any] = {
        "plan": employee.plan,
        "recorded_by": employee.karin,
        "measures": [MeasureInput(what=what, who="Närmaste chef", starts_on=today())],
        "expected_return_on": today() + dt.timedelta(days=40),
        "adjustments": "Inga tunga lyft.",
        "contact_person": "Karin Olsson",
    }
    values.update(overrides)
    return employer_plans.employer_plan_version_add(**values)
