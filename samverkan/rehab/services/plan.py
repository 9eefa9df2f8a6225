"""The rehabilitation plan: its measures, their follow-ups and the plan made with the person (SFB 30 kap. 9 §).

Every change is a :class:`~samverkan.rehab.models.PlanChange` with its audit entry, so the plan has a history."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.core.clock import now, today
from samverkan.domain.errors import InputError
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.rehab import (
    SEED_002_SOURCE,
    Measure,
    MeasureStatus,
    NeedArea,
    RehabActor,
    assess_coordination,
    days_to_first_plan,
    measure_problems,
)
from samverkan.domain.statutes import SFB_30_9
from samverkan.rehab import selectors
from samverkan.rehab.actors import PLAN_CATEGORY, NotAnActor, actor_for
from samverkan.rehab.models import PlanChange, PlanMeasure, RehabCoordination
from samverkan.rehab.services.common import audit, domain_errors, require_active, require_fk_official
from samverkan.rehab.services.reminders import dismiss_reminders


def _measure_snapshot(measure: PlanMeasure) -> dict[str, Any]:
    return {
        "description": measure.description,
        "kind": measure.kind,
        "need_area": measure.need_area,
        "responsible": {"id": measure.responsible_id, "name": measure.responsible.name},
        "starts_on": measure.starts_on.isoformat(),
        "ends_on": measure.ends_on.isoformat() if measure.ends_on else None,
        "follow_up_on": measure.follow_up_on.isoformat() if measure.follow_up_on else None,
        "last_followed_up_on": measure.last_followed_up_on.isoformat() if measure.last_followed_up_on else None,
        "status": measure.status,
    }


_MEASURE_FIELDS = {"follow_ups": "follow_up_on", "on": "__all__"}


def _responsible_actor(
    coordination: RehabCoordination, responsible: Organisation, problems: list[InputError]
) -> RehabActor | None:
    """The actor responsible for the measure, or None (and a problem) when it cannot carry a measure."""
    if responsible.pk == coordination.case.organisation_id or responsible.type is OrganisationType.FK:
        problems.append(
            InputError(
                "responsible",
                "Försäkringskassan kan inte vara ansvarig för en rehabiliteringsinsats: Försäkringskassan samordnar "
                "och följer upp men genomför inte själv någon rehabilitering. Varje aktör genomför och bekostar sina "
                f"egna insatser (SFB 30 kap. 8 och 10 §§; {SEED_002_SOURCE}).",
                code="fk_provides_no_measures",
            )
        )
        return None
    try:
        return actor_for(responsible)
    except NotAnActor as exc:
        problems.append(InputError("responsible", exc.message, code="not_an_actor"))
        return None


def _kind_problems(
    coordination: RehabCoordination, *, kind: str, responsible: Organisation, responsible_actor: RehabActor
) -> list[InputError]:
    """Who carries which kind of measure: vård the medical ones, the person's own employer the vocational ones at
    work, and without an employer another actor than an employer (seed 002)."""
    problems: list[InputError] = []
    assessment = assess_coordination(
        has_employer=coordination.has_employer,
        has_sgi=coordination.has_sgi,
        work_capacity_reduced=coordination.work_capacity_reduced,
    )
    if kind == PlanMeasure.Kind.MEDICAL and responsible_actor.value != assessment.medical_responsible:
        problems.append(
            InputError(
                "responsible",
                "En medicinsk insats ligger hos hälso- och sjukvården: ansvaret för den medicinska "
                f"rehabiliteringen är vårdens ({SEED_002_SOURCE}).",
                code="medical_by_healthcare",
            )
        )
    if kind == PlanMeasure.Kind.VOCATIONAL and responsible_actor.value == "employer":
        if assessment.vocational_responsible == "fk":
            problems.append(
                InputError(
                    "responsible",
                    "Personen saknar arbetsgivare: de arbetslivsinriktade insatserna samordnas av "
                    "Försäkringskassan och genomförs av en annan aktör, till exempel Arbetsförmedlingen "
                    f"({SEED_002_SOURCE}).",
                    code="no_employer",
                )
            )
        elif coordination.employer_id and responsible.pk != coordination.employer_id:
            problems.append(
                InputError(
                    "responsible",
                    f"Personens arbetsgivare i samordningen är {coordination.employer}, inte {responsible.name}.",
                    code="other_employer",
                )
            )
    return problems


class _MeasureInput(NamedTuple):
    """A measure's fields as the official gave them (the description not yet stripped)."""

    description: str
    kind: str
    need_area: str
    responsible: Organisation
    starts_on: dt.date
    ends_on: dt.date | None
    follow_up_on: dt.date | None
    status: str

    def stored(self) -> dict[str, Any]:
        """The fields as the model stores them: as given, with the description stripped."""
        return {**self._asdict(), "description": self.description.strip()}


def _admit_measure(
    coordination: RehabCoordination, by: User, fields: _MeasureInput, on: dt.date | None, *, check_consent: bool = True
) -> None:
    """What adding and changing a measure both require: FK's official, an active coordination and a valid measure."""
    require_fk_official(by, coordination)
    require_active(coordination)
    _validate_measure(coordination=coordination, fields=fields, on=on or today(), check_consent=check_consent)


def _validate_measure(
    *,
    coordination: RehabCoordination,
    fields: _MeasureInput,
    on: dt.date,
    check_consent: bool = True,
) -> None:
    """Every rule a measure must meet; raises one ValidationError naming each failing field."""
    description, kind, need_area, responsible, starts_on, ends_on, follow_up_on, status = fields
    problems: list[InputError] = []
    if kind not in PlanMeasure.Kind.values:
        problems.append(InputError("kind", "Välj slag av insats.", code="kind"))
    responsible_actor = _responsible_actor(coordination, responsible, problems)
    consents = selectors.rehab_consents_for(coordination=coordination, recipient=responsible)
    if responsible_actor is not None:
        found = measure_problems(
            Measure(
                description=description,
                need_area=need_area,
                responsible=responsible_actor,
                starts_on=starts_on,
                ends_on=ends_on,
                follow_ups=(follow_up_on,) if follow_up_on else (),
                status=status,
            ),
            consents=consents,
            on=on,
        )
        if not check_consent:
            found = [p for p in found if p.code != "no_consent"]
        problems.extend(found)
        problems.extend(
            _kind_problems(coordination, kind=kind, responsible=responsible, responsible_actor=responsible_actor)
        )
    elif not description.strip():
        problems.append(InputError("description", "Beskriv insatsen.", code="required"))
    if need_area not in {a.value for a in NeedArea} and not any(p.field == "need_area" for p in problems):
        problems.append(InputError("need_area", "Välj behovsområde.", code="need_area"))
    if problems:
        raise domain_errors(problems, _MEASURE_FIELDS)


def _record_change(
    *,
    coordination: RehabCoordination,
    measure: PlanMeasure | None,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    by: User,
    note: str = "",
) -> PlanChange:
    change = PlanChange.objects.create(
        coordination=coordination,
        measure=measure,
        action=action,
        before=before,
        after=after,
        note=note.strip(),
        changed_by=by,
        changed_at=now(),
    )
    audit(
        event="rehab.plan_changed",
        actor=by,
        coordination=coordination,
        categories=[PLAN_CATEGORY],
        basis=SFB_30_9.text,
        extra={"change": action, "plan_change": change.pk, "measure": measure.pk if measure else None},
    )
    return change


@transaction.atomic
def measure_add(
    *,
    coordination: RehabCoordination,
    added_by: User,
    description: str,
    kind: str,
    need_area: str,
    responsible: Organisation,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    status: str = MeasureStatus.PLANNED.value,
    on: dt.date | None = None,
) -> PlanMeasure:
    """Add a measure to the plan; its responsible actor needs the person's consent (SFB 30 kap. 10 §)."""
    fields = _MeasureInput(description, kind, need_area, responsible, starts_on, ends_on, follow_up_on, status)
    _admit_measure(coordination, added_by, fields, on)
    stamp = now()
    measure = PlanMeasure.objects.create(
        coordination=coordination, **fields.stored(), created_by=added_by, created_at=stamp, updated_at=stamp
    )
    _record_change(
        coordination=coordination,
        measure=measure,
        action=PlanChange.Action.MEASURE_ADDED,
        before=None,
        after=_measure_snapshot(measure),
        by=added_by,
    )
    return measure


@transaction.atomic
def measure_update(
    *,
    measure: PlanMeasure,
    changed_by: User,
    description: str,
    kind: str,
    need_area: str,
    responsible: Organisation,
    starts_on: dt.date,
    ends_on: dt.date | None,
    follow_up_on: dt.date | None,
    status: str,
    note: str = "",
    on: dt.date | None = None,
) -> PlanMeasure:
    """Change a measure. A new responsible actor needs consent; the old one keeps its measure even if the
    consent has since lapsed, so that the measure can be finished or cancelled."""
    coordination = measure.coordination
    fields = _MeasureInput(description, kind, need_area, responsible, starts_on, ends_on, follow_up_on, status)
    _admit_measure(coordination, changed_by, fields, on, check_consent=responsible.pk != measure.responsible_id)
    before = _measure_snapshot(measure)
    for name, value in fields.stored().items():
        setattr(measure, name, value)
    measure.updated_at = now()
    after = _measure_snapshot(measure)
    if after == before:
        raise ValidationError("Inget är ändrat i insatsen.")
    measure.save()
    _record_change(
        coordination=coordination,
        measure=measure,
        action=PlanChange.Action.MEASURE_CHANGED,
        before=before,
        after=after,
        by=changed_by,
        note=note,
    )
    if not measure.is_open or before["follow_up_on"] != after["follow_up_on"]:
        dismiss_reminders(measure)
    return measure


@transaction.atomic
def measure_follow_up(
    *,
    measure: PlanMeasure,
    followed_up_by: User,
    note: str,
    status: str,
    next_follow_up_on: dt.date | None,
    ends_on: dt.date | None = None,
    on: dt.date | None = None,
) -> PlanMeasure:
    """Record that a measure was followed up (FK follows up the measures throughout, SFB 30 kap. 8 §)."""
    coordination = measure.coordination
    require_fk_official(followed_up_by, coordination)
    require_active(coordination)
    on = on or today()
    if not note.strip():
        raise ValidationError({"note": "Skriv vad uppföljningen visade."})
    if next_follow_up_on is not None and next_follow_up_on <= on:
        raise ValidationError({"next_follow_up_on": "Nästa uppföljning ska ligga efter i dag."})
    if status in (MeasureStatus.PLANNED.value, MeasureStatus.ONGOING.value) and next_follow_up_on is None:
        raise ValidationError({"next_follow_up_on": "Ange nästa uppföljning för en insats som inte är avslutad."})
    effective_end = ends_on or measure.ends_on
    if status == MeasureStatus.DONE.value and effective_end is None:
        effective_end = on
    followed_up = _MeasureInput(
        measure.description,
        measure.kind,
        measure.need_area,
        measure.responsible,
        measure.starts_on,
        effective_end,
        next_follow_up_on,
        status,
    )
    _validate_measure(coordination=coordination, fields=followed_up, on=on, check_consent=False)
    before = _measure_snapshot(measure)
    measure.status = status
    measure.ends_on = effective_end
    measure.follow_up_on = next_follow_up_on
    measure.last_followed_up_on = on
    measure.updated_at = now()
    measure.save()
    _record_change(
        coordination=coordination,
        measure=measure,
        action=PlanChange.Action.FOLLOW_UP_RECORDED,
        before=before,
        after=_measure_snapshot(measure),
        by=followed_up_by,
        note=note,
    )
    dismiss_reminders(measure)
    return measure


@transaction.atomic
def plan_agree(
    *,
    coordination: RehabCoordination,
    agreed_by: User,
    goal: str,
    agreed_on: dt.date,
    made_with_person: bool,
    on: dt.date | None = None,
) -> RehabCoordination:
    """Record that the plan was made together with the person; the first time is the "first plan"."""
    require_fk_official(agreed_by, coordination)
    require_active(coordination)
    on = on or today()
    errors: dict[str, list[str]] = {}
    if not made_with_person:
        errors.setdefault("made_with_person", []).append(
            f"Planen ska göras tillsammans med den försäkrade ({SFB_30_9.text})."
        )
    if not goal.strip():
        errors.setdefault("goal", []).append("Ange planens mål.")
    if agreed_on > on:
        errors.setdefault("agreed_on", []).append("Dagen kan inte ligga i framtiden.")
    else:
        try:
            days_to_first_plan(coordination.measured_from, agreed_on)
        except InputError as exc:
            errors.setdefault("agreed_on", []).append(exc.detail)
    if not coordination.measures.exclude(status=MeasureStatus.CANCELLED.value).exists():
        errors.setdefault("__all__", []).append("Lägg till minst en insats innan planen fastställs med personen.")
    if errors:
        raise ValidationError(errors)
    before = {
        "goal": coordination.plan_goal,
        "plan_agreed_on": coordination.plan_agreed_on.isoformat() if coordination.plan_agreed_on else None,
    }
    coordination.plan_goal = goal.strip()
    coordination.plan_agreed_on = agreed_on
    if coordination.first_plan_on is None:
        coordination.first_plan_on = agreed_on
    coordination.save(update_fields=["plan_goal", "plan_agreed_on", "first_plan_on"])
    _record_change(
        coordination=coordination,
        measure=None,
        action=PlanChange.Action.PLAN_AGREED,
        before=before,
        after={"goal": coordination.plan_goal, "plan_agreed_on": agreed_on.isoformat()},
        by=agreed_by,
    )
    return coordination
