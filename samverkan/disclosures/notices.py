"""The gate's proactive notices of retroactive decisions: where an agency's records meet the nämnder's ärenden.

Försäkringskassan and Pensionsmyndigheten tell the socialnämnd on their own initiative what it needs
(SoL (2025:400) 15 kap. 10 §, förordningen (2008:975) 3 and 7 §§) when there is reason to. For återsökning
(SFB 107 kap. 5 §) the reason is a granted retroactive decision of a benefit that can be reclaimed, about a
person in the household of an aktuellt ärende om ekonomiskt bistånd, whose period overlaps counted bistånd
the nämnd paid. Finding that reason reads both organisations' rows, so it is the gate's work and lives here
(:func:`detection_candidates`, one chunk of decisions at a time, five queries whatever the caseload); the
nämnd gets only what passes the gate (:func:`notify_retroactive_decision`): the released facts of that one
decision, as :class:`ReleasedDecision`. No other app reads the agencies' registers (an import-linter
contract in ``pyproject.toml``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.models import Payment, PaymentKind
from samverkan.cases.models import Case, CaseMember
from samverkan.disclosures.models import DisclosureDecision, DisclosureRequest, Outcome
from samverkan.disclosures.records import released_record_facts
from samverkan.disclosures.services import GateResult, disclosure_proactive
from samverkan.domain.errors import DomainError
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.reclaim import (
    BENEFITS,
    Agency,
    AssistanceKind,
    AssistancePayment,
    Period,
    RetroactiveDecision,
    detect_overlaps,
)
from samverkan.people.models import Person
from samverkan.registries.models import BenefitDecision

AGENCY_TYPES = (OrganisationType.FK, OrganisationType.PM)
COUNTED_KINDS = (PaymentKind.SUBSISTENCE, PaymentKind.OTHER_LIVING)
#: The record kind a retroactive decision is kept as (``samverkan.registries.records``).
DECISION_KIND = "benefit_decision"


@dataclass(frozen=True, slots=True)
class Candidate:
    """A retroactive decision that overlaps counted bistånd of the household of an aktuellt ärende."""

    case_id: int
    organisation_id: int
    decision_id: int
    person_id: int
    benefit: str
    counted_assistance: Decimal
    deadline: dt.date


def _reclaimable_codes() -> list[str]:
    return [code for code, b in BENEFITS.items() if b.reclaimable]


def retroactive_decisions(*, payout_from: dt.date | None = None) -> QuerySet[BenefitDecision]:
    """Granted retroactive decisions by FK or PM of a benefit that can be reclaimed at all
    (SFB 107 kap. 5 §), paid out on or after ``payout_from`` (amount, period and payout day known)."""
    decisions = BenefitDecision.objects.all()
    if payout_from is not None:
        decisions = decisions.filter(payout_date__gte=payout_from)
    return decisions.filter(
        payout_date__isnull=False,
        outcome=BenefitDecision.Outcome.GRANTED,
        benefit__in=_reclaimable_codes(),
        retroactive_amount__isnull=False,
        retroactive_start__isnull=False,
        retroactive_end__isnull=False,
        organisation__org_type__in=[t.value for t in AGENCY_TYPES],
    )


def retroactive_decision_ids(*, payout_from: dt.date) -> list[int]:
    """What the nightly run goes through, most urgent payout first."""
    return list(
        retroactive_decisions(payout_from=payout_from).order_by("payout_date", "pk").values_list("pk", flat=True)
    )


def chunked(ids: Sequence[int], size: int) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start : start + size]


def _active_assistance_memberships(
    person_ids: Iterable[int], case_ids: Sequence[int] | None
) -> list[tuple[int, int, int]]:
    """(case, organisation, person) for each aktuellt ärende om ekonomiskt bistånd the persons are in."""
    qs = CaseMember.objects.filter(
        person_id__in=list(person_ids),
        case__case_type=CaseType.ASSISTANCE.value,
        case__status=Case.Status.ACTIVE,
        case__organisation__org_type=OrganisationType.SOCIAL_SERVICES.value,
    )
    if case_ids is not None:
        qs = qs.filter(case_id__in=list(case_ids))
    return list(qs.values_list("case_id", "case__organisation_id", "person_id"))


_DecisionRow = tuple[int, int, str, str, dt.date, dt.date | None, dt.date | None, Decimal | None, dt.date | None]
#: Where a domain decision came from: (case, decision, person), by the domain decision's index.
_Origin = tuple[int, int, int]


def _retroactive_rows(decision_ids: Sequence[int]) -> list[_DecisionRow]:
    """The chunk's granted retroactive decisions, as the facts the domain's sweep needs."""
    return list(
        retroactive_decisions()
        .filter(pk__in=list(decision_ids))
        .values_list(
            "pk",
            "person_id",
            "organisation__org_type",
            "benefit",
            "decision_date",
            "retroactive_start",
            "retroactive_end",
            "retroactive_amount",
            "payout_date",
        )
    )


def _domain_decisions(
    rows: Iterable[_DecisionRow],
    cases_of_person: Mapping[int, list[int]],
    organisation_of: Mapping[int, int],
    done: set[tuple[int, int]],
) -> tuple[list[RetroactiveDecision], list[_Origin], int]:
    """One domain decision per decision and aktuellt ärende of its person not yet drafted, and how many were skipped."""
    decisions: list[RetroactiveDecision] = []
    meta: list[_Origin] = []  # (case, decision, person) per domain decision
    skipped = 0
    for pk, person_id, org_type, benefit, decided, start, end, amount, payout in rows:
        if start is None or end is None or amount is None or payout is None:  # excluded by the query
            continue
        for case_id in cases_of_person.get(person_id, ()):
            if (organisation_of[case_id], pk) in done:
                continue
            try:
                decisions.append(
                    RetroactiveDecision(
                        benefit=benefit,
                        decided_by=Agency(org_type),
                        decision_date=decided,
                        period=Period(start, end),
                        amount=amount,
                        payout_date=payout,
                        id=str(pk),
                        household=str(case_id),
                    )
                )
            except DomainError:
                skipped += 1  # an inconsistent agency record (e.g. period after the decision): never reclaimed
                continue
            meta.append((case_id, pk, person_id))
    return decisions, meta, skipped


def _household_payments(
    decisions: Sequence[RetroactiveDecision], meta: Iterable[_Origin], organisation_of: Mapping[int, int]
) -> list[AssistancePayment]:
    """The counted bistånd each case's nämnd paid to anyone in its household within the decisions' periods."""
    wanted = {m[0] for m in meta}
    households: dict[int, list[int]] = defaultdict(list)  # person -> wanted cases
    for case_id, person_id in CaseMember.objects.filter(case_id__in=list(wanted)).values_list("case_id", "person_id"):
        households[person_id].append(case_id)
    first = min(d.period.start for d in decisions)
    last = max(d.period.end for d in decisions)
    payments: list[AssistancePayment] = []
    for pk, recipient, org_id, kind, amount, start, end, paid_on in Payment.objects.filter(
        recipient_id__in=list(households),
        kind__in=[k.value for k in COUNTED_KINDS],
        period_start__lte=last,
        period_end__gte=first,
        amount__gt=0,
    ).values_list("pk", "recipient_id", "organisation_id", "kind", "amount", "period_start", "period_end", "paid_on"):
        for case_id in households[recipient]:
            if organisation_of[case_id] == org_id:
                payments.append(
                    AssistancePayment(
                        paid_on=paid_on,
                        amount=amount,
                        kind=AssistanceKind(kind),
                        covers=Period(start, end),
                        id=str(pk),
                        household=str(case_id),
                    )
                )
    return payments


def detection_candidates(
    *,
    decision_ids: Sequence[int],
    case_ids: Sequence[int] | None = None,
    drafted: Callable[[Sequence[int]], set[tuple[int, int]]] | None = None,
) -> tuple[list[Candidate], int]:
    """Candidates among ``decision_ids`` (one chunk), most urgent first, and how many were skipped.

    A decision (see :func:`retroactive_decisions`) is a candidate for an aktuellt ärende om
    ekonomiskt bistånd (optionally only among ``case_ids``) when the person is in the case's
    household, the nämnd has no reclaim for the decision yet, and the retroactive period overlaps
    counted bistånd (SoL 12 kap. 1 §) the nämnd paid to anyone in the household: the reason (skäl) for the notice. The overlap is the
    domain's sweep (:func:`samverkan.domain.reclaim.detect_overlaps`). Five queries per chunk,
    whatever the number of cases: the work follows the decisions, not the caseload.
    """
    rows = _retroactive_rows(decision_ids)
    if not rows:
        return [], 0
    memberships = _active_assistance_memberships({r[1] for r in rows}, case_ids)
    if not memberships:
        return [], 0
    cases_of_person: dict[int, list[int]] = defaultdict(list)
    organisation_of: dict[int, int] = {}
    for case_id, organisation_id, person_id in memberships:
        cases_of_person[person_id].append(case_id)
        organisation_of[case_id] = organisation_id
    done = drafted([r[0] for r in rows]) if drafted is not None else set()
    decisions, meta, skipped = _domain_decisions(rows, cases_of_person, organisation_of, done)
    if not decisions:
        return [], skipped
    payments = _household_payments(decisions, meta, organisation_of)
    found = [
        Candidate(
            case_id=meta[o.decision_index][0],
            organisation_id=organisation_of[meta[o.decision_index][0]],
            decision_id=meta[o.decision_index][1],
            person_id=meta[o.decision_index][2],
            benefit=o.decision.benefit,
            counted_assistance=o.counted_assistance,
            deadline=o.deadline,
        )
        for o in detect_overlaps(decisions, payments)
    ]
    return found, skipped


def decision_candidates(
    decision: int, *, drafted: Callable[[Sequence[int]], set[tuple[int, int]]] | None = None
) -> list[Candidate]:
    """The ärenden one freshly recorded decision is a reason to notify (none when it is not a granted retroactive
    decision of a benefit that can be reclaimed, or overlaps no counted bistånd)."""
    candidates, _skipped = detection_candidates(decision_ids=[decision], drafted=drafted)
    return candidates


@dataclass(frozen=True)
class ReleasedDecision:
    """A retroactive decision as the gate released it to the nämnd: only facts that passed, and the request."""

    decision_id: int
    agency: Organisation
    person: Person
    benefit: str
    decision_date: dt.date
    period_start: dt.date
    period_end: dt.date
    amount: Decimal
    payout_date: dt.date
    request: DisclosureRequest

    def domain(self) -> RetroactiveDecision:
        """The domain's decision; :class:`DomainError` when the released facts cannot be one."""
        return RetroactiveDecision(
            benefit=self.benefit,
            decided_by=Agency(self.agency.org_type),
            decision_date=self.decision_date,
            period=Period(self.period_start, self.period_end),
            amount=self.amount,
            payout_date=self.payout_date,
            id=str(self.decision_id),
        )


#: The facts of a retroactive decision the nämnd needs for återsökning, and the categories that carry them.
NOTICE_CATEGORIES = ("identity", "benefit_granted", "payment_period", "payment_amount", "payment_date")
REQUIRED_CATEGORIES = frozenset({"benefit_granted", "payment_period", "payment_amount", "payment_date"})
_FACTS = ("benefit", "decision_date", "retroactive_start", "retroactive_end", "retroactive_amount", "payout_date")


def released_decision(
    result: GateResult, *, decision_id: int, external_id: str, values: Sequence[Mapping[str, Any]] | None = None
) -> ReleasedDecision | None:
    """The decision as released by ``result`` (None when a fact the återsökning needs did not pass); ``values``: the
    request's released values when the caller has read them already (the batch path reads them in one query)."""
    if REQUIRED_CATEGORIES - result.released:
        return None
    if values is None:
        rows = DisclosureDecision.objects.filter(request=result.request, outcome=Outcome.RELEASED)
        values = [value for row in rows for value in row.released_values]
    facts = released_record_facts(values, kind=DECISION_KIND, external_id=external_id)
    if any(facts.get(name) in (None, "") for name in _FACTS):
        return None
    return ReleasedDecision(
        decision_id=decision_id,
        agency=result.request.discloser,
        person=result.request.person,
        benefit=str(facts["benefit"]),
        decision_date=dt.date.fromisoformat(facts["decision_date"]),
        period_start=dt.date.fromisoformat(facts["retroactive_start"]),
        period_end=dt.date.fromisoformat(facts["retroactive_end"]),
        amount=Decimal(str(facts["retroactive_amount"])),
        payout_date=dt.date.fromisoformat(facts["payout_date"]),
        request=result.request,
    )


def notify_retroactive_decision(
    *, decision_id: int, case: Case, purpose: str, actor: User | None, on: dt.date
) -> tuple[GateResult, ReleasedDecision | None]:
    """The agency tells the nämnd of ``case`` about one retroactive decision, through the gate (proactive, audited).

    Only that decision's facts in the duty categories can pass; the nämnd works from the :class:`ReleasedDecision`.
    """
    decision = BenefitDecision.objects.select_related("organisation", "person").get(pk=decision_id)
    result = disclosure_proactive(
        discloser=decision.organisation,
        recipient=case.organisation,
        person=decision.person,
        case=case,
        categories=NOTICE_CATEGORIES,
        purpose=purpose,
        actor=actor,
        on=on,
        record=(DECISION_KIND, decision.external_id),
    )
    return result, released_decision(result, decision_id=decision.pk, external_id=decision.external_id)


def notify_retroactive_decisions(
    candidates: Sequence[Candidate], *, purpose: str, on: dt.date
) -> list[tuple[GateResult, ReleasedDecision | None]]:
    """:func:`notify_retroactive_decision` for a whole chunk of candidates through the gate's batch path.

    The same notices, rows and audit entries as one at a time in the same order (tests compare them), in one
    transaction: the decisions and cases are read with one query each, the notices decided and stored with
    :func:`~samverkan.disclosures.batch.disclosure_proactive_many`, and the released values read back with one query.
    """
    if not candidates:
        return []
    from samverkan.disclosures.batch import BatchNotice, disclosure_proactive_many

    decisions = BenefitDecision.objects.select_related("organisation", "person").in_bulk(
        sorted({c.decision_id for c in candidates})
    )
    cases = Case.objects.select_related("organisation", "unit").in_bulk(sorted({c.case_id for c in candidates}))
    results = disclosure_proactive_many(
        [
            BatchNotice(
                discloser=decisions[c.decision_id].organisation,
                recipient=cases[c.case_id].organisation,
                person=decisions[c.decision_id].person,
                case=cases[c.case_id],
                categories=NOTICE_CATEGORIES,
                purpose=purpose,
                record=(DECISION_KIND, decisions[c.decision_id].external_id),
            )
            for c in candidates
        ],
        on=on,
    )
    values: dict[int, list[Mapping[str, Any]]] = defaultdict(list)
    for request_id, released in (
        DisclosureDecision.objects.filter(request__in=[r.request for r in results], outcome=Outcome.RELEASED)
        .order_by("pk")
        .values_list("request_id", "released_values")
    ):
        values[request_id].extend(released)
    return [
        (
            result,
            released_decision(
                result,
                decision_id=c.decision_id,
                external_id=decisions[c.decision_id].external_id,
                values=values[result.request.pk],
            ),
        )
        for c, result in zip(candidates, results, strict=True)
    ]
