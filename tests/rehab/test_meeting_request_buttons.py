"""The employer and socialtjänsten ask FK for an avstämningsmöte from their pages: refused without the insured's
consent with the reason in Swedish, accepted with it (SFB 30 kap. 10 §)."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.cases.services import case_create
from samverkan.core.clock import today
from samverkan.rehab import selectors
from samverkan.rehab.models import ReviewMeeting
from tests.rehab.conftest import Rehab
from tests.rehab.employer_setup import employee_in_coordination

pytestmark = pytest.mark.django_db

REASON = "Vi vill stämma av hur återgången i arbete går."


def test_the_employer_is_refused_without_consent_and_heard_with_it(
    rehab: Rehab, user_named: Any, client_for: Any
) -> None:
    employee = employee_in_coordination(rehab, user_named)
    client = client_for("karin.olsson")
    page = client.get(f"/rehab/arbetsgivare/{employee.case.pk}/").content.decode()
    assert "Begär avstämningsmöte" in page
    url = f"/rehab/arbetsgivare/{employee.case.pk}/avstamningsmote/{employee.coordination.pk}/"
    refused = client.post(url, {"reason": REASON})
    assert refused.status_code == 400
    assert "kan bara begäras med den försäkrades samtycke" in refused.content.decode()
    assert not ReviewMeeting.objects.filter(coordination=employee.coordination).exists()
    accepted = client.post(url, {"reason": REASON, "patient_consented": "on"})
    assert accepted.status_code == 302
    meeting = ReviewMeeting.objects.get(coordination=employee.coordination)
    assert meeting.requested_by_party == "employer" and meeting.requesting_organisation == rehab.employer


def test_socialtjansten_is_refused_without_consent_and_heard_with_it(
    rehab: Rehab, user_named: Any, client_for: Any
) -> None:
    sara = user_named("sara.lind")
    coordination = rehab.open()
    social_case = case_create(
        organisation=rehab.social,
        unit=sara.unit,
        case_type="social_other",
        subject_identity_number=rehab.person.identity_number,
        responsible=sara,
        opened_on=today(),
        actor=sara,
    )
    rehab.consent(coordination, rehab.social, ["rehab_plan"])
    rehab.measure(coordination, rehab.social, description="Stöd i vardagen", kind="social", need_area="social")
    selectors.rehab_plan_for_actor(requester=sara, person=rehab.person, case=social_case, on=today())
    client = client_for("sara.lind")
    page = client.get(f"/rehab/plan/{rehab.person.pk}/").content.decode()
    assert "Begär avstämningsmöte" in page
    url = f"/rehab/plan/{rehab.person.pk}/avstamningsmote/{coordination.pk}/"
    refused = client.post(url, {"reason": REASON})
    assert refused.status_code == 400
    assert "kan bara begäras med den försäkrades samtycke" in refused.content.decode()
    assert not coordination.meetings.exists()
    assert client.post(url, {"reason": REASON, "patient_consented": "on"}).status_code == 302
    assert coordination.meetings.get().requested_by_party == "social_services"


def test_a_coordination_not_released_to_the_organisation_is_404(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open()
    client = client_for("sara.lind")
    response = client.post(
        f"/rehab/plan/{rehab.person.pk}/avstamningsmote/{coordination.pk}/",
        {"reason": REASON, "patient_consented": "on"},
    )
    assert response.status_code == 404
    assert not coordination.meetings.exists()


def test_af_has_no_meeting_button(rehab: Rehab, client_for: Any) -> None:
    response = client_for("ali.karimi").get(f"/rehab/plan/{rehab.person.pk}/")
    assert response.status_code == 200 and "Begär avstämningsmöte" not in response.content.decode()
