"""The secrecy gate: every flow of data about a person from one organisation to another.

:func:`disclosure_request` (a request, e.g. "Begär uppgifter" from a case) and
:func:`disclosure_proactive` (an agency telling a socialnämnd on its own initiative) ask the
rules (:func:`samverkan.domain.decision.decide`) per category and, in ONE transaction:
store the request with the snapshot of the rules version, fingerprint, inputs and every
decision, one decision row per category with the rules version, fingerprint and its own
decision with citations (its inputs are the request's: :func:`decision_inputs`), the values
of the released categories (:mod:`samverkan.disclosures.records`: the discloser's own records
or an app's value provider), a review task in the discloser's queue for each ``review``
category, and the audit entries (docs/adr/0006). :func:`review_decide` is the discloser's own secrecy review of such a task.

A request is made in steps that the batch path (:mod:`samverkan.disclosures.batch`, docs/adr/0008)
shares: :func:`check_request` (the checks that read nothing), :func:`domain_request` (the domain's
request from what was read) and :func:`store_requests` (one request or a whole batch, stored alike;
:mod:`samverkan.disclosures.store`).

Bad input (an unknown category, organisation type or a malformed date) raises a
ValidationError naming the field, in Swedish, and nothing is stored.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseMember
from samverkan.cases.selectors import active_assistance_case_for
from samverkan.consents.selectors import consent_records_for_gate, consents_counting_for
from samverkan.core.clock import now, today
from samverkan.core.prepared import PreparedRead
from samverkan.core.validation import PERIOD, text_problem
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.models import Basis, DisclosureRequest, ReviewTask
from samverkan.disclosures.records import registry_values
from samverkan.disclosures.store import GateResult, StoreArgs, decision_inputs, gate_result_of, store_requests
from samverkan.disclosures.validation import parse_day, validation_error
from samverkan.domain.consent import ConsentRecord, organisation_type
from samverkan.domain.decision import decide
from samverkan.domain.disclosure import (
    CategoryDecision,
    as_subject,
    category,
    proactive_categories,
)
from samverkan.domain.disclosure import (
    DisclosureDecision as DomainDecision,
)
from samverkan.domain.disclosure import (
    DisclosureRequest as DomainRequest,
)
from samverkan.domain.disclosure import Outcome as DomainOutcome
from samverkan.domain.errors import DomainError
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.pii import find_identity_numbers
from samverkan.notifications import events as notification_events
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to

PURPOSE_MAX_LENGTH = 500
_FIELDS = {"date": "on", "requester": "requester", "discloser": "discloser"}


# --- Input checks --------------------------------------------------------------------------------


def _organisation_type(organisation: Organisation, field: str) -> OrganisationType:
    try:
        return organisation_type(organisation.org_type, field)
    except DomainError as exc:
        raise validation_error(exc) from exc


def _categories(categories: Sequence[str]) -> tuple[str, ...]:
    if isinstance(categories, str) or not isinstance(categories, (list, tuple, set, frozenset)):
        raise ValidationError({"categories": "Ange uppgiftskategorierna som en lista."}, code="type")
    if not categories:
        raise ValidationError({"categories": "Välj minst en uppgift."}, code="required")
    codes = []
    for code in categories:
        try:
            codes.append(category(str(code)).code)
        except DomainError as exc:
            raise validation_error(exc) from exc
    return tuple(sorted(set(codes)))


def _purpose(purpose: str) -> str:
    text = (purpose or "").strip()
    if not text:
        raise ValidationError({"purpose": "Ange för vilket ändamål uppgifterna behövs."}, code="required")
    if len(text) > PURPOSE_MAX_LENGTH:
        raise ValidationError({"purpose": f"Ändamålet får vara högst {PURPOSE_MAX_LENGTH} tecken."}, code="length")
    if (problem := text_problem(text, multiline=True)) is not None:
        raise ValidationError({"purpose": problem}, code="control_character")
    if find_identity_numbers(text):
        raise ValidationError(
            {"purpose": "Skriv inte personnummer eller samordningsnummer i ändamålet; personen anges separat."},
            code="personal_data",
        )
    return text


def _period(period: Any) -> tuple[dt.date, dt.date] | None:
    if period is None:
        return None
    if not isinstance(period, (tuple, list)) or len(period) != 2:
        raise ValidationError({"period_start": "Ange perioden som första och sista dag."}, code="type")
    start = parse_day(period[0], "period_start")
    end = parse_day(period[1], "period_end")
    if start is None and end is None:
        return None
    if start is None or end is None:
        missing = "period_start" if start is None else "period_end"
        raise ValidationError({missing: "Ange både periodens första och sista dag, eller ingen av dem."})
    PERIOD.check(start, field="period_start")
    PERIOD.check(end, field="period_end")
    if end < start:
        raise ValidationError(
            {"period_end": f"Periodens sista dag {end.isoformat()} ligger före dess första dag {start.isoformat()}."}
        )
    return start, end


def _recipient_of(user: User) -> Organisation:
    organisation = user.organisation
    if organisation is None:
        raise ValidationError("Ditt konto hör inte till någon organisation.")
    return organisation


def _store_one(args: StoreArgs) -> GateResult:
    return store_requests([args])[0]


# --- One request, in steps shared with the batch path (samverkan.disclosures.batch) -------------

NOT_VISIBLE = "Personen finns inte i något av din organisations ärenden."


@dataclass(frozen=True)
class CheckedRequest:
    """A request's input after the checks that need no database (:func:`check_request`)."""

    requester: User
    discloser: Organisation
    person: Person
    case: Case | None
    day: dt.date
    recipient: Organisation
    requester_type: OrganisationType
    discloser_type: OrganisationType
    codes: tuple[str, ...]
    purpose: str
    period: tuple[dt.date, dt.date] | None


def check_request(
    *,
    requester: User,
    discloser: Organisation,
    person: Person,
    case: Case | None,
    categories: Sequence[str],
    purpose: str,
    period: tuple[dt.date, dt.date] | None,
    on: dt.date | None,
) -> CheckedRequest:
    """The checks of :func:`disclosure_request` that read nothing: a ValidationError naming the field, in Swedish."""
    day = parse_day(on, "on") or today()
    recipient = _recipient_of(requester)
    requester_type = _organisation_type(recipient, "requester")
    discloser_type = _organisation_type(discloser, "discloser")
    if discloser.pk == recipient.pk:
        raise ValidationError(
            {
                "discloser": "Uppgifter i din egen organisation hämtas inte genom sekretessgrinden. Välj en annan organisation."
            }
        )
    codes = _categories(categories)
    text = _purpose(purpose)
    span = _period(period)
    if case is not None and case.organisation_id != recipient.pk:
        raise ValidationError({"case": "Ärendet hör inte till din organisation."})
    return CheckedRequest(
        requester=requester,
        discloser=discloser,
        person=person,
        case=case,
        day=day,
        recipient=recipient,
        requester_type=requester_type,
        discloser_type=discloser_type,
        codes=codes,
        purpose=text,
        period=span,
    )


def gate_request(
    *,
    day: dt.date,
    requester_type: OrganisationType,
    requester_handles_assistance: bool,
    discloser_type: OrganisationType,
    case: Case | None,
    categories: Sequence[str],
    consents: Sequence[ConsentRecord],
    household_member: bool,
    period: tuple[dt.date, dt.date] | None = None,
    own_work_necessity: bool = False,
) -> DomainRequest:
    """The one builder of the domain's request, for all three entry points of the gate (a request, a proactive
    notice, a message passage). ``case`` is the receiving side's ärende the disclosure is for: whether it is an
    aktuellt ärende om ekonomiskt bistånd, and its kind, which a consent must match (docs/domain.md §4).
    A makulerat ärende (opened by mistake, ``cases.services.case_cancel``) is never the basis of a disclosure."""
    if case is not None and case.is_cancelled:
        raise ValidationError(
            {"case": "Ärendet är makulerat och kan inte ligga till grund för att uppgifter lämnas ut."}
        )
    try:
        return DomainRequest(
            date=day,
            requester=requester_type,
            requester_handles_assistance=requester_handles_assistance,
            discloser=discloser_type,
            active_case=case is not None and case.is_active and case.case_type == CaseType.ASSISTANCE.value,
            categories=tuple(categories),
            case_type=case.type if case is not None else None,
            consents=tuple(consents),
            household_member=household_member,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
            own_work_necessity=own_work_necessity,
        )
    except DomainError as exc:
        raise validation_error(exc, _FIELDS) from exc


def domain_request(
    checked: CheckedRequest, *, case: Case | None, household_member: bool, consents: Sequence[ConsentRecord]
) -> DomainRequest:
    """The domain's request, from the checked input and what was read (``case``: the one the request is made in)."""
    unit = checked.requester.unit
    return gate_request(
        day=checked.day,
        requester_type=checked.requester_type,
        requester_handles_assistance=bool(unit is not None and unit.handles_assistance),
        discloser_type=checked.discloser_type,
        case=case,
        categories=checked.codes,
        consents=consents,
        household_member=household_member,
        period=checked.period,
    )


def request_store_args(checked: CheckedRequest, *, case: Case | None, decision: DomainDecision) -> StoreArgs:
    """What is stored for a decided request (kind ``request``, released as ``disclosure.released``)."""
    return StoreArgs(
        kind=DisclosureRequest.Kind.REQUEST,
        requested_by=checked.requester,
        recipient=checked.recipient,
        recipient_unit=checked.requester.unit,
        discloser=checked.discloser,
        person=checked.person,
        case=case,
        purpose=checked.purpose,
        period=checked.period,
        on=checked.day,
        decision=decision,
        released_event="disclosure.released",
    )


# --- The gate ------------------------------------------------------------------------------------

#: Whether the person is in the household of the request's case, compiled once (ADR 0008).
_MEMBER_READ = PreparedRead(
    lambda case, person: CaseMember.objects.filter(case_id=case, person_id=person).values_list("pk")[:1]
)


@transaction.atomic
def disclosure_request(
    *,
    requester: User,
    discloser: Organisation,
    person: Person,
    case: Case | None,
    categories: Sequence[str],
    purpose: str,
    period: tuple[dt.date, dt.date] | None = None,
    on: dt.date | None = None,
) -> GateResult:
    """Ask ``discloser`` for ``categories`` about ``person``; decide, store and log in one transaction.

    Released categories come back at once (with their values stored on the decision rows),
    ``review`` ones wait in the discloser's review queue, denied ones say why. ``case`` is the
    requester's own case (when None, the person's aktuellt ärende om ekonomiskt bistånd at the
    requester, if there is one, is used).
    """
    checked = check_request(
        requester=requester,
        discloser=discloser,
        person=person,
        case=case,
        categories=categories,
        purpose=purpose,
        period=period,
        on=on,
    )
    recipient = checked.recipient
    household_member = case is not None and bool(_MEMBER_READ.rows(case.pk, person.pk))
    if not household_member and not persons_visible_to(recipient).filter(pk=person.pk).exists():
        raise ValidationError({"person": NOT_VISIBLE})
    if case is None:
        case = active_assistance_case_for(organisation=recipient, person=person)
        household_member = case is not None  # found among the cases where the person is in the household
    consents = consent_records_for_gate(person=person, discloser=discloser, recipient=recipient, on=checked.day)
    request = domain_request(checked, case=case, household_member=household_member, consents=consents)
    return _store_one(request_store_args(checked, case=case, decision=decide(request)))


def _not_proactive(decision: CategoryDecision, discloser: OrganisationType) -> CategoryDecision:
    """Turn a release into a denial: the category is not one the discloser sends on its own initiative."""
    return CategoryDecision(
        category=decision.category,
        outcome=DomainOutcome.DENIED,
        basis=None,
        consent_id=None,
        citations=decision.citations,
        explanation=(
            f"{as_subject(discloser)} lämnar bara på eget initiativ de uppgifter som omfattas av "
            f"skyldigheten att lämna uppgifter när det finns skäl ({decision.citation}). Den här uppgiften får "
            f"socialnämnden begära."
        ),
    )


def proactive_store_args(
    *,
    discloser: Organisation,
    recipient: Organisation,
    person: Person,
    case: Case,
    categories: Sequence[str],
    purpose: str,
    actor: User | None,
    day: dt.date,
    household_member: bool,
    record: tuple[str, str] | None = None,
) -> StoreArgs:
    """Check and decide one proactive notice (shared with the batch path, :mod:`.batch`); nothing is stored here."""
    discloser_type = _organisation_type(discloser, "discloser")
    recipient_type = _organisation_type(recipient, "recipient")
    if actor is not None and actor.organisation != discloser:
        raise ValidationError(
            "Bara en handläggare hos den utlämnande organisationen kan lämna uppgifter på eget initiativ."
        )
    if case.organisation_id != recipient.pk:
        raise ValidationError({"case": "Ärendet hör inte till den mottagande organisationen."})
    codes = _categories(categories)
    text = _purpose(purpose)
    request = gate_request(
        day=day,
        requester_type=recipient_type,
        requester_handles_assistance=case.unit.handles_assistance,
        discloser_type=discloser_type,
        case=case,
        categories=codes,
        consents=(),
        household_member=household_member,
    )
    decided = decide(request)
    allowed = proactive_categories(discloser_type, recipient_type, on=day)
    adjusted = tuple(
        d if d.outcome is not DomainOutcome.RELEASED or d.category in allowed else _not_proactive(d, discloser_type)
        for d in decided.decisions
    )
    return StoreArgs(
        kind=DisclosureRequest.Kind.PROACTIVE,
        requested_by=actor,
        recipient=recipient,
        recipient_unit=case.unit,
        discloser=discloser,
        person=person,
        case=case,
        purpose=text,
        period=None,
        on=day,
        decision=DomainDecision(request=request, decisions=adjusted, rules_version=decided.rules_version),
        released_event="notice.proactive",
        record=record,
    )


@transaction.atomic
def disclosure_proactive(
    *,
    discloser: Organisation,
    recipient: Organisation,
    person: Person,
    case: Case,
    categories: Sequence[str],
    purpose: str,
    actor: User | None = None,
    on: dt.date | None = None,
    record: tuple[str, str] | None = None,
) -> GateResult:
    """``discloser`` tells ``recipient`` (a socialnämnd) on its own initiative ("på eget initiativ").

    Only the duty categories the discloser must send proactively can be released, and only
    when the duty's conditions hold for ``case`` (the recipient's aktuellt ärende om
    ekonomiskt bistånd with the person in its household). Consent plays no part here.
    ``record`` (``(kind, external_id)``): the notice is about that one record, and only its facts are released.
    """
    day = parse_day(on, "on") or today()
    return _store_one(
        proactive_store_args(
            discloser=discloser,
            recipient=recipient,
            person=person,
            case=case,
            categories=categories,
            purpose=purpose,
            actor=actor,
            day=day,
            household_member=case.members.filter(person=person).exists(),
            record=record,
        )
    )


# --- The discloser's own secrecy review ----------------------------------------------------------


@transaction.atomic
def review_decide(
    *, task: ReviewTask, decided_by: User, approve: bool, motivation: str, on: dt.date | None = None
) -> ReviewTask:
    """An official of the disclosing organisation approves or refuses one review task, with a motivation.

    A consent-based task can be approved only while the consent still counts (it may have been
    withdrawn since the request); otherwise the official must refuse.
    """
    locked = (
        ReviewTask.objects.select_for_update()
        .select_related("decision", "request__discloser", "request__recipient", "request__person", "organisation")
        .get(pk=task.pk)
    )
    if decided_by.organisation != locked.organisation:
        raise ValidationError(f"Bara {locked.organisation.name} prövar den här begäran.")
    if not locked.is_open:
        raise ValidationError(f"Begäran är redan prövad: {locked.get_status_display().lower()}.")
    text = (motivation or "").strip()
    if not text:
        raise ValidationError({"motivation": "Skriv en motivering till beslutet."}, code="required")
    day = parse_day(on, "on") or today()
    stored = locked.request
    if approve and locked.decision.basis == Basis.CONSENT:
        counting = consents_counting_for(
            person=stored.person, discloser=stored.discloser, recipient=stored.recipient, on=day
        )
        if not any(locked.category in c.categories for c in counting):
            raise ValidationError(
                "Samtycket gäller inte längre för den här uppgiften (det har återkallats eller gått ut). "
                "Uppgiften får inte lämnas ut; avslå begäran."
            )
    locked.status = ReviewTask.Status.APPROVED if approve else ReviewTask.Status.REFUSED
    locked.motivation = text
    locked.decided_by = decided_by
    locked.decided_at = now()
    if approve:
        span = (
            (stored.period_start, stored.period_end)
            if stored.period_start is not None and stored.period_end is not None
            else None
        )
        values = registry_values(
            discloser=stored.discloser,
            recipient=stored.recipient,
            person=stored.person,
            categories=[locked.category],
            period=span,
            on=day,
        )
        locked.released_values = values.get(locked.category, [])
    locked.save()
    if not stored.review_tasks.filter(status=ReviewTask.Status.OPEN).exists():
        stored.status = DisclosureRequest.Status.COMPLETED
        stored.save(update_fields=["status"])
    audit_append(
        event="review.approved" if approve else "review.refused",
        actor=decided_by,
        organisation=stored.discloser,
        recipient=stored.recipient,
        person=stored.person,
        categories=[locked.category],
        basis=locked.decision.basis,
        purpose=stored.purpose,
        extra={"request_id": stored.pk, "review_task_id": locked.pk, "case_id": stored.case_id},
    )
    notification_events.review_decided(task=locked, actor=decided_by)
    return locked


__all__ = [
    "CheckedRequest",
    "GateResult",
    "StoreArgs",
    "check_request",
    "decision_inputs",
    "disclosure_proactive",
    "disclosure_request",
    "domain_request",
    "gate_result_of",
    "proactive_store_args",
    "request_store_args",
    "review_decide",
    "store_requests",
]
