"""Writes of ekonomiskt bistånd: applications, declared incomes and costs, decisions, payments.

Every function is one transaction, validates its input with a Swedish message (a
``ValidationError`` naming the field) before anything is stored, and records its audit entry in
the same transaction. Controls live in ``samverkan.assistance.controls``; the monthly control run
in ``samverkan.assistance.runs``.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum

from samverkan.accounts.models import User
from samverkan.assistance.models import (
    INCOME_SOURCES,
    Application,
    ApplicationMember,
    CostKind,
    DeclaredCost,
    DeclaredIncome,
    IncomeKind,
    IncomeSource,
    Payment,
    PaymentKind,
    Repayment,
)
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import now, today
from samverkan.core.validation import money_column_max
from samverkan.disclosures.audit import audit_append
from samverkan.domain.dates import age_on, month_name
from samverkan.domain.errors import InputError
from samverkan.domain.money import ZERO, format_money, parse_money
from samverkan.domain.organisations import CaseType
from samverkan.domain.reclaim import BENEFITS
from samverkan.people.models import Person


def month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _age(person: Person, on: dt.date) -> int:
    return age_on(person.birth_date, on)


#: The largest amount the columns of ekonomiskt bistånd hold (all are DecimalField(12, 2)).
AMOUNT_MAX = money_column_max(Payment._meta.get_field("amount"))


def _money(value: object, field: str, *, positive: bool = False) -> Decimal:
    """An exact amount from input, within what its column holds; negative (or, with ``positive``,
    zero) amounts are refused."""
    if value is None or value == "":
        raise ValidationError({field: "Ange ett belopp i kronor."}, code="required")
    try:
        amount = parse_money(value, field=field, maximum=AMOUNT_MAX)
    except InputError as exc:
        raise ValidationError({field: exc.detail}, code=exc.code) from exc
    if positive and amount == ZERO:
        raise ValidationError({field: "Beloppet måste vara större än noll."}, code="zero")
    return amount


def _period(start: dt.date, end: dt.date, *, start_field: str, end_field: str) -> None:
    if start is None:
        raise ValidationError({start_field: "Ange periodens första dag."})
    if end is None:
        raise ValidationError({end_field: "Ange periodens sista dag."})
    if end < start:
        raise ValidationError(
            {end_field: f"Perioden slutar {end.isoformat()}, före den börjar {start.isoformat()}."}, code="order"
        )


# --- Inputs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class IncomeInput:
    """One declared income: for whom, from which payer, what kind, how much, when paid."""

    person: Person
    kind: str
    amount: Decimal | str
    source: str = ""
    received_on: dt.date | None = None
    description: str = ""


@dataclass(frozen=True)
class CostInput:
    kind: str
    amount: Decimal | str
    description: str = ""


def _check_income(application: Application, income: IncomeInput, prefix: str = "") -> tuple[str, Decimal]:
    if income.kind not in IncomeKind.values:
        raise ValidationError({f"{prefix}kind": "Välj ett slag av inkomst i listan."}, code="kind")
    allowed = INCOME_SOURCES[income.kind]
    source = income.source or allowed[0]
    if source not in IncomeSource.values:
        raise ValidationError({f"{prefix}source": "Välj en utbetalare i listan."}, code="source")
    if source not in allowed:
        payers = " eller ".join(IncomeSource(s).label for s in allowed)
        raise ValidationError(
            {
                f"{prefix}source": f"{IncomeKind(income.kind).label} betalas ut av {payers}, "
                f"inte av {IncomeSource(source).label}."
            },
            code="source",
        )
    amount = _money(income.amount, f"{prefix}amount")
    member_ids = {m.person_id for m in application.members.all()}
    if income.person is None or income.person.pk not in member_ids:
        raise ValidationError({f"{prefix}person": "Personen finns inte i hushållet i ansökan."}, code="person")
    return source, amount


def _check_cost(cost: CostInput, prefix: str = "") -> Decimal:
    if cost.kind not in CostKind.values:
        raise ValidationError({f"{prefix}kind": "Välj ett slag av kostnad i listan."}, code="kind")
    return _money(cost.amount, f"{prefix}amount")


def _audit(event: str, *, actor: User | None, application: Application, extra: Mapping[str, Any]) -> None:
    audit_append(
        event=event,
        actor=actor,
        organisation=application.organisation,
        person=application.case.subject,
        purpose="Handläggning av ekonomiskt bistånd",
        extra={"application": application.pk, "case": application.case.reference, **extra},
    )


def _require_open(application: Application) -> None:
    if application.is_decided:
        raise ValidationError("Ansökan är beslutad och kan inte ändras.", code="decided")


# --- Applications --------------------------------------------------------------------------------


@transaction.atomic
def application_create(
    *,
    case: Case,
    month: dt.date,
    received_on: dt.date,
    created_by: User,
    applied_amount: Decimal | str | None = None,
    note: str = "",
    incomes: Sequence[IncomeInput] = (),
    costs: Sequence[CostInput] = (),
) -> Application:
    """Register an application for one month; the household members are copied from the case.

    Children (under 18 at the start of the month) are marked as not able to work; the other
    members' work capacity is left for the case worker to assess (``application_update``).
    """
    if case.case_type != CaseType.ASSISTANCE:
        raise ValidationError("Ansökan om ekonomiskt bistånd kan bara göras i ett ärende om ekonomiskt bistånd.")
    if not case.is_active:
        raise ValidationError("Ärendet är avslutat; en ny ansökan kräver ett aktuellt ärende.", code="closed")
    if month is None:
        raise ValidationError({"month": "Ange vilken månad ansökan gäller."})
    if received_on is None:
        raise ValidationError({"received_on": "Ange när ansökan kom in."})
    first = month_start(month)
    if received_on > today():
        raise ValidationError({"received_on": "Ansökan kan inte ha kommit in ett datum som inte har varit."})
    if Application.objects.filter(case=case, month=first).exists():
        raise ValidationError(
            {"month": f"Det finns redan en ansökan för {month_name(first)} i ärendet; ändra den i stället."},
            code="duplicate",
        )
    amount = None if applied_amount in (None, "") else _money(applied_amount, "applied_amount")
    application = Application.objects.create(
        organisation=case.organisation,
        case=case,
        month=first,
        received_on=received_on,
        applied_amount=amount,
        note=note,
        created_by=created_by,
    )
    members = CaseMember.objects.filter(case=case).select_related("person").order_by("pk")
    ApplicationMember.objects.bulk_create(
        ApplicationMember(
            application=application,
            person=m.person,
            relation=m.relation,
            able_to_work=False if _age(m.person, first) < 18 else None,
        )
        for m in members
    )
    for index, income in enumerate(incomes):
        _income_create(application, income, prefix=f"incomes-{index}-")
    for index, cost in enumerate(costs):
        amount_ = _check_cost(cost, prefix=f"costs-{index}-")
        DeclaredCost.objects.create(
            application=application, kind=cost.kind, amount=amount_, description=cost.description
        )
    _audit(
        "assistance.application_created",
        actor=created_by,
        application=application,
        extra={"month": first.isoformat(), "incomes": len(incomes), "costs": len(costs)},
    )
    return application


@transaction.atomic
def application_update(
    *,
    application: Application,
    updated_by: User,
    received_on: dt.date | None = None,
    applied_amount: Decimal | str | None = None,
    note: str | None = None,
    able_to_work: Mapping[int, bool | None] | None = None,
) -> Application:
    """Change an undecided application: dates, amount, note, or the work-capacity assessments (person id → bool)."""
    application = Application.objects.select_for_update().get(pk=application.pk)
    _require_open(application)
    changed: list[str] = []
    if received_on is not None:
        if received_on > today():
            raise ValidationError({"received_on": "Ansökan kan inte ha kommit in ett datum som inte har varit."})
        application.received_on = received_on
        changed.append("received_on")
    if applied_amount is not None:
        application.applied_amount = None if applied_amount == "" else _money(applied_amount, "applied_amount")
        changed.append("applied_amount")
    if note is not None:
        application.note = note
        changed.append("note")
    if changed:
        application.save(update_fields=[*changed, "updated_at"])
    if able_to_work:
        members = {m.person_id: m for m in application.members.all()}
        for person_id, able in able_to_work.items():
            member = members.get(person_id)
            if member is None:
                raise ValidationError({"able_to_work": "Personen finns inte i hushållet i ansökan."})
            if member.able_to_work != able:
                member.able_to_work = able
                member.save(update_fields=["able_to_work"])
                changed.append(f"able_to_work:{person_id}")
    if changed:
        _audit("assistance.application_updated", actor=updated_by, application=application, extra={"fields": changed})
    return application


def _income_create(application: Application, income: IncomeInput, prefix: str = "") -> DeclaredIncome:
    source, amount = _check_income(application, income, prefix)
    return DeclaredIncome.objects.create(
        application=application,
        person=income.person,
        source=source,
        kind=income.kind,
        amount=amount,
        received_on=income.received_on,
        description=income.description,
    )


@transaction.atomic
def income_add(
    *,
    application: Application,
    person: Person,
    kind: str,
    amount: Decimal | str,
    added_by: User,
    source: str = "",
    received_on: dt.date | None = None,
    description: str = "",
) -> DeclaredIncome:
    """Add a declared income to an undecided application."""
    _require_open(application)
    income = _income_create(
        application,
        IncomeInput(
            person=person, kind=kind, amount=amount, source=source, received_on=received_on, description=description
        ),
    )
    _audit(
        "assistance.income_added",
        actor=added_by,
        application=application,
        extra={"kind": income.kind, "amount": f"{income.amount:.2f}"},
    )
    return income


@transaction.atomic
def income_remove(*, income: DeclaredIncome, removed_by: User) -> None:
    application = income.application
    _require_open(application)
    _audit(
        "assistance.income_removed",
        actor=removed_by,
        application=application,
        extra={"kind": income.kind, "amount": f"{income.amount:.2f}"},
    )
    income.delete()


@transaction.atomic
def cost_add(
    *, application: Application, kind: str, amount: Decimal | str, added_by: User, description: str = ""
) -> DeclaredCost:
    """Add a declared cost to an undecided application."""
    _require_open(application)
    value = _check_cost(CostInput(kind=kind, amount=amount, description=description))
    cost = DeclaredCost.objects.create(application=application, kind=kind, amount=value, description=description)
    _audit(
        "assistance.cost_added", actor=added_by, application=application, extra={"kind": kind, "amount": f"{value:.2f}"}
    )
    return cost


@transaction.atomic
def cost_remove(*, cost: DeclaredCost, removed_by: User) -> None:
    application = cost.application
    _require_open(application)
    _audit(
        "assistance.cost_removed",
        actor=removed_by,
        application=application,
        extra={"kind": cost.kind, "amount": f"{cost.amount:.2f}"},
    )
    cost.delete()


# --- Decision ------------------------------------------------------------------------------------


@transaction.atomic
def application_decide(
    *,
    application: Application,
    decision: str,
    decided_on: dt.date,
    decided_by: User,
    granted_amount: Decimal | str | None = None,
    motivation: str = "",
) -> Application:
    """Record the case worker's decision. Nothing is decided by the system: this is the official's act.

    Granted (in full or in part) needs an amount above zero; a refusal or a partial grant needs a
    motivation (the person must be able to understand and appeal it).
    """
    application = (
        Application.objects.select_for_update().select_related("case__subject", "organisation").get(pk=application.pk)
    )
    _require_open(application)
    if decision not in Application.Decision.values:
        raise ValidationError({"decision": "Välj beviljad, delvis beviljad eller avslag."}, code="decision")
    if decided_on is None:
        raise ValidationError({"decided_on": "Ange beslutsdatum."})
    if decided_on < application.received_on:
        raise ValidationError(
            {"decided_on": f"Beslutet kan inte fattas före ansökan kom in ({application.received_on.isoformat()})."}
        )
    if decided_on > today():
        raise ValidationError({"decided_on": "Beslutsdatum kan inte ligga i framtiden."})
    motivation = (motivation or "").strip()
    amount: Decimal | None
    if decision == Application.Decision.REFUSED:
        if granted_amount not in (None, "") and _money(granted_amount, "granted_amount") != ZERO:
            raise ValidationError({"granted_amount": "Vid avslag beviljas inget belopp; lämna fältet tomt."})
        amount = None
    else:
        amount = _money(granted_amount, "granted_amount", positive=True)
    if decision != Application.Decision.GRANTED and not motivation:
        raise ValidationError(
            {"motivation": "Motivera beslutet: den sökande ska kunna förstå det och överklaga."}, code="motivation"
        )
    application.decision = decision
    application.granted_amount = amount
    application.decided_on = decided_on
    application.decided_by = decided_by
    application.motivation = motivation
    application.status = Application.Status.DECIDED
    application.save(
        update_fields=["decision", "granted_amount", "decided_on", "decided_by", "motivation", "status", "updated_at"]
    )
    _audit(
        "assistance.decided",
        actor=decided_by,
        application=application,
        extra={"decision": decision, "granted_amount": f"{amount:.2f}" if amount is not None else None},
    )
    return application


# --- Payments ------------------------------------------------------------------------------------


def _duplicate_of(
    *, application: Application, recipient: Person, kind: str, start: dt.date, end: dt.date, amount: Decimal
) -> Payment | None:
    """An earlier payment the new one would duplicate.

    Försörjningsstöd is paid once for each day: any overlap of the covered periods for the same
    person is a duplicate. Livsföring i övrigt and bistånd under 12 kap. 2 § may cover the same
    month for different needs; there an overlapping payment of the same amount is a duplicate.
    """
    overlapping = Payment.objects.filter(
        organisation=application.organisation,
        recipient=recipient,
        kind=kind,
        period_start__lte=end,
        period_end__gte=start,
    )
    if kind != PaymentKind.SUBSISTENCE:
        overlapping = overlapping.filter(amount=amount)
    return overlapping.order_by("paid_on", "pk").first()


@transaction.atomic
def payment_register(
    *,
    application: Application,
    recipient: Person,
    kind: str,
    amount: Decimal | str,
    period_start: dt.date,
    period_end: dt.date,
    paid_on: dt.date,
    registered_by: User,
    advance_benefit: str = "",
    advance_written_notice: bool = False,
) -> Payment:
    """Register a payment on a granted application.

    Refused with a Swedish message, nothing stored: an amount that is negative or zero, a period
    that ends before it starts, a recipient outside the household, an unknown benefit, a written
    notice without an advance, payments above the granted amount, and a duplicate (see
    :func:`_duplicate_of`; the database's unique key catches a concurrent double registration too).
    """
    application = (
        Application.objects.select_for_update().select_related("case__subject", "organisation").get(pk=application.pk)
    )
    if kind not in PaymentKind.values:
        raise ValidationError({"kind": "Välj försörjningsstöd, livsföring i övrigt eller bistånd utöver."})
    value = _money(amount, "amount", positive=True)
    _period(period_start, period_end, start_field="period_start", end_field="period_end")
    if paid_on is None:
        raise ValidationError({"paid_on": "Ange utbetalningsdag."})
    if not (application.is_decided and application.is_granted):
        raise ValidationError("Utbetalning kan bara registreras när ansökan är beviljad.", code="not_granted")
    if recipient is None or not application.members.filter(person=recipient).exists():
        raise ValidationError({"recipient": "Mottagaren ska vara en person i hushållet i ansökan."})
    if advance_benefit and advance_benefit not in BENEFITS:
        raise ValidationError({"advance_benefit": "Välj förmånen i listan."}, code="unknown_benefit")
    if advance_written_notice and not advance_benefit:
        raise ValidationError(
            {
                "advance_written_notice": "Ange vilken förmån förskottet avser; annars finns inget förskott att återkräva."
            }
        )
    duplicate = _duplicate_of(
        application=application, recipient=recipient, kind=kind, start=period_start, end=period_end, amount=value
    )
    if duplicate is not None:
        raise ValidationError(
            f"Utbetalningen finns redan: {duplicate.get_kind_display().lower()} till {recipient.full_name} för "
            f"{duplicate.period_start.isoformat()}–{duplicate.period_end.isoformat()} "
            f"({format_money(duplicate.amount)}, utbetald {duplicate.paid_on.isoformat()}). "
            "Samma bistånd kan inte betalas ut två gånger för samma tid.",
            code="duplicate",
        )
    paid_before = Payment.objects.filter(application=application).aggregate(s=Sum("amount"))["s"] or ZERO
    granted = application.granted_amount or ZERO
    if paid_before + value > granted:
        raise ValidationError(
            {
                "amount": f"Utbetalningarna skulle bli {format_money(paid_before + value)}, mer än det beviljade "
                f"beloppet {format_money(granted)} (redan utbetalt {format_money(paid_before)})."
            },
            code="above_granted",
        )
    try:
        with transaction.atomic():
            payment = Payment.objects.create(
                organisation=application.organisation,
                case=application.case,
                application=application,
                recipient=recipient,
                kind=kind,
                amount=value,
                period_start=period_start,
                period_end=period_end,
                paid_on=paid_on,
                advance_benefit=advance_benefit,
                advance_written_notice=advance_written_notice,
                created_by=registered_by,
            )
    except IntegrityError as exc:
        raise ValidationError(
            "Utbetalningen finns redan registrerad. Samma bistånd kan inte betalas ut två gånger.", code="duplicate"
        ) from exc
    audit_append(
        event="assistance.payment_registered",
        actor=registered_by,
        organisation=application.organisation,
        person=recipient,
        purpose="Handläggning av ekonomiskt bistånd",
        extra={
            "application": application.pk,
            "payment": payment.pk,
            "kind": kind,
            "amount": f"{value:.2f}",
            "period": [period_start.isoformat(), period_end.isoformat()],
            "advance_benefit": advance_benefit or None,
        },
    )
    return payment


# --- Repayments ----------------------------------------------------------------------------------


@transaction.atomic
def repayment_register(
    *,
    payment: Payment,
    amount: Decimal | str,
    repaid_on: dt.date,
    recorded_by: User,
    note: str = "",
) -> Repayment:
    """Record that the person paid back (part of) a payment of bistånd.

    Återsökning deducts it (SFB 107 kap. 5 §: "till den del den ersättningsberättigade inte har
    återbetalat biståndet"). Refused with a Swedish message, nothing stored: an amount that is
    negative or zero, more than what is left to pay back of the payment, a day before the payment
    was made or in the future. The payment row is locked, so two repayments at the same moment
    cannot together exceed it.
    """
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    value = _money(amount, "amount", positive=True)
    if repaid_on is None:
        raise ValidationError({"repaid_on": "Ange dagen då beloppet betalades tillbaka."}, code="required")
    if repaid_on < payment.paid_on:
        raise ValidationError(
            {
                "repaid_on": f"Återbetalningen {repaid_on.isoformat()} ligger före utbetalningen "
                f"{payment.paid_on.isoformat()}."
            },
            code="before_payment",
        )
    if repaid_on > today():
        raise ValidationError(
            {"repaid_on": "En återbetalning kan inte registreras innan den har gjorts."}, code="future"
        )
    repaid_before = payment.repayments.aggregate(s=Sum("amount"))["s"] or ZERO
    left = payment.amount - repaid_before
    if value > left:
        raise ValidationError(
            {
                "amount": f"Återbetalningen {format_money(value)} är mer än det som återstår att betala tillbaka av "
                f"utbetalningen: {format_money(left)} (utbetalt {format_money(payment.amount)}, redan återbetalt "
                f"{format_money(repaid_before)})."
            },
            code="above_payment",
        )
    note = (note or "").strip()
    if len(note) > 200:
        raise ValidationError({"note": "Anteckningen får vara högst 200 tecken."}, code="max_length")
    repayment = Repayment.objects.create(
        payment=payment, amount=value, repaid_on=repaid_on, note=note, recorded_by=recorded_by, recorded_at=now()
    )
    audit_append(
        event="assistance.repayment_registered",
        actor=recorded_by,
        organisation=payment.organisation,
        person=payment.recipient,
        purpose="Handläggning av ekonomiskt bistånd",
        extra={
            "application": payment.application_id,
            "payment": payment.pk,
            "repayment": repayment.pk,
            "amount": f"{value:.2f}",
            "repaid_on": repaid_on.isoformat(),
        },
    )
    return repayment
