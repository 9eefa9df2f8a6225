"""Reads for Mina sidor, each scoped to one person: the logged-in person sees only their own data.

The person is the subject of this data, so reading it here is not a disclosure between
organisations. What the person sees is still limited by law and by the protected-identity rule:

- the responsible office (unit) and every address or meeting place are hidden when the person
  (or the case's main person) has protected identity;
- administrative questions between vård and Försäkringskassan (seed 004: they are not shown to
  the patient in this channel; the patient reads them in the journal) are left out of
  "Vem har sett mina uppgifter" explicitly (:func:`is_admin_question`);
- officials are named only where their organisation's :class:`~samverkan.portal.models.PortalPolicy`
  allows it; otherwise organisation and role.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case, CaseMember
from samverkan.consents.models import Consent
from samverkan.consents.selectors import consent_state
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry
from samverkan.domain.disclosure import CATEGORIES, categories_held_by
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.organisations import OrganisationType
from samverkan.people.models import Person
from samverkan.portal.disclosure_log import DisclosureRow as DisclosureRow
from samverkan.portal.disclosure_log import category_label as category_label
from samverkan.portal.disclosure_log import category_labels
from samverkan.portal.disclosure_log import disclosure_log_for as disclosure_log_for
from samverkan.portal.models import PortalPolicy
from samverkan.reclaims import pdf as reclaim_letters
from samverkan.reclaims.models import PendingBenefit, Reclaim
from samverkan.rehab.models import PlanMeasure, RehabCoordination, ReviewMeeting

#: Shown instead of a unit, an office or a meeting place under protected identity.
PROTECTED_TEXT = "Visas inte (skyddade personuppgifter)"

#: Categories a person cannot ask to share: the vård–FK channel is not the person's (seed 004).
NOT_REQUESTABLE = frozenset({"admin_question"})

ORGANISATIONS_WITHOUT_PERSONS = (OrganisationType.FINSAM.value,)


# --- The person -----------------------------------------------------------------------------------


def person_by_identity_number(number: str) -> Person | None:
    try:
        normalized = normalize_identity_number(number, on=clock.today())
    except InvalidIdentityNumber:
        return None
    return Person.objects.filter(identity_number=normalized).first()


def person_has_case(person: Person) -> bool:
    return CaseMember.objects.filter(person=person).exists()


def demo_persons(*, limit: int = 12) -> list[Person]:
    """The test persons offered for one-click login in demo mode: a varied, deterministic subset.

    Persons whose portal pages have something to show come first (an återsökning, a rehab
    plan, consents, disclosures in the log), then one with protected identity, then those
    with cases at the most organisations. Everyone listed is in at least one case.
    """
    subjects = Person.objects.filter(cases__isnull=False).distinct()
    picked: list[int] = []

    def take(ids: Iterable[int], count: int) -> None:
        for pk in ids:
            if count <= 0 or len(picked) >= limit:
                return
            if pk not in picked:
                picked.append(pk)
                count -= 1

    take(
        Reclaim.objects.exclude(status=Reclaim.Status.DRAFT).order_by("person_id").values_list("person_id", flat=True),
        2,
    )
    take(RehabCoordination.objects.order_by("case__subject_id").values_list("case__subject_id", flat=True), 2)
    take(Consent.objects.order_by("person_id").values_list("person_id", flat=True), 2)
    take(
        AuditEntry.objects.filter(event__startswith="disclosure.", person__isnull=False)
        .order_by("person_id")
        .values_list("person_id", flat=True)
        .distinct(),
        2,
    )
    take(
        subjects.filter(protected_identity=True, cases__status=Case.Status.ACTIVE)
        .order_by("pk")
        .values_list("pk", flat=True),
        1,
    )
    by_breadth = (
        subjects.annotate(
            organisations=Count("cases__organisation", distinct=True, filter=Q(cases__status=Case.Status.ACTIVE))
        )
        .order_by("-organisations", "last_name", "first_name", "pk")
        .values_list("pk", flat=True)
    )
    take(by_breadth[: limit * 2], limit)
    persons = {p.pk: p for p in Person.objects.filter(pk__in=picked, case_memberships__isnull=False).distinct()}
    return [persons[pk] for pk in picked if pk in persons]


@dataclass(frozen=True)
class DemoPersonRow:
    person: Person
    organisations: list[str]


def demo_person_rows(*, limit: int = 12) -> list[DemoPersonRow]:
    """:func:`demo_persons` with the organisations each has a case at (for the demo login list)."""
    persons = demo_persons(limit=limit)
    names: dict[int, set[str]] = {p.pk: set() for p in persons}
    for person_id, name in CaseMember.objects.filter(person__in=persons).values_list(
        "person_id", "case__organisation__name"
    ):
        names[person_id].add(name)
    return [DemoPersonRow(p, sorted(names[p.pk])) for p in persons]


def is_demo_login_allowed(person: Person) -> bool:
    """In demo mode anyone who is in a case may be chosen (the list is a convenient subset)."""
    return person_has_case(person)


# --- My matters -----------------------------------------------------------------------------------


def _hides_units(person: Person, case: Case | None = None) -> bool:
    return person.protected_identity or (case is not None and case.subject.protected_identity)


@dataclass(frozen=True)
class MatterRow:
    case_id: int
    organisation: str
    case_type: str
    reference: str
    status: str
    is_active: bool
    office: str
    opened_on: dt.date
    closed_on: dt.date | None
    relation: str
    summary: str


def matters_for(person: Person) -> list[MatterRow]:
    """Every case in which the person is a household member, at every organisation; active first."""
    memberships = (
        CaseMember.objects.filter(person=person)
        .select_related("case__organisation", "case__unit", "case__subject")
        .order_by("case__opened_on", "case__pk")
    )
    rows = []
    for member in memberships:
        case = member.case
        rows.append(
            MatterRow(
                case_id=case.pk,
                organisation=case.organisation.name,
                case_type=case.type.label,
                reference=case.reference,
                status=case.get_status_display(),
                is_active=case.is_active,
                office=PROTECTED_TEXT if _hides_units(person, case) else case.unit.name,
                opened_on=case.opened_on,
                closed_on=case.closed_on,
                relation=member.get_relation_display(),
                summary=case.summary,
            )
        )
    rows.sort(key=lambda r: (not r.is_active, -r.opened_on.toordinal(), r.organisation))
    return rows


@dataclass(frozen=True)
class MeetingRow:
    meeting_id: int
    day: dt.date | None
    starts_at: dt.time | None
    status: str
    mode: str
    place: str
    reason: str
    organiser: str
    parties: list[str]
    reduction_warning: bool


def upcoming_meetings_for(person: Person, *, on: dt.date) -> list[MeetingRow]:
    """Avstämningsmöten about the person that are requested or booked and not yet held."""
    meetings = (
        ReviewMeeting.objects.filter(
            coordination__case__subject=person,
            status__in=[ReviewMeeting.Status.REQUESTED, ReviewMeeting.Status.BOOKED],
        )
        .filter(Q(meeting_on__isnull=True) | Q(meeting_on__gte=on))
        .select_related("coordination__case__organisation", "coordination__case__subject")
        .prefetch_related("participants__organisation")
        .order_by("meeting_on", "starts_at", "pk")
    )
    rows = []
    for meeting in meetings:
        case = meeting.coordination.case
        if meeting.is_digital:
            place = "Digitalt möte"
        elif _hides_units(person, case):
            place = PROTECTED_TEXT
        else:
            place = meeting.location or "Meddelas senare"
        parties = sorted({p.organisation.name for p in meeting.participants.all()})
        rows.append(
            MeetingRow(
                meeting_id=meeting.pk,
                day=meeting.meeting_on,
                starts_at=meeting.starts_at,
                status=meeting.get_status_display(),
                mode=meeting.get_mode_display() if meeting.mode else "Inte bestämt",
                place=place,
                reason=meeting.reason,
                organiser=case.organisation.name,
                parties=parties,
                reduction_warning=meeting.reduction_possible and meeting.non_attendance_notice_on is not None,
            )
        )
    return rows


@dataclass(frozen=True)
class MeasureRow:
    description: str
    kind: str
    responsible: str
    starts_on: dt.date
    ends_on: dt.date | None
    follow_up_on: dt.date | None
    status: str


@dataclass(frozen=True)
class PlanView:
    coordination_id: int
    reference: str
    organisation: str
    is_active: bool
    goal: str
    agreed_on: dt.date | None
    measures: list[MeasureRow] = field(default_factory=list)


def rehab_plans_for(person: Person) -> list[PlanView]:
    """The person's rehabilitation plans (SFB 30 kap. 8–11 §§): every measure, who carries it out, when."""
    coordinations = (
        RehabCoordination.objects.filter(case__subject=person)
        .select_related("case__organisation")
        .order_by("-application_date", "pk")
    )
    plans = []
    for coordination in coordinations:
        measures = (
            PlanMeasure.objects.filter(coordination=coordination)
            .select_related("responsible")
            .order_by("starts_on", "pk")
        )
        plans.append(
            PlanView(
                coordination_id=coordination.pk,
                reference=coordination.case.reference,
                organisation=coordination.case.organisation.name,
                is_active=coordination.case.is_active,
                goal=coordination.plan_goal,
                agreed_on=coordination.plan_agreed_on,
                measures=[
                    MeasureRow(
                        description=m.description,
                        kind=m.get_kind_display(),
                        responsible=m.responsible.name,
                        starts_on=m.starts_on,
                        ends_on=m.ends_on,
                        follow_up_on=m.follow_up_on,
                        status=m.get_status_display(),
                    )
                    for m in measures
                ],
            )
        )
    return plans


@dataclass(frozen=True)
class LetterLink:
    kind: str
    label: str


@dataclass(frozen=True)
class ReclaimRow:
    reclaim_id: int
    reference: str
    organisation: str
    agency: str
    benefit: str
    period_start: dt.date
    period_end: dt.date
    retroactive_amount: Decimal
    to_social_services: Decimal
    to_person: Decimal
    status: str
    status_code: str
    requested_on: dt.date | None
    settled_on: dt.date | None
    paid_to_social_services: Decimal | None
    paid_to_person: Decimal | None
    refusal_reason: str
    letters: list[LetterLink]


#: The letters addressed to the person (the request itself goes to the agency).
PERSON_LETTERS = (reclaim_letters.LetterKind.NOTICE, reclaim_letters.LetterKind.OUTCOME)
PERSON_LETTER_LABELS = {
    reclaim_letters.LetterKind.NOTICE: "Brev om begäran (PDF)",
    reclaim_letters.LetterKind.OUTCOME: "Brev om utfallet (PDF)",
}


def _person_reclaims(person: Person) -> Any:
    # A draft is the nämnd's work in progress: the person is told once the request is made (docs/domain.md §6).
    return (
        Reclaim.objects.filter(person=person)
        .exclude(status=Reclaim.Status.DRAFT)
        .select_related("organisation", "agency", "case__unit", "person", "sent_by", "case__responsible")
    )


def advance_requests_for(person: Person) -> list[PendingBenefit]:
    """Requests the socialnämnd made in advance, while it pays bistånd awaiting a benefit (SFB 107 kap. 5 §):
    the person is told that the nämnd has asked FK or PM to pay a retroactive amount to the nämnd."""
    return list(
        PendingBenefit.objects.filter(person=person, status=PendingBenefit.Status.AWAITING, requested_at__isnull=False)
        .select_related("organisation", "agency")
        .order_by("requested_at", "pk")
    )


def reclaims_for(person: Person) -> list[ReclaimRow]:
    """Återsökningar of the person's retroactive benefits, with the letters sent to the person."""
    rows = []
    for reclaim in _person_reclaims(person).order_by("-payout_date", "-pk"):
        available = reclaim_letters.available_letters(reclaim)
        rows.append(
            ReclaimRow(
                reclaim_id=reclaim.pk,
                reference=reclaim.reference,
                organisation=reclaim.organisation.name,
                agency=reclaim.agency.name,
                benefit=reclaim.benefit_name,
                period_start=reclaim.period_start,
                period_end=reclaim.period_end,
                retroactive_amount=reclaim.retroactive_amount,
                to_social_services=reclaim.to_social_services,
                to_person=reclaim.to_person,
                status=reclaim.get_status_display(),
                status_code=reclaim.status,
                requested_on=reclaim.request_received,
                settled_on=reclaim.settled_on,
                paid_to_social_services=reclaim.paid_to_social_services,
                paid_to_person=reclaim.paid_to_person,
                refusal_reason=reclaim.refusal_reason,
                letters=[LetterLink(k.value, PERSON_LETTER_LABELS[k]) for k in PERSON_LETTERS if k in available],
            )
        )
    return rows


def reclaim_letter_for(person: Person, reclaim_id: int, kind: str) -> tuple[Reclaim, reclaim_letters.LetterKind] | None:
    """One of the person's own letters, or None (another person's reclaim, a draft, or no such letter)."""
    try:
        letter_kind = reclaim_letters.LetterKind(kind)
    except ValueError:
        return None
    if letter_kind not in PERSON_LETTERS:
        return None
    reclaim = _person_reclaims(person).filter(pk=reclaim_id).first()
    if reclaim is None or letter_kind not in reclaim_letters.available_letters(reclaim):
        return None
    return reclaim, letter_kind


# --- My consents ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ConsentRow:
    consent_id: int
    discloser: str
    recipient: str
    categories: list[str]
    purpose: str
    valid_from: dt.date
    valid_to: dt.date
    form: str
    status: str
    status_code: str
    withdrawn_on: dt.date | None
    withdrawn_by_person: bool
    #: The kind of ärende at the recipient the consent is given for (code and Swedish label).
    case_type: str
    case_type_label: str
    withdrawable: bool
    rejection_reason: str


def _consents(person: Person) -> Any:
    return Consent.objects.filter(person=person).select_related("discloser", "recipient")


def consents_for(person: Person, *, on: dt.date) -> list[ConsentRow]:
    """Every consent about the person, whoever recorded it, newest first."""
    rows = []
    for consent in _consents(person).order_by("-valid_from", "-pk"):
        rows.append(
            ConsentRow(
                consent_id=consent.pk,
                discloser=consent.discloser.name,
                recipient=consent.recipient.name,
                categories=category_labels(consent.categories),
                purpose=consent.purpose,
                valid_from=consent.valid_from,
                valid_to=consent.valid_to,
                form=consent.get_form_display(),
                status=consent_state(consent, on),
                status_code=consent.status,
                withdrawn_on=consent.withdrawn_on,
                withdrawn_by_person=consent.withdrawn_by_person,
                case_type=consent.case_type,
                case_type_label=consent.case_type_label,
                withdrawable=consent.is_withdrawable,
                rejection_reason=consent.rejection_reason,
            )
        )
    return rows


def consent_of_person(person: Person, consent_id: int) -> Consent | None:
    found: Consent | None = _consents(person).filter(pk=consent_id).first()
    return found


def consent_row(person: Person, consent_id: int, *, on: dt.date) -> ConsentRow | None:
    return next((r for r in consents_for(person, on=on) if r.consent_id == consent_id), None)


def consent_disclosers_for(person: Person) -> list[Organisation]:
    """Organisations that may be asked to register a consent: those with a case about the person."""
    return list(
        Organisation.objects.filter(cases__members__person=person)
        .exclude(org_type__in=ORGANISATIONS_WITHOUT_PERSONS)
        .distinct()
        .order_by("name")
    )


def consent_recipients() -> list[Organisation]:
    """Organisations that can receive data about a person (a samordningsförbund never does)."""
    return list(Organisation.objects.exclude(org_type__in=ORGANISATIONS_WITHOUT_PERSONS).order_by("name"))


def requestable_categories() -> list[tuple[str, str]]:
    return sorted(
        ((code, c.label) for code, c in CATEGORIES.items() if code not in NOT_REQUESTABLE),
        key=lambda item: item[1].lower(),
    )


def categories_kept_by(organisation: Organisation) -> frozenset[str]:
    return categories_held_by(organisation.type)


def portal_policy_for(organisation: Organisation) -> PortalPolicy | None:
    return PortalPolicy.objects.filter(organisation=organisation).first()
