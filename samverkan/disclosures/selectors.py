"""Reads of requests, decisions and review tasks, scoped to the official's organisation.

A request is visible to the two parties only: the organisation that received (asked for) the
data and the one that disclosed it. A review task is visible only in the discloser's queue.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Prefetch, Q, QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.disclosures.models import DisclosureDecision, DisclosureRequest, ReviewTask
from samverkan.people.selectors import person_matches


def _with_decisions(qs: QuerySet[DisclosureRequest]) -> QuerySet[DisclosureRequest]:
    return qs.select_related("person", "discloser", "recipient", "requested_by", "case").prefetch_related(
        Prefetch(
            "decisions",
            queryset=DisclosureDecision.objects.select_related("review_task__decided_by", "consent")
            .prefetch_related("documents__released_by")
            .order_by("pk"),
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


def case_page_requests(case: Case, *, limit: int = 10) -> list[DisclosureRequest]:
    """The case page's list of the case's latest requests: number, date, to whom, about whom, the answer in short
    (:meth:`DisclosureRequest.outcome_summary`).

    Reads only what the list shows. Every household lookup stores a request per person and agency, each with its
    snapshot and a decision per category carrying the released values; the list needs none of that, and reading
    it made this panel the costliest part of the case page (issue 20).
    """
    decisions = (
        DisclosureDecision.objects.select_related("review_task")
        .only("request_id", "outcome", "review_task__decision_id", "review_task__status")
        .order_by("pk")
    )
    rows = (
        DisclosureRequest.objects.filter(recipient_id=case.organisation_id, case=case)
        .select_related("person", "discloser")
        .only("requested_on", "person__first_name", "person__last_name", "discloser__name")
        .prefetch_related(Prefetch("decisions", queryset=decisions))
    )
    return list(rows[:limit])


def review_queue(organisation: Organisation, *, status: str | None = ReviewTask.Status.OPEN) -> QuerySet[ReviewTask]:
    """The organisation's review tasks with their decision (what the review page of one task shows)."""
    return _review_tasks(organisation, status).select_related("decision")


def _review_tasks(organisation: Organisation, status: str | None) -> QuerySet[ReviewTask]:
    """The organisation's review tasks as the queue lists them: open ones oldest first, decided ones newest first."""
    qs = ReviewTask.objects.filter(organisation=organisation).select_related(
        "request__person", "request__recipient", "request__requested_by", "decided_by"
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


def request_search(
    *,
    organisation: Organisation,
    user: User,
    query: str = "",
    direction: str = "made",
    whose: str = "all",
    outcome: str = "",
    counterpart: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[DisclosureRequest]:
    """ "Förfrågningar" with its filters, newest first: what the organisation received (``made``) or disclosed
    (``answered``); the official's own, the unit's or all; by outcome, other organisation and period; and a search
    by the person (name or identity number in any accepted spelling), the request's number or the case reference."""
    if direction == "answered":
        found = requests_answered_by(organisation)
        if counterpart:
            found = found.filter(recipient__code=counterpart)
    else:
        found = requests_made_by(organisation)
        if whose == "mine":
            found = found.filter(requested_by=user)
        elif whose == "unit":
            found = found.filter(requested_by__unit=user.unit)
        if counterpart:
            found = found.filter(discloser__code=counterpart)
    if outcome:
        found = found.filter(decisions__outcome=outcome).distinct()
    if since is not None:
        found = found.filter(requested_on__gte=since)
    if until is not None:
        found = found.filter(requested_on__lte=until)
    text = (query or "").strip()
    if text:
        found = found.filter(_search_matches(text, request=""))
    return found.order_by("-requested_on", "-pk")


def _search_matches(text: str, *, request: str) -> Q:
    """A search by the person (name, or identity number in any accepted spelling), the request's number or the
    case reference; ``request`` is the path to the request from the rows searched (``""``: the requests)."""
    number = text.lower().removeprefix("nr").strip()
    matches = Q(**{f"{request}case__reference__iexact": text}) | person_matches(text, path=f"{request}person__")
    if number.isdigit() and len(number) <= 9:
        matches |= Q(**{f"{request}pk" if request else "pk": int(number)})
    return matches


def review_search(
    *,
    organisation: Organisation,
    query: str = "",
    status: str = ReviewTask.Status.OPEN,
    category: str = "",
    counterpart: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> QuerySet[ReviewTask]:
    """The review queue with its filters: open (oldest first) or decided (newest first), by category, requesting
    organisation and the day the request came in, and the same search as "Förfrågningar".

    The list shows neither the decision nor the request's snapshot and categories: they are not read (issue 20).
    """
    found = _review_tasks(organisation, status or None).defer("request__snapshot", "request__categories")
    if category:
        found = found.filter(category=category)
    if counterpart:
        found = found.filter(request__recipient__code=counterpart)
    if since is not None:
        found = found.filter(request__requested_on__gte=since)
    if until is not None:
        found = found.filter(request__requested_on__lte=until)
    text = (query or "").strip()
    if text:
        found = found.filter(_search_matches(text, request="request__"))
    return found
