"""Rehabilitation coordination: consent per actor, who coordinates, 'snarast', avstämningsmöte, measures."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from samverkan.domain.errors import InputError
from samverkan.domain.rehab import (
    DigitalMeetingChecklist,
    Measure,
    MeasureStatus,
    NeedArea,
    PlanTimeliness,
    RehabActor,
    RehabConsent,
    ReviewMeetingRequest,
    assess_coordination,
    assess_first_plan,
    days_to_first_plan,
    healthcare_may_inform_fk,
    may_book_meeting,
    may_involve_actor,
    measure_problems,
    reduction_allowed,
    review_meeting_problems,
    unmapped_need_areas,
    validate_digital_meeting_checklist,
    validate_measure,
    validate_review_meeting_request,
)

D = dt.date
ON = D(2026, 3, 10)


def consent(actor: RehabActor = RehabActor.EMPLOYER, **kwargs: object) -> RehabConsent:
    values: dict[str, object] = {"recorded_by": "fk", "valid_from": D(2026, 1, 1)}
    values.update(kwargs)
    return RehabConsent(actor=actor, **values)  # type: ignore[arg-type]


ALL_CONSENTS = [consent(actor) for actor in RehabActor]

# --- consent (SFB 30 kap. 10 §) ---------------------------------------------------------------


def test_no_consent_means_fk_may_not_involve_the_actor() -> None:
    allowed, why = may_involve_actor(RehabActor.EMPLOYER, [], ON)
    assert not allowed
    assert "30 kap. 10 §" in why
    assert "samtycke" in why


def test_consent_recorded_by_fk_and_valid_on_the_day_counts() -> None:
    allowed, why = may_involve_actor("employer", [consent()], ON)
    assert allowed
    assert "registrerat av Försäkringskassan" in why


def test_consent_recorded_by_another_agency_is_no_basis() -> None:
    allowed, why = may_involve_actor(RehabActor.AF, [consent(RehabActor.AF, recorded_by="social_services")], ON)
    assert not allowed
    assert "inte av Försäkringskassan" in why


def test_a_withdrawal_takes_effect_on_its_own_day() -> None:
    withdrawn = consent(withdrawn_on=ON)
    assert not may_involve_actor(RehabActor.EMPLOYER, [withdrawn], ON)[0]
    assert may_involve_actor(RehabActor.EMPLOYER, [withdrawn], ON - dt.timedelta(days=1))[0]


def test_consent_counts_from_valid_from_to_valid_to_inclusive() -> None:
    bounded = consent(valid_from=D(2026, 2, 1), valid_to=ON)
    assert may_involve_actor(RehabActor.EMPLOYER, [bounded], ON)[0]
    assert may_involve_actor(RehabActor.EMPLOYER, [bounded], D(2026, 2, 1))[0]
    assert not may_involve_actor(RehabActor.EMPLOYER, [bounded], D(2026, 1, 31))[0]
    allowed, why = may_involve_actor(RehabActor.EMPLOYER, [bounded], ON + dt.timedelta(days=1))
    assert not allowed
    assert "gällde till och med 2026-03-10" in why


def test_consent_for_another_actor_does_not_count() -> None:
    assert not may_involve_actor(RehabActor.UNION, [consent(RehabActor.EMPLOYER)], ON)[0]


def test_fk_is_not_an_actor_fk_collaborates_with() -> None:
    with pytest.raises(InputError) as exc:
        may_involve_actor("fk", [], ON)
    assert exc.value.code == "fk_is_coordinator"


def test_consent_must_not_end_before_it_starts() -> None:
    with pytest.raises(InputError) as exc:
        consent(valid_from=D(2026, 2, 1), valid_to=D(2026, 1, 1))
    assert exc.value.field == "valid_to"


def test_healthcare_informs_fk_of_a_rehab_need_only_with_consent() -> None:
    assert healthcare_may_inform_fk(True)[0]
    allowed, why = healthcare_may_inform_fk(False)
    assert not allowed
    assert "lagen (2019:1297)" in why


# --- who coordinates -----------------------------------------------------------------------------


def test_without_employer_fk_coordinates_vocational_and_healthcare_medical() -> None:
    result = assess_coordination(has_employer=False, has_sgi=True, work_capacity_reduced=True)
    assert result.coordination_possible
    assert result.sickness_benefit_possible
    assert result.vocational_responsible == "fk"
    assert result.medical_responsible == "healthcare"
    assert result.coordinator == "fk"


def test_without_sgi_no_sickness_benefit_but_coordination_is_possible() -> None:
    result = assess_coordination(has_employer=False, has_sgi=False, work_capacity_reduced=True)
    assert result.coordination_possible
    assert not result.sickness_benefit_possible
    assert any("kan ändå få samordning" in e for e in result.explanations)


def test_without_reduced_work_capacity_there_is_no_coordination() -> None:
    result = assess_coordination(has_employer=True, has_sgi=True, work_capacity_reduced=False)
    assert not result.coordination_possible
    assert not result.sickness_benefit_possible


def test_with_an_employer_the_employer_carries_the_workplace_measures() -> None:
    result = assess_coordination(has_employer=True, has_sgi=True, work_capacity_reduced=True)
    assert result.vocational_responsible == "employer"
    assert any(c.section == "30 kap. 6 §" for c in result.citations)


def test_coordination_flags_must_be_booleans() -> None:
    with pytest.raises(InputError) as exc:
        assess_coordination(has_employer="ja", has_sgi=True, work_capacity_reduced=True)  # type: ignore[arg-type]
    assert exc.value.field == "has_employer"


def test_need_areas_have_swedish_labels_and_missing_ones_are_listed() -> None:
    assert NeedArea.ECONOMIC.label == "Ekonomi och försörjning"
    assert unmapped_need_areas([NeedArea.MEDICAL, "work"]) == [NeedArea.SOCIAL, NeedArea.ECONOMIC]
    with pytest.raises(InputError):
        unmapped_need_areas(["housing"])


# --- "snarast" -------------------------------------------------------------------------------------


def test_days_to_first_plan_counts_calendar_days() -> None:
    assert days_to_first_plan(D(2026, 1, 1), D(2026, 1, 31)) == 30
    with pytest.raises(InputError) as exc:
        days_to_first_plan(D(2026, 1, 31), D(2026, 1, 1))
    assert exc.value.field == "first_plan_on"


@pytest.mark.parametrize(
    ("days", "status"),
    [
        (0, PlanTimeliness.OK),
        (30, PlanTimeliness.OK),
        (31, PlanTimeliness.ATTENTION),
        (60, PlanTimeliness.ATTENTION),
        (61, PlanTimeliness.LATE),
    ],
)
def test_first_plan_thresholds(days: int, status: PlanTimeliness) -> None:
    start = D(2026, 1, 1)
    result = assess_first_plan(start, first_plan_on=start + dt.timedelta(days=days))
    assert result.status is status
    assert result.plan_made
    assert "30 kap. 9 §" in result.explanation


def test_without_a_plan_the_days_so_far_are_judged() -> None:
    result = assess_first_plan(D(2026, 1, 1), on=D(2026, 3, 10))
    assert result.status is PlanTimeliness.LATE
    assert not result.plan_made
    assert "Ingen plan ännu" in result.explanation
    with pytest.raises(InputError) as exc:
        assess_first_plan(D(2026, 1, 1))
    assert exc.value.field == "on"


# --- avstämningsmöte -------------------------------------------------------------------------------


def request(**kwargs: object) -> ReviewMeetingRequest:
    values: dict[str, object] = {
        "requested_by": "healthcare",
        "reason": "Bedöma förutsättningar för arbetsträning",
        "requested_on": ON,
        "meeting_on": D(2026, 3, 20),
    }
    values.update(kwargs)
    return ReviewMeetingRequest(**values)  # type: ignore[arg-type]


def test_a_valid_request_has_no_problems() -> None:
    assert review_meeting_problems(request()) == []
    validate_review_meeting_request(request(requested_by="fk"))


def test_only_fk_or_healthcare_may_ask_for_a_review_meeting() -> None:
    with pytest.raises(InputError) as exc:
        validate_review_meeting_request(request(requested_by="af"))
    assert exc.value.field == "requested_by"
    assert "110 kap. 14 §" in exc.value.detail


def test_the_reason_is_always_required() -> None:
    with pytest.raises(InputError) as exc:
        validate_review_meeting_request(request(reason="   "))
    assert exc.value.field == "reason"


def test_the_meeting_cannot_be_before_the_request() -> None:
    problems = review_meeting_problems(request(meeting_on=D(2026, 3, 1)))
    assert [p.field for p in problems] == ["meeting_on"]


COMPLETE = DigitalMeetingChecklist(
    person_agreed=True,
    suits_person=True,
    person_joins_from="healthcare",
    location_chosen_by_person=True,
    identity_checked_by="healthcare",
    parties=("fk", "healthcare", "employer"),
    private_room_confirmed_by=frozenset({"fk", "healthcare", "employer"}),
    participants_reminded_no_secrets_in_chat_or_screen=True,
)


def test_a_complete_digital_checklist_has_nothing_missing() -> None:
    assert validate_digital_meeting_checklist(COMPLETE) == []


def test_an_empty_checklist_lists_every_item_in_swedish() -> None:
    codes = [item.code for item in validate_digital_meeting_checklist(DigitalMeetingChecklist())]
    assert codes == [
        "person_agreed",
        "suits_person",
        "person_location",
        "identity_checked",
        "parties",
        "no_secrets_in_chat_or_screen",
    ]


def test_identity_must_be_checked_by_the_party_the_person_sits_with() -> None:
    checklist = replace(COMPLETE, identity_checked_by="fk")
    (item,) = validate_digital_meeting_checklist(checklist)
    assert item.code == "identity_checked"
    assert "legitimation" in item.text
    assert "hälso- och sjukvården" in item.text


def test_every_party_must_confirm_a_private_room() -> None:
    checklist = replace(COMPLETE, private_room_confirmed_by=frozenset({"fk"}))
    codes = [item.code for item in validate_digital_meeting_checklist(checklist)]
    assert codes == ["private_room:healthcare", "private_room:employer"]


def test_the_reminder_about_chat_and_shared_screens_is_required() -> None:
    checklist = replace(COMPLETE, participants_reminded_no_secrets_in_chat_or_screen=False)
    (item,) = validate_digital_meeting_checklist(checklist)
    assert "chatten" in item.text
    assert "delad skärm" in item.text


def test_a_meeting_with_consented_participants_may_be_booked() -> None:
    decision = may_book_meeting(
        request(participants=(RehabActor.EMPLOYER, RehabActor.HEALTHCARE), digital=True),
        consents=ALL_CONSENTS,
        on=ON,
        checklist=COMPLETE,
    )
    assert decision.allowed
    assert decision.reasons == ("Avstämningsmötet kan bokas.",)


def test_a_participant_without_consent_stops_the_booking() -> None:
    decision = may_book_meeting(request(participants=(RehabActor.EMPLOYER,)), consents=[], on=ON)
    assert not decision.allowed
    assert "arbetsgivaren" in decision.reasons[0]


def test_a_digital_meeting_needs_the_checklist() -> None:
    decision = may_book_meeting(request(digital=True), consents=[], on=ON)
    assert not decision.allowed
    assert "checklistan" in decision.reasons[0]
    decision = may_book_meeting(request(digital=True), consents=[], on=ON, checklist=DigitalMeetingChecklist())
    assert not decision.allowed
    assert len(decision.reasons) == 6


def test_reduction_needs_a_notice_before_the_meeting_day() -> None:
    meeting = D(2026, 3, 20)
    assert not reduction_allowed(None, meeting)[0]
    assert not reduction_allowed(meeting, meeting)[0]
    assert not reduction_allowed(D(2026, 3, 21), meeting)[0]
    allowed, why = reduction_allowed(D(2026, 3, 12), meeting)
    assert allowed
    assert "110 kap. 58 §" in why
    assert "handläggare" in why


def test_no_reduction_with_a_valid_reason() -> None:
    assert not reduction_allowed(D(2026, 3, 12), D(2026, 3, 20), valid_reason=True)[0]


# --- measures ---------------------------------------------------------------------------------------


def measure(**kwargs: object) -> Measure:
    values: dict[str, object] = {
        "description": "Arbetsträning 25 %",
        "need_area": NeedArea.WORK,
        "responsible": RehabActor.AF,
        "starts_on": D(2026, 3, 1),
        "ends_on": D(2026, 5, 31),
        "follow_ups": (D(2026, 4, 1), D(2026, 6, 15)),
        "status": MeasureStatus.ONGOING,
    }
    values.update(kwargs)
    return Measure(**values)  # type: ignore[arg-type]


def codes(m: Measure, consents: list[RehabConsent] = ALL_CONSENTS) -> list[str]:
    return [p.code for p in measure_problems(m, consents=consents, on=ON)]


def test_a_valid_measure_has_no_problems() -> None:
    assert codes(measure()) == []
    validate_measure(measure(), consents=ALL_CONSENTS, on=ON)


def test_fk_cannot_be_responsible_for_a_measure() -> None:
    with pytest.raises(InputError) as exc:
        validate_measure(measure(responsible="fk"), consents=ALL_CONSENTS, on=ON)
    assert exc.value.code == "fk_provides_no_measures"
    assert "genomför inte själv någon rehabilitering" in exc.value.detail


def test_the_responsible_actor_needs_consent() -> None:
    assert codes(measure(), consents=[]) == ["no_consent"]


def test_medical_measures_are_healthcares() -> None:
    assert codes(measure(need_area="medical", responsible="employer")) == ["medical_by_healthcare"]
    assert codes(measure(need_area="medical", responsible="healthcare")) == []


def test_timetable_start_must_not_be_after_end() -> None:
    assert codes(measure(ends_on=D(2026, 2, 1), status="planned", follow_ups=())) == ["order"]


def test_follow_ups_are_during_or_after_the_measure() -> None:
    assert codes(measure(follow_ups=(D(2026, 2, 1),))) == ["follow_up_order"]


def test_status_must_be_a_known_value_and_fit_the_dates() -> None:
    assert codes(measure(status="paused")) == ["status"]
    assert codes(measure(starts_on=D(2026, 4, 1), follow_ups=())) == ["status_date"]
    assert codes(measure(status="done")) == ["status_date"]
    assert codes(measure(status="done", ends_on=None)) == ["required"]
    assert codes(measure(status="cancelled")) == []


def test_unknown_actor_and_need_area_are_reported() -> None:
    assert codes(measure(responsible="school", need_area="housing")) == ["need_area", "unknown_actor"]


def test_one_consent_rule_for_every_path_to_an_avstamningsmote() -> None:
    from samverkan.domain.rehab import MeetingRequester, meeting_request_consent

    assert meeting_request_consent("fk", False)[0] and meeting_request_consent("insured", False)[0]
    for requester in ("healthcare", "employer", "social_services"):
        allowed, why = meeting_request_consent(requester, False)
        assert not allowed and "30 kap. 10 § socialförsäkringsbalken" in why and "egen sekretessprövning" in why
        assert meeting_request_consent(requester, True)[0]
    assert "2019:1297" in meeting_request_consent(MeetingRequester.HEALTHCARE.value, False)[1]
