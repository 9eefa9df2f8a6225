"""The employer's plan for return to work (SFB 30 kap. 6 §): writes and reads.

The employer keeps the plan in its own ärende about the employee (``return_to_work``): the facts its
deadline is counted from (first day of sick leave, expected length), and versions — a change makes
a new version and the old ones are kept. The rule of the deadline is
:func:`samverkan.domain.return_to_work.plan_deadline`.

**To Försäkringskassan only through the gate.** The employer takes part in FK's coordination as the
gate released it (the coordination named in FK's plan, :func:`samverkan.rehab.selectors.rehab_plan_last_asked`).
Every version is passed to FK through the gate's message passage
(:func:`samverkan.disclosures.passage.disclosure_message_passage`; the employer is the discloser, the
category ``rehab_plan``) and the outcome is stored as an :class:`EmployerPlanPassage` in the same
transaction, with its audit entry: released on the person's consent that the employer recorded
(OSL 12 kap. 2 §), FK is shown the version's content; otherwise FK sees that a version exists, not
its content, and the gate's reason. A consent recorded later passes the latest version again.

Writes are keyword-only, one transaction each, audited; reads are scoped to the organisation.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core.clock import now, today
from samverkan.core.validation import HAPPENED, PLANNED
from samverkan.disclosures.audit import audit_append
from samverkan.domain.errors import DomainError, InputError
from samverkan.domain.organisations import CaseType, OrganisationType, Role
from samverkan.domain.return_to_work import MAX_EXPECTED_DAYS, PlanDeadline, plan_deadline
from samverkan.domain.sick_leave_chain import SFB_30_6
from samverkan.people.models import Person
from samverkan.rehab import selectors
from samverkan.rehab.actors import PLAN_CATEGORY
from samverkan.rehab.models import (
    EmployerPlan,
    EmployerPlanMeasure,
    EmployerPlanPassage,
    EmployerPlanVersion,
    RehabCoordination,
)

PURPOSE = "Plan för återgång i arbete (30 kap. 6 § socialförsäkringsbalken)"
CONSENT_PURPOSE = (
    "Arbetsgivarens plan för återgång i arbete lämnas till Försäkringskassan i samordningen av "
    "rehabiliteringsinsatser (30 kap. 6 och 10 §§ socialförsäkringsbalken)"
)
NO_PLAN = "Ange först sjukperioden: första sjukdagen och hur länge arbetsförmågan väntas vara nedsatt."
#: How many measure rows the web form offers (the API takes any number up to this).
MAX_MEASURES = 8


# --- Checks ---------------------------------------------------------------------------------------


def _require_employer(user: User, case: Case) -> Organisation:
    organisation = user.organisation
    if (
        organisation is None
        or organisation.type is not OrganisationType.EMPLOYER
        or not user.has_role(Role.EMPLOYER_REPRESENTATIVE)
    ):
        raise ValidationError("Bara arbetsgivarens företrädare kan föra planen för återgång i arbete.")
    if case.organisation_id != organisation.pk or case.case_type != CaseType.RETURN_TO_WORK.value:
        raise ValidationError("Ärendet hör inte till er organisation.")
    if not case.is_active:
        raise ValidationError("Ärendet är avslutat och kan inte ändras.")
    return organisation


def _audit(
    *,
    event: str,
    actor: User | None,
    plan: EmployerPlan,
    extra: Mapping[str, Any],
    categories: Sequence[str] = (),
    basis: str = SFB_30_6.text,
    recipient: Organisation | None = None,
) -> None:
    audit_append(
        event=event,
        actor=actor,
        organisation=plan.case.organisation,
        person=plan.case.subject,
        categories=categories,
        basis=basis,
        purpose=PURPOSE,
        recipient=recipient,
        extra={"case": plan.case.reference, "employer_plan": plan.pk, **extra},
    )


def released_coordination(*, organisation: Organisation, person: Person) -> RehabCoordination | None:
    """FK's open coordination for ``person`` as the gate last released it to ``organisation`` (None: none)."""
    view = selectors.rehab_plan_last_asked(organisation=organisation, person=person)
    for fact in view.coordination_facts:
        if fact.get("active") and isinstance(fact.get("coordination_id"), int):
            found = (
                RehabCoordination.objects.filter(
                    pk=fact["coordination_id"], case__subject=person, case__status=Case.Status.ACTIVE
                )
                .select_related("case__organisation")
                .first()
            )
            if found is not None:
                return found
    return None


# --- Writes ---------------------------------------------------------------------------------------


@transaction.atomic
def employer_plan_facts_set(
    *,
    case: Case,
    recorded_by: User,
    sick_leave_start: dt.date,
    expected_days: int | None,
    on: dt.date | None = None,
) -> EmployerPlan:
    """Record (or correct) the sick period the plan's deadline is counted from: first day, expected length."""
    organisation = _require_employer(recorded_by, case)
    on = on or today()
    errors: dict[str, list[str]] = {}
    if sick_leave_start > on:
        errors.setdefault("sick_leave_start", []).append("Första sjukdagen kan inte ligga i framtiden.")
    elif (problem := HAPPENED.problem(sick_leave_start, on)) is not None:
        errors.setdefault("sick_leave_start", []).append(problem)
    if expected_days is not None and not 0 <= expected_days <= MAX_EXPECTED_DAYS:
        errors.setdefault("expected_days", []).append(f"Ange ett antal dagar mellan 0 och {MAX_EXPECTED_DAYS}.")
    if errors:
        raise ValidationError(errors)
    stamp = now()
    plan = EmployerPlan.objects.select_for_update().filter(case=case).first()
    before = None
    if plan is None:
        plan = EmployerPlan(case=case, created_by=recorded_by, created_at=stamp)
    else:
        before = {"sick_leave_start": plan.sick_leave_start.isoformat(), "expected_days": plan.expected_days}
    plan.sick_leave_start = sick_leave_start
    plan.expected_days = expected_days
    plan.updated_at = stamp
    plan.coordination = released_coordination(organisation=organisation, person=case.subject) or plan.coordination
    plan.save()
    _audit(
        event="rehab.employer_plan_facts",
        actor=recorded_by,
        plan=plan,
        extra={
            "before": before,
            "after": {"sick_leave_start": sick_leave_start.isoformat(), "expected_days": expected_days},
        },
    )
    return plan


@dataclass(frozen=True)
class MeasureInput:
    what: str
    who: str
    starts_on: dt.date | None
    ends_on: dt.date | None = None


def _measures(
    rows: Sequence[MeasureInput], plan: EmployerPlan, on: dt.date
) -> tuple[list[MeasureInput], dict[str, list[str]]]:
    errors: dict[str, list[str]] = {}
    kept: list[MeasureInput] = []
    for index, row in enumerate(rows, start=1):
        what, who = (row.what or "").strip(), (row.who or "").strip()
        if not what and not who and row.starts_on is None and row.ends_on is None:
            continue
        prefix = f"measure_{index}_"
        if not what:
            errors.setdefault(prefix + "what", []).append(f"Åtgärd {index}: beskriv åtgärden.")
        if not who:
            errors.setdefault(prefix + "who", []).append(f"Åtgärd {index}: ange vem som ansvarar.")
        if row.starts_on is None:
            errors.setdefault(prefix + "starts_on", []).append(f"Åtgärd {index}: ange från vilken dag.")
        else:
            if row.starts_on < plan.sick_leave_start:
                errors.setdefault(prefix + "starts_on", []).append(
                    f"Åtgärd {index}: kan inte börja före första sjukdagen {plan.sick_leave_start.isoformat()}."
                )
            elif (problem := PLANNED.problem(row.starts_on, on)) is not None:
                errors.setdefault(prefix + "starts_on", []).append(f"Åtgärd {index}: {problem}")
            if row.ends_on is not None and row.ends_on < row.starts_on:
                errors.setdefault(prefix + "ends_on", []).append(f"Åtgärd {index}: slutdagen ligger före startdagen.")
        if row.ends_on is not None and (problem := PLANNED.problem(row.ends_on, on)) is not None:
            errors.setdefault(prefix + "ends_on", []).append(f"Åtgärd {index}: {problem}")
        if row.starts_on is not None:
            kept.append(MeasureInput(what=what, who=who, starts_on=row.starts_on, ends_on=row.ends_on))
    if len(kept) > MAX_MEASURES:
        errors.setdefault("__all__", []).append(f"En version kan ha högst {MAX_MEASURES} åtgärder.")
    if not kept and not errors:
        errors.setdefault("__all__", []).append(
            "Ange minst en åtgärd: vad som ska göras, vem som ansvarar och från vilken dag."
        )
    return kept, errors


def version_content(version: EmployerPlanVersion) -> dict[str, Any]:
    """The version as FK is shown it when the gate releases it (and as compared for "nothing changed")."""
    return {
        "version": version.number,
        "recorded_on": version.created_at.date().isoformat() if version.created_at else None,
        "measures": [
            {
                "what": m.what,
                "who": m.who,
                "starts_on": m.starts_on.isoformat(),
                "ends_on": m.ends_on.isoformat() if m.ends_on else None,
            }
            for m in version.measures.all()
        ],
        "expected_return_on": version.expected_return_on.isoformat() if version.expected_return_on else None,
        "adjustments": version.adjustments,
        "contact_person": version.contact_person,
    }


def _comparable(content: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in content.items() if k not in ("version", "recorded_on")}


@transaction.atomic
def employer_plan_version_add(
    *,
    plan: EmployerPlan,
    recorded_by: User,
    measures: Sequence[MeasureInput],
    expected_return_on: dt.date | None,
    adjustments: str,
    contact_person: str,
    change_note: str = "",
    on: dt.date | None = None,
) -> EmployerPlanVersion:
    """Record a new version of the plan (the old ones are kept) and pass it to FK through the gate."""
    organisation = _require_employer(recorded_by, plan.case)
    plan = EmployerPlan.objects.select_for_update(of=("self",)).select_related("case").get(pk=plan.pk)
    on = on or today()
    kept, errors = _measures(measures, plan, on)
    if not contact_person.strip():
        errors.setdefault("contact_person", []).append("Ange en kontaktperson hos arbetsgivaren.")
    if expected_return_on is not None:
        if expected_return_on < plan.sick_leave_start:
            errors.setdefault("expected_return_on", []).append("Återgången kan inte ligga före första sjukdagen.")
        elif (problem := PLANNED.problem(expected_return_on, on)) is not None:
            errors.setdefault("expected_return_on", []).append(problem)
    previous = plan.versions.order_by("-number").first()
    if previous is not None and not change_note.strip():
        errors.setdefault("change_note", []).append("Skriv vad som ändrats sedan förra versionen.")
    if errors:
        raise ValidationError(errors)
    number = 1 if previous is None else previous.number + 1
    version = EmployerPlanVersion.objects.create(
        plan=plan,
        number=number,
        expected_return_on=expected_return_on,
        adjustments=adjustments.strip(),
        contact_person=contact_person.strip(),
        change_note=change_note.strip(),
        created_by=recorded_by,
        created_at=now(),
    )
    EmployerPlanMeasure.objects.bulk_create(
        EmployerPlanMeasure(version=version, what=m.what, who=m.who, starts_on=m.starts_on, ends_on=m.ends_on)
        for m in kept
        if m.starts_on is not None
    )
    if previous is not None and _comparable(version_content(version)) == _comparable(version_content(previous)):
        raise ValidationError("Inget är ändrat i planen jämfört med förra versionen.")
    plan.coordination = released_coordination(organisation=organisation, person=plan.case.subject) or plan.coordination
    plan.updated_at = version.created_at
    plan.save(update_fields=["coordination", "updated_at"])
    _audit(
        event="rehab.employer_plan_version",
        actor=recorded_by,
        plan=plan,
        extra={"version": number, "measures": len(kept)},
    )
    employer_plan_pass(version=version, passed_by=recorded_by, on=on)
    return version


_DENIED_PREFIX = re.compile(r"^\s*Frågan skickas inte\.\s*")
_DENIED_SUFFIX = " Registrera personens samtycke"


def _gate_reason(exc: ValidationError) -> str:
    """The gate's own explanation, without the advice written for an administrative question."""
    text = " ".join(exc.messages)
    text = _DENIED_PREFIX.sub("", text)
    if _DENIED_SUFFIX in text:
        text = text.split(_DENIED_SUFFIX, 1)[0]
    return text.strip()


@transaction.atomic
def employer_plan_pass(
    *, version: EmployerPlanVersion, passed_by: User, on: dt.date | None = None
) -> EmployerPlanPassage | None:
    """Pass ``version`` to FK through the gate's message passage; store and audit the outcome.

    None when the plan names no coordination at FK (nothing is sent). Released: FK is shown the
    version's content. Denied: FK sees that the version exists and the gate's reason, not the content.
    """
    from samverkan.disclosures.passage import disclosure_message_passage

    plan = version.plan
    coordination = plan.coordination
    if coordination is None:
        return None
    on = on or today()
    employer = plan.case.organisation
    fk = coordination.case.organisation
    person = plan.case.subject
    try:
        passage = disclosure_message_passage(
            author_organisation=employer,
            other_organisation=fk,
            other_case=coordination.case,
            person=person,
            categories=[PLAN_CATEGORY],
            secrecy_reviewed=False,
            on=on,
        )
    except ValidationError as exc:
        reason = _gate_reason(exc) or "Det finns inget giltigt samtycke till att planen lämnas till Försäkringskassan."
        row = EmployerPlanPassage.objects.create(
            version=version,
            coordination=coordination,
            released=False,
            explanation=reason,
            content={},
            snapshot={"outcome": "denied"},
            passed_by=passed_by,
            passed_at=now(),
        )
        _audit(
            event="rehab.employer_plan_withheld",
            actor=passed_by,
            plan=plan,
            categories=[PLAN_CATEGORY],
            basis="",
            recipient=fk,
            extra={"version": version.number, "passage": row.pk, "outcome": "denied", "coordination": coordination.pk},
        )
        return row
    row = EmployerPlanPassage.objects.create(
        version=version,
        coordination=coordination,
        released=True,
        explanation=passage.basis_text,
        content=version_content(version),
        snapshot=passage.snapshot(),
        passed_by=passed_by,
        passed_at=now(),
    )
    _audit(
        event="rehab.employer_plan_passed",
        actor=passed_by,
        plan=plan,
        categories=list(passage.categories),
        basis=passage.basis,
        recipient=fk,
        extra={
            "version": version.number,
            "passage": row.pk,
            "coordination": coordination.pk,
            **passage.audit_extra(),
        },
    )
    return row


@transaction.atomic
def employer_plan_consent_register(
    *,
    plan: EmployerPlan,
    registered_by: User,
    valid_from: dt.date,
    valid_to: dt.date,
    form: str,
    taken_by_name: str = "",
    taken_on: dt.date | None = None,
    on: dt.date | None = None,
) -> Consent:
    """The employee's consent that the employer gives its plan to FK (OSL 12 kap. 2 §; the employer, as
    the discloser, obtains and checks it itself). The latest version is then passed to FK again."""
    from samverkan.consents.services import consent_register

    organisation = _require_employer(registered_by, plan.case)
    coordination = plan.coordination or released_coordination(organisation=organisation, person=plan.case.subject)
    if coordination is None:
        raise ValidationError(
            "Det finns ingen samordning hos Försäkringskassan som har lämnats ut till er. Hämta först "
            "Försäkringskassans rehabiliteringsplan; planen lämnas till den samordning som där anges."
        )
    try:
        consent = consent_register(
            registered_by=registered_by,
            person=plan.case.subject,
            recipient=coordination.case.organisation,
            categories=[PLAN_CATEGORY],
            purpose=CONSENT_PURPOSE,
            valid_from=valid_from,
            valid_to=valid_to,
            form=form,
            case_type=CaseType.REHAB_COORDINATION.value,
            taken_by_name=taken_by_name,
            taken_on=taken_on,
            case=plan.case,
        )
    except InputError as exc:
        raise ValidationError({exc.field: exc.detail}) from exc
    except DomainError as exc:
        raise ValidationError(exc.message) from exc
    if plan.coordination_id != coordination.pk:
        plan.coordination = coordination
        plan.save(update_fields=["coordination"])
    latest = plan.versions.order_by("-number").first()
    if latest is not None:
        employer_plan_pass(version=latest, passed_by=registered_by, on=on)
    return consent


# --- Reads ----------------------------------------------------------------------------------------


def employer_cases(organisation: Organisation) -> QuerySet[Case]:
    """The employer's own ärenden about employees' return to work, open first."""
    return (
        Case.objects.for_organisation(organisation)
        .filter(case_type=CaseType.RETURN_TO_WORK.value)
        .select_related("subject", "responsible")
        .order_by("status", "subject__last_name", "subject__first_name", "pk")
    )


def employer_case(*, organisation: Organisation, case_id: int) -> Case:
    return get_object_or_404(employer_cases(organisation), pk=case_id)


def plan_of(case: Case) -> EmployerPlan | None:
    return EmployerPlan.objects.filter(case=case).select_related("coordination__case").first()


def first_version_on(plan: EmployerPlan) -> dt.date | None:
    first = plan.versions.order_by("number").first()
    return first.created_at.date() if first is not None else None


def deadline_of(plan: EmployerPlan, *, on: dt.date) -> PlanDeadline | None:
    """The plan's deadline on ``on`` (None before the first sick day: nothing to count yet)."""
    if on < plan.sick_leave_start:
        return None
    try:
        return plan_deadline(
            sick_leave_start=plan.sick_leave_start,
            expected_days=plan.expected_days,
            on=on,
            first_plan_on=first_version_on(plan),
        )
    except DomainError:
        return None


def versions_of(plan: EmployerPlan) -> QuerySet[EmployerPlanVersion]:
    return plan.versions.prefetch_related("measures", "passages").select_related("created_by").order_by("-number")


@dataclass(frozen=True)
class EmployerRow:
    case: Case
    plan: EmployerPlan | None
    deadline: PlanDeadline | None
    latest: EmployerPlanVersion | None


def employer_overview(*, organisation: Organisation, on: dt.date) -> list[EmployerRow]:
    rows = []
    cases = list(employer_cases(organisation).filter(status=Case.Status.ACTIVE))
    plans = {p.case_id: p for p in EmployerPlan.objects.filter(case__in=cases)}
    for case in cases:
        plan = plans.get(case.pk)
        rows.append(
            EmployerRow(
                case=case,
                plan=plan,
                deadline=deadline_of(plan, on=on) if plan is not None else None,
                latest=plan.versions.order_by("-number").first() if plan is not None else None,
            )
        )
    return rows


@dataclass(frozen=True)
class FkEmployerPlan:
    """What FK sees of one employer's plan in its coordination: that it exists, and what the gate released."""

    employer: str
    versions: int
    latest_number: int
    latest_recorded_on: dt.date
    latest: EmployerPlanPassage
    released: list[EmployerPlanPassage]

    @property
    def shown(self) -> EmployerPlanPassage | None:
        """The newest passage the gate released (None: no content has been released)."""
        return self.released[0] if self.released else None


def employer_plans_for_fk(coordination: RehabCoordination) -> list[FkEmployerPlan]:
    """The employer plans passed (released or not) to FK in ``coordination``; content only from released passages."""
    passages = list(
        EmployerPlanPassage.objects.filter(coordination=coordination)
        .select_related("version__plan__case__organisation")
        .order_by("-version__number", "-passed_at", "-pk")
    )
    by_plan: dict[int, list[EmployerPlanPassage]] = {}
    for passage in passages:
        by_plan.setdefault(passage.version.plan_id, []).append(passage)
    found = []
    for rows in by_plan.values():
        newest = rows[0]
        plan = newest.version.plan
        found.append(
            FkEmployerPlan(
                employer=plan.case.organisation.name,
                versions=len({r.version_id for r in rows}),
                latest_number=newest.version.number,
                latest_recorded_on=newest.version.created_at.date(),
                latest=newest,
                released=[r for r in rows if r.released],
            )
        )
    return found
