"""Who reads a kallelse: FK's officials of the coordination and the person; nobody else (404 or the declaration's 403)."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.core.clock import today
from samverkan.rehab import summons
from samverkan.rehab.models import MeetingSummons, ReviewMeeting
from tests.rehab.conftest import Rehab, fresh_person
from tests.rehab.summons_helpers import booked_on_site, meeting_url, person_client

pytestmark = pytest.mark.django_db


def test_another_fk_organisation_gets_404_and_sends_nothing(rehab: Rehab, client_for: Any) -> None:
    coordination, meeting = booked_on_site(rehab)
    other = Organisation.objects.create(code="fk-annan", name="Annan FK", org_type="fk")
    unit = Unit.objects.create(organisation=other, code="lfk", name="LFK")
    official = User.objects.create(username="annan.fk", unit=unit)
    RoleAssignment.objects.create(user=official, role="insurance_investigator")
    client = client_for("annan.fk")
    assert client.get(meeting_url(coordination, meeting, "kallelse.pdf")).status_code == 404
    assert client.post(meeting_url(coordination, meeting, "kallelse/skicka/")).status_code == 404
    assert not MeetingSummons.objects.filter(meeting=meeting).exists()


@pytest.mark.parametrize("username", ["ali.karimi", "helena.strom"])
def test_the_other_actors_of_the_meeting_have_no_kallelse(rehab: Rehab, client_for: Any, username: str) -> None:
    coordination, meeting = booked_on_site(rehab)
    summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    client = client_for(username)
    assert client.get(meeting_url(coordination, meeting, "kallelse.pdf")).status_code in (403, 404)
    assert client.post(meeting_url(coordination, meeting, "kallelse/skicka/")).status_code in (403, 404)
    assert MeetingSummons.objects.filter(meeting=meeting).count() == 1


def test_another_person_gets_404(rehab: Rehab, settings: Any) -> None:
    _coordination, meeting = booked_on_site(rehab)
    summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    stranger, _sick, _af = fresh_person()
    client = person_client(settings, stranger)
    assert client.get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf").status_code == 404
    assert "Kallelse till avstämningsmöte" not in client.get("/mina-sidor/kallelser/").content.decode()


def test_an_official_is_not_the_person(rehab: Rehab, client_for: Any) -> None:
    _coordination, meeting = booked_on_site(rehab)
    summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    response = client_for("fredrik.holm").get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf")
    assert response.status_code in (302, 403)


def test_the_demo_world_has_a_sent_kallelse_for_the_demo_rehab_meeting(world: None) -> None:
    sent = MeetingSummons.objects.filter(status=MeetingSummons.Status.SENT).select_related("meeting")
    assert sent.exists(), "the demo step rehab-kallelse sends the kallelse of the booked avstämningsmöte"
    meeting = sent.first().meeting  # type: ignore[union-attr]
    assert meeting.status == ReviewMeeting.Status.BOOKED and meeting.meeting_on is not None
    assert meeting.meeting_on >= today()
    rows = summons.person_summonses(meeting.coordination.case.subject, on=today())
    assert [r.meeting_id for r in rows] == [meeting.pk]
