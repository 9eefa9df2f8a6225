"""The employer records its plan: a change makes a new version and the old ones are kept; another employer
gets 404; the page shows the plan's last day."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.rehab.models import EmployerPlanVersion
from tests.rehab.conftest import Rehab
from tests.rehab.employer_setup import add_version, employee_in_coordination

pytestmark = pytest.mark.django_db


def test_a_change_makes_a_new_version_and_the_old_one_is_kept(rehab: Rehab, user_named: Any) -> None:
    employee = employee_in_coordination(rehab, user_named)
    first = add_version(employee, what="Halvtid")
    with pytest.raises(ValidationError) as raised:
        add_version(employee, what="Trekvartstid")
    assert "Skriv vad som ändrats" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        add_version(employee, what="Halvtid", change_note="Inget egentligen")
    assert "Inget är ändrat" in str(raised.value)
    second = add_version(employee, what="Trekvartstid", change_note="Upptrappning")
    assert [v.number for v in EmployerPlanVersion.objects.filter(plan=employee.plan).order_by("number")] == [1, 2]
    first.refresh_from_db()
    assert [m.what for m in first.measures.all()] == ["Halvtid"]
    assert [m.what for m in second.measures.all()] == ["Trekvartstid"]
    assert AuditEntry.objects.filter(event="rehab.employer_plan_version", person=rehab.person).count() == 2


def test_a_version_without_measures_or_with_dates_out_of_order_is_refused(rehab: Rehab, user_named: Any) -> None:
    from samverkan.rehab.employer_plans import MeasureInput

    employee = employee_in_coordination(rehab, user_named)
    with pytest.raises(ValidationError) as raised:
        add_version(employee, measures=[])
    assert "minst en åtgärd" in str(raised.value)
    with pytest.raises(ValidationError) as raised:
        add_version(
            employee,
            measures=[MeasureInput(what="X", who="Y", starts_on=today(), ends_on=today() - dt.timedelta(days=1))],
        )
    assert "slutdagen ligger före startdagen" in str(raised.value)
    assert not EmployerPlanVersion.objects.filter(plan=employee.plan).exists()


def test_the_employer_page_shows_the_deadline_and_records_a_version_with_prg(
    rehab: Rehab, user_named: Any, client_for: Any
) -> None:
    employee = employee_in_coordination(rehab, user_named, sick_days=20, expected_days=90)
    client = client_for("karin.olsson")
    before = AuditEntry.objects.count()
    page = client.get(f"/rehab/arbetsgivare/{employee.case.pk}/")
    assert page.status_code == 200 and AuditEntry.objects.count() == before, "a GET never writes"
    text = page.content.decode()
    due = employee.plan.sick_leave_start + dt.timedelta(days=29)
    assert due.isoformat() in text and "30 kap. 6 §" in text
    assert client.get("/rehab/arbetsgivare/").status_code == 200
    response = client.post(
        f"/rehab/arbetsgivare/{employee.case.pk}/plan/",
        {
            "measure_1_what": "Halvtid",
            "measure_1_who": "Chefen",
            "measure_1_starts_on": today().isoformat(),
            "contact_person": "Karin Olsson",
        },
    )
    assert response.status_code == 302
    assert employee.plan.versions.count() == 1
    bad = client.post(f"/rehab/arbetsgivare/{employee.case.pk}/plan/", {"contact_person": ""})
    assert bad.status_code == 400 and "Kontaktperson" in bad.content.decode()
    assert employee.plan.versions.count() == 1


def test_another_employer_gets_404(rehab: Rehab, user_named: Any, client_for: Any) -> None:
    employee = employee_in_coordination(rehab, user_named)
    add_version(employee)
    other = Organisation.objects.create(code="annan-ab", name="Annan AB", org_type="employer")
    unit = Unit.objects.create(organisation=other, code="hr", name="HR")
    official = User.objects.create(username="annan.hr", unit=unit)
    RoleAssignment.objects.create(user=official, role="employer_representative")
    client = client_for("annan.hr")
    case_id = employee.case.pk
    assert client.get(f"/rehab/arbetsgivare/{case_id}/").status_code == 404
    assert (
        client.post(f"/rehab/arbetsgivare/{case_id}/sjukperiod/", {"sick_leave_start": "2026-11-01"}).status_code == 404
    )
    assert client.post(f"/rehab/arbetsgivare/{case_id}/plan/", {"contact_person": "X"}).status_code == 404
    assert client.get(f"/api/v1/rehab/employer/cases/{case_id}/plan").status_code == 404
    assert employee.plan.versions.count() == 1
    fk_page = client_for("ali.karimi").get(f"/rehab/arbetsgivare/{case_id}/")
    assert fk_page.status_code == 403
