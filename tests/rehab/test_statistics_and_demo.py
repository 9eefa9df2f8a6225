"""Statistics per unit and month, the demo data, and the JSON API."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

import pytest

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.rehab import selectors
from samverkan.rehab.models import RehabCoordination, ReviewMeeting
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def test_statistics_count_sick_leave_cases_with_a_meeting_and_days_to_first_plan(rehab: Rehab) -> None:
    rows = selectors.rehab_statistics(since=dt.date(2000, 1, 1))
    assert rows and all(r.unit for r in rows)
    total_cases = sum(r.sick_leave_cases for r in rows)
    assert total_cases > 0
    with_meeting = sum(r.with_meeting for r in rows)
    booked_persons = set(
        ReviewMeeting.objects.filter(status__in=["booked", "held"]).values_list(
            "coordination__case__subject", flat=True
        )
    )
    assert with_meeting <= total_cases
    sickness_subjects = Case.objects.filter(case_type="sickness", organisation__code="fk").values_list(
        "subject_id", flat=True
    )
    assert with_meeting == sum(1 for subject in sickness_subjects if subject in booked_persons) > 0
    planned = [r for r in rows if r.plans]
    assert planned and all(r.days_to_first_plan_mean is not None for r in planned)


def test_statistics_page_has_a_table_and_a_chart(client_for: Any) -> None:
    response = client_for("johan.dahl").get("/rehab/statistik/?since=2000-01-01")
    text = response.content.decode()
    assert response.status_code == 200 and "<svg" in text and "<table" in text and "Sjukfall" in text


def test_demo_data_has_a_coordination_without_employer_with_consents_a_plan_and_a_booked_meeting(world: None) -> None:
    coordination = (
        RehabCoordination.objects.filter(has_employer=False, first_plan_on__isnull=False).select_related("case").first()
    )
    assert coordination is not None
    responsible = set(coordination.measures.values_list("responsible__code", flat=True))
    assert responsible == {"af", "region-malarmark"}
    assert coordination.meetings.filter(status="booked", mode="digital").exists()


def test_the_demo_step_is_idempotent(world: None) -> None:
    from samverkan.core.demo import _STEPS, SEED, DemoWorld

    count = RehabCoordination.objects.count()
    step = next(s for s in _STEPS if s.name == "rehab")
    world_ = DemoWorld(rng=random.Random(SEED))
    for s in sorted(_STEPS, key=lambda s: s.order):
        if s.order < step.order and s.name in {"organisations", "users"}:
            s.run(world_)
    step.run(world_)
    assert RehabCoordination.objects.count() == count


def test_api_lists_coordinations_and_refuses_a_measure_without_consent(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open()
    client = client_for("fredrik.holm")
    listed = client.get("/api/v1/rehab/coordinations").json()
    assert coordination.pk in [c["id"] for c in listed]
    payload = {
        "description": "Arbetsträning",
        "kind": "vocational",
        "need_area": "work",
        "responsible_organisation": "af",
        "starts_on": today().isoformat(),
    }
    response = client.post(
        f"/api/v1/rehab/coordinations/{coordination.pk}/measures", payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert "30 kap. 10 §" in " ".join(response.json()["detail"]["responsible"])
    rehab.consent(coordination, rehab.af)
    response = client.post(
        f"/api/v1/rehab/coordinations/{coordination.pk}/measures", payload, content_type="application/json"
    )
    assert response.status_code == 201 and response.json()["responsible"] == "af"
    assert client_for("ali.karimi").get("/api/v1/rehab/coordinations").status_code == 403
    ali = client_for("ali.karimi")
    assert ali.get(f"/api/v1/rehab/persons/{rehab.person.pk}/plan").json()["asked"] is False
    plan = ali.post(f"/api/v1/rehab/persons/{rehab.person.pk}/plan").json()
    assert plan["outcomes"]["rehab_plan"] == "released" and [m["description"] for m in plan["measures"]] == [
        "Arbetsträning"
    ]
    last = ali.get(f"/api/v1/rehab/persons/{rehab.person.pk}/plan").json()
    assert last["request_id"] == plan["request_id"] and any("Arbetsträning" in f["value"] for f in last["facts"])
