"""Who may ask whom about what, and how a question finds its recipient.

Channels (docs/domain.md §8, seeds 000 and 004): the administrative question runs between vården and
Försäkringskassan (both ways: vården asks for an avstämningsmöte or gives the impulse to map
rehabilitation needs; FK asks for a komplettering), and between socialtjänsten and FK or AF.

Routing (seed 004): "Varje vårdenhet ansvarar för att det finns interna rutiner som säkerställer
att de frågor och svar som skickas via funktionen 'administrativ fråga' fördelas till rätt
person, till sjukskrivande läkare eller rehabkoordinator." Each receiving unit has a
:class:`~samverkan.messaging.models.RoutingRule` per topic naming a role. The receiving unit is,
in this order: the unit the sender chose; the unit of the receiving organisation's aktuellt
ärende about the person; the receiving organisation's unit with a routine for the topic. The
sender is never told which of these applied, so a question does not reveal whether the person
has a case at the other organisation. Within the unit the question goes to the official
responsible for the receiving case when they have the role, otherwise to the first official
with the role (by user name); an official who is absent that day is passed over, and when all
are absent the question goes to the stand-in named in the absence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Q

from samverkan.accounts.models import Organisation, Unit, User
from samverkan.cases.models import Case
from samverkan.domain.organisations import OrganisationType, Role
from samverkan.messaging.models import Absence, RoutingRule, Topic
from samverkan.people.models import Person

_O = OrganisationType

#: Which organisation types an organisation type may send administrative questions to.
PARTNERS: dict[OrganisationType, frozenset[OrganisationType]] = {
    _O.HEALTHCARE: frozenset({_O.FK}),
    _O.FK: frozenset({_O.HEALTHCARE, _O.SOCIAL_SERVICES}),
    _O.SOCIAL_SERVICES: frozenset({_O.FK, _O.AF}),
    _O.AF: frozenset({_O.SOCIAL_SERVICES}),
}

#: Organisation types that use administrative questions at all.
QUESTION_ORG_TYPES: frozenset[OrganisationType] = frozenset(PARTNERS)

#: Roles that send, answer and follow up administrative questions.
QUESTION_ROLES: tuple[Role, ...] = (
    Role.REHAB_COORDINATOR,
    Role.SICK_LISTING_DOCTOR,
    Role.CARE_ADMINISTRATOR,
    Role.INSURANCE_INVESTIGATOR,
    Role.PERSONAL_CASE_OFFICER,
    Role.FK_CONTACT_PERSON,
    Role.SOCIAL_WORKER,
    Role.EMPLOYMENT_OFFICER,
    Role.UNIT_MANAGER,
)

#: Topics limited to one direction; the others may be used between any partners.
TOPIC_DIRECTIONS: dict[str, frozenset[tuple[OrganisationType, OrganisationType]]] = {
    # Seed 004: vården tells FK that rehabilitation needs beyond vården must be mapped (lag 2019:1297 4 §).
    Topic.REHAB_NEED: frozenset({(_O.HEALTHCARE, _O.FK)}),
    # Webcert: Försäkringskassan asks vården to complete a certificate.
    Topic.SUPPLEMENT: frozenset({(_O.FK, _O.HEALTHCARE)}),
}


def topic_problem(sender: OrganisationType, receiver: OrganisationType, topic: str) -> str | None:
    """Why ``sender`` may not send a question on ``topic`` to ``receiver`` (None when it may)."""
    if topic not in Topic.values:
        return "Välj ett ämne i listan."
    if receiver not in PARTNERS.get(sender, frozenset()):
        allowed = ", ".join(sorted(t.label for t in PARTNERS.get(sender, frozenset()))) or "ingen"
        return (
            f"{sender.label} skickar inte administrativa frågor till {receiver.label}. "
            f"Administrativa frågor går till: {allowed}."
        )
    directions = TOPIC_DIRECTIONS.get(topic)
    if directions is not None and (sender, receiver) not in directions:
        label = Topic(topic).label
        if topic == Topic.REHAB_NEED:
            return f"”{label}” skickas av hälso- och sjukvården till Försäkringskassan (lag (2019:1297) 4 §)."
        return f"”{label}” begärs av Försäkringskassan hos hälso- och sjukvården."
    return None


def sender_role(user: User) -> Role:
    """The role the sender writes in (the first of their roles that works with questions)."""
    for role in QUESTION_ROLES:
        if user.has_role(role):
            return role
    raise ValidationError("Din roll skickar inte administrativa frågor.")


def receiving_case(*, person: Person, organisation: Organisation) -> Case | None:
    """The receiving organisation's aktuellt ärende in which the person is a member (the newest)."""
    return (
        Case.objects.filter(organisation=organisation, status=Case.Status.ACTIVE, members__person=person)
        .select_related("unit", "responsible")
        .order_by("-opened_on", "-pk")
        .first()
    )


def absences_on(users: list[User], on: dt.date) -> dict[int, Absence]:
    """The absence in force on ``on`` for each of ``users`` who is away (by user id)."""
    rows = (
        Absence.objects.filter(user__in=users, starts_on__lte=on, ends_on__gte=on, cancelled_at__isnull=True)
        .select_related("stand_in")
        .order_by("starts_on", "pk")
    )
    return {a.user_id: a for a in rows}


@dataclass(frozen=True)
class Route:
    unit: Unit
    case: Case | None
    role: Role
    user: User
    note: str


def _unit_for(organisation: Organisation, topic: str) -> Unit | None:
    return (
        Unit.objects.filter(organisation=organisation, routing_rules__topic=topic)
        .order_by("name", "pk")
        .distinct()
        .first()
    )


def route_question(
    *,
    person: Person | None,
    organisation: Organisation,
    topic: str,
    on: dt.date,
    unit: Unit | None = None,
) -> Route:
    """Find the receiving unit, case, role and official for a question (ValidationError when none).

    Without a person (a call-back that names no ärende) there is no receiving case: the chosen unit or
    the organisation's unit with a routine for the topic receives it.
    """
    label = Topic(topic).label.lower()
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"recipient_unit": f"Enheten hör inte till {organisation.name}."})
    case = receiving_case(person=person, organisation=organisation) if person is not None else None
    target = unit or (case.unit if case is not None else None) or _unit_for(organisation, topic)
    if target is None:
        raise ValidationError(
            {
                "recipient_organisation": f"{organisation.name} har ingen enhet med en rutin för att ta emot "
                f"administrativa frågor om {label}. Frågan har inte skickats; ring i stället."
            }
        )
    rule = RoutingRule.objects.filter(unit=target, topic=topic).first()
    if rule is None:
        raise ValidationError(
            {
                "recipient_unit": f"{target.name} har ingen rutin för vem som tar emot frågor om {label}, så det "
                "finns ingen mottagare. Frågan har inte skickats."
            }
        )
    role = Role(rule.role)
    candidates = list(
        User.objects.filter(unit=target, is_active=True, role_assignments__role=role.value).order_by("username")
    )
    if not candidates:
        raise ValidationError(
            {
                "recipient_unit": f"{target.name} har ingen mottagare: enligt enhetens rutin tas frågor om {label} "
                f"emot av {role.label.lower()}, och enheten har ingen sådan. Frågan har inte skickats."
            }
        )
    local_case = case if case is not None and case.unit_id == target.pk else None
    if local_case is not None and local_case.responsible in candidates:
        responsible = local_case.responsible
        candidates.remove(responsible)
        candidates.insert(0, responsible)
    away = absences_on(candidates, on)
    for user in candidates:
        if user.pk not in away:
            return Route(unit=target, case=case, role=role, user=user, note="")
    first = candidates[0]
    stand_in = away[first.pk].stand_in
    if not stand_in.is_active:
        raise ValidationError(
            {"recipient_unit": f"{target.name} har ingen mottagare på plats i dag. Frågan har inte skickats."}
        )
    note = f"{first.get_full_name()} är frånvarande; frågan är fördelad till ersättaren {stand_in.get_full_name()}."
    return Route(unit=target, case=case, role=role, user=stand_in, note=note)


def partner_organisations(organisation: Organisation) -> list[Organisation]:
    """Organisations the given organisation may send administrative questions to."""
    types = PARTNERS.get(organisation.type, frozenset())
    return list(Organisation.objects.filter(org_type__in=[t.value for t in types]).exclude(pk=organisation.pk))


def partner_units(organisation: Organisation) -> list[Unit]:
    """Units of the partner organisations that have a routine for administrative questions."""
    types = PARTNERS.get(organisation.type, frozenset())
    return list(
        Unit.objects.filter(organisation__org_type__in=[t.value for t in types])
        .filter(Q(routing_rules__isnull=False))
        .select_related("organisation")
        .distinct()
        .order_by("organisation__name", "name")
    )
