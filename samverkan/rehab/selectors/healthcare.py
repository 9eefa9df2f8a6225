"""Vård's overview (Rehabstöd): the unit's sick-listed patients, the unit's own status, and FK's side as the
gate last answered it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.rehab.models import CareCoordinationStatus
from samverkan.rehab.selectors.actor_plan import ActorPlanView, rehab_plans_last_asked


@dataclass
class PatientRow:
    case: Case
    care_status: str
    care_status_label: str
    fk: ActorPlanView | None
    open_questions: int | None

    @property
    def upcoming_meetings(self) -> list[dict[str, Any]]:
        return [] if self.fk is None else self.fk.upcoming_meeting_facts

    @property
    def fk_coordination(self) -> dict[str, Any] | None:
        facts = [] if self.fk is None else self.fk.coordination_facts
        return facts[0] if facts else None

    @property
    def overdue(self) -> bool:
        return self.fk is not None and self.fk.overdue


def sick_leave_cases_for_unit(*, organisation: Organisation, unit_id: int | None) -> QuerySet[Case]:
    qs = Case.objects.filter(
        organisation=organisation, case_type=CaseType.SICK_LEAVE.value, status=Case.Status.ACTIVE
    ).select_related("subject", "unit", "responsible")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("subject__last_name", "subject__first_name", "pk")


def open_questions_counts(*, organisation: Organisation, cases: Sequence[Case]) -> dict[int, int] | None:
    """Open administrative questions sent from each sick-leave case to Försäkringskassan (None: no messaging app).

    Read through the messaging app's own selector (the questions the organisation sent or received).
    """
    try:
        from samverkan.messaging.models import AdminQuestion
        from samverkan.messaging.selectors import questions_for_organisation
    except ImportError:  # pragma: no cover - the messaging app is part of the project
        return None
    counts: dict[int, int] = defaultdict(int)
    rows = (
        questions_for_organisation(organisation)
        .filter(
            sender_organisation=organisation,
            sender_case__in=[c.pk for c in cases],
            recipient_organisation__org_type=OrganisationType.FK.value,
            status=AdminQuestion.Status.OPEN,
        )
        .values_list("sender_case_id", flat=True)
    )
    for case_id in rows:
        counts[case_id] += 1
    return dict(counts)


def healthcare_overview(*, user: User, on: dt.date) -> list[PatientRow]:
    """The rehab coordinator's unit: sick-listed patients, own status, and FK's side as the gate last answered it.

    Nothing is asked here (a GET never writes to the gate or the audit log): the coordinator asks for a
    patient's plan on the patient's page ("Hämta planen"), and the overview shows that answer.
    """
    organisation = user.organisation
    assert organisation is not None
    cases = list(sick_leave_cases_for_unit(organisation=organisation, unit_id=user.unit_id))
    statuses = {s.case_id: s for s in CareCoordinationStatus.objects.filter(case__in=cases)}
    # The last answers the gate gave this organisation (one read): the overview never asks the gate itself.
    answers = rehab_plans_last_asked(organisation=organisation, person_ids=[c.subject_id for c in cases])
    questions = open_questions_counts(organisation=organisation, cases=cases)
    rows = []
    for case in cases:
        status = statuses.get(case.pk)
        fk = answers.get(case.subject_id)
        code = status.status if status else CareCoordinationStatus.Status.NONE
        rows.append(
            PatientRow(
                case=case,
                care_status=code,
                care_status_label=CareCoordinationStatus.Status(code).label,
                fk=fk,
                open_questions=None if questions is None else questions.get(case.pk, 0),
            )
        )
    return rows


def healthcare_case(*, organisation: Organisation, case_id: int) -> Case:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Case.objects.for_organisation(organisation)
        .filter(case_type=CaseType.SICK_LEAVE.value)
        .select_related("subject"),
        pk=case_id,
    )
