"""The controls of an application, computed from what the secrecy gate released.

1. :func:`samverkan.registries.lookup.fetch_household` asks the gate, for every person in the
   case's household, for the duty categories of Försäkringskassan, Pensionsmyndigheten,
   Arbetsförmedlingen, the a-kassa, Centrala studiestödsnämnden and Skatteverket for the month, and
   fetches only what was released.
2. The released items (and nothing else) are mapped into the domain's records
   (:mod:`samverkan.domain.controls`, by :mod:`samverkan.assistance.records`); a source that failed, timed out, or released less than a
   control needs becomes :class:`~samverkan.domain.controls.Unavailable`, so its controls say
   ``missing`` with the reason.
3. :func:`~samverkan.domain.controls.run_controls` compares them with what the applicant
   declared. Nothing is decided: the case worker assesses each result.
4. The results are upserted as :class:`~samverkan.assistance.models.ControlResult` rows keyed by
   (case, month, person, control, source); a row is written only when something in it changed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from samverkan.accounts.models import Organisation, User
from samverkan.assistance.inputs import month_end, month_start
from samverkan.assistance.models import (
    Application,
    ApplicationMember,
    ControlResult,
    ControlRun,
    ControlRunDisclosure,
    DeclaredIncome,
    IncomeKind,
    IncomeSource,
)
from samverkan.assistance.records import (
    af_records,
    benefit_records,
    study_support_records,
    tax_records,
    unemployment_records,
)
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.domain import controls as domain
from samverkan.domain.dates import age_on
from samverkan.domain.organisations import Role
from samverkan.people.models import Person

logger = logging.getLogger(__name__)

AGENCIES = ("fk", "pm", "unemployment_fund", "af", "csn", "tax_agency")


@dataclass(frozen=True)
class UpsertCounts:
    created: int = 0
    changed: int = 0
    unchanged: int = 0

    def __add__(self, other: UpsertCounts) -> UpsertCounts:
        return UpsertCounts(
            self.created + other.created, self.changed + other.changed, self.unchanged + other.unchanged
        )

    @property
    def message(self) -> str:
        return (
            f"Kontrollerna är gjorda: {self.created} nya, {self.changed} ändrade och "
            f"{self.unchanged} oförändrade resultat."
        )


# --- Who asks ------------------------------------------------------------------------------------


def requester_for_case(case: Case) -> User | None:
    """The official in whose name a batch run asks the gate: the case's responsible socialsekreterare,
    or else a socialsekreterare of the case's unit."""
    responsible = case.responsible
    if responsible is not None and responsible.is_active and responsible.unit_id == case.unit_id:
        return responsible
    return (
        User.objects.filter(unit_id=case.unit_id, is_active=True, role_assignments__role=Role.SOCIAL_WORKER)
        .order_by("pk")
        .first()
    )


# --- Members and what they declared --------------------------------------------------------------


_RELATION_LABELS = dict(CaseMember.Relation.choices)


def _age(person: Person, on: dt.date) -> int:
    return age_on(person.birth_date, on)


def domain_income_kind(kind: str, source: str) -> domain.IncomeKind:
    """How a declared income is compared: etableringsersättning on its own, otherwise by payer."""
    if kind == IncomeKind.ESTABLISHMENT_ALLOWANCE:
        return domain.IncomeKind.ESTABLISHMENT_ALLOWANCE
    by_source: dict[str, domain.IncomeKind] = {
        IncomeSource.FK: domain.IncomeKind.FK_BENEFIT,
        IncomeSource.PM: domain.IncomeKind.PM_BENEFIT,
        IncomeSource.UNEMPLOYMENT_FUND: domain.IncomeKind.UNEMPLOYMENT_BENEFIT,
        IncomeSource.EMPLOYER: domain.IncomeKind.SALARY,
    }
    return by_source.get(source, domain.IncomeKind.OTHER)


@dataclass
class _Member:
    person: Person
    relation: str
    able_to_work: bool | None
    label: str = ""
    declared: list[domain.DeclaredIncome] = field(default_factory=list)


def _members(case: Case, month: dt.date, application: Application | None) -> list[_Member]:
    """The household: the application's members (with the assessed work capacity), else the case's."""
    members: list[_Member] = []
    if application is not None:
        for am in ApplicationMember.objects.filter(application=application).select_related("person").order_by("pk"):
            members.append(_Member(am.person, am.relation, am.able_to_work))
    else:
        latest: dict[int, bool | None] = {}
        for person_id, able in (
            ApplicationMember.objects.filter(application__case=case, application__month__lte=month)
            .order_by("application__month")
            .values_list("person_id", "able_to_work")
        ):
            latest[person_id] = able
        for cm in CaseMember.objects.filter(case=case).select_related("person").order_by("pk"):
            able = latest.get(cm.person_id, False if _age(cm.person, month) < 18 else None)
            members.append(_Member(cm.person, cm.relation, able))
    children = 0
    for m in members:
        relation = _RELATION_LABELS.get(m.relation, m.relation)
        if m.relation == CaseMember.Relation.CHILD:
            children += 1
            relation = f"Barn {children}"
        m.label = f"{relation}: {m.person.full_name}"[:60]
    if application is not None:
        by_person = {m.person.pk: m for m in members}
        for income in DeclaredIncome.objects.filter(application=application).order_by("pk"):
            member = by_person.get(income.person_id)
            if member is None:
                continue
            member.declared.append(
                domain.DeclaredIncome(
                    kind=domain_income_kind(income.kind, income.source),
                    amount=income.amount,
                    received_on=income.received_on,
                    description=income.get_kind_display(),
                )
            )
    return members


def household_members(
    lookup: Any, members: Sequence[_Member], month: dt.date, on: dt.date, unavailable: str | None = None
) -> list[domain.HouseholdMember]:
    """The domain's view of the household: released records per person and source, and the declarations."""
    by_person: dict[int, dict[str, list[Any]]] = {}
    fetched_on = today()
    if lookup is not None:
        fetched_on = timezone.localdate(lookup.fetched_at)
        for person_lookup in lookup.persons:
            per_agency: dict[str, list[Any]] = {a: [] for a in AGENCIES}
            for outcome in person_lookup.sources:
                per_agency.setdefault(outcome.agency, []).append(outcome)
            by_person[person_lookup.person.pk] = per_agency
    result = []
    for m in members:
        if unavailable is not None or m.person.pk not in by_person:
            gone = domain.Unavailable(unavailable or "Personen fanns inte med i uppslaget.")
            result.append(
                domain.HouseholdMember(
                    member_id=str(m.person.pk),
                    label=m.label,
                    able_to_work=m.able_to_work,
                    birth_date=m.person.birth_date,
                    fk=gone,
                    pm=gone,
                    unemployment_fund=gone,
                    af=gone,
                    declared=tuple(m.declared),
                    csn=gone,
                    tax_agency=gone,
                )
            )
            continue
        agencies = by_person[m.person.pk]
        result.append(
            domain.HouseholdMember(
                member_id=str(m.person.pk),
                label=m.label,
                able_to_work=m.able_to_work,
                birth_date=m.person.birth_date,
                fk=benefit_records(agencies.get("fk", []), "fk", fetched_on),
                pm=benefit_records(agencies.get("pm", []), "pm", fetched_on),
                unemployment_fund=unemployment_records(agencies.get("unemployment_fund", []), fetched_on),
                af=af_records(agencies.get("af", []), fetched_on, month, on),
                declared=tuple(m.declared),
                csn=study_support_records(agencies.get("csn", []), fetched_on),
                tax_agency=tax_records(agencies.get("tax_agency", []), fetched_on),
            )
        )
    return result


# --- Computing and storing -----------------------------------------------------------------------


def _figures(figures: Iterable[domain.Figure]) -> list[dict[str, Any]]:
    return [
        {
            "label": f.label,
            "amount": f"{f.amount:.2f}" if f.amount is not None else None,
            "on": f.on.isoformat() if f.on else None,
            "period_start": f.period_start.isoformat() if f.period_start else None,
            "period_end": f.period_end.isoformat() if f.period_end else None,
        }
        for f in figures
    ]


def _values(result: domain.ControlResult, position: int) -> dict[str, Any]:
    return {
        "member_label": result.member_label,
        "position": position,
        "result": result.result.value,
        "title": result.title,
        "explanation": result.explanation,
        "source": result.source.value,
        "data_date": result.data_date,
        "citations": result.citation_text,
        "received": _figures(result.received),
        "declared": _figures(result.declared),
        "received_total": result.received_total,
        "declared_total": result.declared_total,
    }


def _same(row: ControlResult, values: Mapping[str, Any]) -> bool:
    for key, value in values.items():
        current = getattr(row, key)
        if isinstance(value, Decimal) or isinstance(current, Decimal):
            if (current is None) != (value is None) or (current is not None and Decimal(current) != Decimal(value)):
                return False
        elif current != value:
            return False
    return True


@dataclass
class Computation:
    """The month's control results for one case, computed and not yet stored."""

    organisation: Organisation
    case: Case
    month: dt.date
    on: dt.date
    application: Application | None
    results: list[domain.ControlResult]
    request_ids: list[int]
    run: ControlRun | None = None

    @property
    def counts(self) -> dict[domain.ControlOutcome, int]:
        return domain.summary(self.results)

    @transaction.atomic
    def store(self) -> UpsertCounts:
        """Upsert the results by (case, month, person, control, source); write only rows that changed.

        Results of the month that the controls no longer give (a member left the household, a
        registration ended) are removed and counted as changed.
        """
        existing = {
            (row.person_id, row.code, row.source): row
            for row in ControlResult.objects.select_for_update().filter(case=self.case, month=self.month)
        }
        changed = unchanged = 0
        seen: set[tuple[int, str, str]] = set()
        new: list[ControlResult] = []
        request_id = self.request_ids[0] if self.request_ids else None
        for position, result in enumerate(self.results):
            key = (int(result.member_id), result.code, result.source.value)
            seen.add(key)
            values = _values(result, position)
            row = existing.get(key)
            if row is None:
                new.append(
                    ControlResult(
                        organisation=self.organisation,
                        case=self.case,
                        month=self.month,
                        person_id=key[0],
                        code=result.code,
                        application=self.application,
                        computed_on=self.on,
                        run=self.run,
                        disclosure_request_id=request_id,
                        **values,
                    )
                )
            elif _same(row, values) and row.application_id == (self.application.pk if self.application else None):
                unchanged += 1
            else:
                for k, v in values.items():
                    setattr(row, k, v)
                row.application = self.application
                row.computed_on = self.on
                row.run = self.run
                row.disclosure_request_id = request_id
                row.save()
                changed += 1
        ControlResult.objects.bulk_create(new)  # a case's new results in one INSERT
        stale = [row.pk for key, row in existing.items() if key not in seen]
        if stale:
            ControlResult.objects.filter(pk__in=stale).delete()
            changed += len(stale)
        return UpsertCounts(len(new), changed, unchanged)


def control_day(month: dt.date) -> dt.date:
    """The day the month is controlled as of: today, or the month's last day for a past month."""
    return min(today(), month_end(month))


def _ask_once_per_run(run: ControlRun, case: Case) -> Callable[..., Any]:
    """The gate, asked at most once per (run, case, person, agency).

    A request is stored with its :class:`ControlRunDisclosure` in one transaction; a run resumed
    after a crash (``kill -9`` between the lookup and the case's results) reuses the requests it
    already made for the case, so neither the request nor its audit entries are made twice.
    """
    from samverkan.disclosures.services import disclosure_request, gate_result_of

    made = {
        (d.person_id, d.discloser_id): d.request
        for d in ControlRunDisclosure.objects.filter(run=run, case=case).select_related("request__discloser")
    }

    def ask(*, person: Person, discloser: Organisation, **kwargs: Any) -> Any:
        earlier = made.get((person.pk, discloser.pk))
        if earlier is not None:
            return gate_result_of(earlier)
        with transaction.atomic():
            gate = disclosure_request(person=person, discloser=discloser, **kwargs)
            ControlRunDisclosure.objects.create(
                run=run, case=case, person=person, discloser=discloser, request=gate.request
            )
        made[(person.pk, discloser.pk)] = gate.request
        return gate

    return ask


def controls_ask_gate(*, run: ControlRun, cases: Sequence[Case], requester: User | None = None) -> int:
    """Ask the gate, in one batch, everything the cases' lookups will ask; the number of requests made.

    The requests of each case's :func:`samverkan.registries.lookup.household_plan` (in the name of
    ``requester``, else of the case's :func:`requester_for_case`) that the run has not made yet go
    through :func:`samverkan.disclosures.batch.disclosure_request_many`, stored with their
    :class:`ControlRunDisclosure` rows in one transaction: a kill leaves either all or none of them,
    and each case's lookup then reuses them (:func:`_ask_once_per_run`) instead of asking again. A case
    whose lookup cannot be planned (no requester, a check failing) is left to its own lookup, which
    reports why; a batch the gate refuses (a ValidationError) is asked one case at a time the same way.
    """
    from samverkan.disclosures.batch import BatchRequest, disclosure_request_many
    from samverkan.registries.lookup import household_plan

    if not cases:
        return 0
    first = month_start(run.month)
    period = (first, month_end(first))
    made = set(
        ControlRunDisclosure.objects.filter(run=run, case__in=[c.pk for c in cases]).values_list(
            "case_id", "person_id", "discloser_id"
        )
    )
    asks: list[tuple[Case, BatchRequest]] = []
    for case in cases:
        who = requester or requester_for_case(case)
        if who is None:
            continue
        try:
            plan = household_plan(requester=who, case=case, period=period)
        except (ValidationError, PermissionDenied):
            continue
        for r in plan.requests:
            key = (case.pk, r.person.pk, r.discloser.pk)
            if key not in made:
                made.add(key)  # asked once per (run, case, person, agency), as the lookup does
                asks.append((case, r))
    if not asks:
        return 0
    try:
        with transaction.atomic():
            results = disclosure_request_many([r for _, r in asks])
            ControlRunDisclosure.objects.bulk_create(
                [
                    ControlRunDisclosure(
                        run=run, case=case, person=r.person, discloser=r.discloser, request=result.request
                    )
                    for (case, r), result in zip(asks, results, strict=True)
                ]
            )
    except ValidationError:
        logger.warning("Grinden avböjde en sats i kontrollkörning %s; ärendena frågas ett i taget", run.pk)
        return 0
    return len(results)


def case_controls_compute(
    *,
    case: Case,
    month: dt.date,
    requester: User | None,
    on: dt.date | None = None,
    run: ControlRun | None = None,
    source_overrides: Mapping[str, Any] | None = None,
) -> Computation:
    """Fetch through the gate and run the domain's controls for the case's month (nothing stored)."""
    first = month_start(month)
    if first > today():
        raise ValidationError("Månaden har inte börjat; kontrollerna kan göras när den har börjat.")
    day = on or control_day(first)
    application = Application.objects.filter(case=case, month=first).first()
    members = _members(case, first, application)
    lookup = None
    unavailable: str | None = None
    if requester is None:
        unavailable = "Det finns ingen socialsekreterare i ärendets enhet att begära uppgifterna i namn av."
    else:
        from samverkan.registries.lookup import fetch_household

        try:
            lookup = fetch_household(
                requester=requester,
                case=case,
                period=(first, month_end(first)),
                source_overrides=dict(source_overrides) if source_overrides else None,
                ask=_ask_once_per_run(run, case) if run is not None else None,
            )
        except (ValidationError, PermissionDenied) as exc:
            messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
            unavailable = "Uppgifterna kunde inte begäras: " + " ".join(messages)
        except Exception:  # a fault in the lookup never hides the declarations: every check says "missing"
            logger.exception("Uppslaget för ärende %s misslyckades", case.pk)
            unavailable = "Uppgifterna kunde inte hämtas på grund av ett tekniskt fel."
    results = domain.run_controls(household_members(lookup, members, first, day, unavailable), month=first, on=day)
    return Computation(
        organisation=case.organisation,
        case=case,
        month=first,
        on=day,
        application=application,
        results=results,
        request_ids=list(lookup.request_ids) if lookup is not None else [],
        run=run,
    )


def case_controls_refresh(
    *,
    case: Case,
    month: dt.date,
    requester: User | None,
    on: dt.date | None = None,
    run: ControlRun | None = None,
    source_overrides: Mapping[str, Any] | None = None,
) -> UpsertCounts:
    """Compute and store the case's controls for the month."""
    return case_controls_compute(
        case=case, month=month, requester=requester, on=on, run=run, source_overrides=source_overrides
    ).store()


def application_controls_refresh(
    *,
    application: Application,
    requester: User,
    on: dt.date | None = None,
    source_overrides: Mapping[str, Any] | None = None,
) -> UpsertCounts:
    """Run the controls of an application (its case and month) and store the results."""
    return case_controls_refresh(
        case=application.case,
        month=application.month,
        requester=requester,
        on=on,
        source_overrides=source_overrides,
    )
