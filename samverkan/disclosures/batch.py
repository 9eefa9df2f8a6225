"""The gate's batch path: many requests decided, stored and logged in one call (issue 19, docs/adr/0008).

For runs that ask about many persons at once (the monthly control run, återsökning detection,
proactive notices): :func:`disclosure_request_many` takes a list of :class:`BatchRequest` (each
what :func:`~samverkan.disclosures.services.disclosure_request` takes) and, in ONE transaction,

1. checks every request's input as the single path does (:func:`~samverkan.disclosures.services.check_request`);
2. reads what the decisions need with one query per kind of fact for the whole batch, not per
   person: household membership, visibility of the persons outside the case, the aktuellt ärende
   of requests made without a case, and the consents;
3. decides each request with the same domain decision (:func:`samverkan.domain.decision.decide`);
4. stores the requests, decisions, review tasks and audit entries with one multi-row INSERT per
   table and appends the audit entries in the requests' order
   (:func:`~samverkan.disclosures.services.store_requests`, the single path's own store), reading
   the released values with one query per record kind for the whole batch.

The rows, audit entries (one per outcome of each request, with the requester and purpose) and
answers are the same as those of asking one request at a time in the same order
(tests/disclosures/test_gate_batch.py compares them row by row). A request with bad input stops
the whole batch before anything is read or stored: :class:`BatchItemInvalid`, a ValidationError
naming the field in Swedish, with the position of the request in the batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseMember
from samverkan.consents.selectors import consent_records_for_gate_many
from samverkan.core.clock import today
from samverkan.disclosures.services import (
    NOT_VISIBLE,
    CheckedRequest,
    GateResult,
    check_request,
    domain_request,
    proactive_store_args,
    request_store_args,
    store_requests,
)
from samverkan.disclosures.validation import parse_day
from samverkan.domain.decision import decide
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to


@dataclass(frozen=True)
class BatchRequest:
    """One request of a batch: the arguments of :func:`~samverkan.disclosures.services.disclosure_request`."""

    requester: User
    discloser: Organisation
    person: Person
    case: Case | None
    categories: Sequence[str]
    purpose: str
    period: tuple[dt.date, dt.date] | None = None


class BatchItemInvalid(ValidationError):
    """A request of the batch has bad input; nothing of the batch is stored. ``index``: its position."""

    def __init__(self, index: int, error: ValidationError) -> None:
        super().__init__(error.error_dict if hasattr(error, "error_dict") else error.error_list)
        self.index = index


def _checked(requests: Sequence[BatchRequest], day: dt.date) -> list[CheckedRequest]:
    checked = []
    for index, item in enumerate(requests):
        try:
            checked.append(
                check_request(
                    requester=item.requester,
                    discloser=item.discloser,
                    person=item.person,
                    case=item.case,
                    categories=item.categories,
                    purpose=item.purpose,
                    period=item.period,
                    on=day,
                )
            )
        except ValidationError as exc:
            raise BatchItemInvalid(index, exc) from exc
    return checked


def _household(checked: Sequence[CheckedRequest]) -> set[tuple[int, int]]:
    """(case, person) pairs of the batch where the person is in the case's household: one query."""
    asked = {(c.case.pk, c.person.pk) for c in checked if c.case is not None}
    if not asked:
        return set()
    found = CaseMember.objects.filter(
        case_id__in=sorted({case for case, _ in asked}), person_id__in=sorted({person for _, person in asked})
    ).values_list("case_id", "person_id")
    return {pair for pair in found if pair in asked}


def _visible(checked: Sequence[CheckedRequest], outside: Sequence[int]) -> set[tuple[int, int]]:
    """(recipient, person) pairs where the person is in one of the recipient's cases: one query per recipient."""
    by_recipient: dict[int, tuple[Organisation, set[int]]] = {}
    for index in outside:
        c = checked[index]
        by_recipient.setdefault(c.recipient.pk, (c.recipient, set()))[1].add(c.person.pk)
    visible: set[tuple[int, int]] = set()
    for recipient, persons in by_recipient.values():
        found = persons_visible_to(recipient).filter(pk__in=sorted(persons)).values_list("pk", flat=True)
        visible.update((recipient.pk, pk) for pk in found)
    return visible


def _active_cases(checked: Sequence[CheckedRequest], without_case: Sequence[int]) -> dict[tuple[int, int], Case]:
    """The aktuellt ärende om ekonomiskt bistånd per (recipient, person) of the requests made without a case.

    As :func:`samverkan.cases.selectors.active_assistance_case_for` (the latest opened), one query per recipient.
    """
    by_recipient: dict[int, set[int]] = {}
    for index in without_case:
        c = checked[index]
        by_recipient.setdefault(c.recipient.pk, set()).add(c.person.pk)
    found: dict[tuple[int, int], Case] = {}
    for recipient_id, persons in by_recipient.items():
        memberships = (
            CaseMember.objects.filter(
                person_id__in=sorted(persons),
                case__organisation_id=recipient_id,
                case__status=Case.Status.ACTIVE,
                case__case_type=CaseType.ASSISTANCE.value,
            )
            .select_related("case__subject", "case__unit", "case__responsible")
            .order_by("-case__opened_on")
        )
        for membership in memberships:
            found.setdefault((recipient_id, membership.person_id), membership.case)
    return found


@transaction.atomic
def disclosure_request_many(requests: Sequence[BatchRequest], *, on: dt.date | None = None) -> list[GateResult]:
    """Decide, store and log every request of the batch in one transaction; the answers in the requests' order.

    The same rows, audit entries and answers as :func:`~samverkan.disclosures.services.disclosure_request`
    for each request in turn (all made on the day ``on``, today by default). Bad input in any request:
    :class:`BatchItemInvalid`, and nothing is stored.
    """
    day = parse_day(on, "on") or today()
    checked = _checked(requests, day)
    if not checked:
        return []
    household = _household(checked)
    member = [c.case is not None and (c.case.pk, c.person.pk) in household for c in checked]
    outside = [i for i, is_member in enumerate(member) if not is_member]
    visible = _visible(checked, outside)
    for index in outside:
        c = checked[index]
        if (c.recipient.pk, c.person.pk) not in visible:
            raise BatchItemInvalid(index, ValidationError({"person": NOT_VISIBLE}))
    active = _active_cases(checked, [i for i, c in enumerate(checked) if c.case is None])
    cases: list[Case | None] = []
    for index, c in enumerate(checked):
        if c.case is None:
            found = active.get((c.recipient.pk, c.person.pk))
            cases.append(found)
            member[index] = found is not None  # found among the cases where the person is in the household
        else:
            cases.append(c.case)
    consents = consent_records_for_gate_many(parties=[(c.person, c.discloser, c.recipient) for c in checked], on=day)
    batch = []
    for index, (c, case, is_member) in enumerate(zip(checked, cases, member, strict=True)):
        try:
            request = domain_request(
                c,
                case=case,
                household_member=is_member,
                consents=consents[(c.person.pk, c.discloser.pk, c.recipient.pk)],
            )
        except ValidationError as exc:
            raise BatchItemInvalid(index, exc) from exc
        batch.append(request_store_args(c, case=case, decision=decide(request)))
    return store_requests(batch)


@dataclass(frozen=True)
class BatchNotice:
    """One proactive notice of a batch: the arguments of :func:`~samverkan.disclosures.services.disclosure_proactive`."""

    discloser: Organisation
    recipient: Organisation
    person: Person
    case: Case
    categories: Sequence[str]
    purpose: str
    actor: User | None = None
    record: tuple[str, str] | None = None


@transaction.atomic
def disclosure_proactive_many(notices: Sequence[BatchNotice], *, on: dt.date | None = None) -> list[GateResult]:
    """:func:`~samverkan.disclosures.services.disclosure_proactive` for a whole batch in one transaction.

    The same rows, audit entries and answers as one notice at a time in the same order; household membership is
    read with one query for the batch, the released values with one query per record kind, and everything is
    stored with one multi-row INSERT per table. Bad input in any notice: :class:`BatchItemInvalid`, nothing stored.
    """
    day = parse_day(on, "on") or today()
    if not notices:
        return []
    asked = {(n.case.pk, n.person.pk) for n in notices}
    household = set(
        CaseMember.objects.filter(
            case_id__in=sorted({c for c, _ in asked}), person_id__in=sorted({p for _, p in asked})
        ).values_list("case_id", "person_id")
    )
    batch = []
    for index, notice in enumerate(notices):
        try:
            batch.append(
                proactive_store_args(
                    discloser=notice.discloser,
                    recipient=notice.recipient,
                    person=notice.person,
                    case=notice.case,
                    categories=notice.categories,
                    purpose=notice.purpose,
                    actor=notice.actor,
                    day=day,
                    household_member=(notice.case.pk, notice.person.pk) in household,
                    record=notice.record,
                )
            )
        except ValidationError as exc:
            raise BatchItemInvalid(index, exc) from exc
    return store_requests(batch)


__all__ = ["BatchItemInvalid", "BatchNotice", "BatchRequest", "disclosure_proactive_many", "disclosure_request_many"]
