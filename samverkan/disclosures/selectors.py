"""Reads of requests, decisions and review tasks, scoped to the official's organisation.

A request is visible to the two parties only: the organisation that received (asked for) the
data and the one that disclosed it. A review task is visible only in the discloser's queue.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from samverkan.accounts.models import Organisation
from samverkan.cases.models import Case
from samverkan.disclosures.models import DisclosureDecision, DisclosureRequest, ReviewTask


def _with_decisions(qs: QuerySet[DisclosureRequest]) -> QuerySet[DisclosureRequest]:
    return qs.select_related("person", "discloser", "recipient", "requested_by", "case").prefetch_related(
        Prefetch(
            "decisions",
            queryset=DisclosureDecision.objects.select_related("review_task__decided_by", "consent").order_by("pk"),
        )
    )


def requests_visible_to(organisation: Organisation) -> QuerySet[DisclosureRequest]:
    return _with_decisions(DisclosureRequest.objects.filter(Q(recipient=organisation) | Q(discloser=organisation)))


def requests_made_by(organisation: Organisation) -> QuerySet[DisclosureRequest]:
    """ "Mina förfrågningar": what the organisation has asked for or been told about."""
    return _with_decisions(DisclosureRequest.objects.filter(recipient=organisation))


def requests_answered_by(organisation: Organisation) -> QuerySet[DisclosureRequest]:
    return _with_decisions(DisclosureRequest.objects.filter(discloser=organisation))


def requests_for_case(case: Case) -> QuerySet[DisclosureRequest]:
    return requests_made_by(case.organisation).filter(case=case)


def review_queue(organisation: Organisation, *, status: str | None = ReviewTask.Status.OPEN) -> QuerySet[ReviewTask]:
    qs = ReviewTask.objects.filter(organisation=organisation).select_related(
        "request__person", "request__recipient", "request__requested_by", "decision", "decided_by"
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("created_at", "pk") if status == ReviewTask.Status.OPEN else qs.order_by("-decided_at", "-pk")


def open_review_count(organisation: Organisation) -> int:
    return ReviewTask.objects.filter(organisation=organisation, status=ReviewTask.Status.OPEN).count()


def last_requests_for(
    *, recipient: Organisation, person_ids: Iterable[int], discloser_type: str, category: str
) -> dict[int, DisclosureRequest]:
    """Per person: the latest request ``recipient`` made on purpose to an organisation of ``discloser_type`` that
    asked for ``category``, with its decisions (the last result, read without asking the gate again).

    One query for all persons, so an overview shows the last answers without a request per row.
    """
    ids = set(person_ids)
    if not ids:
        return {}
    rows = _with_decisions(
        DisclosureRequest.objects.filter(
            recipient=recipient,
            person_id__in=ids,
            discloser__org_type=discloser_type,
            kind=DisclosureRequest.Kind.REQUEST,
        )
    ).order_by("-created_at", "-pk")
    found: dict[int, DisclosureRequest] = {}
    for row in rows:
        if row.person_id not in found and category in (row.categories or []):
            found[row.person_id] = row
    return found
