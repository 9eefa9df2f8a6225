"""Opening FK's coordination case (SFB 30 kap. 8–9 §§): who, on what facts, and time to the first plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.rehab import PlanTimeliness
from samverkan.rehab import selectors
from samverkan.rehab.models import RehabCoordination
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def test_opens_a_rehab_coordination_case_at_fk_and_audits_it(rehab: Rehab) -> None:
    coordination = rehab.open()
    case = coordination.case
    assert case.organisation == rehab.fk
    assert case.case_type == "rehab_coordination"
    assert case.subject == rehab.person
    assert AuditEntry.objects.filter(event="rehab.coordination_opened", person=rehab.person).exists()


def test_without_sgi_coordination_needs_reduced_work_capacity_and_nothing_is_stored(rehab: Rehab) -> None:
    before = Case.objects.count()
    with pytest.raises(ValidationError) as exc:
        rehab.open(has_sgi=False, work_capacity_reduced=False)
    message = " ".join(exc.value.message_dict["work_capacity_reduced"])
    assert "saknar SGI" in message and "nedsatt" in message and "30 kap. 9 §" in message
    assert Case.objects.count() == before
    assert not RehabCoordination.objects.filter(case__subject=rehab.person).exists()


def test_without_sgi_but_reduced_work_capacity_coordination_is_granted(rehab: Rehab) -> None:
    coordination = rehab.open(has_sgi=False, work_capacity_reduced=True)
    assert coordination.has_sgi is False and coordination.work_capacity_reduced is True


def test_a_second_active_coordination_for_the_same_person_is_refused(rehab: Rehab) -> None:
    rehab.open()
    cases_before = Case.objects.count()
    with pytest.raises(ValidationError) as exc:
        rehab.open()
    assert "redan en aktuell samordning" in str(exc.value)
    assert Case.objects.count() == cases_before


def test_an_employer_needs_has_employer(rehab: Rehab) -> None:
    with pytest.raises(ValidationError) as exc:
        rehab.open(has_employer=False, employer=rehab.employer)
    assert "employer" in exc.value.message_dict


def test_only_fk_officials_open_a_coordination(rehab: Rehab, user_named: object) -> None:
    ali = user_named("ali.karimi")  # type: ignore[operator]
    with pytest.raises(ValidationError):
        rehab.open(opened_by=ali, unit=ali.unit)


def test_time_to_first_plan_counts_from_the_start_of_sick_leave(rehab: Rehab) -> None:
    coordination = rehab.open(
        application_date=today() - dt.timedelta(days=20), sick_leave_start=today() - dt.timedelta(days=70)
    )
    assessment = selectors.plan_timeliness(coordination, on=today())
    assert assessment.days == 70
    assert assessment.status is PlanTimeliness.LATE
    assert "snarast" in assessment.explanation and "30 kap. 9 §" in assessment.explanation


def test_the_first_plan_fixes_the_days_to_first_plan(rehab: Rehab) -> None:
    from samverkan.rehab import services

    coordination = rehab.open(application_date=today() - dt.timedelta(days=25))
    rehab.consent(coordination, rehab.af)
    rehab.measure(coordination, rehab.af)
    services.plan_agree(
        coordination=coordination,
        agreed_by=rehab.fk_user,
        goal="Arbete på halvtid",
        agreed_on=today() - dt.timedelta(days=5),
        made_with_person=True,
    )
    coordination.refresh_from_db()
    assessment = selectors.plan_timeliness(coordination, on=today())
    assert assessment.plan_made and assessment.days == 20 and assessment.status is PlanTimeliness.OK


def test_needs_mapping_records_each_area_and_a_need_must_be_described(rehab: Rehab) -> None:
    from samverkan.rehab import services

    coordination = rehab.open()
    with pytest.raises(ValidationError) as exc:
        services.needs_map(
            coordination=coordination,
            mapped_by=rehab.fk_user,
            assessments={"medical": ("yes", ""), "work": ("no", ""), "social": ("no", ""), "economic": ("no", "")},
        )
    assert "medical_notes" in exc.value.message_dict
    assert not coordination.needs.exists()
    services.needs_map(
        coordination=coordination,
        mapped_by=rehab.fk_user,
        assessments={
            "medical": ("yes", "Fysioterapi"),
            "work": ("yes", "Arbetsträning"),
            "social": ("no", ""),
            "economic": ("unclear", ""),
        },
    )
    assert dict(coordination.needs.values_list("area", "need")) == {
        "medical": "yes",
        "work": "yes",
        "social": "no",
        "economic": "unclear",
    }
