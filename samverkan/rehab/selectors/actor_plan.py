"""Through the gate: what an actor other than FK may see of FK's plan.

Asked on purpose with a POST (:func:`rehab_plan_for_actor`); pages show the last answer
(:func:`rehab_plan_last_asked`). Of the plan, only the measures and meetings the actor takes part in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q
from django.shortcuts import get_object_or_404

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.domain.organisations import OrganisationType
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to
from samverkan.rehab.actors import MINUTES_CATEGORY, PLAN_CATEGORY
from samverkan.rehab.models import RehabCoordination, ReviewMeeting
from samverkan.rehab.selectors.coordinations import is_overdue

GATE_PURPOSE = "Samordning av rehabiliteringsinsatser (30 kap. 10 § socialförsäkringsbalken)"


def person_and_case(organisation: Organisation, person_id: int) -> tuple[Person, Case | None]:
    """The person an actor asks about (404 unless visible to the organisation) and the organisation's own case
    about them, open before closed, newest first: the actor's plan page and its API look them up alike."""
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    case = (
        Case.objects.for_organisation(organisation)
        .filter(members__person=person)
        .order_by("status", "-opened_on")
        .first()
    )
    return person, case


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
