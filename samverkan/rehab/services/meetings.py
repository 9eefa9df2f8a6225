"""Avstämningsmöten (SFB 110 kap. 14 § första stycket 4): request, participants, the digital checklist (seed 004),
booking, cancelling, minutes and the actions agreed at the meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now, today
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.domain.rehab import (
    SEED_004_SOURCE,
    DigitalMeetingChecklist,
    ReviewMeetingRequest,
    may_book_meeting,
    meeting_request_consent,
    reduction_allowed,
    reduction_benefit_allowed,
    review_meeting_problems,
    validate_digital_meeting_checklist,
)
from samverkan.domain.statutes import SFB_30_10, SFB_110_14, SFB_110_58
from samverkan.notifications import events as notification_events
from samverkan.rehab import selectors
from samverkan.rehab.access import HEALTHCARE_REHAB_ROLES
from samverkan.rehab.actors import NotAnActor, actor_for
from samverkan.rehab.models import AgreedAction, MeetingParticipant, PlanMeasure, RehabCoordination, ReviewMeeting
from samverkan.rehab.services.common import audit, domain_errors, require_active, require_fk_official
from samverkan.rehab.services.plan import measure_add

#: Besides FK: who asks for an avstämningsmöte at each organisation type (with the insured's consent).
_MEETING_REQUESTERS: dict[OrganisationType, tuple[Role, ...]] = {
    OrganisationType.HEALTHCARE: HEALTHCARE_REHAB_ROLES,
    OrganisationType.EMPLOYER: (Role.EMPLOYER_REPRESENTATIVE,),
    OrganisationType.SOCIAL_SERVICES: (Role.SOCIAL_WORKER, Role.UNIT_MANAGER),
}


@transaction.atomic
def meeting_request(
    *,
    coordination: RehabCoordination,
    requested_by: User,
    reason: str,
    patient_consented: bool = False,
    on: dt.date | None = None,
) -> ReviewMeeting:
    """Ask for an avstämningsmöte: FK itself, or vård (with the patient's consent and a reason, seed 004)."""
    on = on or today()
    organisation = requested_by.organisation
    if organisation is None:
        raise ValidationError("Ditt konto hör inte till någon organisation.")
    party: str
    if organisation.type is OrganisationType.FK:
        require_fk_official(requested_by, coordination)
        party = ReviewMeeting.RequestedBy.FK.value
    elif organisation.type in _MEETING_REQUESTERS:
        roles = _MEETING_REQUESTERS[organisation.type]
        if not requested_by.has_role(*roles):
            raise ValidationError("Din roll kan inte begära avstämningsmöte.")
        party = organisation.org_type
        allowed, why = meeting_request_consent(party, patient_consented)
        if not allowed:
            raise ValidationError({"patient_consented": why})
        may, why = selectors.may_involve(coordination=coordination, organisation=organisation, on=on)
        if not may:
            raise ValidationError(why)
    else:
        party = organisation.org_type  # refused by the rule below
    require_active(coordination)
    problems = review_meeting_problems(ReviewMeetingRequest(requested_by=party, reason=reason, requested_on=on))
    if problems:
        raise domain_errors(problems, {"requested_by": "__all__"})
    meeting = ReviewMeeting.objects.create(
        coordination=coordination,
        requested_by_party=party,
        requesting_organisation=organisation,
        requested_by=requested_by,
        reason=reason.strip(),
        requested_on=on,
    )
    audit(
        event="rehab.meeting_requested",
        actor=requested_by,
        coordination=coordination,
        basis=SFB_110_14.text + " första stycket 4",
        extra={"meeting": meeting.pk, "requested_by": party},
    )
    return meeting


def _require_meeting_editable(meeting: ReviewMeeting, user: User) -> None:
    require_fk_official(user, meeting.coordination)
    require_active(meeting.coordination)


@transaction.atomic
def meeting_add_participant(
    *,
    meeting: ReviewMeeting,
    added_by: User,
    organisation: Organisation,
    name: str = "",
    role: str = "",
    on: dt.date | None = None,
) -> MeetingParticipant:
    """Invite an organisation; anyone but FK needs the person's consent (SFB 30 kap. 10 §)."""
    _require_meeting_editable(meeting, added_by)
    on = on or today()
    if meeting.status != ReviewMeeting.Status.REQUESTED:
        raise ValidationError("Deltagarna kan bara ändras innan mötet är bokat.")
    allowed, why = selectors.may_involve(coordination=meeting.coordination, organisation=organisation, on=on)
    if not allowed:
        raise ValidationError({"organisation": why})
    if MeetingParticipant.objects.filter(meeting=meeting, organisation=organisation, name=name.strip()).exists():
        raise ValidationError({"organisation": f"{organisation.name} är redan inbjuden till mötet."})
    participant = MeetingParticipant.objects.create(
        meeting=meeting,
        organisation=organisation,
        name=name.strip(),
        role=role.strip(),
        added_by=added_by,
        added_at=now(),
    )
    if meeting.checklist_confirmed_at is not None:
        # A new party has not confirmed a private room: the checklist must be confirmed again.
        meeting.checklist_confirmed_at = None
        meeting.checklist_confirmed_by = None
        meeting.save(update_fields=["checklist_confirmed_at", "checklist_confirmed_by"])
    audit(
        event="rehab.meeting_participant_added",
        actor=added_by,
        coordination=meeting.coordination,
        recipient=organisation if organisation.pk != meeting.coordination.case.organisation_id else None,
        basis=SFB_30_10.text,
        extra={"meeting": meeting.pk, "organisation": organisation.code},
    )
    notification_events.meeting_invited(participant=participant, actor=added_by)
    return participant


@transaction.atomic
def meeting_remove_participant(*, participant: MeetingParticipant, removed_by: User) -> None:
    meeting = participant.meeting
    _require_meeting_editable(meeting, removed_by)
    if meeting.status != ReviewMeeting.Status.REQUESTED:
        raise ValidationError("Deltagarna kan bara ändras innan mötet är bokat.")
    code = participant.organisation.code
    participant.delete()
    audit(
        event="rehab.meeting_participant_removed",
        actor=removed_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk, "organisation": code},
    )


@transaction.atomic
def meeting_confirm_checklist(
    *,
    meeting: ReviewMeeting,
    confirmed_by: User,
    person_agreed: bool,
    suits_person: bool,
    person_joins_from: str,
    location_chosen_by_person: bool,
    identity_checked_by: str,
    private_room_confirmed_by: Sequence[str],
    reminded_no_secrets: bool,
) -> ReviewMeeting:
    """Confirm the digital meeting checklist of seed 004; nothing is stored while an item is missing."""
    _require_meeting_editable(meeting, confirmed_by)
    if meeting.status not in (ReviewMeeting.Status.REQUESTED, ReviewMeeting.Status.BOOKED):
        raise ValidationError("Mötet är redan genomfört eller inställt.")
    parties = selectors.meeting_parties(meeting)
    errors: dict[str, list[str]] = {}
    if person_joins_from and person_joins_from not in parties:
        errors.setdefault("person_joins_from", []).append("Personen kan bara delta hos en av mötets parter.")
    if identity_checked_by and identity_checked_by not in parties:
        errors.setdefault("identity_checked_by", []).append("Välj en av mötets parter.")
    if errors:
        raise ValidationError(errors)
    checklist = DigitalMeetingChecklist(
        person_agreed=person_agreed,
        suits_person=suits_person,
        person_joins_from=person_joins_from or None,
        location_chosen_by_person=location_chosen_by_person,
        identity_checked_by=identity_checked_by or None,
        parties=tuple(parties),
        private_room_confirmed_by=frozenset(p for p in private_room_confirmed_by if p in parties),
        participants_reminded_no_secrets_in_chat_or_screen=reminded_no_secrets,
    )
    missing = validate_digital_meeting_checklist(checklist)
    if missing:
        raise ValidationError([f"{item.text} ({SEED_004_SOURCE})" for item in missing])
    meeting.person_agreed = person_agreed
    meeting.suits_person = suits_person
    meeting.person_joins_from = person_joins_from
    meeting.location_chosen_by_person = location_chosen_by_person
    meeting.identity_checked_by = identity_checked_by
    meeting.private_room_confirmed_by = sorted(checklist.private_room_confirmed_by)
    meeting.reminded_no_secrets = reminded_no_secrets
    meeting.checklist_confirmed_by = confirmed_by
    meeting.checklist_confirmed_at = now()
    meeting.save()
    audit(
        event="rehab.meeting_checklist_confirmed",
        actor=confirmed_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk, "parties": parties, "person_joins_from": person_joins_from},
    )
    return meeting


#: What each step of a booking found wrong, per form field ("__all__" for the whole form).
_Errors = dict[str, list[str]]


def _booking_field_errors(errors: _Errors, *, mode: str, meeting_on: dt.date, location: str, on: dt.date) -> None:
    if mode not in ReviewMeeting.Mode.values:
        errors.setdefault("mode", []).append("Välj mötesform.")
    if meeting_on < on:
        errors.setdefault("meeting_on", []).append("Mötet kan inte bokas till en dag som redan har varit.")
    if mode == ReviewMeeting.Mode.ON_SITE and not location.strip():
        errors.setdefault("location", []).append("Ange var mötet hålls.")


def _participation_errors(
    errors: _Errors, meeting: ReviewMeeting, *, meeting_on: dt.date, mode: str, on: dt.date
) -> None:
    """Every invited actor needs the person's consent (SFB 30 kap. 10 §); a digital meeting needs the confirmed
    checklist (seed 004). The domain's :func:`may_book_meeting` decides; its reasons go to the field they concern."""
    coordination = meeting.coordination
    actors = []
    consents = []
    for participant in meeting.participants.select_related("organisation"):
        org = participant.organisation
        if org.pk == coordination.case.organisation_id:
            continue
        try:
            actors.append(actor_for(org))
        except NotAnActor as exc:
            errors.setdefault("__all__", []).append(exc.message)
            continue
        consents.extend(selectors.rehab_consents_for(coordination=coordination, recipient=org))
    digital = mode == ReviewMeeting.Mode.DIGITAL
    checklist = selectors.meeting_checklist(meeting)
    checklist_texts = {item.text for item in validate_digital_meeting_checklist(checklist)} if digital else set()
    decision = may_book_meeting(
        ReviewMeetingRequest(
            requested_by=meeting.requested_by_party,
            reason=meeting.reason,
            requested_on=meeting.requested_on,
            meeting_on=meeting_on,
            digital=digital,
            participants=tuple(dict.fromkeys(actors)),
        ),
        consents=consents,
        on=on,
        checklist=checklist,
    )
    if digital and (meeting.checklist_confirmed_at is None or checklist_texts):
        errors.setdefault("mode", []).append(
            "Ett digitalt avstämningsmöte kan bokas först när checklistan för digitala möten är bekräftad "
            f"({SEED_004_SOURCE}). Det som saknas:"
        )
        if meeting.checklist_confirmed_at is None and not checklist_texts:
            errors["mode"].append("Checklistan är inte bekräftad.")
    if not decision.allowed:
        for reason in decision.reasons:
            errors.setdefault("mode" if reason in checklist_texts else "__all__", []).append(reason)


def _reduction_errors(
    errors: _Errors,
    *,
    has_sgi: bool,
    reduction_possible: bool,
    reduced_benefit: str,
    non_attendance_notice_on: dt.date | None,
    meeting_on: dt.date,
    on: dt.date,
) -> None:
    """To reduce the benefit for non-attendance, the person must have been told so before the meeting
    (SFB 110 kap. 58 §), and the benefit must be one that may be reduced (110 kap. 57 §)."""
    if reduction_possible:
        # SFB 110 kap. 57 §: sjukersättning and aktivitetsersättning may be reduced without an SGI.
        try:
            benefit_ok, benefit_why = reduction_benefit_allowed(reduced_benefit or None, has_sgi=has_sgi)
        except InputError as exc:
            benefit_ok, benefit_why = False, exc.detail
        if not benefit_ok:
            errors.setdefault("reduced_benefit" if reduced_benefit else "reduction_possible", []).append(benefit_why)
        if non_attendance_notice_on is not None and non_attendance_notice_on > on:
            errors.setdefault("non_attendance_notice_on", []).append(
                "Upplysningen kan inte registreras innan den har getts."
            )
        else:
            allowed, why = reduction_allowed(non_attendance_notice_on, meeting_on)
            if not allowed:
                errors.setdefault("non_attendance_notice_on", []).append(why)
    elif non_attendance_notice_on is not None and non_attendance_notice_on > on:
        errors.setdefault("non_attendance_notice_on", []).append(
            "Upplysningen kan inte registreras innan den har getts."
        )


@transaction.atomic
def meeting_book(
    *,
    meeting: ReviewMeeting,
    booked_by: User,
    meeting_on: dt.date,
    starts_at: dt.time,
    mode: str,
    location: str = "",
    reduction_possible: bool = False,
    non_attendance_notice_on: dt.date | None = None,
    reduced_benefit: str = "",
    on: dt.date | None = None,
) -> ReviewMeeting:
    """Book (or move) the avstämningsmöte.

    Every invited actor needs consent (SFB 30 kap. 10 §); a digital meeting needs the confirmed
    checklist (seed 004); if FK wants to be able to reduce the benefit for non-attendance, the notice
    telling the person so must be recorded before the meeting (SFB 110 kap. 58 §).
    """
    _require_meeting_editable(meeting, booked_by)
    on = on or today()
    if meeting.status not in (ReviewMeeting.Status.REQUESTED, ReviewMeeting.Status.BOOKED):
        raise ValidationError("Mötet är redan genomfört eller inställt.")
    coordination = meeting.coordination
    errors: _Errors = {}
    _booking_field_errors(errors, mode=mode, meeting_on=meeting_on, location=location, on=on)
    _participation_errors(errors, meeting, meeting_on=meeting_on, mode=mode, on=on)
    _reduction_errors(
        errors,
        has_sgi=coordination.has_sgi,
        reduction_possible=reduction_possible,
        reduced_benefit=reduced_benefit,
        non_attendance_notice_on=non_attendance_notice_on,
        meeting_on=meeting_on,
        on=on,
    )
    if errors:
        # One list per field, without repeating the same text.
        raise ValidationError({k: list(dict.fromkeys(v)) for k, v in errors.items()})
    rebooked = meeting.status == ReviewMeeting.Status.BOOKED
    meeting.meeting_on = meeting_on
    meeting.starts_at = starts_at
    meeting.mode = mode
    meeting.location = location.strip()
    meeting.reduction_possible = reduction_possible
    meeting.non_attendance_notice_on = non_attendance_notice_on
    meeting.status = ReviewMeeting.Status.BOOKED
    meeting.booked_by = booked_by
    meeting.booked_at = now()
    meeting.save()
    audit(
        event="rehab.meeting_booked",
        actor=booked_by,
        coordination=coordination,
        basis=SFB_110_14.text + " första stycket 4" + (f"; {SFB_110_58.text}" if reduction_possible else ""),
        extra={
            "meeting": meeting.pk,
            "meeting_on": meeting_on.isoformat(),
            "mode": mode,
            "rebooked": rebooked,
            "parties": selectors.meeting_parties(meeting),
            "reduced_benefit": (reduced_benefit or None) if reduction_possible else None,
        },
    )
    if rebooked:  # a sent kallelse is replaced by a new one (issue 21.4)
        from samverkan.rehab.summons import summons_follow_meeting

        summons_follow_meeting(meeting=meeting, changed_by=booked_by)
    notification_events.meeting_booked(meeting=meeting, moved=rebooked, actor=booked_by)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: ReviewMeeting, cancelled_by: User, reason: str) -> ReviewMeeting:
    _require_meeting_editable(meeting, cancelled_by)
    if not meeting.is_open:
        raise ValidationError("Mötet är redan genomfört eller inställt.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange varför mötet ställs in."})
    meeting.status = ReviewMeeting.Status.CANCELLED
    meeting.minutes = f"Inställt: {reason.strip()}"
    meeting.save(update_fields=["status", "minutes"])
    audit(
        event="rehab.meeting_cancelled",
        actor=cancelled_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk},
    )
    from samverkan.rehab.summons import summons_follow_meeting  # a sent kallelse is cancelled (issue 21.4)

    summons_follow_meeting(meeting=meeting, changed_by=cancelled_by)
    notification_events.meeting_cancelled(meeting=meeting, actor=cancelled_by)
    return meeting


@transaction.atomic
def meeting_record_minutes(
    *, meeting: ReviewMeeting, recorded_by: User, minutes: str, person_attended: bool, on: dt.date | None = None
) -> ReviewMeeting:
    """Record what was said and agreed; the meeting is then held."""
    _require_meeting_editable(meeting, recorded_by)
    on = on or today()
    if meeting.status not in (ReviewMeeting.Status.BOOKED, ReviewMeeting.Status.HELD):
        raise ValidationError("Anteckningar förs för ett bokat möte.")
    if meeting.meeting_on is None or meeting.meeting_on > on:
        raise ValidationError("Anteckningar kan föras först när mötet har hållits.")
    if not minutes.strip():
        raise ValidationError({"minutes": "Skriv anteckningar från mötet."})
    meeting.minutes = minutes.strip()
    meeting.person_attended = person_attended
    meeting.status = ReviewMeeting.Status.HELD
    meeting.save(update_fields=["minutes", "person_attended", "status"])
    audit(
        event="rehab.meeting_minutes_recorded",
        actor=recorded_by,
        coordination=meeting.coordination,
        categories=["review_meeting_minutes"],
        extra={"meeting": meeting.pk, "person_attended": person_attended},
    )
    return meeting


@transaction.atomic
def agreed_action_add(
    *,
    meeting: ReviewMeeting,
    added_by: User,
    description: str,
    kind: str,
    responsible: Organisation | None = None,
    due_on: dt.date | None = None,
) -> AgreedAction:
    _require_meeting_editable(meeting, added_by)
    if meeting.status != ReviewMeeting.Status.HELD:
        raise ValidationError("Överenskomna åtgärder förs in när mötets anteckningar är förda.")
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors.setdefault("description", []).append("Beskriv åtgärden.")
    if kind not in PlanMeasure.Kind.values:
        errors.setdefault("kind", []).append("Välj slag av insats.")
    if errors:
        raise ValidationError(errors)
    action = AgreedAction.objects.create(
        meeting=meeting,
        description=description.strip(),
        kind=kind,
        responsible=responsible,
        due_on=due_on,
        created_by=added_by,
        created_at=now(),
    )
    audit(
        event="rehab.meeting_action_agreed",
        actor=added_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk, "action": action.pk},
    )
    return action


@transaction.atomic
def agreed_action_to_measure(
    *,
    action: AgreedAction,
    converted_by: User,
    need_area: str,
    responsible: Organisation,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    on: dt.date | None = None,
) -> PlanMeasure:
    """Feed an action agreed at the meeting into the plan as a measure (with every rule of a measure)."""
    if action.measure_id is not None:
        raise ValidationError("Åtgärden finns redan som insats i planen.")
    measure = measure_add(
        coordination=action.meeting.coordination,
        added_by=converted_by,
        description=action.description,
        kind=action.kind,
        need_area=need_area,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        follow_up_on=follow_up_on,
        on=on,
    )
    action.measure = measure
    action.save(update_fields=["measure"])
    return measure
