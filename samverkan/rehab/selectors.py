"""Reads for rehabilitation coordination, always scoped to the official's organisation.

FK reads its own coordinations directly. Every other actor (vård, Arbetsförmedlingen,
arbetsgivare, socialtjänst) reads FK's plan only through the secrecy gate
(:func:`rehab_plan_for_actor`, asked on purpose with a POST; pages show the last answer,
:func:`rehab_plan_last_asked`): the gate decides on the
insured's consent registered by FK (SFB 30 kap. 10 §, OSL 12 kap. 2 §), logs the request,
and only the released categories are shown — and of the plan only the measures and
meetings the actor itself takes part in.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from statistics import median
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.domain.errors import DomainError
from samverkan.domain.organisations import CaseType, OrganisationType
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
from samverkan.rehab.actors import (
    ACTOR_ORGANISATION_TYPES,
    MINUTES_CATEGORY,
    PLAN_CATEGORY,
    NotAnActor,
    actor_for,
    party_code,
)
from samverkan.rehab.models import (
    CareCoordinationStatus,
    FollowUpReminder,
    PlanMeasure,
    RehabCoordination,
    ReviewMeeting,
)

#: A reminder is created this many days before a follow-up date.
REMINDER_DAYS_AHEAD = 7

OPEN_MEASURE_STATUSES = (MeasureStatus.PLANNED.value, MeasureStatus.ONGOING.value)

GATE_PURPOSE = "Samordning av rehabiliteringsinsatser (30 kap. 10 § socialförsäkringsbalken)"


# --- FK's own coordinations ------------------------------------------------------------------------


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


# --- Consent for each actor (SFB 30 kap. 10 §) ---------------------------------------------------


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


# --- Avstämningsmöte ----------------------------------------------------------------------------


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


# --- Through the gate: what an actor may see ------------------------------------------------------


@dataclass
class ActorMeeting:
    meeting_on: dt.date | None
    starts_at: dt.time | None
    mode: str
    status: str
    location: str
    parties: list[str]
    minutes: str | None


@dataclass
class ActorMeasure:
    description: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date | None
    follow_up_on: dt.date | None
    status: str
    overdue: bool


@dataclass
class ActorCoordination:
    coordination_id: int
    reference: str
    status: str
    is_active: bool
    fk_official: str
    fk_unit_phone: str
    plan_agreed_on: dt.date | None
    measures: list[ActorMeasure] = field(default_factory=list)
    meetings: list[ActorMeeting] = field(default_factory=list)

    @property
    def upcoming_meetings(self) -> list[ActorMeeting]:
        return [m for m in self.meetings if m.status == ReviewMeeting.Status.BOOKED.label]


@dataclass
class ActorPlanView:
    """What the gate let through for one actor about one person."""

    asked: bool
    released: frozenset[str]
    explanations: dict[str, str]
    outcomes: dict[str, str]
    coordinations: list[ActorCoordination]
    request_id: int | None = None
    #: What the gate stored as released, per category (``DisclosureDecision.shown_values``): what pages show.
    facts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    asked_at: dt.datetime | None = None

    @property
    def plan_released(self) -> bool:
        return PLAN_CATEGORY in self.released

    @property
    def shown(self) -> list[dict[str, Any]]:
        """Every released fact, the plan's first."""
        return [fact for code in (PLAN_CATEGORY, MINUTES_CATEGORY) for fact in self.facts.get(code, [])]

    def _facts(self, kind: str) -> list[dict[str, Any]]:
        return [fact for fact in self.facts.get(PLAN_CATEGORY, []) if fact.get("kind") == kind]

    @property
    def coordination_facts(self) -> list[dict[str, Any]]:
        return self._facts("coordination")

    @property
    def upcoming_meeting_facts(self) -> list[dict[str, Any]]:
        return [fact for fact in self._facts("meeting") if fact.get("upcoming")]

    @property
    def overdue(self) -> bool:
        return any(fact.get("overdue") for fact in self._facts("measure"))


def plan_view_of(stored: Any) -> ActorPlanView:
    """The view of a request already made (a ``DisclosureRequest`` with its decisions): nothing is asked again."""
    from samverkan.disclosures.services import gate_result_of

    result = gate_result_of(stored)
    rows = {row.category: row for row in stored.decisions.all()}
    outcomes = {code: str(row.effective_outcome) for code, row in rows.items()}
    released = frozenset(code for code, outcome in outcomes.items() if outcome == "released")
    return ActorPlanView(
        asked=True,
        released=released,
        explanations={code: result.basis_text(code) for code in rows if code in result.decisions},
        outcomes=outcomes,
        coordinations=[],
        request_id=stored.pk,
        facts={code: row.shown_values for code, row in rows.items()},
        asked_at=stored.created_at,
    )


def rehab_plans_last_asked(*, organisation: Organisation, person_ids: Iterable[int]) -> dict[int, ActorPlanView]:
    """Per person: the last answer Försäkringskassan's gate gave ``organisation`` about the plan (no new request)."""
    from samverkan.disclosures.selectors import last_requests_for

    found = last_requests_for(
        recipient=organisation,
        person_ids=person_ids,
        discloser_type=OrganisationType.FK.value,
        category=PLAN_CATEGORY,
    )
    return {person_id: plan_view_of(stored) for person_id, stored in found.items()}


def rehab_plan_last_asked(*, organisation: Organisation, person: Person) -> ActorPlanView:
    """The last answer about ``person``'s plan, or a view saying nothing was asked yet (a GET never asks)."""
    found = rehab_plans_last_asked(organisation=organisation, person_ids=[person.pk])
    return found.get(person.pk) or ActorPlanView(False, frozenset(), {}, {}, [])


def coordination_released_to(*, organisation: Organisation, person: Person, coordination_id: int) -> RehabCoordination:
    """FK's coordination ``coordination_id``, only when the gate's last answer to ``organisation`` named it open.

    What vård may refer to (asking for an avstämningsmöte) is what the gate released to it; any other id is 404.
    """
    from django.http import Http404

    view = rehab_plan_last_asked(organisation=organisation, person=person)
    if not any(f.get("coordination_id") == coordination_id and f.get("active") for f in view.coordination_facts):
        raise Http404("Ingen sådan samordning har lämnats ut till er.")
    return RehabCoordination.objects.select_related("case").get(pk=coordination_id, case__subject=person)


def _fk_organisation_for(person: Person) -> Organisation | None:
    """The FK organisation holding the person's coordination (the one FK organisation otherwise)."""
    coordination = (
        RehabCoordination.objects.filter(case__subject=person)
        .select_related("case__organisation")
        .order_by("-pk")
        .first()
    )
    if coordination is not None:
        return coordination.case.organisation
    return Organisation.objects.filter(org_type=OrganisationType.FK.value).order_by("pk").first()


def _actor_parts(
    *, coordinations: Iterable[RehabCoordination], organisation: Organisation, on: dt.date, with_minutes: bool
) -> list[ActorCoordination]:
    result = []
    for coordination in coordinations:
        measures = [
            ActorMeasure(
                description=m.description,
                kind=m.get_kind_display(),
                starts_on=m.starts_on,
                ends_on=m.ends_on,
                follow_up_on=m.follow_up_on,
                status=m.get_status_display(),
                overdue=is_overdue(m, on),
            )
            for m in coordination.measures.filter(responsible=organisation).order_by("starts_on", "pk")
        ]
        meetings = []
        for meeting in (
            coordination.meetings.filter(
                Q(participants__organisation=organisation) | Q(requesting_organisation=organisation)
            )
            .exclude(status=ReviewMeeting.Status.CANCELLED)
            .distinct()
            .order_by("meeting_on", "pk")
        ):
            parties = [str(p.organisation) for p in meeting.participants.select_related("organisation")]
            meetings.append(
                ActorMeeting(
                    meeting_on=meeting.meeting_on,
                    starts_at=meeting.starts_at,
                    mode=meeting.get_mode_display() if meeting.mode else "",
                    status=meeting.get_status_display(),
                    location=meeting.location,
                    parties=["Försäkringskassan", *parties],
                    minutes=meeting.minutes if with_minutes and meeting.status == ReviewMeeting.Status.HELD else None,
                )
            )
        if not measures and not meetings:
            continue
        case = coordination.case
        result.append(
            ActorCoordination(
                coordination_id=coordination.pk,
                reference=case.reference,
                status=case.get_status_display(),
                is_active=case.is_active,
                fk_official=str(case.responsible) if case.responsible else "Ingen utsedd",
                fk_unit_phone=case.unit.phone,
                plan_agreed_on=coordination.plan_agreed_on,
                measures=measures,
                meetings=meetings,
            )
        )
    return result


def actor_plan_parts(
    *, discloser: Organisation, person: Person, organisation: Organisation, on: dt.date, with_minutes: bool
) -> list[ActorCoordination]:
    """Of ``discloser``'s coordinations for ``person``: the measures ``organisation`` is responsible for and the
    meetings it takes part in (or asked for), with the minutes of held meetings only when ``with_minutes``.

    Call only after the gate released the plan to ``organisation``: this is what it is shown, and what the
    gate stores as the released values (``samverkan.rehab.hooks``).
    """
    coordinations = (
        RehabCoordination.objects.filter(case__organisation=discloser, case__subject=person)
        .select_related("case__responsible", "case__unit")
        .order_by("-application_date")
    )
    return _actor_parts(coordinations=coordinations, organisation=organisation, on=on, with_minutes=with_minutes)


def rehab_plan_for_actor(
    *,
    requester: User,
    person: Person,
    case: Case | None,
    on: dt.date,
    purpose: str = GATE_PURPOSE,
    categories: Sequence[str] = (PLAN_CATEGORY, MINUTES_CATEGORY),
) -> ActorPlanView:
    """Ask the gate for the person's rehabilitation plan at FK, as ``requester``'s organisation.

    Only for a request the official makes on purpose (a POST: "Hämta planen"): the gate stores and audits
    the request, and the person sees it in "Vem har sett". Pages (GET) show the last answer instead
    (:func:`rehab_plan_last_asked`). Shown afterwards: only the released categories and, of
    the plan, only the measures the requester's organisation is responsible for and the meetings it
    takes part in (or asked for).
    """
    from samverkan.disclosures.services import disclosure_request

    organisation = requester.organisation
    assert organisation is not None
    discloser = _fk_organisation_for(person)
    if discloser is None or discloser.pk == organisation.pk:
        return ActorPlanView(False, frozenset(), {}, {}, [])
    result = disclosure_request(
        requester=requester,
        discloser=discloser,
        person=person,
        case=case,
        categories=list(categories),
        purpose=purpose,
        on=on,
    )
    released = frozenset(result.released)
    explanations = {c: result.basis_text(c) for c in categories}
    outcomes = {
        c: ("released" if c in result.released else "review" if c in result.review else "denied") for c in categories
    }
    parts: list[ActorCoordination] = []
    if PLAN_CATEGORY in released:
        parts = actor_plan_parts(
            discloser=discloser,
            person=person,
            organisation=organisation,
            on=on,
            with_minutes=MINUTES_CATEGORY in released,
        )
    stored = getattr(result, "request", None)
    facts: dict[str, list[dict[str, Any]]] = {}
    if stored is not None and getattr(stored, "pk", None) is not None:
        facts = {row.category: row.shown_values for row in stored.decisions.all()}
    return ActorPlanView(
        True,
        released,
        explanations,
        outcomes,
        parts,
        getattr(stored, "pk", None),
        facts=facts,
        asked_at=getattr(stored, "created_at", None),
    )


# --- Vård's overview (Rehabstöd) ------------------------------------------------------------------


@dataclass
class PatientRow:
    case: Case
    care_status: str
    care_status_label: str
    fk: ActorPlanView | None
    open_questions: int | None

    @property
    def upcoming_meetings(self) -> list[dict[str, Any]]:
        return [] if self.fk is None else self.fk.upcoming_meeting_facts

    @property
    def fk_coordination(self) -> dict[str, Any] | None:
        facts = [] if self.fk is None else self.fk.coordination_facts
        return facts[0] if facts else None

    @property
    def overdue(self) -> bool:
        return self.fk is not None and self.fk.overdue


def sick_leave_cases_for_unit(*, organisation: Organisation, unit_id: int | None) -> QuerySet[Case]:
    qs = Case.objects.filter(
        organisation=organisation, case_type=CaseType.SICK_LEAVE.value, status=Case.Status.ACTIVE
    ).select_related("subject", "unit", "responsible")
    if unit_id is not None:
        qs = qs.filter(unit_id=unit_id)
    return qs.order_by("subject__last_name", "subject__first_name", "pk")


def open_questions_counts(*, organisation: Organisation, cases: Sequence[Case]) -> dict[int, int] | None:
    """Open administrative questions sent from each sick-leave case to Försäkringskassan (None: no messaging app).

    Read through the messaging app's own selector (the questions the organisation sent or received).
    """
    try:
        from samverkan.messaging.models import AdminQuestion
        from samverkan.messaging.selectors import questions_for_organisation
    except ImportError:  # pragma: no cover - the messaging app is part of the project
        return None
    counts: dict[int, int] = defaultdict(int)
    rows = (
        questions_for_organisation(organisation)
        .filter(
            sender_organisation=organisation,
            sender_case__in=[c.pk for c in cases],
            recipient_organisation__org_type=OrganisationType.FK.value,
            status=AdminQuestion.Status.OPEN,
        )
        .values_list("sender_case_id", flat=True)
    )
    for case_id in rows:
        counts[case_id] += 1
    return dict(counts)


def healthcare_overview(*, user: User, on: dt.date) -> list[PatientRow]:
    """The rehab coordinator's unit: sick-listed patients, own status, and FK's side as the gate last answered it.

    Nothing is asked here (a GET never writes to the gate or the audit log): the coordinator asks for a
    patient's plan on the patient's page ("Hämta planen"), and the overview shows that answer.
    """
    organisation = user.organisation
    assert organisation is not None
    cases = list(sick_leave_cases_for_unit(organisation=organisation, unit_id=user.unit_id))
    statuses = {s.case_id: s for s in CareCoordinationStatus.objects.filter(case__in=cases)}
    # The last answers the gate gave this organisation (one read): the overview never asks the gate itself.
    answers = rehab_plans_last_asked(organisation=organisation, person_ids=[c.subject_id for c in cases])
    questions = open_questions_counts(organisation=organisation, cases=cases)
    rows = []
    for case in cases:
        status = statuses.get(case.pk)
        fk = answers.get(case.subject_id)
        code = status.status if status else CareCoordinationStatus.Status.NONE
        rows.append(
            PatientRow(
                case=case,
                care_status=code,
                care_status_label=CareCoordinationStatus.Status(code).label,
                fk=fk,
                open_questions=None if questions is None else questions.get(case.pk, 0),
            )
        )
    return rows


def healthcare_case(*, organisation: Organisation, case_id: int) -> Case:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Case.objects.for_organisation(organisation)
        .filter(case_type=CaseType.SICK_LEAVE.value)
        .select_related("subject"),
        pk=case_id,
    )


# --- Statistics ------------------------------------------------------------------------------------


@dataclass
class StatisticsRow:
    unit: str
    month: str
    sick_leave_cases: int
    with_meeting: int
    coordinations: int
    plans: int
    days_to_first_plan_mean: float | None
    days_to_first_plan_median: float | None

    @property
    def share_with_meeting(self) -> float | None:
        return None if not self.sick_leave_cases else self.with_meeting / self.sick_leave_cases

    @property
    def share_percent(self) -> int | None:
        share = self.share_with_meeting
        return None if share is None else round(share * 100)


def _month(day: dt.date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def rehab_statistics(*, since: dt.date | None = None) -> list[StatisticsRow]:
    """Per FK unit and month: sick-leave cases (sjukpenningärenden) and the share with an avstämningsmöte,
    and days from the start to the first plan in the coordinations started that month.

    Aggregated only: no person is named. A sick-leave case counts as having a meeting when the same
    person has a booked or held avstämningsmöte in a coordination at the same FK organisation.
    """
    sickness = Case.objects.filter(case_type=CaseType.SICKNESS.value, organisation__org_type=OrganisationType.FK.value)
    if since is not None:
        sickness = sickness.filter(opened_on__gte=since)
    met = set(
        ReviewMeeting.objects.filter(status__in=[ReviewMeeting.Status.BOOKED, ReviewMeeting.Status.HELD]).values_list(
            "coordination__case__organisation_id", "coordination__case__subject_id"
        )
    )
    buckets: dict[tuple[str, str], dict[str, Any]] = defaultdict(
        lambda: {"cases": 0, "met": 0, "coordinations": 0, "days": []}
    )
    for unit_name, org_id, subject_id, opened_on in sickness.values_list(
        "unit__name", "organisation_id", "subject_id", "opened_on"
    ):
        bucket = buckets[(unit_name, _month(opened_on))]
        bucket["cases"] += 1
        if (org_id, subject_id) in met:
            bucket["met"] += 1
    coordinations = RehabCoordination.objects.select_related("case__unit")
    if since is not None:
        coordinations = coordinations.filter(application_date__gte=since)
    for coordination in coordinations:
        start = coordination.measured_from
        bucket = buckets[(coordination.case.unit.name, _month(start))]
        bucket["coordinations"] += 1
        if coordination.first_plan_on is not None:
            bucket["days"].append((coordination.first_plan_on - start).days)
    rows = []
    for (unit, month), b in sorted(buckets.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        days = b["days"]
        rows.append(
            StatisticsRow(
                unit=unit,
                month=month,
                sick_leave_cases=b["cases"],
                with_meeting=b["met"],
                coordinations=b["coordinations"],
                plans=len(days),
                days_to_first_plan_mean=round(sum(days) / len(days), 1) if days else None,
                days_to_first_plan_median=float(median(days)) if days else None,
            )
        )
    return rows


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
