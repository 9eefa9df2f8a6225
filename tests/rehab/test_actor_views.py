"""What each actor sees of FK's plan: only through the gate, only with consent, only its own parts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry, DisclosureRequest
from samverkan.rehab import selectors, services
from samverkan.rehab.models import CareCoordinationStatus
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def _plan(rehab: Rehab) -> Any:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    rehab.consent(coordination, rehab.region)
    rehab.measure(coordination, rehab.af, description="Arbetsträning via AF")
    rehab.measure(coordination, rehab.region, description="Fysioterapi", kind="medical", need_area="medical")
    return coordination


def test_an_actor_sees_only_its_own_measures_through_the_gate(rehab: Rehab, user_named: Any) -> None:
    _plan(rehab)
    ali = user_named("ali.karimi")
    requests_before = DisclosureRequest.objects.count()
    view = selectors.rehab_plan_for_actor(requester=ali, person=rehab.person, case=rehab.af_case, on=today())
    assert view.plan_released
    descriptions = [m.description for c in view.coordinations for m in c.measures]
    assert descriptions == ["Arbetsträning via AF"]
    assert DisclosureRequest.objects.count() == requests_before + 1
    request = DisclosureRequest.objects.latest("pk")
    assert request.discloser == rehab.fk and request.recipient == rehab.af and request.person == rehab.person
    assert AuditEntry.objects.filter(event="disclosure.released", recipient=rehab.af, person=rehab.person).exists()


def test_without_consent_an_actor_sees_nothing_and_is_told_why(rehab: Rehab, user_named: Any) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.region)
    rehab.measure(coordination, rehab.region, description="Fysioterapi", kind="medical", need_area="medical")
    view = selectors.rehab_plan_for_actor(
        requester=user_named("ali.karimi"), person=rehab.person, case=rehab.af_case, on=today()
    )
    assert not view.plan_released and view.coordinations == []
    assert view.outcomes["rehab_plan"] == "denied"
    assert AuditEntry.objects.filter(event="disclosure.denied", recipient=rehab.af, person=rehab.person).exists()


def test_the_actor_page_shows_only_the_released_part(rehab: Rehab, client_for: Any) -> None:
    _plan(rehab)
    client = client_for("ali.karimi")
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    response = client.get(f"/rehab/plan/{rehab.person.pk}/")
    assert response.status_code == 200 and "Hämta planen" in response.content.decode()
    assert "Arbetsträning via AF" not in response.content.decode()
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == before, "a GET never asks the gate"
    response = client.post(f"/rehab/plan/{rehab.person.pk}/hamta/")
    assert response.status_code == 302
    assert DisclosureRequest.objects.count() == before[0] + 1
    after = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    text = client.get(f"/rehab/plan/{rehab.person.pk}/").content.decode()
    assert "Arbetsträning via AF" in text and "Fysioterapi" not in text
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == after, "the last answer is shown"


def test_a_withdrawn_consent_closes_the_view(rehab: Rehab, user_named: Any) -> None:
    coordination = _plan(rehab)
    consent = coordination.case.consents.get(recipient=rehab.af)
    services.rehab_consent_withdraw(coordination=coordination, consent=consent, withdrawn_by=rehab.fk_user)
    view = selectors.rehab_plan_for_actor(
        requester=user_named("ali.karimi"), person=rehab.person, case=rehab.af_case, on=today()
    )
    assert not view.plan_released and view.coordinations == []


def test_minutes_are_shown_only_when_that_category_is_consented(rehab: Rehab, user_named: Any) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af, categories=["rehab_plan"])
    meeting = services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Avstämning")
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.af)
    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=today(),
        starts_at=dt.time(9, 0),
        mode="on_site",
        location="FK",
    )
    services.meeting_record_minutes(meeting=meeting, recorded_by=rehab.fk_user, minutes="Hemligt", person_attended=True)
    view = selectors.rehab_plan_for_actor(
        requester=user_named("ali.karimi"), person=rehab.person, case=rehab.af_case, on=today()
    )
    assert view.plan_released and "review_meeting_minutes" not in view.released
    meetings = [m for c in view.coordinations for m in c.meetings]
    assert len(meetings) == 1 and meetings[0].minutes is None


def test_vard_overview_shows_status_and_meeting_only_for_consented_patients(
    rehab: Rehab, user_named: Any, client_for: Any
) -> None:
    coordination = _plan(rehab)
    meeting = services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Avstämning")
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.region)
    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=today() + dt.timedelta(days=3),
        starts_at=dt.time(13, 30),
        mode="on_site",
        location="Vårdcentralen",
    )
    helena = user_named("helena.strom")
    services.care_coordination_status_set(case=rehab.sick_leave_case, set_by=helena, status="active")
    before = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    rows = selectors.healthcare_overview(user=helena, on=today())
    assert all(r.fk is None for r in rows), "nothing asked yet: the overview never asks the gate itself"
    client = client_for("helena.strom")
    assert client.get("/rehab/vard/").status_code == 200
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == before
    # The coordinator asks on purpose, on the patient's page; the overview then shows that answer.
    assert client.post(f"/rehab/vard/{rehab.sick_leave_case.pk}/hamta-planen/").status_code == 302
    assert DisclosureRequest.objects.count() == before[0] + 1
    rows = selectors.healthcare_overview(user=helena, on=today())
    row = next(r for r in rows if r.case == rehab.sick_leave_case)
    assert row.care_status == "active"
    assert [(today() + dt.timedelta(days=3)).isoformat() in m["value"] for m in row.upcoming_meetings] == [True]
    measures = [f["value"] for f in row.fk.facts["rehab_plan"] if f.get("kind") == "measure"]  # type: ignore[union-attr]
    assert len(measures) == 1 and measures[0].startswith("Fysioterapi")
    others = [r for r in rows if r.case != rehab.sick_leave_case and r.fk is None]
    assert others, "patients nobody asked about"
    after = (DisclosureRequest.objects.count(), AuditEntry.objects.count())
    response = client.get("/rehab/vard/")
    text = response.content.decode()
    assert response.status_code == 200 and (today() + dt.timedelta(days=3)).isoformat() in text
    assert (DisclosureRequest.objects.count(), AuditEntry.objects.count()) == after


def test_vard_sets_its_own_coordination_status(rehab: Rehab, client_for: Any) -> None:
    client = client_for("helena.strom")
    response = client.post(f"/rehab/vard/{rehab.sick_leave_case.pk}/status/", {"status": "contacted", "note": ""})
    assert response.status_code == 302
    assert CareCoordinationStatus.objects.get(case=rehab.sick_leave_case).status == "contacted"
    response = client.post(f"/rehab/vard/{rehab.sick_leave_case.pk}/status/", {"status": "unknown"})
    assert response.status_code == 400
    assert CareCoordinationStatus.objects.get(case=rehab.sick_leave_case).status == "contacted"


def test_open_questions_to_fk_are_counted_per_patient(rehab: Rehab, user_named: Any) -> None:
    from samverkan.messaging.models import AdminQuestion

    helena = user_named("helena.strom")
    counts = selectors.open_questions_counts(organisation=rehab.region, cases=[rehab.sick_leave_case])
    assert counts is not None
    expected = AdminQuestion.objects.filter(
        sender_case=rehab.sick_leave_case, status="open", recipient_organisation=rehab.fk
    ).count()
    assert counts.get(rehab.sick_leave_case.pk, 0) == expected
    assert helena.organisation == rehab.region


def test_vard_asks_for_a_meeting_only_in_a_coordination_the_gate_released_to_it(rehab: Rehab, client_for: Any) -> None:
    coordination = _plan(rehab)
    client = client_for("helena.strom")
    url = f"/rehab/vard/{rehab.sick_leave_case.pk}/avstamningsmote/{coordination.pk}/"
    payload = {"reason": "Patienten behöver ett avstämningsmöte om återgång i arbete.", "patient_consented": "on"}
    assert client.post(url, payload).status_code == 404, "FK's coordination is not read by its id before the gate"
    assert coordination.meetings.count() == 0
    assert client.post(f"/rehab/vard/{rehab.sick_leave_case.pk}/hamta-planen/").status_code == 302
    page = client.get(f"/rehab/vard/{rehab.sick_leave_case.pk}/").content.decode()
    assert url in page
    assert client.post(url, payload).status_code == 302
    assert coordination.meetings.count() == 1
