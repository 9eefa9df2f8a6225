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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseMember
from samverkan.consents.models import Consent
from samverkan.consents.selectors import consent_state
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry, DisclosureDecision
from samverkan.domain.disclosure import CATEGORIES, categories_held_by, category_name
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.messaging.models import AdminQuestion
from samverkan.messaging.selectors import admin_questions_visible_to_person
from samverkan.people.models import Person
from samverkan.portal.models import PortalPolicy
from samverkan.reclaims import pdf as reclaim_letters
from samverkan.reclaims.models import PendingBenefit, Reclaim
from samverkan.rehab.models import PlanMeasure, RehabCoordination, ReviewMeeting

#: Shown instead of a unit, an office or a meeting place under protected identity.
PROTECTED_TEXT = "Visas inte (skyddade personuppgifter)"

#: Audit events that are a disclosure of data about the person (or a read across organisations).
DISCLOSURE_EVENT_PREFIXES = ("disclosure.", "review.")
DISCLOSURE_EVENTS = frozenset({"notice.proactive", "read.cross_org"})

#: Categories a person cannot ask to share: the vård–FK channel is not the person's (seed 004).
NOT_REQUESTABLE = frozenset({"admin_question"})

ORGANISATIONS_WITHOUT_PERSONS = (OrganisationType.FINSAM.value,)


def category_label(code: str) -> str:
    return category_name(code)


def category_labels(codes: Iterable[str]) -> list[str]:
    return [category_label(c) for c in sorted(set(codes), key=lambda c: category_label(c).lower())]


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
    return _consents(person).filter(pk=consent_id).first()


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


# --- Who saw what ---------------------------------------------------------------------------------


def hidden_admin_question_ids(person: Person) -> set[int]:
    """The person's administrative questions that messaging does not let the person see (all of them, seed 004)."""
    every = set(AdminQuestion.objects.filter(person=person).values_list("pk", flat=True))
    visible = set(admin_questions_visible_to_person(person=person).values_list("pk", flat=True))
    return every - visible


def is_admin_question(entry: AuditEntry, hidden_questions: set[int] | frozenset[int] = frozenset()) -> bool:
    """An administrative question or answer between vård and Försäkringskassan (seed 004).

    The agencies may keep these from the person in this channel ("syns ej i Mina Intyg"; the
    patient reads them in the journal), so they are never listed, whatever event records them:
    an ``admin_question.*`` event, the category ``admin_question``, or a reference to one of the
    person's questions that :func:`samverkan.messaging.selectors.admin_questions_visible_to_person`
    does not return.
    """
    extra = entry.extra if isinstance(entry.extra, Mapping) else {}
    return (
        entry.event.startswith("admin_question.")
        or "admin_question" in (entry.categories or [])
        or extra.get("channel") == "admin_question"
        or extra.get("question_id") in hidden_questions
        or extra.get("admin_question_id") in hidden_questions
    )


@dataclass(frozen=True)
class DisclosureRow:
    entry_id: int
    at: dt.datetime
    event: str
    outcome: str
    outcome_class: str
    discloser: str
    recipient: str
    handled_by: str
    categories: list[str]
    basis: str
    purpose: str


_OUTCOMES: Mapping[str, tuple[str, str]] = {
    "disclosure.released": ("Lämnades ut", "result-ok"),
    "notice.proactive": ("Lämnades ut på eget initiativ", "result-ok"),
    "disclosure.review_requested": ("Skickades till sekretessprövning", "result-attention"),
    "disclosure.denied": ("Lämnades inte ut", "result-missing"),
    "review.approved": ("Lämnades ut efter sekretessprövning", "result-ok"),
    "review.refused": ("Lämnades inte ut efter sekretessprövning", "result-missing"),
    "read.cross_org": ("Uppgifterna lästes", "result-ok"),
}


def _role_text(codes: str) -> str:
    labels = []
    for code in (codes or "").split(","):
        code = code.strip()
        if not code:
            continue
        try:
            labels.append(Role(code).label)
        except ValueError:
            continue
    return " och ".join(sorted(labels)) or "Tjänsteperson"


def _show_names(organisation_ids: Iterable[int]) -> set[int]:
    return set(
        PortalPolicy.objects.filter(organisation_id__in=set(organisation_ids), show_official_names=True).values_list(
            "organisation_id", flat=True
        )
    )


def _official(entry: AuditEntry, organisation: Organisation | None, named: set[int], *, place: bool = True) -> str:
    """The official as the person may see them: role (and organisation), the name only if policy allows."""
    role = _role_text(entry.actor_role)
    actor: User | None = entry.actor
    where = f" vid {organisation.name}" if organisation is not None and place else ""
    if actor is not None and organisation is not None and organisation.pk in named:
        return f"{actor.get_full_name() or actor.username} ({role.lower()}){where}"
    return f"{role}{where}"


def _handled_by(entry: AuditEntry, named: set[int]) -> str:
    if entry.event in ("disclosure.released", "disclosure.denied", "disclosure.review_requested"):
        if entry.actor_id is None:
            return "Begärt automatiskt"
        return f"Begärt av: {_official(entry, entry.recipient, named, place=False)}"
    if entry.event == "notice.proactive":
        if entry.actor_id is None:
            return f"Skickat automatiskt av {entry.organisation.name}" if entry.organisation else "Skickat automatiskt"
        return f"Skickat av: {_official(entry, entry.organisation, named)}"
    if entry.event.startswith("review."):
        return f"Prövat av: {_official(entry, entry.organisation, named)}"
    if entry.event == "read.cross_org":
        return f"Läst av: {_official(entry, entry.organisation, named)}"
    return _official(entry, entry.organisation, named)


def _citations(entry: AuditEntry, decisions: Mapping[tuple[int, str], str]) -> list[str]:
    """The provisions cited for the entry's categories, each once, in the order first cited."""
    extra = entry.extra if isinstance(entry.extra, Mapping) else {}
    texts: list[str] = []
    cited = extra.get("citations")
    if isinstance(cited, Mapping):
        texts = [str(cited[c]) for c in sorted(cited) if cited[c]]
    if not texts:
        request_id = extra.get("request_id")
        if isinstance(request_id, int):
            texts = [
                decisions[(request_id, c)] for c in sorted(entry.categories or []) if decisions.get((request_id, c))
            ]
    found: list[str] = []
    for text in texts:
        for provision in text.split(", "):
            if provision.strip() and provision.strip() not in found:
                found.append(provision.strip())
    return found


def _statutes(citations: Sequence[str]) -> str:
    if not citations:
        return ""
    listed = citations[0] if len(citations) == 1 else f"{', '.join(citations[:-1])} och {citations[-1]}"
    return f" Lagstöd: {listed}."


def _basis_text(entry: AuditEntry, citations: Sequence[str]) -> str:
    """The basis in plain Swedish, with the statute."""
    cited = _statutes(citations)
    discloser = entry.organisation.name if entry.organisation else "Myndigheten"
    recipient = entry.recipient.name if entry.recipient else "mottagaren"
    if entry.event == "review.refused":
        return f"{discloser} prövade själv begäran och lämnade inte ut uppgifterna.{cited}"
    if entry.event == "disclosure.denied":
        return (
            "Det fanns ingen laglig grund: varken en skyldighet att lämna ut uppgifterna eller ett samtycke från dig "
            f"som gällde. Uppgifterna skyddas av sekretess och lämnades inte ut.{cited}"
        )
    if entry.event == "disclosure.review_requested":
        if entry.basis == "consent":
            return (
                f"Du har lämnat samtycke, men {discloser} prövar alltid själv begäran innan något lämnas ut "
                f"(sekretessprövning).{cited}"
            )
        return f"{discloser} prövar själv begäran innan något lämnas ut (sekretessprövning).{cited}"
    if entry.basis == "duty":
        how = "på eget initiativ " if entry.event == "notice.proactive" else ""
        return (
            f"Uppgiftsskyldighet: {discloser} är enligt lag skyldig att {how}lämna uppgifterna till {recipient}. "
            f"Ditt samtycke behövs inte.{cited}"
        )
    if entry.basis == "consent":
        after = f" {discloser} prövade också själv begäran." if entry.event == "review.approved" else ""
        return f"Ditt samtycke: du har gett {discloser} lov att lämna uppgifterna till {recipient}.{after}{cited}"
    if entry.event == "notice.proactive":
        return f"{discloser} lämnade uppgifterna på eget initiativ enligt lag.{cited}"
    if entry.basis:
        return f"{entry.basis}.{cited}"
    return f"Ingen grund angiven.{cited}"


def disclosure_entries_for(person: Person) -> list[AuditEntry]:
    """The audit entries that are disclosures about the person, newest first, admin questions left out."""
    condition = Q(event__in=DISCLOSURE_EVENTS)
    for prefix in DISCLOSURE_EVENT_PREFIXES:
        condition |= Q(event__startswith=prefix)
    entries = (
        AuditEntry.objects.filter(person=person)
        .filter(condition)
        .select_related("organisation", "recipient", "actor")
        .order_by("-sequence")
    )
    hidden = hidden_admin_question_ids(person)
    return [e for e in entries if not is_admin_question(e, hidden)]


def disclosure_log_for(person: Person) -> list[DisclosureRow]:
    """Who saw what about the person: when, which organisation and role, which data, on what basis, why."""
    entries = disclosure_entries_for(person)
    request_ids = {e.extra.get("request_id") for e in entries if isinstance(e.extra, Mapping)}
    request_ids = {r for r in request_ids if isinstance(r, int)}
    decisions = {
        (d["request_id"], d["category"]): d["citation"]
        for d in DisclosureDecision.objects.filter(request_id__in=request_ids).values(
            "request_id", "category", "citation"
        )
    }
    named = _show_names(o for e in entries for o in (e.organisation_id, e.recipient_id) if o is not None)
    rows = []
    for entry in entries:
        outcome, css = _OUTCOMES.get(entry.event, (entry.event, ""))
        rows.append(
            DisclosureRow(
                entry_id=entry.pk,
                at=entry.created_at,
                event=entry.event,
                outcome=outcome,
                outcome_class=css,
                discloser=entry.organisation.name if entry.organisation else "",
                recipient=entry.recipient.name if entry.recipient else "",
                handled_by=_handled_by(entry, named),
                categories=category_labels(entry.categories or []),
                basis=_basis_text(entry, _citations(entry, decisions)),
                purpose=entry.purpose,
            )
        )
    return rows


def portal_policy_for(organisation: Organisation) -> PortalPolicy | None:
    return PortalPolicy.objects.filter(organisation=organisation).first()
