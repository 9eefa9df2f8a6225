"""FK's own coordinations: lists, follow-ups, the consent per actor (SFB 30 kap. 10 §), avstämningsmöten'
parties and checklist, and where the person stands in the rehabilitation chain."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import F, Prefetch, Q, QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.domain.errors import DomainError
from samverkan.domain.rehab import (
    DigitalMeetingChecklist,
    MeasureStatus,
    PlanTimelinessAssessment,
    RehabConsent,
    assess_first_plan,
    may_involve_actor,
    validate_digital_meeting_checklist,
)
from samverkan.domain.sick_leave_chain import Employment, SickLeaveInput, SickLeaveResult
from samverkan.domain.sick_leave_chain import assess as assess_sick_leave
from samverkan.people.models import Person
from samverkan.people.selectors import person_matches
from samverkan.rehab.actors import ACTOR_ORGANISATION_TYPES, PLAN_CATEGORY, NotAnActor, actor_for, party_code
from samverkan.rehab.models import FollowUpReminder, PlanMeasure, RehabCoordination, ReviewMeeting

# --- FK's own coordinations -------------------------------------------------------------------


#: A reminder is created this many days before a follow-up date.
REMINDER_DAYS_AHEAD = 7


OPEN_MEASURE_STATUSES = (MeasureStatus.PLANNED.value, MeasureStatus.ONGOING.value)


def coordinations_for(organisation: Organisation) -> QuerySet[RehabCoordination]:
    return RehabCoordination.objects.filter(case__organisation=organisation).select_related(
        "case", "case__subject", "case__unit", "case__responsible", "employer", "impulse_from"
    )


def coordination_list(
    *, organisation: Organisation, status: str | None = Case.Status.ACTIVE
) -> list[RehabCoordination]:
    qs = coordinations_for(organisation).prefetch_related(
        Prefetch("measures", queryset=PlanMeasure.objects.order_by("follow_up_on")),
        Prefetch("meetings", queryset=ReviewMeeting.objects.order_by("meeting_on")),
    )
    if status:
        qs = qs.filter(case__status=status)
    return list(qs.order_by("-application_date", "pk")[:500])


def coordination_search(
    *,
    organisation: Organisation,
    user: User,
    query: str = "",
    status: str = Case.Status.ACTIVE,
    whose: str = "all",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[RehabCoordination]:
    """FK's list of coordinations with its filters, newest first: the case's status, the official's own (the
    case's responsible) or the unit's, the day the application or impulse came in, and a search by the person
    (name or identity number in any accepted spelling) or the case reference."""
    found = coordinations_for(organisation).prefetch_related(
        Prefetch("measures", queryset=PlanMeasure.objects.order_by("follow_up_on")),
        Prefetch("meetings", queryset=ReviewMeeting.objects.order_by("meeting_on")),
    )
    if status:
        found = found.filter(case__status=status)
    if whose == "mine":
        found = found.filter(case__responsible=user)
    elif whose == "unit":
        found = found.filter(case__unit=user.unit)
    if since is not None:
        found = found.filter(application_date__gte=since)
    if until is not None:
        found = found.filter(application_date__lte=until)
    text = (query or "").strip()
    if text:
        found = found.filter(Q(case__reference__iexact=text) | person_matches(text, path="case__subject__"))
    return found.order_by("-application_date", "pk")


def active_coordination_of(*, organisation: Organisation, person: Person) -> RehabCoordination | None:
    return coordinations_for(organisation).filter(case__subject=person, case__status=Case.Status.ACTIVE).first()


def plan_timeliness(coordination: RehabCoordination, *, on: dt.date) -> PlanTimelinessAssessment:
    """Time from the start of sick leave or the application to the first plan, against "snarast"."""
    start = coordination.measured_from
    return assess_first_plan(start, first_plan_on=coordination.first_plan_on, on=max(on, start))


def is_overdue(measure: PlanMeasure, on: dt.date) -> bool:
    return measure.is_open and measure.follow_up_on is not None and measure.follow_up_on < on


def overdue_measures(
    *, organisation: Organisation, on: dt.date, responsible: User | None = None
) -> QuerySet[PlanMeasure]:
    qs = PlanMeasure.objects.filter(
        coordination__case__organisation=organisation,
        coordination__case__status=Case.Status.ACTIVE,
        status__in=OPEN_MEASURE_STATUSES,
        follow_up_on__lt=on,
    )
    if responsible is not None:
        qs = qs.filter(coordination__case__responsible=responsible)
    return qs.select_related("coordination__case__subject", "responsible").order_by("follow_up_on")


def reminders_for(*, user: User) -> QuerySet[FollowUpReminder]:
    return (
        FollowUpReminder.objects.filter(recipient=user, dismissed_at__isnull=True)
        .select_related("measure__coordination__case__subject", "measure__responsible")
        .order_by("due_on")
    )


def measures_due_for_reminder(*, on: dt.date, days_ahead: int = REMINDER_DAYS_AHEAD) -> QuerySet[PlanMeasure]:
    """Open measures of active coordinations with a follow-up within ``days_ahead`` days and no reminder yet."""
    return (
        PlanMeasure.objects.filter(
            coordination__case__status=Case.Status.ACTIVE,
            status__in=OPEN_MEASURE_STATUSES,
            follow_up_on__gte=on,
            follow_up_on__lte=on + dt.timedelta(days=days_ahead),
        )
        .exclude(reminders__due_on=F("follow_up_on"))
        .order_by("pk")
    )


def upcoming_meetings(*, organisation: Organisation, on: dt.date) -> QuerySet[ReviewMeeting]:
    return (
        ReviewMeeting.objects.filter(
            coordination__case__organisation=organisation, status=ReviewMeeting.Status.BOOKED, meeting_on__gte=on
        )
        .select_related("coordination__case__subject")
        .order_by("meeting_on", "starts_at")
    )


def requested_meetings(*, organisation: Organisation) -> QuerySet[ReviewMeeting]:
    return (
        ReviewMeeting.objects.filter(
            coordination__case__organisation=organisation, status=ReviewMeeting.Status.REQUESTED
        )
        .select_related("coordination__case__subject", "requesting_organisation")
        .order_by("requested_on")
    )


# --- Consent for each actor (SFB 30 kap. 10 §) ------------------------------------------------


def rehab_consent_rows(*, coordination: RehabCoordination) -> list[Consent]:
    """Every consent FK registered for this person that names the rehabilitation plan (any status but requested)."""
    rows = (
        Consent.objects.filter(person=coordination.case.subject, discloser=coordination.case.organisation)
        .exclude(status__in=[Consent.Status.REQUESTED, Consent.Status.REJECTED])
        .select_related("recipient")
        .order_by("recipient__name", "-valid_from", "-pk")
    )
    return [c for c in rows if PLAN_CATEGORY in (c.categories or [])]


def _as_rehab_consent(consent: Consent, actor_org: Organisation) -> RehabConsent | None:
    try:
        actor = actor_for(actor_org)
    except NotAnActor:
        return None
    return RehabConsent(
        actor=actor,
        recorded_by=consent.discloser.org_type,
        valid_from=consent.valid_from,
        valid_to=consent.valid_to,
        withdrawn_on=consent.withdrawn_on if consent.status == Consent.Status.WITHDRAWN else None,
        form=consent.form,
    )


def rehab_consents_for(*, coordination: RehabCoordination, recipient: Organisation) -> list[RehabConsent]:
    """The insured's consents, as the domain sees them, for FK to collaborate with ``recipient``."""
    found = []
    for consent in rehab_consent_rows(coordination=coordination):
        if consent.recipient_id != recipient.pk:
            continue
        record = _as_rehab_consent(consent, recipient)
        if record is not None:
            found.append(record)
    return found


def may_involve(*, coordination: RehabCoordination, organisation: Organisation, on: dt.date) -> tuple[bool, str]:
    """Whether FK may involve ``organisation`` in this person's rehabilitation on ``on``, and why (Swedish)."""
    if organisation.pk == coordination.case.organisation_id:
        return True, "Försäkringskassan samordnar rehabiliteringen."
    try:
        actor = actor_for(organisation)
    except NotAnActor as exc:
        return False, exc.message
    allowed, why = may_involve_actor(actor, rehab_consents_for(coordination=coordination, recipient=organisation), on)
    return allowed, f"{organisation.name}: {why}"


def actor_organisations() -> QuerySet[Organisation]:
    return Organisation.objects.filter(org_type__in=ACTOR_ORGANISATION_TYPES).order_by("org_type", "name")


@dataclass(frozen=True)
class ActorStanding:
    organisation: Organisation
    allowed: bool
    explanation: str
    consents: list[Consent]


def actor_standings(*, coordination: RehabCoordination, on: dt.date) -> list[ActorStanding]:
    """For each actor organisation that matters to this coordination: may FK involve it today, and why.

    Shown: every organisation with a registered consent, the person's employer, the vårdgivare that
    gave the impulse, and every organisation responsible for a measure or invited to a meeting.
    """
    consents = rehab_consent_rows(coordination=coordination)
    by_org: dict[int, list[Consent]] = defaultdict(list)
    for consent in consents:
        by_org[consent.recipient_id].append(consent)
    org_ids = set(by_org)
    for org_id in (coordination.employer_id, coordination.impulse_from_id):
        if org_id:
            org_ids.add(org_id)
    org_ids.update(coordination.measures.values_list("responsible_id", flat=True))
    org_ids.update(
        ReviewMeeting.objects.filter(coordination=coordination).values_list("participants__organisation_id", flat=True)
    )
    org_ids.discard(coordination.case.organisation_id)
    org_ids.discard(None)
    standings = []
    for org in Organisation.objects.filter(pk__in=org_ids).order_by("org_type", "name"):
        allowed, why = may_involve(coordination=coordination, organisation=org, on=on)
        standings.append(ActorStanding(org, allowed, why, by_org.get(org.pk, [])))
    return standings


# --- Avstämningsmöte --------------------------------------------------------------------------


def meeting_parties(meeting: ReviewMeeting) -> list[str]:
    """Party codes of the meeting: Försäkringskassan plus every invited organisation."""
    codes = ["fk"]
    for participant in meeting.participants.select_related("organisation"):
        code = party_code(participant.organisation)
        if code not in codes:
            codes.append(code)
    return codes


def meeting_checklist(meeting: ReviewMeeting) -> DigitalMeetingChecklist:
    """The checklist as stored on the meeting, against the meeting's current parties."""
    return DigitalMeetingChecklist(
        person_agreed=meeting.person_agreed,
        suits_person=meeting.suits_person,
        person_joins_from=meeting.person_joins_from or None,
        location_chosen_by_person=meeting.location_chosen_by_person,
        identity_checked_by=meeting.identity_checked_by or None,
        parties=tuple(meeting_parties(meeting)),
        private_room_confirmed_by=frozenset(meeting.private_room_confirmed_by or []),
        participants_reminded_no_secrets_in_chat_or_screen=meeting.reminded_no_secrets,
    )


def checklist_missing(meeting: ReviewMeeting) -> list[str]:
    """What is still missing before the meeting may be digital (empty: the checklist holds)."""
    if meeting.checklist_confirmed_at is None:
        items = validate_digital_meeting_checklist(meeting_checklist(meeting))
        return [i.text for i in items] or ["Checklistan är inte bekräftad."]
    return [i.text for i in validate_digital_meeting_checklist(meeting_checklist(meeting))]


# --- The rehabilitation chain -----------------------------------------------------------------


def sick_leave_chain_for(coordination: RehabCoordination, *, on: dt.date) -> SickLeaveResult | None:
    """Where the person stands in the rehabilitation chain today (SFB 27 kap. 46–49 §§, 30 kap. 6 §): the day of
    the sick period, what the work capacity is assessed against, and the next milestone. None without a known
    first day of sick leave, or before it. Without an employer the person is read as unemployed (assessed against
    the labour market from day 1); a self-employed person is not told apart here."""
    start = coordination.sick_leave_start
    if start is None or on < start:
        return None
    employment = Employment.EMPLOYED if coordination.has_employer else Employment.UNEMPLOYED
    try:
        return assess_sick_leave(SickLeaveInput(sick_leave_start=start, on=on, employment=employment))
    except DomainError:
        return None


#: How long before a step of the rehabilitation chain FK's official is reminded on the start page.
MILESTONE_NOTICE_DAYS = 14


@dataclass(frozen=True)
class MilestoneAhead:
    coordination: RehabCoordination
    chain: SickLeaveResult


def milestones_ahead(*, user: User, on: dt.date) -> list[MilestoneAhead]:
    """The official's active coordinations whose next step of the chain (day 91, 181 or 366) comes within
    :data:`MILESTONE_NOTICE_DAYS`: the reminder before each milestone (issue 18 point 4), soonest first."""
    organisation = user.organisation
    if organisation is None:
        return []
    found = []
    active = coordinations_for(organisation).filter(
        case__status=Case.Status.ACTIVE, case__responsible=user, sick_leave_start__isnull=False
    )
    for coordination in active:
        chain = sick_leave_chain_for(coordination, on=on)
        milestone = chain.next_milestone if chain is not None else None
        if chain is not None and milestone is not None and (milestone - on).days <= MILESTONE_NOTICE_DAYS:
            found.append(MilestoneAhead(coordination, chain))
    return sorted(found, key=lambda m: (m.chain.next_milestone or on, m.coordination.pk))
