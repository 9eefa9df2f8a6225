"""The controls of an application, computed from what the secrecy gate released.

1. :func:`samverkan.registries.lookup.fetch_household` asks the gate, for every person in the
   case's household, for the duty categories of Försäkringskassan, Pensionsmyndigheten,
   Arbetsförmedlingen, the a-kassa, Centrala studiestödsnämnden and Skatteverket for the month, and
   fetches only what was released.
2. The released items (and nothing else) are mapped into the domain's records
   (:mod:`samverkan.domain.controls`); a source that failed, timed out, or released less than a
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
from samverkan.assistance.services import month_end, month_start
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.domain import controls as domain
from samverkan.domain.dates import age_on
from samverkan.domain.money import round_ore
from samverkan.domain.organisations import Role
from samverkan.people.models import Person

logger = logging.getLogger(__name__)

#: What each agency must have released for its controls to be made (förordning 2008:975).
NEEDED: Mapping[str, tuple[str, ...]] = {
    "fk": ("application_submitted", "payment_amount", "payment_date"),
    "pm": ("application_submitted", "payment_amount", "payment_date"),
    "unemployment_fund": ("payment_amount", "payment_date"),
    "csn": ("study_support_form", "study_support_amount", "study_support_payment_date"),
    "tax_agency": ("employment_income", "final_tax_assessment", "tax_refund"),
    "af": (
        "jobseeker_registration",
        "jobseeker_category",
        "labour_market_programme",
        "activity_report_date",
        "establishment_allowance_entitlement",
        "establishment_allowance_grant",
        "establishment_allowance_change",
    ),
}
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


# --- Released data → domain records --------------------------------------------------------------


def _unavailable_reason(outcomes: Sequence[Any], agency: str) -> str | None:
    """Why an agency's data cannot be used for a person (None: it can)."""
    from samverkan.registries.records import agency_label

    if not outcomes:
        return f"{agency_label(agency)} tillfrågades inte."
    for o in outcomes:
        if o.status in ("failed", "timeout"):
            return o.message or f"{agency_label(agency)} svarade inte."
        if o.status == "no_organisation":
            return o.message or f"{agency_label(agency)} finns inte i Samverkan."
    if all(o.status == "not_released" for o in outcomes):
        reasons = {o.reasons.get(c, "") for o in outcomes for c in NEEDED[agency]} - {""}
        why = " ".join(sorted(reasons)) or "Sekretessgrinden lämnade inte ut något."
        return f"{agency_label(agency)} lämnade inte ut uppgifterna. {why}"
    released = {c for o in outcomes if o.status == "ok" for c in o.released}
    lacking = [c for c in NEEDED[agency] if c not in released]
    if lacking:
        from samverkan.domain.disclosure import CATEGORIES

        labels = ", ".join(CATEGORIES[c].label.lower() if c in CATEGORIES else c for c in lacking)
        reasons = {o.reasons.get(c, "") for o in outcomes for c in lacking} - {""}
        return f"{agency_label(agency)} lämnade inte ut: {labels}. {' '.join(sorted(reasons))}".strip()
    return None


def _items(outcomes: Sequence[Any]) -> list[Any]:
    return [i for o in outcomes if o.status == "ok" for i in o.items]


def _payments(items: Iterable[Any], kind: str) -> list[domain.Payment]:
    """Payments rebuilt from their released facts (amount, date, period), grouped by the agency's id."""
    grouped: dict[str, dict[str, Any]] = {}
    for item in items:
        if item.kind != kind:
            continue
        entry = grouped.setdefault(item.external_id, {})
        data = item.data
        for key in ("benefit", "amount", "paid_on", "period_start", "period_end"):
            if data.get(key) is not None and key not in entry:
                entry[key] = data[key]
    payments = []
    for entry in grouped.values():
        if entry.get("amount") is None or entry.get("paid_on") is None:
            continue
        payments.append(
            domain.Payment(
                amount=Decimal(entry["amount"]),
                paid_on=entry["paid_on"],
                benefit=entry.get("benefit", ""),
                period_start=entry.get("period_start"),
                period_end=entry.get("period_end"),
            )
        )
    return sorted(payments, key=lambda p: (p.paid_on, p.amount))


def benefit_records(
    outcomes: Sequence[Any], agency: str, fetched_on: dt.date
) -> domain.BenefitRecords | domain.Unavailable:
    reason = _unavailable_reason(outcomes, agency)
    if reason is not None:
        return domain.Unavailable(reason)
    items = _items(outcomes)
    applications = []
    for item in items:
        if item.category != "application_submitted":
            continue
        status = item.data.get("status") or "submitted"
        if status == "withdrawn":
            continue
        applications.append(
            domain.BenefitApplication(
                benefit=item.data.get("benefit", ""),
                applied_on=item.data["submitted_on"],
                status=domain.ApplicationStatus.APPLIED if status == "submitted" else domain.ApplicationStatus.DECIDED,
            )
        )
    return domain.BenefitRecords(
        source=domain.Source(agency),
        fetched_on=fetched_on,
        applications=tuple(sorted(applications, key=lambda a: (a.applied_on, a.benefit))),
        payments=tuple(_payments(items, "benefit_payment")),
    )


def unemployment_records(
    outcomes: Sequence[Any], fetched_on: dt.date
) -> domain.UnemploymentFundRecords | domain.Unavailable:
    reason = _unavailable_reason(outcomes, "unemployment_fund")
    if reason is not None:
        return domain.Unavailable(reason)
    funds = sorted({o.label for o in outcomes if o.status == "ok" and o.items})
    return domain.UnemploymentFundRecords(
        fetched_on=fetched_on,
        fund=", ".join(f for f in funds if f != "A-kassa" and f != "Arbetslöshetskassa"),
        payments=tuple(_payments(_items(outcomes), "unemployment_fund_payment")),
    )


def study_support_records(
    outcomes: Sequence[Any], fetched_on: dt.date
) -> domain.StudySupportRecords | domain.Unavailable:
    """Centrala studiestödsnämnden's released payments (form, amount, day, period)."""
    reason = _unavailable_reason(outcomes, "csn")
    if reason is not None:
        return domain.Unavailable(reason)
    grouped: dict[str, dict[str, Any]] = {}
    for item in _items(outcomes):
        if item.kind != "study_support_payment":
            continue
        entry = grouped.setdefault(item.external_id, {})
        for key in ("form", "amount", "paid_on", "period_start", "period_end"):
            if item.data.get(key) is not None and key not in entry:
                entry[key] = item.data[key]
    payments = [
        domain.Payment(
            amount=Decimal(e["amount"]),
            paid_on=e["paid_on"],
            benefit=e.get("form", ""),
            period_start=e.get("period_start"),
            period_end=e.get("period_end"),
        )
        for e in grouped.values()
        if e.get("amount") is not None and e.get("paid_on") is not None
    ]
    return domain.StudySupportRecords(
        fetched_on=fetched_on, payments=tuple(sorted(payments, key=lambda p: (p.paid_on, p.amount)))
    )


def tax_records(outcomes: Sequence[Any], fetched_on: dt.date) -> domain.TaxRecords | domain.Unavailable:
    """Skatteverket's released latest decision on slutlig skatt and the skatteåterbäringar paid out."""
    reason = _unavailable_reason(outcomes, "tax_agency")
    if reason is not None:
        return domain.Unavailable(reason)
    year, employment, business = "", None, None
    refunds = []
    for item in _items(outcomes):
        data = item.data
        if item.category == "employment_income":
            year, employment = data.get("income_year") or year, Decimal(data["employment_income"])
        elif item.category == "business_income":
            year, business = data.get("income_year") or year, Decimal(data["business_income"])
        elif item.category == "final_tax_assessment":
            year = data.get("income_year") or year
        elif item.category == "tax_refund" and data.get("paid_on") is not None:
            refunds.append(domain.Payment(amount=Decimal(data["amount"]), paid_on=data["paid_on"]))
    return domain.TaxRecords(
        fetched_on=fetched_on,
        income_year=str(year),
        employment_income=employment,
        business_income=business,
        refunds=tuple(sorted(refunds, key=lambda p: p.paid_on)),
    )


def _category(code: str) -> domain.JobseekerCategory:
    try:
        return domain.JobseekerCategory(code)
    except ValueError:
        # "Sökande i program" and other categories are, in förordning 2008:975 5 § p. 4, "annan sökandekategori".
        return domain.JobseekerCategory.OTHER


def af_records(
    outcomes: Sequence[Any], fetched_on: dt.date, month: dt.date, on: dt.date
) -> domain.AfRecords | domain.Unavailable:
    reason = _unavailable_reason(outcomes, "af")
    if reason is not None:
        return domain.Unavailable(reason)
    items = _items(outcomes)
    registrations: dict[str, dict[str, Any]] = {}
    programmes: list[domain.ProgrammeParticipation] = []
    reports: list[dt.date] = []
    entitled: bool | None = None
    grants: list[domain.EstablishmentAllowanceGrant] = []
    changed_on: dt.date | None = None
    first, last = month_start(month), month_end(month)
    for item in items:
        data = item.data
        if item.category == "jobseeker_registration":
            registrations.setdefault(item.external_id, {}).update(
                registered_from=data.get("registered_from"), registered_to=data.get("registered_to")
            )
        elif item.category == "jobseeker_category":
            registrations.setdefault(item.external_id, {})["category"] = data.get("category")
        elif item.category == "unemployment_fund_membership":
            registrations.setdefault(item.external_id, {})["fund"] = data.get("unemployment_fund")
        elif item.category == "labour_market_programme" and data.get("period_start") is not None:
            programmes.append(
                domain.ProgrammeParticipation(
                    name=data.get("name", ""), start=data["period_start"], end=data.get("period_end")
                )
            )
        elif item.category == "activity_report_date" and data.get("submitted_on") is not None:
            reports.append(data["submitted_on"])
        elif item.category == "establishment_allowance_entitlement":
            entitled = bool(entitled) or bool(data.get("entitled"))
        elif item.category == "establishment_allowance_grant":
            grant = _grant_for_month(data, first, last)
            if grant is not None:
                grants.append(grant)
        elif item.category == "establishment_allowance_change" and data.get("changed"):
            day = data.get("decision_date")
            if day is not None and (changed_on is None or day > changed_on):
                changed_on = day
    chosen: dict[str, Any] = {}
    dated = [r for r in registrations.values() if r.get("registered_from") is not None]
    if dated:
        current = [
            r
            for r in dated
            if r["registered_from"] <= on and (r.get("registered_to") is None or on < r["registered_to"])
        ]
        chosen = max(current or dated, key=lambda r: r["registered_from"])
    latest = max((d for d in reports if d <= on), default=None) or max(reports, default=None)
    return domain.AfRecords(
        fetched_on=fetched_on,
        registered_from=chosen.get("registered_from"),
        deregistered_on=chosen.get("registered_to"),
        category=_category(chosen["category"]) if chosen.get("category") else None,
        programmes=tuple(sorted(programmes, key=lambda p: p.start)),
        latest_activity_report_on=latest,
        establishment_allowance_entitled=entitled,
        establishment_allowance_grants=tuple(grants),
        establishment_allowance_changed_on=changed_on,
        unemployment_fund=chosen.get("fund") or None,
    )


def _grant_for_month(
    data: Mapping[str, Any], first: dt.date, last: dt.date
) -> domain.EstablishmentAllowanceGrant | None:
    """Arbetsförmedlingen releases a monthly amount; the month's share is that amount by calendar days.

    The grant is given to the domain clipped to the month, with the month's share as its amount,
    so the domain's estimate for the month is exactly that share.
    """
    monthly = data.get("monthly_amount")
    start = data.get("period_start")
    if monthly is None or start is None:
        return None
    end = data.get("period_end") or last
    clip_start, clip_end = max(start, first), min(end, last)
    if clip_end < clip_start:
        return None
    days_in_month = (last - first).days + 1
    share = round_ore(Decimal(monthly) * ((clip_end - clip_start).days + 1) / days_in_month)
    return domain.EstablishmentAllowanceGrant(
        amount=share, period_start=clip_start, period_end=clip_end, extent=data.get("extent", "") or ""
    )


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
        created = changed = unchanged = 0
        seen: set[tuple[int, str, str]] = set()
        request_id = self.request_ids[0] if self.request_ids else None
        for position, result in enumerate(self.results):
            key = (int(result.member_id), result.code, result.source.value)
            seen.add(key)
            values = _values(result, position)
            row = existing.get(key)
            if row is None:
                ControlResult.objects.create(
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
                created += 1
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
        stale = [row.pk for key, row in existing.items() if key not in seen]
        if stale:
            ControlResult.objects.filter(pk__in=stale).delete()
            changed += len(stale)
        return UpsertCounts(created, changed, unchanged)


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
