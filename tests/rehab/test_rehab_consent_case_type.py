"""FK's consents in a rehabilitation name the kind of ärende the recipient asks for the plan in (issue 17)."""

from __future__ import annotations

import pytest

from samverkan.cases.models import Case
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


def test_each_actors_consent_is_for_the_kind_of_arende_its_request_is_made_in(rehab: Rehab) -> None:
    coordination = rehab.open()
    assert rehab.consent(coordination, rehab.region).case_type == "sick_leave"
    assert rehab.consent(coordination, rehab.af).case_type == "jobseeker"
    assert rehab.consent(coordination, rehab.employer).case_type == "return_to_work"
    # The socialnämnd asks in its own case about the person (as actor_plan_fetch picks it), if it has one;
    # without one a rehabilitation purpose is not ekonomiskt bistånd.
    social_case = (
        Case.objects.filter(organisation=rehab.social, members__person=rehab.person)
        .order_by("status", "-opened_on")
        .first()
    )
    expected = social_case.case_type if social_case is not None else "social_other"
    assert rehab.consent(coordination, rehab.social).case_type == expected
