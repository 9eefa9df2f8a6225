"""“Hämta uppgifter”: one lookup across Försäkringskassan, Pensionsmyndigheten, Arbetsförmedlingen,
the a-kassa, Centrala studiestödsnämnden and Skatteverket for every person in a case's household, as
SSBTEK and LEFI Online do, through the secrecy gate (docs/domain.md §3, §9).

1. **The gate first.** For every person in the household and every organisation of each agency,
   one :func:`~samverkan.disclosures.services.disclosure_request` for the agency's categories
   (:data:`~samverkan.registries.records.LOOKUP_CATEGORIES`) and the chosen period. Each is
   stored and audited by the gate; nothing is fetched about a person before the gate decided.
2. **Then the sources, in parallel.** Each agency's source (:func:`~samverkan.registries.sources.get_source`)
   is asked once, for the persons about whom something was released, in its own thread with its
   own time-out (:func:`~samverkan.registries.sources.fanout.fan_out`).
3. **Only what was released is kept.** Every fact is one data category; the gate's
   :meth:`redact` keeps the released ones, and each carries the basis the gate gave for it.

A source that fails or does not answer in time is named in the result (and per person); the
other sources' facts are shown all the same.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseMember
from samverkan.core import clock
from samverkan.disclosures.batch import BatchRequest
from samverkan.disclosures.services import GateResult, disclosure_request
from samverkan.domain.disclosure import CATEGORIES, period_problem
from samverkan.people.models import Person
from samverkan.registries.records import (
    AGENCY_CODES,
    LOOKUP_CATEGORIES,
    Item,
    RecordData,
    agency_label,
    identity_item,
    record_items,
)
from samverkan.registries.sources import get_source
from samverkan.registries.sources.base import Source, SourceError
from samverkan.registries.sources.fanout import FetchOutcome, fan_out

LOOKUP_PURPOSE = "Kontroll av rätt till ekonomiskt bistånd i ärende {reference}"


@dataclass(frozen=True)
class LookupItem:
    """One released fact with the legal basis the gate gave for it."""

    category: str
    category_label: str
    label: str
    value: str
    record_label: str
    kind: str
    external_id: str
    data: dict[str, Any]
    basis: str
    outcome_basis: str  # "duty" or "consent"

    def to_json(self) -> dict[str, Any]:
        return {
            "category": self.category,
            "category_label": self.category_label,
            "label": self.label,
            "value": self.value,
            "record": self.record_label,
            "kind": self.kind,
            "external_id": self.external_id,
            "data": Item(self.category, self.label, self.value, self.kind, self.external_id, self.data).to_json()[
                "data"
            ],
            "basis": self.basis,
            "basis_code": self.outcome_basis,
        }


@dataclass
class SourceOutcome:
    """One person × one agency: what the gate decided and what the source gave."""

    agency: str
    label: str
    status: str  # "ok", "failed", "timeout", "not_released", "no_organisation"
    items: list[LookupItem] = field(default_factory=list)
    released: list[str] = field(default_factory=list)
    review: list[str] = field(default_factory=list)
    denied: list[str] = field(default_factory=list)
    reasons: dict[str, str] = field(default_factory=dict)
    request_ids: list[int] = field(default_factory=list)
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def failed(self) -> bool:
        return self.status in ("failed", "timeout")

    @property
    def review_labels(self) -> list[str]:
        return [CATEGORIES[c].label for c in self.review]

    @property
    def denied_reasons(self) -> list[tuple[str, str]]:
        return [(CATEGORIES[c].label, self.reasons.get(c, "")) for c in self.denied]

    def to_json(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "label": self.label,
            "status": self.status,
            "message": self.message,
            "released": self.released,
            "review": self.review,
            "denied": self.denied,
            "reasons": self.reasons,
            "request_ids": self.request_ids,
            "items": [i.to_json() for i in self.items],
        }


@dataclass
class PersonLookup:
    person: Person
    relation: str
    sources: list[SourceOutcome]

    def to_json(self) -> dict[str, Any]:
        return {
            "person_id": self.person.pk,
            "name": self.person.full_name,
            "identity_number": self.person.identity_number,
            "relation": self.relation,
            "sources": [s.to_json() for s in self.sources],
        }


@dataclass(frozen=True)
class SourceStatus:
    agency: str
    label: str
    status: str  # "ok", "failed", "timeout", "not_asked"
    message: str
    elapsed: float


@dataclass
class LookupResult:
    """The whole answer: per person and agency, plus which sources failed or timed out."""

    case: Case
    period: tuple[dt.date, dt.date]
    fetched_at: dt.datetime
    elapsed: float
    persons: list[PersonLookup]
    sources: list[SourceStatus]

    @property
    def failed_sources(self) -> list[SourceStatus]:
        return [s for s in self.sources if s.status in ("failed", "timeout")]

    @property
    def request_ids(self) -> list[int]:
        return sorted({pk for p in self.persons for s in p.sources for pk in s.request_ids})

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case.pk,
            "period": {"start": self.period[0].isoformat(), "end": self.period[1].isoformat()},
            "fetched_at": self.fetched_at.isoformat(),
            "elapsed_seconds": round(self.elapsed, 3),
            "sources": [
                {"agency": s.agency, "label": s.label, "status": s.status, "message": s.message} for s in self.sources
            ],
            "failed_sources": [s.agency for s in self.failed_sources],
            "persons": [p.to_json() for p in self.persons],
        }


def _short_basis(gate: GateResult, category: str) -> tuple[str, str]:
    decision = gate.decisions[category]
    basis = getattr(decision, "basis", None)
    return gate.basis_text(category), str(basis) if basis is not None else ""


def _organisations(agencies: Sequence[str]) -> dict[str, list[Organisation]]:
    found: dict[str, list[Organisation]] = {code: [] for code in agencies}
    for org in Organisation.objects.filter(org_type__in=list(agencies)).order_by("name"):
        found[org.org_type].append(org)
    return found


def _items_for(
    records: Sequence[RecordData],
    person: Person,
    agency: str,
    organisation: Organisation,
    single: bool,
) -> list[Item]:
    # A file or HTTP source serves one organisation: its records carry no organisation code and
    # belong to the agency's only organisation (with several, only coded records can be placed).
    mine = [r for r in records if r.organisation == organisation.code or (not r.organisation and single)]
    if not mine:
        return []
    facts = [identity_item(full_name=person.full_name, identity_number=person.identity_number, agency=agency)]
    for record in mine:
        facts.extend(record_items(record))
    return facts


@dataclass(frozen=True)
class HouseholdPlan:
    """What a household lookup asks the gate: one request per person and organisation of each agency, in order."""

    agencies: list[str]
    members: list[CaseMember]
    organisations: dict[str, list[Organisation]]
    requests: list[BatchRequest]


def household_plan(
    *, requester: User, case: Case, period: tuple[dt.date, dt.date], sources: Sequence[str] | None = None
) -> HouseholdPlan:
    """The gate requests of :func:`fetch_household` (nothing asked yet), after its checks of the input.

    The monthly control run asks them for many cases at once (:func:`samverkan.disclosures.batch.disclosure_request_many`).
    """
    organisation = requester.organisation
    if organisation is None or case.organisation_id != organisation.pk:
        raise PermissionDenied("Ärendet hör inte till din organisation.")
    if case.is_cancelled:
        raise ValidationError("Ärendet är makulerat; inga uppgifter hämtas i det.", code="cancelled")
    agencies = list(dict.fromkeys(sources or AGENCY_CODES))
    unknown = [a for a in agencies if a not in AGENCY_CODES]
    if unknown:
        raise ValidationError({"sources": f"Okänd källa: {', '.join(unknown)}."})
    start, end = period
    if end < start:
        raise ValidationError({"period_end": "Periodens sista dag ligger före dess första dag."})
    # The gate would refuse every request for a period that is not limited and current, and each refusal
    # would be stored and shown in the person's "Vem har sett": refuse the period before anything is asked.
    if (problem := period_problem(start, end, clock.today())) is not None:
        raise ValidationError(problem, code="period")
    members = list(
        CaseMember.objects.filter(case=case).select_related("person").order_by("relation", "person__birth_date")
    )
    organisations = _organisations(agencies)
    purpose = LOOKUP_PURPOSE.format(reference=case.reference)
    requests = [
        BatchRequest(
            requester=requester,
            discloser=org,
            person=member.person,
            case=case,
            categories=list(LOOKUP_CATEGORIES[agency]),
            purpose=purpose,
            period=period,
        )
        for member in members
        for agency in agencies
        for org in organisations[agency]
    ]
    return HouseholdPlan(agencies, members, organisations, requests)


def fetch_household(
    *,
    requester: User,
    case: Case,
    period: tuple[dt.date, dt.date],
    sources: Sequence[str] | None = None,
    source_overrides: dict[str, Source] | None = None,
    ask: Callable[..., GateResult] | None = None,
) -> LookupResult:
    """Fetch, for every person in ``case``'s household, what the gate releases from each agency.

    ``sources`` limits the agencies (codes of :data:`~samverkan.registries.records.AGENCY_CODES`;
    all four by default). ``source_overrides`` replaces the configured source of an agency (tests,
    benchmark). ``ask`` replaces :func:`disclosure_request` (same keyword arguments): the monthly
    control run reuses the requests it already made for the case (in a batch, or before it was interrupted). Raises ``PermissionDenied`` for a case of another organisation and
    ``ValidationError`` (Swedish) for bad input; the gate's own checks apply to every request.
    """
    started = time.monotonic()
    plan = household_plan(requester=requester, case=case, period=period, sources=sources)
    # 1. The gate decides, per person and organisation, before anything is fetched.
    gates, wanted = _ask_gate(plan, requester=requester, case=case, period=period, ask=ask or disclosure_request)
    # 2. The sources, in parallel, each with its own time-out.
    fetched, statuses = _fetch_sources(plan.agencies, wanted, period, source_overrides or {})
    # 3. Keep only what the gate released, with its basis.
    by_agency = {s.agency: s for s in statuses}
    persons = [
        PersonLookup(
            member.person,
            member.get_relation_display(),
            _person_outcomes(member.person, plan, gates, fetched, by_agency),
        )
        for member in plan.members
    ]
    return LookupResult(
        case=case,
        period=period,
        fetched_at=clock.now(),
        elapsed=time.monotonic() - started,
        persons=persons,
        sources=statuses,
    )


def _ask_gate(
    plan: HouseholdPlan,
    *,
    requester: User,
    case: Case,
    period: tuple[dt.date, dt.date],
    ask: Callable[..., GateResult],
) -> tuple[dict[tuple[int, int], GateResult], dict[str, list[str]]]:
    """Every request of the plan through the gate: its answers by (person, organisation), and the persons each
    agency may be asked about (something was released)."""
    gates: dict[tuple[int, int], GateResult] = {}
    wanted: dict[str, list[str]] = {a: [] for a in plan.agencies}
    for request in plan.requests:
        person, org = request.person, request.discloser
        gate = ask(
            requester=requester,
            discloser=org,
            person=person,
            case=case,
            categories=list(request.categories),
            purpose=request.purpose,
            period=period,
        )
        gates[(person.pk, org.pk)] = gate
        if gate.released and person.identity_number not in wanted[org.org_type]:
            wanted[org.org_type].append(person.identity_number)
    return gates, wanted


def _fetch_sources(
    agencies: Sequence[str],
    wanted: Mapping[str, list[str]],
    period: tuple[dt.date, dt.date],
    source_overrides: Mapping[str, Source],
) -> tuple[dict[str, FetchOutcome], list[SourceStatus]]:
    """Ask each agency's source about its wanted persons, in parallel; and how each source fared."""
    requests: dict[str, tuple[Source, Sequence[str]]] = {}
    setup_failures: dict[str, str] = {}
    for agency in agencies:
        if not wanted[agency]:
            continue
        try:
            source = source_overrides.get(agency) or get_source(agency)
        except SourceError as exc:
            setup_failures[agency] = exc.message
            continue
        requests[agency] = (source, wanted[agency])
    fetched: dict[str, FetchOutcome] = fan_out(requests, period)

    statuses = []
    for agency in agencies:
        if agency in setup_failures:
            statuses.append(SourceStatus(agency, agency_label(agency), "failed", setup_failures[agency], 0.0))
        elif agency in fetched:
            done = fetched[agency]
            statuses.append(SourceStatus(agency, agency_label(agency), done.status, done.message, done.elapsed))
        else:
            statuses.append(
                SourceStatus(
                    agency, agency_label(agency), "not_asked", "Inget lämnades ut; källan tillfrågades inte.", 0.0
                )
            )
    return fetched, statuses


def _person_outcomes(
    person: Person,
    plan: HouseholdPlan,
    gates: Mapping[tuple[int, int], GateResult],
    fetched: Mapping[str, FetchOutcome],
    by_agency: Mapping[str, SourceStatus],
) -> list[SourceOutcome]:
    """One person's outcome per organisation of each agency."""
    outcomes: list[SourceOutcome] = []
    for agency in plan.agencies:
        orgs = plan.organisations[agency]
        if not orgs:
            outcomes.append(
                SourceOutcome(
                    agency, agency_label(agency), "no_organisation", message="Myndigheten finns inte i Samverkan."
                )
            )
            continue
        for org in orgs:
            gate = gates[(person.pk, org.pk)]
            label = agency_label(agency) if len(orgs) == 1 else org.name
            outcome = SourceOutcome(
                agency,
                label,
                "ok",
                released=sorted(gate.released),
                review=sorted(gate.review),
                denied=sorted(gate.denied),
                reasons={c: gate.decisions[c].explanation for c in gate.denied | gate.review},
                request_ids=[gate.request.pk],
            )
            status = by_agency[agency]
            if not gate.released:
                outcome.status = "not_released"
            elif status.status in ("failed", "timeout"):
                outcome.status = status.status
                outcome.message = status.message
            else:
                result = fetched[agency].result
                assert result is not None
                facts = _items_for(result.for_person(person.identity_number), person, agency, org, len(orgs) == 1)
                outcome.items.extend(_released_items(gate, facts))
            outcomes.append(outcome)
    return outcomes


def _released_items(gate: GateResult, facts: list[Item]) -> list[LookupItem]:
    """The facts the gate released, each with the basis it gave."""
    items = []
    for fact in gate.redact(facts):
        basis_text, basis_code = _short_basis(gate, fact.category)
        items.append(
            LookupItem(
                category=fact.category,
                category_label=fact.category_label,
                label=fact.label,
                value=fact.value,
                record_label=fact.record_label if fact.kind != "identity" else "Identitet",
                kind=fact.kind,
                external_id=fact.external_id,
                data=dict(fact.data),
                basis=basis_text,
                outcome_basis=basis_code,
            )
        )
    return items


def default_period(on: dt.date) -> tuple[dt.date, dt.date]:
    """The first day of the month two months back to ``on``: never into the future."""
    index = on.year * 12 + on.month - 1 - 2
    return dt.date(index // 12, index % 12 + 1, 1), on
