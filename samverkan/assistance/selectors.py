"""Reads of ekonomiskt bistånd, always scoped to the official's organisation.

Other apps (återsökning) read payments through :func:`payments_for_persons` and
:func:`domain_payment`.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from samverkan.accounts.models import Organisation
from samverkan.assistance.models import (
    Application,
    ControlResult,
    ControlRun,
    Payment,
    Repayment,
)
from samverkan.cases.models import Case
from samverkan.domain.organisations import CaseType
from samverkan.domain.reclaim import AssistanceKind, AssistancePayment, Period

RESULT_ORDER = ("attention", "missing", "ok")


def assistance_cases(organisation: Organisation) -> QuerySet[Case]:
    return Case.objects.for_organisation(organisation).filter(case_type=CaseType.ASSISTANCE).select_related("subject")


def applications_for_organisation(organisation: Organisation) -> QuerySet[Application]:
    return Application.objects.filter(organisation=organisation).select_related("case__subject", "decided_by")


def applications_for_case(*, organisation: Organisation, case: Case) -> QuerySet[Application]:
    return applications_for_organisation(organisation).filter(case=case).order_by("-month")


def application_detail(*, organisation: Organisation, application_id: int) -> Application:
    """The application, or ``Application.DoesNotExist`` when it is not the organisation's."""
    return (
        applications_for_organisation(organisation)
        .select_related("case__unit", "case__responsible", "created_by")
        .prefetch_related("members__person", "incomes__person", "costs")
        .get(pk=application_id)
    )


def payments_for_application(application: Application) -> QuerySet[Payment]:
    return (
        Payment.objects.filter(application=application)
        .select_related("recipient")
        .prefetch_related("repayments")
        .order_by("paid_on", "pk")
    )


def repaid_by_payment(payment_ids: Iterable[int], *, on: dt.date) -> dict[int, Decimal]:
    """What was paid back on each of these payments on or before ``on`` (payments without any are left out)."""
    rows = (
        Repayment.objects.filter(payment_id__in=list(payment_ids), repaid_on__lte=on)
        .values("payment_id")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    return {row["payment_id"]: row["total"] for row in rows}


def payments_for_persons(
    *, organisation: Organisation, person_ids: Iterable[int], start: dt.date, end: dt.date
) -> QuerySet[Payment]:
    """Payments of the organisation to these persons whose covered period overlaps ``start``–``end``."""
    return Payment.objects.filter(
        organisation=organisation,
        recipient_id__in=list(person_ids),
        period_start__lte=end,
        period_end__gte=start,
    ).order_by("paid_on", "pk")


def domain_payment(payment: Payment, *, household: str | None = None) -> AssistancePayment:
    """The payment as the återsökning rules see it (``samverkan.domain.reclaim``)."""
    return AssistancePayment(
        paid_on=payment.paid_on,
        amount=payment.amount,
        kind=AssistanceKind(payment.kind),
        covers=Period(payment.period_start, payment.period_end),
        advance_with_written_notice=payment.advance_written_notice,
        id=str(payment.pk),
        member=str(payment.recipient_id),
        household=household,
    )


# --- The checklist -------------------------------------------------------------------------------


@dataclass
class MemberChecklist:
    label: str
    person_id: int
    results: list[ControlResult] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.result for r in self.results)
        return {k: c.get(k, 0) for k in RESULT_ORDER}

    @property
    def flagged(self) -> list[ControlResult]:
        """Results for the case worker to look at (``attention`` and ``missing``), in the domain's order."""
        return [r for r in self.results if r.result != ControlResult.Result.OK]

    @property
    def fine(self) -> list[ControlResult]:
        return [r for r in self.results if r.result == ControlResult.Result.OK]


@dataclass
class Checklist:
    """All control results of a case's month, member by member, in the domain's order."""

    members: list[MemberChecklist]
    computed_on: dt.date | None

    @property
    def counts(self) -> dict[str, int]:
        total: Counter[str] = Counter()
        for m in self.members:
            total.update(m.counts)
        return {k: total.get(k, 0) for k in RESULT_ORDER}

    @property
    def empty(self) -> bool:
        return not self.members


def checklist_for(*, organisation: Organisation, case: Case, month: dt.date) -> Checklist:
    rows = list(
        ControlResult.objects.filter(organisation=organisation, case=case, month=month)
        .select_related("person")
        .order_by("position", "pk")
    )
    members: dict[int, MemberChecklist] = {}
    for row in rows:
        member = members.setdefault(row.person_id, MemberChecklist(row.member_label, row.person_id))
        member.results.append(row)
    computed = max((r.computed_on for r in rows), default=None)
    return Checklist(list(members.values()), computed)


# --- Control runs --------------------------------------------------------------------------------


def control_runs_for(organisation: Organisation) -> QuerySet[ControlRun]:
    return ControlRun.objects.filter(organisation=organisation).annotate(cases_done=Count("done_cases"))


def result_counts(*, organisation: Organisation, month: dt.date) -> dict[str, int]:
    """Stored results per outcome for the organisation's month (what the run list shows)."""
    counts = dict.fromkeys(RESULT_ORDER, 0)
    for row in (
        ControlResult.objects.filter(organisation=organisation, month=month).values("result").annotate(n=Count("pk"))
    ):
        counts[row["result"]] = row["n"]
    return counts


def result_counts_by_month(*, organisation: Organisation, months: Sequence[dt.date]) -> dict[dt.date, dict[str, int]]:
    counts: dict[dt.date, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RESULT_ORDER, 0))
    for row in (
        ControlResult.objects.filter(organisation=organisation, month__in=list(months))
        .values("month", "result")
        .annotate(n=Count("pk"))
    ):
        counts[row["month"]][row["result"]] = row["n"]
    return counts


@dataclass(frozen=True)
class CaseResultRow:
    case: Case
    counts: dict[str, int]
    application_id: int | None


def case_results_for_month(*, organisation: Organisation, month: dt.date, result: str = "") -> list[CaseResultRow]:
    """Per case: how many results of each kind for the month (the run page's table)."""
    qs = ControlResult.objects.filter(organisation=organisation, month=month)
    per_case: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(RESULT_ORDER, 0))
    for row in qs.values("case_id", "result").annotate(n=Count("pk")):
        per_case[row["case_id"]][row["result"]] = row["n"]
    if result in RESULT_ORDER:
        per_case = defaultdict(
            lambda: dict.fromkeys(RESULT_ORDER, 0), {k: v for k, v in per_case.items() if v[result] > 0}
        )
    cases = Case.objects.filter(pk__in=list(per_case)).select_related("subject").order_by("reference")
    applications = dict(
        Application.objects.filter(organisation=organisation, month=month, case_id__in=list(per_case)).values_list(
            "case_id", "pk"
        )
    )
    return [CaseResultRow(c, per_case[c.pk], applications.get(c.pk)) for c in cases]
