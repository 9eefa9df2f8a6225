"""Writes of ekonomiskt bistånd: applications, declared incomes and costs, decisions, payments.

Every function is one transaction, validates its input with a Swedish message (a
``ValidationError`` naming the field) before anything is stored, and records its audit entry in
the same transaction. Payments and repayments live in ``samverkan.assistance.payments`` (re-exported
here), the shared input checks in ``samverkan.assistance.inputs``, controls in
``samverkan.assistance.controls`` and the monthly control run in ``samverkan.assistance.runs``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import User
from samverkan.assistance.inputs import money_input
from samverkan.assistance.inputs import month_end as month_end
from samverkan.assistance.inputs import month_start as month_start
from samverkan.assistance.models import (
    INCOME_SOURCES,
    Application,
    ApplicationMember,
    CostKind,
    DeclaredCost,
    DeclaredIncome,
    IncomeKind,
    IncomeSource,
)
from samverkan.assistance.payments import payment_register as payment_register
from samverkan.assistance.payments import repayment_register as repayment_register
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.disclosures.audit import audit_append
from samverkan.domain.dates import age_on, month_name
from samverkan.domain.money import ZERO
from samverkan.domain.organisations import CaseType
from samverkan.people.models import Person


def _age(person: Person, on: dt.date) -> int:
    return age_on(person.birth_date, on)


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
    amount = money_input(income.amount, f"{prefix}amount")
    member_ids = {m.person_id for m in application.members.all()}
    if income.person is None or income.person.pk not in member_ids:
        raise ValidationError({f"{prefix}person": "Personen finns inte i hushållet i ansökan."}, code="person")
    return source, amount


def _check_cost(cost: CostInput, prefix: str = "") -> Decimal:
    if cost.kind not in CostKind.values:
        raise ValidationError({f"{prefix}kind": "Välj ett slag av kostnad i listan."}, code="kind")
    return money_input(cost.amount, f"{prefix}amount")


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
    amount = None if applied_amount in (None, "") else money_input(applied_amount, "applied_amount")
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
        application.applied_amount = None if applied_amount == "" else money_input(applied_amount, "applied_amount")
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
        if granted_amount not in (None, "") and money_input(granted_amount, "granted_amount") != ZERO:
            raise ValidationError({"granted_amount": "Vid avslag beviljas inget belopp; lämna fältet tomt."})
        amount = None
    else:
        amount = money_input(granted_amount, "granted_amount", positive=True)
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
