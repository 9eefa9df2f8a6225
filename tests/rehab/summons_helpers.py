"""Helpers for the kallelse tests: booked meetings, the person's client, the PDF's text (pypdf)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.test import Client
from pypdf import PdfReader

from samverkan.core.clock import today
from samverkan.people.models import Person
from samverkan.rehab import services
from samverkan.rehab.models import RehabCoordination, ReviewMeeting
from tests.rehab.conftest import Rehab

PLACE = "Lokalt försäkringskontor Sörby, Kungsgatan 12, rum 4"
MEETING_DAY = dt.date(2026, 11, 25)  # a Wednesday, a week after the tests' "now"

FULL_CHECKLIST: dict[str, Any] = {
    "person_agreed": True,
    "suits_person": True,
    "person_joins_from": "healthcare",
    "location_chosen_by_person": True,
    "identity_checked_by": "healthcare",
    "private_room_confirmed_by": ["fk", "af", "healthcare"],
    "reminded_no_secrets": True,
}


def pdf_text(data: bytes) -> str:
    """The PDF's text as pypdf extracts it, whitespace collapsed."""
    assert data.startswith(b"%PDF"), data[:20]
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def requested_meeting(rehab: Rehab, **open_kwargs: Any) -> tuple[RehabCoordination, ReviewMeeting]:
    """A coordination with AF (named, with a role) and vård invited to an avstämningsmöte, not yet booked."""
    coordination = rehab.open(**open_kwargs)
    rehab.consent(coordination, rehab.af)
    rehab.consent(coordination, rehab.region)
    meeting = services.meeting_request(
        coordination=coordination,
        requested_by=rehab.fk_user,
        reason="Stämma av arbetsträningen och vad som behövs för att komma tillbaka till arbete.",
    )
    services.meeting_add_participant(
        meeting=meeting, added_by=rehab.fk_user, organisation=rehab.af, name="Ali Karimi", role="arbetsförmedlare"
    )
    services.meeting_add_participant(
        meeting=meeting, added_by=rehab.fk_user, organisation=rehab.region, name="Helena Ström", role="rehabkoordinator"
    )
    return coordination, meeting


def booked_on_site(rehab: Rehab, *, reduction: bool = True) -> tuple[RehabCoordination, ReviewMeeting]:
    """An on-site meeting on :data:`MEETING_DAY` at 13.30; with ``reduction`` the person has SGI and was told of
    110 kap. 58 § yesterday."""
    coordination, meeting = requested_meeting(rehab, has_sgi=reduction)
    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=MEETING_DAY,
        starts_at=dt.time(13, 30),
        mode="on_site",
        location=PLACE,
        reduction_possible=reduction,
        non_attendance_notice_on=today() - dt.timedelta(days=1) if reduction else None,
    )
    meeting.refresh_from_db()
    return coordination, meeting


def booked_digital(rehab: Rehab) -> tuple[RehabCoordination, ReviewMeeting]:
    coordination, meeting = requested_meeting(rehab)
    services.meeting_confirm_checklist(meeting=meeting, confirmed_by=rehab.fk_user, **FULL_CHECKLIST)
    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=MEETING_DAY,
        starts_at=dt.time(9, 0),
        mode="digital",
    )
    meeting.refresh_from_db()
    return coordination, meeting


def person_client(settings: Any, person: Person) -> Client:
    """A fresh client logged in to Mina sidor as ``person`` (the demo login)."""
    settings.DEMO_MODE = True
    client = Client()
    response = client.post(f"/mina-sidor/logga-in/demo/{person.pk}/")
    assert response.status_code == 302, response.status_code
    return client


def meeting_url(coordination: RehabCoordination, meeting: ReviewMeeting, tail: str = "") -> str:
    return f"/rehab/{coordination.pk}/moten/{meeting.pk}/{tail}"
