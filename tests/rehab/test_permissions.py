"""Who may reach which rehab page; another organisation's coordination is 404."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.core.clock import today
from samverkan.rehab import services
from tests.rehab.conftest import Rehab

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("username", "fk_list", "vard", "statistics"),
    [
        ("fredrik.holm", 200, 403, 200),
        ("maria.nystrom", 200, 403, 200),
        ("johan.dahl", 403, 403, 200),  # samverkansansvarig: structural only, no individual cases
        ("nils.kron", 403, 403, 403),
        ("helena.strom", 403, 200, 403),
        ("peter.lund", 403, 200, 403),
        ("ali.karimi", 403, 403, 403),
        ("sara.lind", 403, 403, 403),
        ("karin.olsson", 403, 403, 403),
        ("ingrid.sandberg", 403, 403, 403),  # a förbund sees its own suppressed aggregates only (issue 16)
    ],
)
def test_pages_by_role(client_for: Any, username: str, fk_list: int, vard: int, statistics: int) -> None:
    client = client_for(username)
    assert client.get("/rehab/").status_code == fk_list
    assert client.get("/rehab/ny/").status_code == fk_list
    assert client.get("/rehab/vard/").status_code == vard
    assert client.get("/rehab/statistik/").status_code == statistics


def test_another_fk_organisations_coordination_is_not_found(rehab: Rehab, client_for: Any) -> None:
    other = Organisation.objects.create(code="fk-annan", name="Annan FK", org_type="fk")
    unit = Unit.objects.create(organisation=other, code="lfk", name="LFK")
    official = User.objects.create(username="annan.fk", unit=unit)
    RoleAssignment.objects.create(user=official, role="insurance_investigator")
    coordination = rehab.open()
    client = client_for("annan.fk")
    assert client.get(f"/rehab/{coordination.pk}/").status_code == 404
    assert client.get(f"/rehab/{coordination.pk}/historik/").status_code == 404
    assert client.post(f"/rehab/{coordination.pk}/moten/ny/", {"reason": "x"}).status_code == 404
    assert client.get(f"/api/v1/rehab/coordinations/{coordination.pk}").status_code == 404
    assert not coordination.meetings.exists()


def test_an_actor_cannot_see_a_person_outside_its_cases(rehab: Rehab, client_for: Any) -> None:
    from samverkan.people.models import Person

    outsider = Person.objects.exclude(case_memberships__case__organisation__code="af").first()
    assert outsider is not None
    assert client_for("ali.karimi").get(f"/rehab/plan/{outsider.pk}/").status_code == 404


def test_vard_cannot_open_another_organisations_case(rehab: Rehab, client_for: Any) -> None:
    assert client_for("helena.strom").get(f"/rehab/vard/{rehab.af_case.pk}/").status_code == 404


def test_a_vard_official_cannot_book_fk_meetings(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open()
    meeting = services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Avstämning")
    response = client_for("helena.strom").post(
        f"/rehab/{coordination.pk}/moten/{meeting.pk}/boka/",
        {"meeting_on": today().isoformat(), "starts_at": "10:00", "mode": "on_site", "location": "x"},
    )
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.status == "requested"


def test_the_employer_cannot_be_invited_over_http_without_consent(rehab: Rehab, client_for: Any) -> None:
    coordination = rehab.open()
    meeting = services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Avstämning")
    response = client_for("fredrik.holm").post(
        f"/rehab/{coordination.pk}/moten/{meeting.pk}/deltagare/", {"organisation": rehab.employer.pk}
    )
    assert response.status_code == 400
    assert "30 kap. 10 §" in response.content.decode()
    assert not meeting.participants.exists()
