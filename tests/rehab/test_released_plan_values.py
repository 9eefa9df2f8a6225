"""What the gate stores as disclosed of FK's rehabilitation plan: the recipient's own part, not placeholder text."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.core.clock import today
from samverkan.disclosures.models import DisclosureDecision
from samverkan.disclosures.services import disclosure_request
from samverkan.rehab import services
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def _plan_with_meeting(rehab: Rehab, categories: list[str]) -> Any:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.region, categories=categories)
    rehab.consent(coordination, rehab.af)
    rehab.measure(
        coordination, rehab.region, description="Fysioterapi och smärtskola", kind="medical", need_area="medical"
    )
    rehab.measure(coordination, rehab.af, description="Arbetsträning via AF")
    meeting = services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Avstämning")
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.region)
    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=today(),
        starts_at=dt.time(9, 0),
        mode="on_site",
        location="Vårdcentralen Ängen",
    )
    services.meeting_record_minutes(
        meeting=meeting,
        recorded_by=rehab.fk_user,
        minutes="Smärtskolan fortsätter i fyra veckor.",
        person_attended=True,
    )
    return coordination


def _ask(rehab: Rehab, user_named: Any, categories: list[str]) -> dict[str, DisclosureDecision]:
    result = disclosure_request(
        requester=user_named("helena.strom"),
        discloser=rehab.fk,
        person=rehab.person,
        case=rehab.sick_leave_case,
        categories=categories,
        purpose="Samordning av rehabiliteringsinsatser",
        on=today(),
    )
    return {d.category: d for d in DisclosureDecision.objects.filter(request=result.request)}


def _text(decision: DisclosureDecision) -> str:
    return "\n".join(f"{v['label']}: {v['value']}" for v in decision.released_values)


def test_a_released_plan_stores_the_recipients_own_measures_and_meetings(rehab: Rehab, user_named: Any) -> None:
    _plan_with_meeting(rehab, ["rehab_plan"])
    decisions = _ask(rehab, user_named, ["rehab_plan", "review_meeting_minutes"])
    plan = decisions["rehab_plan"]
    assert plan.outcome == "released" and plan.basis == "consent"
    text = _text(plan)
    assert "Fysioterapi och smärtskola" in text
    assert "Arbetsträning via AF" not in text  # another actor's measure
    assert "Avstämningsmöte" in text and "Vårdcentralen Ängen" in text
    assert "Förs inte som registeruppgift" not in text
    assert "Smärtskolan fortsätter" not in text  # minutes only under their own category
    assert decisions["review_meeting_minutes"].outcome == "denied"
    assert decisions["review_meeting_minutes"].released_values == []


def test_minutes_are_stored_only_when_that_category_was_released(rehab: Rehab, user_named: Any) -> None:
    _plan_with_meeting(rehab, ["rehab_plan", "review_meeting_minutes"])
    decisions = _ask(rehab, user_named, ["rehab_plan", "review_meeting_minutes"])
    minutes = decisions["review_meeting_minutes"]
    assert minutes.outcome == "released"
    assert [v["value"] for v in minutes.released_values] == ["Smärtskolan fortsätter i fyra veckor."]
    assert "Smärtskolan fortsätter" not in _text(decisions["rehab_plan"])


def test_a_plan_without_the_recipients_part_says_so(rehab: Rehab, user_named: Any) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.region, categories=["rehab_plan"])
    rehab.consent(coordination, rehab.af)
    rehab.measure(coordination, rehab.af, description="Arbetsträning via AF")
    plan = _ask(rehab, user_named, ["rehab_plan"])["rehab_plan"]
    assert plan.outcome == "released"
    assert "Arbetsträning via AF" not in _text(plan)
    assert "inga insatser eller avstämningsmöten" in _text(plan)
