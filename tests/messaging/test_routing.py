"""A question finds its recipient by the receiving unit's routine, passing over absent officials."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.accounts.models import Organisation, Unit
from samverkan.cases.services import case_create
from samverkan.core.clock import today
from samverkan.domain.organisations import OrganisationType
from samverkan.messaging.models import Absence, RoutingRule
from samverkan.messaging.routing import route_question, topic_problem
from samverkan.messaging.services import routing_rule_set
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def _fk() -> Organisation:
    return Organisation.objects.get(code="fk")


def test_routine_decides_the_role_and_the_case_officer_is_preferred(patient: Person) -> None:
    route = route_question(person=patient, organisation=_fk(), topic="review_meeting", on=today())
    assert route.role.value == "insurance_investigator"
    assert route.user.username == "fredrik.holm"
    assert route.unit.code == "lfk-sorby"


def test_komplettering_goes_to_the_sick_listing_doctor_at_the_vardcentral(patient: Person) -> None:
    region = Organisation.objects.get(code="region-malarmark")
    route = route_question(person=patient, organisation=region, topic="supplement", on=today())
    assert route.unit.code == "vc-angen"
    assert route.user.username == "peter.lund"


def test_absent_recipient_is_replaced_by_the_stand_in(patient: Person, user_named: Any) -> None:
    """Both FK investigators are away (Anna Sjöberg in the demo world); the question goes to the stand-in."""
    Absence.objects.create(
        user=user_named("fredrik.holm"),
        starts_on=today(),
        ends_on=today() + dt.timedelta(days=3),
        stand_in=user_named("maria.nystrom"),
        created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC),
    )
    route = route_question(person=patient, organisation=_fk(), topic="review_meeting", on=today())
    assert route.user.username == "maria.nystrom"
    assert "Fredrik Holm är frånvarande" in route.note


def test_contact_questions_go_to_the_fk_contact_person_or_her_stand_in(patient: Person) -> None:
    route = route_question(person=patient, organisation=_fk(), topic="contact", on=today())
    assert route.role.value == "fk_contact_person"
    assert route.user.username == "maria.nystrom"  # Anna Sjöberg is away in the demo world
    later = route_question(person=patient, organisation=_fk(), topic="contact", on=today() + dt.timedelta(days=60))
    assert later.user.username == "anna.sjoberg"


def test_chosen_unit_without_a_routine_has_no_recipient(patient: Person) -> None:
    stab = Unit.objects.get(organisation__code="fk", code="stab")
    with pytest.raises(ValidationError) as exc:
        route_question(person=patient, organisation=_fk(), topic="review_meeting", on=today(), unit=stab)
    assert "ingen rutin" in " ".join(exc.value.message_dict["recipient_unit"])


def test_person_without_a_case_at_the_receiver_goes_to_the_unit_with_a_routine(user_named: Any) -> None:
    """The sender is not told whether the person has a case there: the question is routed the same way."""
    person = Person.objects.exclude(case_memberships__case__organisation__code="fk").order_by("pk").first()
    assert person is not None
    route = route_question(person=person, organisation=_fk(), topic="other", on=today())
    assert route.case is None
    assert route.unit.code == "lfk-sorby"
    assert route.user.username == "fredrik.holm"  # first investigator on duty (Anna Sjöberg is away)


def test_unit_of_another_organisation_cannot_be_chosen(patient: Person) -> None:
    vc = Unit.objects.get(code="vc-angen")
    with pytest.raises(ValidationError):
        route_question(person=patient, organisation=_fk(), topic="other", on=today(), unit=vc)


def test_routine_roles_must_exist_at_the_unit(world: None) -> None:
    vc = Unit.objects.get(code="vc-angen")
    with pytest.raises(ValidationError) as exc:
        routing_rule_set(unit=vc, topic="other", role="insurance_investigator")
    assert "finns inte hos Hälso- och sjukvård" in " ".join(exc.value.message_dict["role"])
    rule = routing_rule_set(unit=vc, topic="other", role="sick_listing_doctor")
    assert RoutingRule.objects.get(unit=vc, topic="other") == rule


def test_topic_directions() -> None:
    org = OrganisationType
    assert topic_problem(org.HEALTHCARE, org.FK, "rehab_need") is None
    assert topic_problem(org.FK, org.HEALTHCARE, "rehab_need") is not None
    assert topic_problem(org.FK, org.HEALTHCARE, "supplement") is None
    assert topic_problem(org.SOCIAL_SERVICES, org.AF, "contact") is None
    assert topic_problem(org.HEALTHCARE, org.AF, "contact") is not None
    assert topic_problem(org.PM, org.FK, "contact") is not None
    assert topic_problem(org.HEALTHCARE, org.FK, "nonsense") == "Välj ett ämne i listan."


def test_new_case_at_the_vardcentral_routes_by_its_unit(user_named: Any) -> None:
    region = Organisation.objects.get(code="region-malarmark")
    person = Person.objects.exclude(case_memberships__case__organisation=region).order_by("pk").first()
    assert person is not None
    case_create(
        organisation=region,
        unit=Unit.objects.get(code="vc-bjorkhagen"),
        case_type="sick_leave",
        subject_identity_number=person.identity_number,
        responsible=user_named("mats.falk"),
        opened_on=today(),
        actor=user_named("mats.falk"),
    )
    route = route_question(person=person, organisation=region, topic="review_meeting", on=today())
    assert route.unit.code == "vc-bjorkhagen"
    assert route.user.username == "mats.falk"
