"""Writes for rehabilitation coordination: each one a transaction that records its audit entry.

The rules of law are in :mod:`samverkan.domain.rehab`; these services gather the facts from the
database, ask the rules, and store nothing when a rule says no (a ``ValidationError`` whose
messages are the rules' Swedish explanations, each with its statute).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.cases.services import case_create
from samverkan.consents.models import Consent
from samverkan.core.clock import now, today
from samverkan.core.validation import HAPPENED, HAPPENED_ADMINISTRATIVE
from samverkan.disclosures.audit import audit_append
from samverkan.domain.errors import DomainError, InputError
from samverkan.domain.organisations import CaseType, OrganisationType, Role
from samverkan.domain.rehab import (
    SEED_002_SOURCE,
    SEED_004_SOURCE,
    DigitalMeetingChecklist,
    Measure,
    MeasureStatus,
    NeedArea,
    ReviewMeetingRequest,
    assess_coordination,
    days_to_first_plan,
    may_book_meeting,
    measure_problems,
    meeting_request_consent,
    reduction_allowed,
    reduction_benefit_allowed,
    review_meeting_problems,
    unmapped_need_areas,
    validate_digital_meeting_checklist,
)
from samverkan.domain.statutes import SFB_30_9, SFB_30_10, SFB_110_14, SFB_110_58
from samverkan.notifications import events as notification_events
from samverkan.rehab import selectors
from samverkan.rehab.access import FK_CASE_ROLES, HEALTHCARE_REHAB_ROLES
from samverkan.rehab.actors import PLAN_CATEGORY, NotAnActor, actor_for
from samverkan.rehab.models import (
    AgreedAction,
    CareCoordinationStatus,
    FollowUpReminder,
    MeetingParticipant,
    NeedAssessment,
    PlanChange,
    PlanMeasure,
    RehabCoordination,
    ReviewMeeting,
)

BASIS_COORDINATION = "30 kap. 8–11 §§ socialförsäkringsbalken (2010:110)"


def _audit(
    *,
    event: str,
    actor: User | None,
    coordination: RehabCoordination,
    extra: Mapping[str, Any],
    categories: Sequence[str] = (),
    basis: str = BASIS_COORDINATION,
    recipient: Organisation | None = None,
) -> None:
    audit_append(
        event=event,
        actor=actor,
        organisation=coordination.case.organisation,
        person=coordination.case.subject,
        categories=categories,
        basis=basis,
        purpose="Samordning av rehabiliteringsinsatser",
        recipient=recipient,
        extra={"case": coordination.case.reference, "coordination": coordination.pk, **extra},
    )


def _require_fk_official(user: User, coordination: RehabCoordination | None = None) -> None:
    organisation = user.organisation
    if organisation is None or organisation.type is not OrganisationType.FK or not user.has_role(*FK_CASE_ROLES):
        raise ValidationError("Bara en handläggare på Försäkringskassan kan göra detta i en samordning.")
    if coordination is not None and coordination.case.organisation_id != organisation.pk:
        raise ValidationError("Samordningen hör inte till din organisation.")


def _require_active(coordination: RehabCoordination) -> None:
    if not coordination.case.is_active:
        raise ValidationError("Samordningsärendet är avslutat och kan inte ändras.")


def _domain_errors(problems: Sequence[InputError], field_map: Mapping[str, str]) -> ValidationError:
    errors: dict[str | None, list[str]] = {}
    for problem in problems:
        errors.setdefault(field_map.get(problem.field, problem.field), []).append(problem.detail)
    return ValidationError({k if k is not None else "__all__": v for k, v in errors.items()})


# --- The coordination case -----------------------------------------------------------------------


def _check_facts(
    *,
    has_employer: bool,
    employer: Organisation | None,
    has_sgi: bool,
    work_capacity_reduced: bool,
    application_date: dt.date,
    sick_leave_start: dt.date | None,
    on: dt.date,
) -> None:
    errors: dict[str, list[str]] = {}
    if employer is not None and employer.type is not OrganisationType.EMPLOYER:
        errors.setdefault("employer", []).append(f"{employer.name} är inte en arbetsgivare.")
    if employer is not None and not has_employer:
        errors.setdefault("employer", []).append(
            "Ange att personen har en arbetsgivare, eller lämna arbetsgivaren tom."
        )
    if application_date > on:
        errors.setdefault("application_date", []).append(
            "Dagen då ansökan eller impulsen kom in kan inte ligga i framtiden."
        )
    elif (problem := HAPPENED_ADMINISTRATIVE.problem(application_date, on)) is not None:
        errors.setdefault("application_date", []).append(problem)
    if sick_leave_start is not None and sick_leave_start > on:
        errors.setdefault("sick_leave_start", []).append("Sjukskrivningens början kan inte ligga i framtiden.")
    elif sick_leave_start is not None and (problem := HAPPENED.problem(sick_leave_start, on)) is not None:
        errors.setdefault("sick_leave_start", []).append(problem)
    assessment = assess_coordination(
        has_employer=has_employer, has_sgi=has_sgi, work_capacity_reduced=work_capacity_reduced
    )
    if not assessment.coordination_possible:
        reason = (
            "Personen saknar SGI och kan inte få sjukpenning, men samordning kan ändå beviljas om arbetsförmågan är "
            "nedsatt på grund av sjukdom – det är förutsättningen för samordning utan SGI"
            if not has_sgi
            else "Samordning av rehabiliteringsinsatser förutsätter att arbetsförmågan är nedsatt på grund av sjukdom"
        )
        errors.setdefault("work_capacity_reduced", []).append(f"{reason} ({SFB_30_9.text}; {SEED_002_SOURCE}).")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def coordination_open(
    *,
    opened_by: User,
    unit: Unit,
    person_identity_number: str,
    origin: str,
    application_date: dt.date,
    sick_leave_start: dt.date | None,
    has_employer: bool,
    employer: Organisation | None,
    has_sgi: bool,
    work_capacity_reduced: bool,
    work_capacity_note: str = "",
    responsible: User | None = None,
    impulse_from: Organisation | None = None,
    on: dt.date | None = None,
) -> RehabCoordination:
    """Open FK's coordination for an insured person, on application or on an impulse from vård."""
    _require_fk_official(opened_by)
    on = on or today()
    organisation = opened_by.organisation
    assert organisation is not None
    if origin not in RehabCoordination.Origin.values:
        raise ValidationError({"origin": "Välj hur ärendet inleddes."})
    if impulse_from is not None and impulse_from.type is not OrganisationType.HEALTHCARE:
        raise ValidationError({"impulse_from": "En impuls om rehabiliteringsbehov kommer från hälso- och sjukvården."})
    if origin == RehabCoordination.Origin.APPLICATION and impulse_from is not None:
        raise ValidationError({"impulse_from": "Ange vårdgivare bara när ärendet inleddes på impuls från vården."})
    if responsible is not None and not (
        responsible.organisation is not None
        and responsible.organisation.pk == organisation.pk
        and responsible.has_role(Role.INSURANCE_INVESTIGATOR, Role.PERSONAL_CASE_OFFICER)
    ):
        raise ValidationError(
            {
                "responsible": "Ansvarig ska vara en försäkringsutredare eller personlig handläggare på Försäkringskassan."
            }
        )
    _check_facts(
        has_employer=has_employer,
        employer=employer,
        has_sgi=has_sgi,
        work_capacity_reduced=work_capacity_reduced,
        application_date=application_date,
        sick_leave_start=sick_leave_start,
        on=on,
    )
    case = case_create(
        organisation=organisation,
        unit=unit,
        case_type=CaseType.REHAB_COORDINATION.value,
        subject_identity_number=person_identity_number,
        responsible=responsible,
        opened_on=application_date,
        actor=opened_by,
        summary="Samordning av rehabiliteringsinsatser",
    )
    duplicate = (
        RehabCoordination.objects.filter(
            case__organisation=organisation, case__subject=case.subject, case__status=Case.Status.ACTIVE
        )
        .exclude(case=case)
        .first()
    )
    if duplicate is not None:
        raise ValidationError(
            {"person_identity_number": f"Personen har redan en aktuell samordning ({duplicate.case.reference})."}
        )
    coordination = RehabCoordination.objects.create(
        case=case,
        origin=origin,
        impulse_from=impulse_from,
        application_date=application_date,
        sick_leave_start=sick_leave_start,
        has_employer=has_employer,
        employer=employer,
        has_sgi=has_sgi,
        work_capacity_reduced=work_capacity_reduced,
        work_capacity_note=work_capacity_note.strip(),
        created_by=opened_by,
        created_at=now(),
    )
    _audit(
        event="rehab.coordination_opened",
        actor=opened_by,
        coordination=coordination,
        extra={"origin": origin, "has_employer": has_employer, "has_sgi": has_sgi},
    )
    return coordination


@transaction.atomic
def coordination_update(
    *,
    coordination: RehabCoordination,
    updated_by: User,
    sick_leave_start: dt.date | None,
    has_employer: bool,
    employer: Organisation | None,
    has_sgi: bool,
    work_capacity_reduced: bool,
    work_capacity_note: str,
    responsible: User | None,
    on: dt.date | None = None,
) -> RehabCoordination:
    _require_fk_official(updated_by, coordination)
    _require_active(coordination)
    on = on or today()
    _check_facts(
        has_employer=has_employer,
        employer=employer,
        has_sgi=has_sgi,
        work_capacity_reduced=work_capacity_reduced,
        application_date=coordination.application_date,
        sick_leave_start=sick_leave_start,
        on=on,
    )
    organisation = coordination.case.organisation
    if responsible is not None and (responsible.organisation is None or responsible.organisation.pk != organisation.pk):
        raise ValidationError({"responsible": "Ansvarig handläggare måste arbeta på Försäkringskassan."})
    before = {
        "has_employer": coordination.has_employer,
        "has_sgi": coordination.has_sgi,
        "work_capacity_reduced": coordination.work_capacity_reduced,
    }
    coordination.sick_leave_start = sick_leave_start
    coordination.has_employer = has_employer
    coordination.employer = employer
    coordination.has_sgi = has_sgi
    coordination.work_capacity_reduced = work_capacity_reduced
    coordination.work_capacity_note = work_capacity_note.strip()
    coordination.save()
    case = coordination.case
    case.responsible = responsible
    case.save(update_fields=["responsible", "updated_at"])
    _audit(
        event="rehab.coordination_updated",
        actor=updated_by,
        coordination=coordination,
        extra={
            "before": before,
            "after": {"has_employer": has_employer, "has_sgi": has_sgi, "work_capacity_reduced": work_capacity_reduced},
        },
    )
    return coordination


@transaction.atomic
def needs_map(
    *, coordination: RehabCoordination, mapped_by: User, assessments: Mapping[str, tuple[str, str]]
) -> list[NeedAssessment]:
    """Record the needs mapping done with the person: per area a judgement and notes (SFB 30 kap. 9 §)."""
    _require_fk_official(mapped_by, coordination)
    _require_active(coordination)
    try:
        unmapped_need_areas(assessments.keys())
    except InputError as exc:
        raise ValidationError(exc.detail) from exc
    errors: dict[str, list[str]] = {}
    for area, (need, notes) in assessments.items():
        if need not in NeedAssessment.Need.values:
            errors.setdefault(f"{area}_need", []).append("Välj en bedömning.")
        elif need == NeedAssessment.Need.YES and not notes.strip():
            errors.setdefault(f"{area}_notes", []).append("Beskriv behovet när det finns ett behov.")
    if errors:
        raise ValidationError(errors)
    stamp = now()
    saved = []
    for area, (need, notes) in assessments.items():
        row, _ = NeedAssessment.objects.update_or_create(
            coordination=coordination,
            area=area,
            defaults={"need": need, "notes": notes.strip(), "updated_by": mapped_by, "updated_at": stamp},
        )
        saved.append(row)
    _audit(
        event="rehab.needs_mapped",
        actor=mapped_by,
        coordination=coordination,
        basis=SFB_30_9.text,
        extra={"areas": {area: need for area, (need, _notes) in assessments.items()}},
    )
    return saved


# --- Consent per actor (SFB 30 kap. 10 §) ----------------------------------------------------------


def rehab_consent_register(
    *,
    coordination: RehabCoordination,
    registered_by: User,
    recipient: Organisation,
    categories: Sequence[str],
    purpose: str,
    valid_from: dt.date,
    valid_to: dt.date,
    form: str,
    taken_by_name: str = "",
    taken_on: dt.date | None = None,
    case_type: str | None = None,
) -> Consent:
    """Register, in the consent registry, the person's consent that FK collaborates with ``recipient``.

    FK obtains and checks the consent itself (it is the discloser); the registry service validates
    that the consent is specific and records its own audit entry. The consent is given for the kind
    of ärende the recipient asks for the plan in (``case_type``; by default the kind of the
    recipient's case about the person that its request uses, as ``actor_plan_fetch`` picks it: vård
    ``sick_leave``, AF ``jobseeker``, arbetsgivare ``return_to_work``, socialtjänst its case's kind).
    """
    from samverkan.consents.case_types import infer_case_type
    from samverkan.consents.services import consent_register

    _require_fk_official(registered_by, coordination)
    _require_active(coordination)
    try:
        actor_for(recipient)
    except NotAnActor as exc:
        raise ValidationError({"recipient": exc.message}) from exc
    if PLAN_CATEGORY not in categories:
        raise ValidationError(
            {
                "categories": "Ett samtycke till samverkan i rehabiliteringen ska omfatta rehabiliteringsplanen "
                f"({SFB_30_10.text})."
            }
        )
    if not case_type:
        recipient_case = (
            Case.objects.filter(organisation=recipient, members__person=coordination.case.subject)
            .order_by("status", "-opened_on")
            .first()
        )
        case_type = infer_case_type(
            recipient_type=recipient.org_type,
            purpose=purpose,
            case_type=recipient_case.case_type if recipient_case is not None else None,
            case_at_recipient=recipient_case is not None,
        )
    try:
        return consent_register(
            registered_by=registered_by,
            person=coordination.case.subject,
            recipient=recipient,
            categories=list(categories),
            purpose=purpose,
            valid_from=valid_from,
            valid_to=valid_to,
            form=form,
            case_type=case_type,
            taken_by_name=taken_by_name,
            taken_on=taken_on,
            case=coordination.case,
        )
    except InputError as exc:
        raise ValidationError({exc.field: exc.detail}) from exc
    except DomainError as exc:
        raise ValidationError(exc.message) from exc


def rehab_consent_withdraw(
    *, coordination: RehabCoordination, consent: Consent, withdrawn_by: User, on: dt.date | None = None
) -> Consent:
    from samverkan.consents.services import consent_withdraw

    _require_fk_official(withdrawn_by, coordination)
    if consent.person_id != coordination.case.subject_id or consent.discloser_id != coordination.case.organisation_id:
        raise ValidationError("Samtycket hör inte till den här samordningen.")
    try:
        return consent_withdraw(consent=consent, withdrawn_by_user=withdrawn_by, on=on or today())
    except DomainError as exc:
        raise ValidationError(exc.message) from exc


# --- The rehabilitation plan ------------------------------------------------------------------------


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


def _validate_measure(
    *,
    coordination: RehabCoordination,
    description: str,
    kind: str,
    need_area: str,
    responsible: Organisation,
    starts_on: dt.date,
    ends_on: dt.date | None,
    follow_up_on: dt.date | None,
    status: str,
    on: dt.date,
    check_consent: bool = True,
) -> None:
    """Every rule a measure must meet; raises one ValidationError naming each failing field."""
    problems: list[InputError] = []
    if kind not in PlanMeasure.Kind.values:
        problems.append(InputError("kind", "Välj slag av insats.", code="kind"))
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
        responsible_actor = None
    else:
        try:
            responsible_actor = actor_for(responsible)
        except NotAnActor as exc:
            problems.append(InputError("responsible", exc.message, code="not_an_actor"))
            responsible_actor = None
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
    else:
        if not description.strip():
            problems.append(InputError("description", "Beskriv insatsen.", code="required"))
    if need_area not in {a.value for a in NeedArea} and not any(p.field == "need_area" for p in problems):
        problems.append(InputError("need_area", "Välj behovsområde.", code="need_area"))
    if problems:
        raise _domain_errors(problems, _MEASURE_FIELDS)


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
    _audit(
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
    _require_fk_official(added_by, coordination)
    _require_active(coordination)
    on = on or today()
    _validate_measure(
        coordination=coordination,
        description=description,
        kind=kind,
        need_area=need_area,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        follow_up_on=follow_up_on,
        status=status,
        on=on,
    )
    stamp = now()
    measure = PlanMeasure.objects.create(
        coordination=coordination,
        description=description.strip(),
        kind=kind,
        need_area=need_area,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        follow_up_on=follow_up_on,
        status=status,
        created_by=added_by,
        created_at=stamp,
        updated_at=stamp,
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
    _require_fk_official(changed_by, coordination)
    _require_active(coordination)
    on = on or today()
    _validate_measure(
        coordination=coordination,
        description=description,
        kind=kind,
        need_area=need_area,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        follow_up_on=follow_up_on,
        status=status,
        on=on,
        check_consent=responsible.pk != measure.responsible_id,
    )
    before = _measure_snapshot(measure)
    measure.description = description.strip()
    measure.kind = kind
    measure.need_area = need_area
    measure.responsible = responsible
    measure.starts_on = starts_on
    measure.ends_on = ends_on
    measure.follow_up_on = follow_up_on
    measure.status = status
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
        _dismiss_reminders(measure)
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
    _require_fk_official(followed_up_by, coordination)
    _require_active(coordination)
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
    _validate_measure(
        coordination=coordination,
        description=measure.description,
        kind=measure.kind,
        need_area=measure.need_area,
        responsible=measure.responsible,
        starts_on=measure.starts_on,
        ends_on=effective_end,
        follow_up_on=next_follow_up_on,
        status=status,
        on=on,
        check_consent=False,
    )
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
    _dismiss_reminders(measure)
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
    _require_fk_official(agreed_by, coordination)
    _require_active(coordination)
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


# --- Avstämningsmöte --------------------------------------------------------------------------------


#: Besides FK: who asks for an avstämningsmöte at each organisation type (with the insured's consent).
_MEETING_REQUESTERS: dict[OrganisationType, tuple[Role, ...]] = {
    OrganisationType.HEALTHCARE: HEALTHCARE_REHAB_ROLES,
    OrganisationType.EMPLOYER: (Role.EMPLOYER_REPRESENTATIVE,),
    OrganisationType.SOCIAL_SERVICES: (Role.SOCIAL_WORKER, Role.UNIT_MANAGER),
}


@transaction.atomic
def meeting_request(
    *,
    coordination: RehabCoordination,
    requested_by: User,
    reason: str,
    patient_consented: bool = False,
    on: dt.date | None = None,
) -> ReviewMeeting:
    """Ask for an avstämningsmöte: FK itself, or vård (with the patient's consent and a reason, seed 004)."""
    on = on or today()
    organisation = requested_by.organisation
    if organisation is None:
        raise ValidationError("Ditt konto hör inte till någon organisation.")
    party: str
    if organisation.type is OrganisationType.FK:
        _require_fk_official(requested_by, coordination)
        party = ReviewMeeting.RequestedBy.FK.value
    elif organisation.type in _MEETING_REQUESTERS:
        roles = _MEETING_REQUESTERS[organisation.type]
        if not requested_by.has_role(*roles):
            raise ValidationError("Din roll kan inte begära avstämningsmöte.")
        party = organisation.org_type
        allowed, why = meeting_request_consent(party, patient_consented)
        if not allowed:
            raise ValidationError({"patient_consented": why})
        may, why = selectors.may_involve(coordination=coordination, organisation=organisation, on=on)
        if not may:
            raise ValidationError(why)
    else:
        party = organisation.org_type  # refused by the rule below
    _require_active(coordination)
    problems = review_meeting_problems(ReviewMeetingRequest(requested_by=party, reason=reason, requested_on=on))
    if problems:
        raise _domain_errors(problems, {"requested_by": "__all__"})
    meeting = ReviewMeeting.objects.create(
        coordination=coordination,
        requested_by_party=party,
        requesting_organisation=organisation,
        requested_by=requested_by,
        reason=reason.strip(),
        requested_on=on,
    )
    _audit(
        event="rehab.meeting_requested",
        actor=requested_by,
        coordination=coordination,
        basis=SFB_110_14.text + " första stycket 4",
        extra={"meeting": meeting.pk, "requested_by": party},
    )
    return meeting


def _require_meeting_editable(meeting: ReviewMeeting, user: User) -> None:
    _require_fk_official(user, meeting.coordination)
    _require_active(meeting.coordination)


@transaction.atomic
def meeting_add_participant(
    *,
    meeting: ReviewMeeting,
    added_by: User,
    organisation: Organisation,
    name: str = "",
    role: str = "",
    on: dt.date | None = None,
) -> MeetingParticipant:
    """Invite an organisation; anyone but FK needs the person's consent (SFB 30 kap. 10 §)."""
    _require_meeting_editable(meeting, added_by)
    on = on or today()
    if meeting.status != ReviewMeeting.Status.REQUESTED:
        raise ValidationError("Deltagarna kan bara ändras innan mötet är bokat.")
    allowed, why = selectors.may_involve(coordination=meeting.coordination, organisation=organisation, on=on)
    if not allowed:
        raise ValidationError({"organisation": why})
    if MeetingParticipant.objects.filter(meeting=meeting, organisation=organisation, name=name.strip()).exists():
        raise ValidationError({"organisation": f"{organisation.name} är redan inbjuden till mötet."})
    participant = MeetingParticipant.objects.create(
        meeting=meeting,
        organisation=organisation,
        name=name.strip(),
        role=role.strip(),
        added_by=added_by,
        added_at=now(),
    )
    if meeting.checklist_confirmed_at is not None:
        # A new party has not confirmed a private room: the checklist must be confirmed again.
        meeting.checklist_confirmed_at = None
        meeting.checklist_confirmed_by = None
        meeting.save(update_fields=["checklist_confirmed_at", "checklist_confirmed_by"])
    _audit(
        event="rehab.meeting_participant_added",
        actor=added_by,
        coordination=meeting.coordination,
        recipient=organisation if organisation.pk != meeting.coordination.case.organisation_id else None,
        basis=SFB_30_10.text,
        extra={"meeting": meeting.pk, "organisation": organisation.code},
    )
    notification_events.meeting_invited(participant=participant, actor=added_by)
    return participant


@transaction.atomic
def meeting_remove_participant(*, participant: MeetingParticipant, removed_by: User) -> None:
    meeting = participant.meeting
    _require_meeting_editable(meeting, removed_by)
    if meeting.status != ReviewMeeting.Status.REQUESTED:
        raise ValidationError("Deltagarna kan bara ändras innan mötet är bokat.")
    code = participant.organisation.code
    participant.delete()
    _audit(
        event="rehab.meeting_participant_removed",
        actor=removed_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk, "organisation": code},
    )


@transaction.atomic
def meeting_confirm_checklist(
    *,
    meeting: ReviewMeeting,
    confirmed_by: User,
    person_agreed: bool,
    suits_person: bool,
    person_joins_from: str,
    location_chosen_by_person: bool,
    identity_checked_by: str,
    private_room_confirmed_by: Sequence[str],
    reminded_no_secrets: bool,
) -> ReviewMeeting:
    """Confirm the digital meeting checklist of seed 004; nothing is stored while an item is missing."""
    _require_meeting_editable(meeting, confirmed_by)
    if meeting.status not in (ReviewMeeting.Status.REQUESTED, ReviewMeeting.Status.BOOKED):
        raise ValidationError("Mötet är redan genomfört eller inställt.")
    parties = selectors.meeting_parties(meeting)
    errors: dict[str, list[str]] = {}
    if person_joins_from and person_joins_from not in parties:
        errors.setdefault("person_joins_from", []).append("Personen kan bara delta hos en av mötets parter.")
    if identity_checked_by and identity_checked_by not in parties:
        errors.setdefault("identity_checked_by", []).append("Välj en av mötets parter.")
    if errors:
        raise ValidationError(errors)
    checklist = DigitalMeetingChecklist(
        person_agreed=person_agreed,
        suits_person=suits_person,
        person_joins_from=person_joins_from or None,
        location_chosen_by_person=location_chosen_by_person,
        identity_checked_by=identity_checked_by or None,
        parties=tuple(parties),
        private_room_confirmed_by=frozenset(p for p in private_room_confirmed_by if p in parties),
        participants_reminded_no_secrets_in_chat_or_screen=reminded_no_secrets,
    )
    missing = validate_digital_meeting_checklist(checklist)
    if missing:
        raise ValidationError([f"{item.text} ({SEED_004_SOURCE})" for item in missing])
    meeting.person_agreed = person_agreed
    meeting.suits_person = suits_person
    meeting.person_joins_from = person_joins_from
    meeting.location_chosen_by_person = location_chosen_by_person
    meeting.identity_checked_by = identity_checked_by
    meeting.private_room_confirmed_by = sorted(checklist.private_room_confirmed_by)
    meeting.reminded_no_secrets = reminded_no_secrets
    meeting.checklist_confirmed_by = confirmed_by
    meeting.checklist_confirmed_at = now()
    meeting.save()
    _audit(
        event="rehab.meeting_checklist_confirmed",
        actor=confirmed_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk, "parties": parties, "person_joins_from": person_joins_from},
    )
    return meeting


@transaction.atomic
def meeting_book(
    *,
    meeting: ReviewMeeting,
    booked_by: User,
    meeting_on: dt.date,
    starts_at: dt.time,
    mode: str,
    location: str = "",
    reduction_possible: bool = False,
    non_attendance_notice_on: dt.date | None = None,
    reduced_benefit: str = "",
    on: dt.date | None = None,
) -> ReviewMeeting:
    """Book (or move) the avstämningsmöte.

    Every invited actor needs consent (SFB 30 kap. 10 §); a digital meeting needs the confirmed
    checklist (seed 004); if FK wants to be able to reduce the benefit for non-attendance, the notice
    telling the person so must be recorded before the meeting (SFB 110 kap. 58 §).
    """
    _require_meeting_editable(meeting, booked_by)
    on = on or today()
    if meeting.status not in (ReviewMeeting.Status.REQUESTED, ReviewMeeting.Status.BOOKED):
        raise ValidationError("Mötet är redan genomfört eller inställt.")
    errors: dict[str, list[str]] = {}
    if mode not in ReviewMeeting.Mode.values:
        errors.setdefault("mode", []).append("Välj mötesform.")
    if meeting_on < on:
        errors.setdefault("meeting_on", []).append("Mötet kan inte bokas till en dag som redan har varit.")
    if mode == ReviewMeeting.Mode.ON_SITE and not location.strip():
        errors.setdefault("location", []).append("Ange var mötet hålls.")
    coordination = meeting.coordination
    participants = list(meeting.participants.select_related("organisation"))
    actors = []
    consents = []
    for participant in participants:
        org = participant.organisation
        if org.pk == coordination.case.organisation_id:
            continue
        try:
            actors.append(actor_for(org))
        except NotAnActor as exc:
            errors.setdefault("__all__", []).append(exc.message)
            continue
        consents.extend(selectors.rehab_consents_for(coordination=coordination, recipient=org))
    digital = mode == ReviewMeeting.Mode.DIGITAL
    checklist = selectors.meeting_checklist(meeting)
    checklist_texts = {item.text for item in validate_digital_meeting_checklist(checklist)} if digital else set()
    decision = may_book_meeting(
        ReviewMeetingRequest(
            requested_by=meeting.requested_by_party,
            reason=meeting.reason,
            requested_on=meeting.requested_on,
            meeting_on=meeting_on,
            digital=digital,
            participants=tuple(dict.fromkeys(actors)),
        ),
        consents=consents,
        on=on,
        checklist=checklist,
    )
    if digital and (meeting.checklist_confirmed_at is None or checklist_texts):
        errors.setdefault("mode", []).append(
            "Ett digitalt avstämningsmöte kan bokas först när checklistan för digitala möten är bekräftad "
            f"({SEED_004_SOURCE}). Det som saknas:"
        )
        if meeting.checklist_confirmed_at is None and not checklist_texts:
            errors["mode"].append("Checklistan är inte bekräftad.")
    if not decision.allowed:
        for reason in decision.reasons:
            errors.setdefault("mode" if reason in checklist_texts else "__all__", []).append(reason)
    if reduction_possible:
        # SFB 110 kap. 57 §: sjukersättning and aktivitetsersättning may be reduced without an SGI.
        try:
            benefit_ok, benefit_why = reduction_benefit_allowed(reduced_benefit or None, has_sgi=coordination.has_sgi)
        except InputError as exc:
            benefit_ok, benefit_why = False, exc.detail
        if not benefit_ok:
            errors.setdefault("reduced_benefit" if reduced_benefit else "reduction_possible", []).append(benefit_why)
        if non_attendance_notice_on is not None and non_attendance_notice_on > on:
            errors.setdefault("non_attendance_notice_on", []).append(
                "Upplysningen kan inte registreras innan den har getts."
            )
        else:
            allowed, why = reduction_allowed(non_attendance_notice_on, meeting_on)
            if not allowed:
                errors.setdefault("non_attendance_notice_on", []).append(why)
    elif non_attendance_notice_on is not None and non_attendance_notice_on > on:
        errors.setdefault("non_attendance_notice_on", []).append(
            "Upplysningen kan inte registreras innan den har getts."
        )
    if errors:
        # One list per field, without repeating the same text.
        raise ValidationError({k: list(dict.fromkeys(v)) for k, v in errors.items()})
    rebooked = meeting.status == ReviewMeeting.Status.BOOKED
    meeting.meeting_on = meeting_on
    meeting.starts_at = starts_at
    meeting.mode = mode
    meeting.location = location.strip()
    meeting.reduction_possible = reduction_possible
    meeting.non_attendance_notice_on = non_attendance_notice_on
    meeting.status = ReviewMeeting.Status.BOOKED
    meeting.booked_by = booked_by
    meeting.booked_at = now()
    meeting.save()
    _audit(
        event="rehab.meeting_booked",
        actor=booked_by,
        coordination=coordination,
        basis=SFB_110_14.text + " första stycket 4" + (f"; {SFB_110_58.text}" if reduction_possible else ""),
        extra={
            "meeting": meeting.pk,
            "meeting_on": meeting_on.isoformat(),
            "mode": mode,
            "rebooked": rebooked,
            "parties": selectors.meeting_parties(meeting),
            "reduced_benefit": (reduced_benefit or None) if reduction_possible else None,
        },
    )
    if rebooked:  # a sent kallelse is replaced by a new one (issue 21.4)
        from samverkan.rehab.summons import summons_follow_meeting

        summons_follow_meeting(meeting=meeting, changed_by=booked_by)
    notification_events.meeting_booked(meeting=meeting, moved=rebooked, actor=booked_by)
    return meeting


@transaction.atomic
def meeting_cancel(*, meeting: ReviewMeeting, cancelled_by: User, reason: str) -> ReviewMeeting:
    _require_meeting_editable(meeting, cancelled_by)
    if not meeting.is_open:
        raise ValidationError("Mötet är redan genomfört eller inställt.")
    if not reason.strip():
        raise ValidationError({"reason": "Ange varför mötet ställs in."})
    meeting.status = ReviewMeeting.Status.CANCELLED
    meeting.minutes = f"Inställt: {reason.strip()}"
    meeting.save(update_fields=["status", "minutes"])
    _audit(
        event="rehab.meeting_cancelled",
        actor=cancelled_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk},
    )
    from samverkan.rehab.summons import summons_follow_meeting  # a sent kallelse is cancelled (issue 21.4)

    summons_follow_meeting(meeting=meeting, changed_by=cancelled_by)
    notification_events.meeting_cancelled(meeting=meeting, actor=cancelled_by)
    return meeting


@transaction.atomic
def meeting_record_minutes(
    *, meeting: ReviewMeeting, recorded_by: User, minutes: str, person_attended: bool, on: dt.date | None = None
) -> ReviewMeeting:
    """Record what was said and agreed; the meeting is then held."""
    _require_meeting_editable(meeting, recorded_by)
    on = on or today()
    if meeting.status not in (ReviewMeeting.Status.BOOKED, ReviewMeeting.Status.HELD):
        raise ValidationError("Anteckningar förs för ett bokat möte.")
    if meeting.meeting_on is None or meeting.meeting_on > on:
        raise ValidationError("Anteckningar kan föras först när mötet har hållits.")
    if not minutes.strip():
        raise ValidationError({"minutes": "Skriv anteckningar från mötet."})
    meeting.minutes = minutes.strip()
    meeting.person_attended = person_attended
    meeting.status = ReviewMeeting.Status.HELD
    meeting.save(update_fields=["minutes", "person_attended", "status"])
    _audit(
        event="rehab.meeting_minutes_recorded",
        actor=recorded_by,
        coordination=meeting.coordination,
        categories=["review_meeting_minutes"],
        extra={"meeting": meeting.pk, "person_attended": person_attended},
    )
    return meeting


@transaction.atomic
def agreed_action_add(
    *,
    meeting: ReviewMeeting,
    added_by: User,
    description: str,
    kind: str,
    responsible: Organisation | None = None,
    due_on: dt.date | None = None,
) -> AgreedAction:
    _require_meeting_editable(meeting, added_by)
    if meeting.status != ReviewMeeting.Status.HELD:
        raise ValidationError("Överenskomna åtgärder förs in när mötets anteckningar är förda.")
    errors: dict[str, list[str]] = {}
    if not description.strip():
        errors.setdefault("description", []).append("Beskriv åtgärden.")
    if kind not in PlanMeasure.Kind.values:
        errors.setdefault("kind", []).append("Välj slag av insats.")
    if errors:
        raise ValidationError(errors)
    action = AgreedAction.objects.create(
        meeting=meeting,
        description=description.strip(),
        kind=kind,
        responsible=responsible,
        due_on=due_on,
        created_by=added_by,
        created_at=now(),
    )
    _audit(
        event="rehab.meeting_action_agreed",
        actor=added_by,
        coordination=meeting.coordination,
        extra={"meeting": meeting.pk, "action": action.pk},
    )
    return action


@transaction.atomic
def agreed_action_to_measure(
    *,
    action: AgreedAction,
    converted_by: User,
    need_area: str,
    responsible: Organisation,
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    follow_up_on: dt.date | None = None,
    on: dt.date | None = None,
) -> PlanMeasure:
    """Feed an action agreed at the meeting into the plan as a measure (with every rule of a measure)."""
    if action.measure_id is not None:
        raise ValidationError("Åtgärden finns redan som insats i planen.")
    measure = measure_add(
        coordination=action.meeting.coordination,
        added_by=converted_by,
        description=action.description,
        kind=action.kind,
        need_area=need_area,
        responsible=responsible,
        starts_on=starts_on,
        ends_on=ends_on,
        follow_up_on=follow_up_on,
        on=on,
    )
    action.measure = measure
    action.save(update_fields=["measure"])
    return measure


# --- Vård's own status --------------------------------------------------------------------------------


@transaction.atomic
def care_coordination_status_set(*, case: Case, set_by: User, status: str, note: str = "") -> CareCoordinationStatus:
    """The vårdenhet's status for its sick-listed patient (none, contacted, active, follow-up, closed, declined)."""
    organisation = set_by.organisation
    if organisation is None or case.organisation_id != organisation.pk or case.case_type != CaseType.SICK_LEAVE.value:
        raise ValidationError("Sjukskrivningsärendet hör inte till din vårdenhet.")
    if not set_by.has_role(*HEALTHCARE_REHAB_ROLES):
        raise ValidationError("Din roll kan inte ändra koordineringsstatus.")
    if status not in CareCoordinationStatus.Status.values:
        raise ValidationError({"status": "Välj en status i listan."})
    row = CareCoordinationStatus.objects.filter(case=case).first()
    before = row.status if row else CareCoordinationStatus.Status.NONE
    row, _ = CareCoordinationStatus.objects.update_or_create(
        case=case, defaults={"status": status, "note": note.strip(), "updated_by": set_by, "updated_at": now()}
    )
    audit_append(
        event="rehab.care_status_changed",
        actor=set_by,
        organisation=organisation,
        person=case.subject,
        purpose="Koordineringsinsats för sjukskriven patient (lag 2019:1297)",
        extra={"case": case.reference, "before": before, "after": status},
    )
    return row


# --- Follow-up reminders -------------------------------------------------------------------------------


def _dismiss_reminders(measure: PlanMeasure) -> None:
    FollowUpReminder.objects.filter(measure=measure, dismissed_at__isnull=True).update(dismissed_at=now())


@transaction.atomic
def follow_up_reminder_create(*, measure: PlanMeasure, on: dt.date) -> FollowUpReminder | None:
    """A reminder to the responsible official for the measure's next follow-up; once per measure and date.

    Returns None when nothing is due (no follow-up date, measure closed, case closed) or when the
    reminder already exists: running it twice creates nothing new.
    """
    measure = PlanMeasure.objects.select_for_update().select_related("coordination__case").get(pk=measure.pk)
    case = measure.coordination.case
    if measure.follow_up_on is None or not measure.is_open or not case.is_active:
        return None
    if measure.follow_up_on > on + dt.timedelta(days=selectors.REMINDER_DAYS_AHEAD):
        return None
    if FollowUpReminder.objects.filter(measure=measure, due_on=measure.follow_up_on).exists():
        return None
    try:
        with transaction.atomic():
            reminder = FollowUpReminder.objects.create(
                measure=measure, due_on=measure.follow_up_on, recipient=case.responsible, created_at=now()
            )
    except IntegrityError:  # a concurrent run created it first
        return None
    _audit(
        event="rehab.follow_up_reminder",
        actor=None,
        coordination=measure.coordination,
        extra={"measure": measure.pk, "due_on": measure.follow_up_on.isoformat()},
    )
    return reminder


@transaction.atomic
def follow_up_reminder_dismiss(*, reminder: FollowUpReminder, dismissed_by: User) -> FollowUpReminder:
    if reminder.recipient_id != dismissed_by.pk:
        raise ValidationError("Påminnelsen är inte din.")
    if reminder.dismissed_at is None:
        reminder.dismissed_at = now()
        reminder.save(update_fields=["dismissed_at"])
    return reminder
