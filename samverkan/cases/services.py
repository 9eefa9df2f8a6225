"""Writes of cases: each one a transaction, validated against the domain rules."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case, CaseMember
from samverkan.core import clock
from samverkan.core.references import next_reference
from samverkan.core.validation import HAPPENED, TextRules
from samverkan.disclosures.audit import audit_append
from samverkan.domain.identity import InvalidIdentityNumber, normalize_identity_number
from samverkan.domain.organisations import CASE_TYPES_BY_ORGANISATION_TYPE, CaseType, OrganisationType
from samverkan.people.models import Person


def person_by_identity_number(identity_number: str, *, field: str = "identity_number") -> Person:
    try:
        normalized = normalize_identity_number(identity_number, on=clock.today())
    except InvalidIdentityNumber as exc:
        raise ValidationError({field: exc.message}, code=exc.code) from exc
    try:
        return Person.objects.get(identity_number=normalized)
    except Person.DoesNotExist as exc:
        raise ValidationError(
            {field: f"Ingen person med nummer {normalized} finns i folkbokföringsregistret."}, code="not_found"
        ) from exc


def _next_reference(organisation: Organisation, year: int) -> str:
    """The case's diarienummer ``ÅÅÅÅ-NNNNN`` from the organisation's counter (locked until the case is stored)."""
    return next_reference(
        rows=Case.objects.filter(organisation=organisation),
        organisation=organisation,
        series="case",
        year=year,
        prefix=f"{year}-",
    )


#: A case's short description: a few lines.
SUMMARY_RULES = TextRules(2000, multiline=True)


@transaction.atomic
def case_create(
    *,
    organisation: Organisation,
    unit: Unit,
    case_type: str,
    subject_identity_number: str,
    responsible: User | None,
    opened_on: dt.date,
    actor: User | None,
    summary: str = "",
    reference: str | None = None,
) -> Case:
    """Open a case; audited, since an aktuellt ärende and its household decide what the gate releases.

    ``actor`` is the official who opened it (None: the system, e.g. demo seeding or an import).
    """
    allowed = CASE_TYPES_BY_ORGANISATION_TYPE[organisation.type]
    try:
        kind = CaseType(case_type)
    except ValueError as exc:
        raise ValidationError({"case_type": f"Okänd ärendetyp {case_type!r}."}) from exc
    if kind not in allowed:
        raise ValidationError(
            {"case_type": f"{organisation.type.label} handlägger inte ärenden av typen {kind.label}."}
        )
    if unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": "Enheten hör inte till din organisation."})
    if responsible is not None and (responsible.unit is None or responsible.unit.organisation_id != organisation.pk):
        raise ValidationError({"responsible": "Ansvarig handläggare måste arbeta i din organisation."})
    HAPPENED.check(opened_on, field="opened_on")
    SUMMARY_RULES.check(summary, field="summary")
    subject = person_by_identity_number(subject_identity_number, field="subject_identity_number")
    case = Case.objects.create(
        organisation=organisation,
        unit=unit,
        case_type=kind.value,
        subject=subject,
        responsible=responsible,
        opened_on=opened_on,
        summary=summary,
        reference=reference or _next_reference(organisation, opened_on.year),
    )
    CaseMember.objects.create(case=case, person=subject, relation=CaseMember.Relation.APPLICANT)
    _audit(case, "case.opened", actor=actor, person=subject, relation=CaseMember.Relation.APPLICANT)
    return case


def _audit(case: Case, event: str, *, actor: User | None, person: Person, **extra: str) -> None:
    """One audit entry per change of a case or its household (who may be asked about whom)."""
    audit_append(
        event=event,
        actor=actor,
        organisation=case.organisation,
        person=person,
        purpose=f"Ärende {case.reference} ({case.type.label})",
        extra={"case_id": case.pk, "reference": case.reference, "case_type": case.case_type, **extra},
    )


@transaction.atomic
def case_add_member(*, case: Case, identity_number: str, relation: str, actor: User | None) -> CaseMember:
    if case.organisation.org_type != OrganisationType.SOCIAL_SERVICES.value:
        raise ValidationError(
            "Hushållsmedlemmar finns bara i socialtjänstens ärenden; det här ärendet gäller en person."
        )
    if relation not in CaseMember.Relation.values:
        raise ValidationError({"relation": "Välj en relation i listan."})
    if relation == CaseMember.Relation.APPLICANT:
        raise ValidationError({"relation": "Ärendet har redan en sökande."})
    person = person_by_identity_number(identity_number)
    if CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"identity_number": "Personen finns redan i ärendets hushåll."})
    member = CaseMember.objects.create(case=case, person=person, relation=relation)
    _audit(case, "case.member_added", actor=actor, person=person, relation=relation)
    return member


@transaction.atomic
def case_close(*, case: Case, closed_on: dt.date, actor: User | None) -> Case:
    if not case.is_active:
        raise ValidationError("Ärendet är redan avslutat.")
    HAPPENED.check(closed_on, field="closed_on")
    if closed_on < case.opened_on:
        raise ValidationError({"closed_on": "Ett ärende kan inte avslutas före det öppnades."})
    case.status = Case.Status.CLOSED
    case.closed_on = closed_on
    case.save(update_fields=["status", "closed_on", "updated_at"])
    _audit(case, "case.closed", actor=actor, person=case.subject, closed_on=closed_on.isoformat())
    return case
