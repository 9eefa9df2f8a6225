"""Demo data: the employer's plan for return to work, with the employee's consent to give it to FK.

Sörby Bygg AB's employee in the demo coordination with an employer: the employer's ärende, FK's plan
asked for through the gate (FK has the person's consent to collaborate with the employer), the sick
period, the employee's consent that the plan goes to FK, and two versions of the plan — both passed to
FK through the gate, so FK's coordination page shows the plan. Idempotent: seeded once.
"""

from __future__ import annotations

import datetime as dt

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.cases.services import case_create
from samverkan.core.clock import today
from samverkan.core.demo import DemoWorld
from samverkan.domain.consent import latest_valid_to
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person
from samverkan.rehab import employer_plans, selectors
from samverkan.rehab.employer_plans import MeasureInput
from samverkan.rehab.models import EmployerPlan, RehabCoordination


def _employer_case(world: DemoWorld, employer: Organisation, person: Person, start: dt.date, karin: User) -> Case:
    """The employer's ärende about its employee's return to work (opened on the first day of sick leave)."""
    case = (
        Case.objects.filter(organisation=employer, subject=person, case_type=CaseType.RETURN_TO_WORK.value)
        .order_by("pk")
        .first()
    )
    if case is not None:
        return case
    return case_create(
        organisation=employer,
        unit=world.unit("sorby-bygg/hr"),
        case_type=CaseType.RETURN_TO_WORK.value,
        subject_identity_number=person.identity_number,
        responsible=karin,
        opened_on=start,
        actor=karin,
        summary="Återgång i arbete efter sjukskrivning",
    )


def _plan_versions(plan: EmployerPlan, karin: User, day: dt.date) -> None:
    """Two versions of the plan: the second adds a step-up after four weeks."""
    first = [
        MeasureInput(what="Arbete på halvtid med lättare uppgifter i förrådet", who="Närmaste chef", starts_on=day),
        MeasureInput(
            what="Genomgång av arbetsplatsen med företagshälsovården",
            who="Företagshälsovården",
            starts_on=day,
            ends_on=day + dt.timedelta(days=14),
        ),
    ]
    employer_plans.employer_plan_version_add(
        plan=plan,
        recorded_by=karin,
        measures=first,
        expected_return_on=day + dt.timedelta(days=60),
        adjustments="Inga tunga lyft; möjlighet till pauser.",
        contact_person="Karin Olsson, Personalavdelningen",
        on=day,
    )
    employer_plans.employer_plan_version_add(
        plan=plan,
        recorded_by=karin,
        measures=[
            *first,
            MeasureInput(
                what="Upptrappning till 75 procent",
                who="Närmaste chef",
                starts_on=day + dt.timedelta(days=30),
                ends_on=day + dt.timedelta(days=60),
            ),
        ],
        expected_return_on=day + dt.timedelta(days=60),
        adjustments="Inga tunga lyft; möjlighet till pauser; anpassad arbetstid under upptrappningen.",
        contact_person="Karin Olsson, Personalavdelningen",
        change_note="Upptrappningen efter fyra veckor är tillagd.",
        on=day,
    )


def seed_employer_plan(world: DemoWorld) -> None:
    employer = world.org("sorby-bygg")
    karin = world.user("karin.olsson")
    coordination = (
        RehabCoordination.objects.filter(
            case__organisation=world.org("fk"), employer=employer, case__status=Case.Status.ACTIVE
        )
        .select_related("case__subject")
        .order_by("pk")
        .first()
    )
    if coordination is None or coordination.sick_leave_start is None:
        world.log("  rehab: ingen samordning med arbetsgivare i demovärlden, hoppar över arbetsgivarens plan")
        return
    person = coordination.case.subject
    if EmployerPlan.objects.filter(case__organisation=employer, case__subject=person).exists():
        return  # idempotent: seeded before
    day = max(today(), world.reference_date)
    start = coordination.sick_leave_start
    case = _employer_case(world, employer, person, start, karin)
    # The employer asks FK's gate for its part of FK's plan: the answer names the coordination it takes part in.
    selectors.rehab_plan_for_actor(requester=karin, person=person, case=case, on=day)
    plan = employer_plans.employer_plan_facts_set(
        case=case, recorded_by=karin, sick_leave_start=start, expected_days=120, on=day
    )
    employer_plans.employer_plan_consent_register(
        plan=plan,
        registered_by=karin,
        valid_from=day,
        valid_to=latest_valid_to(day),
        form="written",
        taken_by_name=karin.get_full_name(),
        taken_on=day,
        on=day,
    )
    _plan_versions(plan, karin, day)
