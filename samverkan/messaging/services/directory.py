"""The contact directory and the units' routines.

:func:`routing_rule_set` (which role receives questions on a topic), :func:`contact_assignment_set`
(Försäkringskassan's contact person for a vårdcentral) and :func:`responsible_officials_lookup`: the responsible
official at another agency, a cross-organisation read shown only with a basis and audited.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.cases.selectors import active_assistance_case_for
from samverkan.consents.selectors import consents_counting_for
from samverkan.core.clock import today
from samverkan.disclosures.audit import audit_append
from samverkan.domain.disclosure import duty_categories
from samverkan.domain.organisations import INTEGRATION_ONLY_TYPES, OrganisationType, Role, role_allowed_at
from samverkan.messaging.models import ContactAssignment, RoutingRule, Topic
from samverkan.messaging.services.common import organisation_of
from samverkan.people.models import Person
from samverkan.people.selectors import persons_visible_to


@transaction.atomic
def routing_rule_set(*, unit: Unit, topic: str, role: str) -> RoutingRule:
    """Set the unit's routine: questions on ``topic`` go to ``role``."""
    if topic not in Topic.values:
        raise ValidationError({"topic": "Välj ett ämne i listan."})
    try:
        chosen = Role(role)
    except ValueError as exc:
        raise ValidationError({"role": "Välj en roll i listan."}) from exc
    if not role_allowed_at(chosen, unit.organisation.type):
        raise ValidationError({"role": f"Rollen {chosen.label} finns inte hos {unit.organisation.type.label}."})
    rule, _ = RoutingRule.objects.update_or_create(unit=unit, topic=topic, defaults={"role": chosen.value})
    return rule


@transaction.atomic
def contact_assignment_set(*, unit: Unit, contact: User, since: dt.date | None = None) -> ContactAssignment:
    """Name Försäkringskassan's contact person for a vårdcentral (seed 004)."""
    if unit.organisation.type is not OrganisationType.HEALTHCARE:
        raise ValidationError(
            {"unit": "Kontaktpersoner utses för vårdcentraler och kliniker inom hälso- och sjukvården."}
        )
    organisation = contact.organisation
    if organisation is None or organisation.type is not OrganisationType.FK:
        raise ValidationError({"contact": "Kontaktpersonen ska arbeta på Försäkringskassan."})
    if not contact.has_role(Role.FK_CONTACT_PERSON):
        raise ValidationError({"contact": f"{contact} har inte uppdraget som kontaktperson för vårdcentral."})
    assignment, _ = ContactAssignment.objects.update_or_create(
        unit=unit, defaults={"contact": contact, "since": since or today()}
    )
    return assignment


# --- The responsible official at another agency ----------------------------------------------


@dataclass(frozen=True)
class CaseContact:
    case_type: str
    responsible: User | None
    unit_name: str


@dataclass(frozen=True)
class AgencyContact:
    """One other organisation in the lookup: shown with its basis, or not shown with the reason."""

    organisation: Organisation
    shown: bool
    basis: str = ""
    basis_text: str = ""
    cases: tuple[CaseContact, ...] = ()
    reason: str = ""


#: Organisations that keep individual cases and may be asked (a samordningsförbund has none; CSN and Skatteverket
#: reach Samverkan by system integration only, with no officials and no ärenden).
_LOOKUP_TYPES = [
    t.value for t in OrganisationType if t is not OrganisationType.FINSAM and t not in INTEGRATION_ONLY_TYPES
]


def _lookup_basis(
    *, viewer: User, own: Organisation, other: Organisation, person: Person, on: dt.date
) -> tuple[str, str]:
    """("consent" | "duty", Swedish text) when the two collaborate on the person with a basis, else ("", "")."""
    counting = consents_counting_for(person=person, discloser=other, recipient=own, on=on)
    if counting:
        consent = counting[0]
        return (
            "consent",
            f"Samtycke som {other.name} har registrerat (gäller till och med {consent.valid_to.isoformat()}; "
            "12 kap. 2 § offentlighets- och sekretesslagen)",
        )
    unit = viewer.unit
    if (
        own.type is OrganisationType.SOCIAL_SERVICES
        and unit is not None
        and unit.handles_assistance
        and duty_categories(other.type, own.type, on=on)
        and active_assistance_case_for(organisation=own, person=person) is not None
    ):
        return (
            "duty",
            f"Aktuellt ärende om ekonomiskt bistånd; {other.name} har uppgiftsskyldighet mot socialnämnden "
            "(15 kap. 10–11 §§ socialtjänstlagen (2025:400), förordning (2008:975))",
        )
    return "", ""


@transaction.atomic
def responsible_officials_lookup(*, viewer: User, person: Person, on: dt.date | None = None) -> list[AgencyContact]:
    """The responsible officials of the person's cases at the other agencies, where a basis allows it.

    Who handles a person's matter at another agency is that agency's secret data (that the
    person has a matter there at all is). It is shown only when the two organisations
    collaborate on the person with a basis: a consent the other agency has recorded for the
    viewer's organisation, or the duty to disclose to a socialnämnd that handles an aktuellt
    ärende om ekonomiskt bistånd. Each shown answer is a cross-organisation read, logged
    (``read.cross_org``). Without a basis nothing is said, not even whether a case exists.
    """
    day = on or today()
    own = organisation_of(viewer)
    if not persons_visible_to(own).filter(pk=person.pk).exists():
        raise ValidationError({"identity_number": "Personen finns inte i något av din organisations ärenden."})
    result: list[AgencyContact] = []
    others = Organisation.objects.filter(org_type__in=_LOOKUP_TYPES).exclude(pk=own.pk).order_by("name")
    for other in others:
        basis, text = _lookup_basis(viewer=viewer, own=own, other=other, person=person, on=day)
        if not basis:
            result.append(
                AgencyContact(
                    organisation=other,
                    shown=False,
                    reason="Visas inte: det finns varken samtycke eller uppgiftsskyldighet mellan er om personen.",
                )
            )
            continue
        cases = list(
            Case.objects.filter(organisation=other, status=Case.Status.ACTIVE, members__person=person)
            .select_related("responsible__unit", "unit")
            .order_by("-opened_on", "pk")
            .distinct()
        )
        contacts = tuple(
            CaseContact(
                case_type=c.type.label,
                responsible=c.responsible,
                unit_name="" if person.protected_identity else c.unit.name,
            )
            for c in cases
        )
        audit_append(
            event="read.cross_org",
            actor=viewer,
            organisation=other,
            recipient=own,
            person=person,
            categories=[],
            basis=basis,
            purpose="Kontaktuppgift till ansvarig handläggare (kontaktkatalogen)",
            extra={"what": "responsible_official", "cases": len(cases)},
        )
        result.append(AgencyContact(organisation=other, shown=True, basis=basis, basis_text=text, cases=contacts))
    return result


def person_for_lookup(*, viewer: User, identity_number: str) -> Person:
    """The person with ``identity_number`` among those in the viewer's organisation's cases."""
    from samverkan.cases.services import person_by_identity_number

    own = organisation_of(viewer)
    person = person_by_identity_number(identity_number)
    if not persons_visible_to(own).filter(pk=person.pk).exists():
        raise ValidationError({"identity_number": "Personen finns inte i något av din organisations ärenden."})
    return person
