"""The employer's plan crosses to FK only through the gate, and FK sees its content only with the consent."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry
from samverkan.rehab.models import EmployerPlanPassage
from tests.rehab.conftest import Rehab
from tests.rehab.employer_setup import add_version, employee_in_coordination, employer_consent

pytestmark = pytest.mark.django_db


def test_without_consent_fk_sees_that_a_plan_exists_and_why_not_its_content(
    rehab: Rehab, user_named: Any, client_for: Any
) -> None:
    employee = employee_in_coordination(rehab, user_named)
    version = add_version(employee, what="Hemlig åtgärd om ryggen")
    passage = EmployerPlanPassage.objects.get(version=version)
    assert not passage.released and passage.content == {}
    assert "samtycke" in passage.explanation
    entry = AuditEntry.objects.filter(event="rehab.employer_plan_withheld", person=rehab.person).latest("pk")
    assert entry.recipient == rehab.fk and entry.organisation == rehab.employer
    text = client_for("fredrik.holm").get(f"/rehab/{employee.coordination.pk}/").content.decode()
    assert "Sörby Bygg AB har upprättat en plan: version 1" in text
    assert "lämnas inte ut till Försäkringskassan" in text
    assert "Hemlig åtgärd om ryggen" not in text


def test_with_consent_fk_sees_the_content_and_the_gate_log_shows_the_passage(
    rehab: Rehab, user_named: Any, client_for: Any
) -> None:
    employee = employee_in_coordination(rehab, user_named)
    employer_consent(employee)
    before = AuditEntry.objects.count()
    add_version(employee, what="Halvtid i förrådet")
    entry = AuditEntry.objects.filter(event="rehab.employer_plan_passed", person=rehab.person).latest("pk")
    assert entry.pk > before and entry.recipient == rehab.fk and entry.organisation == rehab.employer
    assert entry.basis == "consent" and list(entry.categories) == ["rehab_plan"]
    assert entry.extra["consent_ids"], "the consent the gate released on is named"
    text = client_for("fredrik.holm").get(f"/rehab/{employee.coordination.pk}/").content.decode()
    assert "Halvtid i förrådet" in text and "Karin Olsson" in text


def test_a_consent_recorded_later_passes_the_latest_version_again(rehab: Rehab, user_named: Any) -> None:
    employee = employee_in_coordination(rehab, user_named)
    version = add_version(employee)
    assert not version.passages.get().released
    employer_consent(employee)
    assert version.passages.order_by("-pk").first().released


def test_without_a_coordination_released_to_the_employer_nothing_goes_to_fk(rehab: Rehab, user_named: Any) -> None:
    employee = employee_in_coordination(rehab, user_named, fetch=False)
    version = add_version(employee)
    assert not version.passages.exists()
    assert not AuditEntry.objects.filter(event__startswith="rehab.employer_plan_p", person=rehab.person).exists()
