"""FK's coordination case: opening it, its facts, the needs mapping, the consent per actor
(SFB 30 kap. 8–10 §§), and vård's own coordination status for its sick-listed patient."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.cases.services import case_create
from samverkan.consents.models import Consent
from samverkan.core.clock import now, today
from samverkan.core.validation import HAPPENED, HAPPENED_ADMINISTRATIVE
from samverkan.disclosures.audit import audit_append
from samverkan.domain.errors import DomainError, InputError
from samverkan.domain.organisations import CaseType, OrganisationType, Role
from samverkan.domain.rehab import SEED_002_SOURCE, assess_coordination, unmapped_need_areas
from samverkan.domain.statutes import SFB_30_9, SFB_30_10
from samverkan.rehab.access import HEALTHCARE_REHAB_ROLES
from samverkan.rehab.actors import PLAN_CATEGORY, NotAnActor, actor_for
from samverkan.rehab.models import CareCoordinationStatus, NeedAssessment, RehabCoordination
from samverkan.rehab.services.common import audit, require_active, require_fk_official


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


def _check_opening(
    *, organisation: Organisation, origin: str, impulse_from: Organisation | None, responsible: User | None
) -> None:
    """How the case began (on application, or on an impulse that only vård gives) and who is responsible."""
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


def _refuse_second_active(case: Case) -> None:
    """A person has one active coordination at a time at an FK organisation (the new case is not counted)."""
    duplicate = (
        RehabCoordination.objects.filter(
            case__organisation_id=case.organisation_id, case__subject=case.subject, case__status=Case.Status.ACTIVE
        )
        .exclude(case=case)
        .first()
    )
    if duplicate is not None:
        raise ValidationError(
            {"person_identity_number": f"Personen har redan en aktuell samordning ({duplicate.case.reference})."}
        )


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
    require_fk_official(opened_by)
    on = on or today()
    organisation = opened_by.organisation
    assert organisation is not None
    _check_opening(organisation=organisation, origin=origin, impulse_from=impulse_from, responsible=responsible)
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
    _refuse_second_active(case)
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
    audit(
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
    require_fk_official(updated_by, coordination)
    require_active(coordination)
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
    audit(
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
    require_fk_official(mapped_by, coordination)
    require_active(coordination)
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
    audit(
        event="rehab.needs_mapped",
        actor=mapped_by,
        coordination=coordination,
        basis=SFB_30_9.text,
        extra={"areas": {area: need for area, (need, _notes) in assessments.items()}},
    )
    return saved


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

    require_fk_official(registered_by, coordination)
    require_active(coordination)
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

    require_fk_official(withdrawn_by, coordination)
    if consent.person_id != coordination.case.subject_id or consent.discloser_id != coordination.case.organisation_id:
        raise ValidationError("Samtycket hör inte till den här samordningen.")
    try:
        return consent_withdraw(consent=consent, withdrawn_by_user=withdrawn_by, on=on or today())
    except DomainError as exc:
        raise ValidationError(exc.message) from exc


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
