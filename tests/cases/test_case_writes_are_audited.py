"""A case and its household decide what the gate releases (an aktuellt ärende, the persons in it),
so opening a case, adding a household member and closing it are each an audit entry with the actor,
written in the same transaction as the change."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from samverkan.cases import services
from samverkan.cases.models import Case
from samverkan.core import clock
from samverkan.disclosures.models import AuditEntry
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def _outsider() -> Person:
    person = (
        Person.objects.filter(protected_identity=False)
        .exclude(case_memberships__case__organisation__code="sorby-socialnamnd")
        .order_by("pk")
        .first()
    )
    assert person is not None
    return person


def _open(sara: Any) -> Case:
    return services.case_create(
        organisation=sara.unit.organisation,
        unit=sara.unit,
        case_type="assistance",
        subject_identity_number=_outsider().identity_number,
        responsible=sara,
        opened_on=clock.today(),
        actor=sara,
    )


def test_opening_a_case_is_audited_with_its_actor_applicant_and_reference(user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _open(sara)
    entry = AuditEntry.objects.get(event="case.opened", extra__case_id=case.pk)
    assert (entry.actor, entry.organisation, entry.person) == (sara, sara.unit.organisation, case.subject)
    assert entry.extra["reference"] == case.reference and entry.extra["relation"] == "applicant"


def test_adding_a_household_member_and_closing_are_audited(user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _open(sara)
    other = Person.objects.filter(protected_identity=False).exclude(pk=case.subject_id).order_by("-pk").first()
    assert other is not None
    services.case_add_member(case=case, identity_number=other.identity_number, relation="partner", actor=sara)
    services.case_close(case=case, closed_on=clock.today(), actor=sara)
    events = list(
        AuditEntry.objects.filter(extra__case_id=case.pk).order_by("sequence").values_list("event", "person", "actor")
    )
    assert events == [
        ("case.opened", case.subject_id, sara.pk),
        ("case.member_added", other.pk, sara.pk),
        ("case.closed", case.subject_id, sara.pk),
    ]


def test_a_refused_change_writes_no_audit_entry(user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _open(sara)
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError):
        services.case_add_member(
            case=case, identity_number=case.subject.identity_number, relation="partner", actor=sara
        )
    with pytest.raises(ValidationError):
        services.case_close(case=case, closed_on=case.opened_on.replace(year=case.opened_on.year - 1), actor=sara)
    assert AuditEntry.objects.count() == before


def test_the_pages_record_the_logged_in_official_as_actor(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    case = _open(sara)
    client = client_for("sara.lind")
    response = client.post(f"/arenden/{case.pk}/avsluta/", {"closed_on": clock.today().isoformat()})
    assert response.status_code == 302
    assert AuditEntry.objects.get(event="case.closed", extra__case_id=case.pk).actor == sara
