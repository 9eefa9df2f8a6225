from __future__ import annotations

from typing import Any

import pytest

from samverkan.cases.models import Case

pytestmark = pytest.mark.django_db


def test_protected_identity_hides_address_and_unit_in_person_and_case_views(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd", subject__protected_identity=True).first()
    assert case is not None, "the demo world has persons with protected identity"
    client = client_for("sara.lind")
    person_page = client.get(f"/personer/{case.subject_id}/").content.decode()
    case_page = client.get(f"/arenden/{case.pk}/").content.decode()
    for page in (person_page, case_page):
        assert "Skyddade personuppgifter" in page
    assert "<dt>Enhet</dt><dd>Visas inte (skyddade personuppgifter)</dd>" in case_page
    assert "Stadshusgatan" not in case_page


def test_search_by_any_number_form_finds_the_person(client_for: Any) -> None:
    case = Case.objects.filter(organisation__code="sorby-socialnamnd").first()
    assert case is not None
    number = case.subject.identity_number
    response = client_for("sara.lind").post("/personer/", {"q": number[2:].replace("-", "")}, follow=True)
    assert case.subject.full_name in response.content.decode()
