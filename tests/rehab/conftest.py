"""Fixtures for rehabilitation coordination: a fresh insured person and an open coordination at FK."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.people.models import Person
from samverkan.rehab import services
from samverkan.rehab.models import RehabCoordination


@dataclass
class Rehab:
    fk_user: User
    fk: Organisation
    af: Organisation
    region: Organisation
    employer: Organisation
    social: Organisation
    person: Person
    sick_leave_case: Case
    af_case: Case

    def open(self, **overrides: Any) -> RehabCoordination:
        values: dict[str, Any] = {
            "opened_by": self.fk_user,
            "unit": self.fk_user.unit,
            "person_identity_number": self.person.identity_number,
            "origin": "application",
            "application_date": today() - dt.timedelta(days=10),
            "sick_leave_start": None,
            "has_employer": False,
            "employer": None,
            "has_sgi": False,
            "work_capacity_reduced": True,
        }
        values.update(overrides)
        return services.coordination_open(**values)

    def consent(
        self,
        coordination: RehabCoordination,
        recipient: Organisation,
        categories: Sequence[str] = ("rehab_plan", "review_meeting_minutes"),
        valid_from: dt.date | None = None,
    ) -> Consent:
        start = valid_from or today() - dt.timedelta(days=5)
        return services.rehab_consent_register(
            coordination=coordination,
            registered_by=self.fk_user,
            recipient=recipient,
            categories=list(categories),
            purpose="Samordning av rehabiliteringsinsatser enligt 30 kap. 10 § socialförsäkringsbalken",
            valid_from=start,
            valid_to=start + dt.timedelta(days=200),
            form="written",
            taken_by_name="Fredrik Holm",
            taken_on=start,
        )

    def measure(self, coordination: RehabCoordination, responsible: Organisation, **overrides: Any) -> Any:
        values: dict[str, Any] = {
            "coordination": coordination,
            "added_by": self.fk_user,
            "description": "Arbetsträning",
            "kind": "vocational",
            "need_area": "work",
            "responsible": responsible,
            "starts_on": today(),
            "follow_up_on": today() + dt.timedelta(days=30),
        }
        values.update(overrides)
        return services.measure_add(**values)


def fresh_person() -> tuple[Person, Case, Case]:
    """A person (no protected identity) with a sick-leave case at Vårdcentralen Ängen and a case at AF,
    and no coordination at FK yet."""
    af_subjects = set(
        Case.objects.filter(organisation__code="af", case_type="jobseeker").values_list("subject_id", flat=True)
    )
    taken = set(RehabCoordination.objects.values_list("case__subject_id", flat=True))
    for case in (
        Case.objects.filter(
            organisation__code="region-malarmark",
            unit__code="vc-angen",
            case_type="sick_leave",
            status="active",
            subject__protected_identity=False,
        )
        .select_related("subject")
        .order_by("pk")
    ):
        if case.subject_id in af_subjects and case.subject_id not in taken:
            af_case = Case.objects.filter(organisation__code="af", subject=case.subject).first()
            assert af_case is not None
            return case.subject, case, af_case
    raise AssertionError("the demo world has no suitable person")


@pytest.fixture
def rehab(world: None, user_named: Callable[[str], User]) -> Rehab:
    person, sick_leave_case, af_case = fresh_person()
    return Rehab(
        fk_user=user_named("fredrik.holm"),
        fk=Organisation.objects.get(code="fk"),
        af=Organisation.objects.get(code="af"),
        region=Organisation.objects.get(code="region-malarmark"),
        employer=Organisation.objects.get(code="sorby-bygg"),
        social=Organisation.objects.get(code="sorby-socialnamnd"),
        person=person,
        sick_leave_case=sick_leave_case,
        af_case=af_case,
    )
