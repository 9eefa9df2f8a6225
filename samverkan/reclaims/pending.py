"""Benefits a person awaits from FK or PM while the nämnd pays bistånd in advance ("i avvaktan på"): the
request made in advance under SFB 107 kap. 5 §, which a later retroactive decision is matched against."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, User
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.domain.organisations import CaseType, OrganisationType
from samverkan.domain.reclaim import BENEFITS, Agency
from samverkan.people.models import Person
from samverkan.reclaims.access import SOCIAL_ROLES
from samverkan.reclaims.common import (
    ADVANCE_REQUEST_CATEGORIES,
    RECLAIM_CITATION,
    RECLAIM_PURPOSE,
    require_official,
    tell_agency,
)
from samverkan.reclaims.models import PendingBenefit


@transaction.atomic
def pending_benefit_register(
    *,
    registered_by: User,
    case: Case,
    person: Person,
    benefit: str,
    agency: Organisation,
    applied_on: dt.date,
    note: str = "",
) -> PendingBenefit:
    """Note that ``person`` awaits ``benefit`` from FK or PM while the nämnd pays bistånd in advance."""
    organisation = case.organisation
    require_official(registered_by, organisation, SOCIAL_ROLES, "registrera förmåner i det här ärendet")
    if case.case_type != CaseType.ASSISTANCE.value or not case.is_active:
        raise ValidationError("Förmåner i avvaktan registreras i ett aktuellt ärende om ekonomiskt bistånd.")
    if not CaseMember.objects.filter(case=case, person=person).exists():
        raise ValidationError({"person": "Personen ska ingå i hushållet i ärendet."})
    info = BENEFITS.get(benefit)
    if info is None:
        raise ValidationError({"benefit": "Välj förmånen i listan."})
    if not info.reclaimable:
        why = info.note or f"Förmånen kan inte återsökas enligt {RECLAIM_CITATION}."
        raise ValidationError(
            {
                "benefit": f"{info.name.capitalize()} kan aldrig betalas ut till socialnämnden ({RECLAIM_CITATION}). "
                f"{why}"
            }
        )
    if agency.org_type not in (OrganisationType.FK.value, OrganisationType.PM.value):
        raise ValidationError({"agency": "Välj Försäkringskassan eller Pensionsmyndigheten."})
    if Agency(agency.org_type) not in info.decided_by:
        who = " eller ".join(a.swedish for a in info.decided_by)
        raise ValidationError({"agency": f"{info.name.capitalize()} beslutas av {who}."})
    if applied_on > today():
        raise ValidationError({"applied_on": "Ansökningsdagen kan inte ligga i framtiden."})
    if PendingBenefit.objects.filter(
        case=case, person=person, benefit=benefit, agency=agency, status=PendingBenefit.Status.AWAITING
    ).exists():
        raise ValidationError(f"{info.name.capitalize()} för {person.full_name} är redan registrerad som väntad.")
    passage = tell_agency(organisation, agency, person, ADVANCE_REQUEST_CATEGORIES, today())
    pending = PendingBenefit.objects.create(
        organisation=organisation,
        case=case,
        person=person,
        benefit=benefit,
        agency=agency,
        applied_on=applied_on,
        note=note.strip(),
        created_by=registered_by,
        requested_at=now(),
        request_basis=passage.basis_text[:300],
        request_decision=passage.snapshot(),
    )
    audit_append(
        event="reclaim.pending_registered",
        actor=registered_by,
        organisation=organisation,
        recipient=agency,
        person=person,
        categories=passage.categories,
        basis=passage.basis_text,
        purpose=RECLAIM_PURPOSE,
        extra={
            "case": case.pk,
            "pending_benefit": pending.pk,
            "benefit": benefit,
            "agency": agency.code,
            **passage.audit_extra(),
        },
    )
    return pending


@transaction.atomic
def pending_benefit_withdraw(*, pending: PendingBenefit, withdrawn_by: User) -> PendingBenefit:
    require_official(withdrawn_by, pending.organisation, SOCIAL_ROLES, "ändra förmåner i det här ärendet")
    if pending.status != PendingBenefit.Status.AWAITING:
        raise ValidationError("Förmånen väntas inte längre.")
    pending.status = PendingBenefit.Status.WITHDRAWN
    pending.withdrawn_at = now()
    pending.save(update_fields=["status", "withdrawn_at"])
    audit_append(
        event="reclaim.pending_withdrawn",
        actor=withdrawn_by,
        organisation=pending.organisation,
        recipient=pending.agency if pending.requested_at else None,
        person=pending.person,
        purpose=RECLAIM_PURPOSE,
        extra={"pending_benefit": pending.pk},
    )
    return pending
