"""Avstämningsmöten: reason, participants with consent, the digital checklist (seed 004), the notice
before a reduction for non-attendance (SFB 110 kap. 58 §), minutes feeding the plan."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.core.clock import today
from samverkan.rehab import services
from samverkan.rehab.models import MeetingParticipant, RehabCoordination, ReviewMeeting
from samverkan.rehab.selectors import may_involve
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db

FULL_CHECKLIST: dict[str, Any] = {
    "person_agreed": True,
    "suits_person": True,
    "person_joins_from": "healthcare",
    "location_chosen_by_person": True,
    "identity_checked_by": "healthcare",
    "private_room_confirmed_by": ["fk", "af", "healthcare"],
    "reminded_no_secrets": True,
}


def _meeting(rehab: Rehab, coordination: RehabCoordination) -> ReviewMeeting:
    return services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Stämma av planen")


def _with_af_and_vard(rehab: Rehab, **open_kwargs: Any) -> tuple[RehabCoordination, ReviewMeeting]:
    coordination = rehab.open(**open_kwargs)
    rehab.consent(coordination, rehab.af)
    rehab.consent(coordination, rehab.region)
    meeting = _meeting(rehab, coordination)
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.af, name="Ali Karimi")
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.region)
    return coordination, meeting


def _book(rehab: Rehab, meeting: ReviewMeeting, **overrides: Any) -> ReviewMeeting:
    values: dict[str, Any] = {
        "meeting": meeting,
        "booked_by": rehab.fk_user,
        "meeting_on": today() + dt.timedelta(days=7),
        "starts_at": dt.time(10, 0),
        "mode": "digital",
    }
    values.update(overrides)
    return services.meeting_book(**values)


def test_a_request_always_states_why(rehab: Rehab) -> None:
    coordination = rehab.open()
    with pytest.raises(ValidationError) as exc:
        services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="  ")
    assert "varför" in " ".join(exc.value.message_dict["reason"])
    assert not coordination.meetings.exists()


def test_inviting_the_employer_without_consent_is_refused_with_the_reason(rehab: Rehab) -> None:
    coordination = rehab.open()
    meeting = _meeting(rehab, coordination)
    with pytest.raises(ValidationError) as exc:
        services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.employer)
    message = " ".join(exc.value.message_dict["organisation"])
    assert "arbetsgivaren" in message and "samtycke" in message and "30 kap. 10 §" in message
    assert not MeetingParticipant.objects.filter(meeting=meeting).exists()


def test_a_digital_meeting_is_refused_until_the_checklist_is_confirmed(rehab: Rehab) -> None:
    _coordination, meeting = _with_af_and_vard(rehab)
    with pytest.raises(ValidationError) as exc:
        _book(rehab, meeting)
    message = " ".join(exc.value.message_dict["mode"])
    assert "checklistan" in message and "enskilt rum" in message and "chatten" in message
    meeting.refresh_from_db()
    assert meeting.status == "requested" and meeting.meeting_on is None
    services.meeting_confirm_checklist(meeting=meeting, confirmed_by=rehab.fk_user, **FULL_CHECKLIST)
    booked = _book(rehab, meeting)
    assert booked.status == "booked" and booked.mode == "digital"


def test_an_incomplete_checklist_names_what_is_missing_and_stores_nothing(rehab: Rehab) -> None:
    _coordination, meeting = _with_af_and_vard(rehab)
    incomplete = {**FULL_CHECKLIST, "identity_checked_by": "fk", "private_room_confirmed_by": ["fk", "af"]}
    with pytest.raises(ValidationError) as exc:
        services.meeting_confirm_checklist(meeting=meeting, confirmed_by=rehab.fk_user, **incomplete)
    text = " ".join(exc.value.messages)
    assert "legitimation" in text and "Hälso- och sjukvården har inte bekräftat" in text
    meeting.refresh_from_db()
    assert meeting.checklist_confirmed_at is None and meeting.private_room_confirmed_by == []


def test_a_new_party_after_the_checklist_needs_the_checklist_again(rehab: Rehab) -> None:
    coordination = rehab.open()
    rehab.consent(coordination, rehab.af)
    rehab.consent(coordination, rehab.region)
    meeting = _meeting(rehab, coordination)
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.af)
    services.meeting_confirm_checklist(
        meeting=meeting,
        confirmed_by=rehab.fk_user,
        **{
            **FULL_CHECKLIST,
            "person_joins_from": "af",
            "identity_checked_by": "af",
            "private_room_confirmed_by": ["fk", "af"],
        },
    )
    services.meeting_add_participant(meeting=meeting, added_by=rehab.fk_user, organisation=rehab.region)
    meeting.refresh_from_db()
    assert meeting.checklist_confirmed_at is None
    with pytest.raises(ValidationError):
        _book(rehab, meeting)


def test_an_on_site_meeting_needs_no_checklist_but_a_place(rehab: Rehab) -> None:
    _coordination, meeting = _with_af_and_vard(rehab)
    with pytest.raises(ValidationError) as exc:
        _book(rehab, meeting, mode="on_site")
    assert "location" in exc.value.message_dict
    assert _book(rehab, meeting, mode="on_site", location="Försäkringskassan, Kungsgatan 12").status == "booked"


def test_a_reduction_for_non_attendance_needs_the_notice_before_the_meeting(rehab: Rehab) -> None:
    coordination = rehab.open(has_sgi=True)
    meeting = _meeting(rehab, coordination)
    meeting_on = today() + dt.timedelta(days=7)
    with pytest.raises(ValidationError) as exc:
        _book(rehab, meeting, mode="on_site", location="FK", meeting_on=meeting_on, reduction_possible=True)
    assert "110 kap. 58 §" in " ".join(exc.value.message_dict["non_attendance_notice_on"])
    with pytest.raises(ValidationError) as exc:
        _book(
            rehab,
            meeting,
            mode="on_site",
            location="FK",
            meeting_on=today(),
            reduction_possible=True,
            non_attendance_notice_on=today(),
        )
    assert "inte före mötet" in " ".join(exc.value.message_dict["non_attendance_notice_on"])
    booked = _book(
        rehab,
        meeting,
        mode="on_site",
        location="FK",
        meeting_on=meeting_on,
        reduction_possible=True,
        non_attendance_notice_on=today(),
    )
    assert booked.reduction_possible and booked.non_attendance_notice_on == today()


def test_no_reduction_is_possible_without_sgi(rehab: Rehab) -> None:
    coordination = rehab.open(has_sgi=False)
    meeting = _meeting(rehab, coordination)
    with pytest.raises(ValidationError) as exc:
        _book(rehab, meeting, mode="on_site", location="FK", reduction_possible=True, non_attendance_notice_on=today())
    assert "SGI" in " ".join(exc.value.message_dict["reduction_possible"])


def test_minutes_and_agreed_actions_feed_the_plan(rehab: Rehab) -> None:
    coordination, meeting = _with_af_and_vard(rehab)
    services.meeting_confirm_checklist(meeting=meeting, confirmed_by=rehab.fk_user, **FULL_CHECKLIST)
    _book(rehab, meeting, meeting_on=today())
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(meeting=meeting, recorded_by=rehab.fk_user, minutes="", person_attended=True)
    services.meeting_record_minutes(
        meeting=meeting, recorded_by=rehab.fk_user, minutes="Personen vill prova arbetsträning.", person_attended=True
    )
    action = services.agreed_action_add(
        meeting=meeting,
        added_by=rehab.fk_user,
        description="Arbetsträning 25 %",
        kind="vocational",
        responsible=rehab.af,
    )
    measure = services.agreed_action_to_measure(
        action=action, converted_by=rehab.fk_user, need_area="work", responsible=rehab.af, starts_on=today()
    )
    action.refresh_from_db()
    assert action.measure == measure and measure.coordination == coordination
    assert measure.description == "Arbetsträning 25 %"
    with pytest.raises(ValidationError):
        services.agreed_action_to_measure(
            action=action, converted_by=rehab.fk_user, need_area="work", responsible=rehab.af, starts_on=today()
        )


def test_minutes_only_after_the_meeting(rehab: Rehab) -> None:
    _coordination, meeting = _with_af_and_vard(rehab)
    _book(rehab, meeting, mode="on_site", location="FK")
    with pytest.raises(ValidationError) as exc:
        services.meeting_record_minutes(meeting=meeting, recorded_by=rehab.fk_user, minutes="x", person_attended=True)
    assert "hållits" in str(exc.value)


def test_vard_asks_for_a_meeting_only_with_the_patients_consent_and_a_reason(rehab: Rehab, user_named: Any) -> None:
    helena = user_named("helena.strom")
    coordination = rehab.open()
    with pytest.raises(ValidationError) as exc:
        services.meeting_request(
            coordination=coordination, requested_by=helena, reason="Behov", patient_consented=False
        )
    assert "2019:1297" in " ".join(exc.value.message_dict["patient_consented"])
    with pytest.raises(ValidationError) as exc:
        services.meeting_request(coordination=coordination, requested_by=helena, reason="Behov", patient_consented=True)
    assert "30 kap. 10 §" in str(exc.value)
    rehab.consent(coordination, rehab.region)
    with pytest.raises(ValidationError):
        services.meeting_request(coordination=coordination, requested_by=helena, reason="", patient_consented=True)
    meeting = services.meeting_request(
        coordination=coordination, requested_by=helena, reason="Patienten behöver stöd", patient_consented=True
    )
    assert meeting.requested_by_party == "healthcare" and meeting.requesting_organisation == rehab.region


def test_other_actors_cannot_ask_for_an_avstamningsmote(rehab: Rehab, user_named: Any) -> None:
    coordination = rehab.open()
    with pytest.raises(ValidationError):
        services.meeting_request(coordination=coordination, requested_by=user_named("ali.karimi"), reason="Behov")
    assert not coordination.meetings.exists()


def test_the_employer_and_socialtjansten_ask_for_a_meeting_on_the_insureds_consent(
    rehab: Rehab, user_named: Any
) -> None:
    """Issue 18.6: one rule for every path (SFB 30 kap. 10 §) — the employer and socialtjänsten may ask FK for an
    avstämningsmöte too, each only with the insured's consent, registered at FK for that actor."""
    coordination = rehab.open()
    for username, organisation in (("karin.olsson", rehab.employer), ("sara.lind", rehab.social)):
        asker = user_named(username)
        with pytest.raises(ValidationError) as exc:
            services.meeting_request(coordination=coordination, requested_by=asker, reason="Behov")
        assert "30 kap. 10 §" in " ".join(exc.value.message_dict["patient_consented"])
        allowed, _why = may_involve(coordination=coordination, organisation=organisation, on=today())
        if not allowed:  # the consent said, but not registered at FK for this actor: FK may not involve it
            with pytest.raises(ValidationError):
                services.meeting_request(
                    coordination=coordination, requested_by=asker, reason="Behov", patient_consented=True
                )
        rehab.consent(coordination, organisation)
        meeting = services.meeting_request(
            coordination=coordination, requested_by=asker, reason="Återgång i arbete", patient_consented=True
        )
        assert meeting.requested_by_party == organisation.org_type
