"""Sending the kallelse ("Skicka kallelse"): recorded and audited, shown on Mina sidor; a moved meeting
replaces it with a new one, a cancelled meeting cancels it; GET never writes."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from samverkan.disclosures.models import AuditEntry
from samverkan.domain.statutes import SFB_110_58
from samverkan.rehab import services, summons
from samverkan.rehab.models import MeetingSummons
from tests.rehab.conftest import Rehab
from tests.rehab.summons_helpers import (
    MEETING_DAY,
    PLACE,
    booked_on_site,
    meeting_url,
    pdf_text,
    person_client,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int]:
    return MeetingSummons.objects.count(), AuditEntry.objects.count()


def test_the_official_sends_the_kallelse_and_the_person_sees_it(rehab: Rehab, client_for: Any, settings: Any) -> None:
    coordination, meeting = booked_on_site(rehab)
    fk = client_for("fredrik.holm")
    page = fk.get(meeting_url(coordination, meeting)).content.decode()
    assert "Skicka kallelse" in page and "Ingen kallelse är skickad" in page

    response = fk.post(meeting_url(coordination, meeting, "kallelse/skicka/"))

    assert response.status_code == 302
    sent = MeetingSummons.objects.get(meeting=meeting)
    assert sent.status == MeetingSummons.Status.SENT and sent.sent_by == rehab.fk_user
    assert (sent.meeting_on, sent.starts_at, sent.location) == (MEETING_DAY, dt.time(13, 30), PLACE)
    assert sent.non_attendance_notice
    entry = AuditEntry.objects.filter(event="rehab.summons_sent").latest("sequence")
    assert entry.actor == rehab.fk_user and entry.person_id == rehab.person.pk
    assert entry.extra["summons"] == sent.pk and entry.extra["notice_beforehand"] is True
    assert SFB_110_58.text in entry.basis
    page = fk.get(meeting_url(coordination, meeting)).content.decode()
    assert "Kallelsen skickades" in page and "Skicka kallelse</button>" not in page

    mine = person_client(settings, rehab.person)
    html = mine.get("/mina-sidor/kallelser/").content.decode()
    assert "Kallelse till avstämningsmöte" in html
    assert "onsdag 25 november 2026 kl. 13.30" in html and PLACE in html
    assert "Ali Karimi" in html and SFB_110_58.text in html
    assert f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf" in html
    assert "Mina kallelser" in mine.get("/mina-sidor/").content.decode()
    text = pdf_text(mine.get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf").content)
    assert "onsdag 25 november 2026 kl. 13.30" in text and "UTKAST" not in text


def test_get_never_writes(rehab: Rehab, client_for: Any, settings: Any) -> None:
    coordination, meeting = booked_on_site(rehab)
    fk = client_for("fredrik.holm")
    before = _counts()
    assert fk.get(meeting_url(coordination, meeting, "kallelse.pdf")).status_code == 200
    assert fk.get(meeting_url(coordination, meeting, "kallelse/skicka/")).status_code == 405
    assert fk.get(meeting_url(coordination, meeting)).status_code == 200
    assert _counts() == before
    summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    mine = person_client(settings, rehab.person)
    before = _counts()
    assert mine.get("/mina-sidor/kallelser/").status_code == 200
    assert mine.get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf").status_code == 200
    assert _counts() == before


def test_a_second_send_and_a_meeting_not_booked_are_refused_in_swedish_and_change_nothing(
    rehab: Rehab, client_for: Any
) -> None:
    coordination, meeting = booked_on_site(rehab)
    fk = client_for("fredrik.holm")
    fk.post(meeting_url(coordination, meeting, "kallelse/skicka/"))
    before = _counts()
    response = fk.post(meeting_url(coordination, meeting, "kallelse/skicka/"), follow=True)
    assert "Kallelsen är redan skickad" in response.content.decode()
    assert _counts() == before

    requested = services.meeting_request(coordination=coordination, requested_by=rehab.fk_user, reason="Ett till möte")
    before = _counts()
    response = fk.post(meeting_url(coordination, requested, "kallelse/skicka/"), follow=True)
    assert response.status_code == 200
    assert "först när mötet är bokat" in response.content.decode()
    assert _counts() == before


def test_a_moved_meeting_replaces_the_kallelse_and_the_person_sees_the_new_one(rehab: Rehab, settings: Any) -> None:
    _coordination, meeting = booked_on_site(rehab)
    first = summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    new_day = MEETING_DAY + dt.timedelta(days=2)

    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=new_day,
        starts_at=dt.time(10, 15),
        mode="on_site",
        location=PLACE,
        reduction_possible=True,
        non_attendance_notice_on=meeting.non_attendance_notice_on,
    )

    first.refresh_from_db()
    assert first.status == MeetingSummons.Status.REPLACED and first.ended_at is not None
    current = MeetingSummons.objects.get(meeting=meeting, status=MeetingSummons.Status.SENT)
    assert current.meeting_on == new_day and current.starts_at == dt.time(10, 15)
    entry = AuditEntry.objects.filter(event="rehab.summons_sent").latest("sequence")
    assert entry.extra["replaces"] == first.pk and entry.actor == rehab.fk_user
    html = person_client(settings, rehab.person).get("/mina-sidor/kallelser/").content.decode()
    assert "fredag 27 november 2026 kl. 10.15" in html
    assert "Mötet är flyttat" in html and "ersätter kallelsen" in html
    assert html.count("Kallelse till avstämningsmöte") == 1


def test_rebooking_without_a_change_keeps_the_kallelse(rehab: Rehab) -> None:
    _coordination, meeting = booked_on_site(rehab)
    first = summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)
    services.meeting_book(
        meeting=meeting,
        booked_by=rehab.fk_user,
        meeting_on=MEETING_DAY,
        starts_at=dt.time(13, 30),
        mode="on_site",
        location=PLACE,
        reduction_possible=True,
        non_attendance_notice_on=meeting.non_attendance_notice_on,
    )
    assert list(MeetingSummons.objects.filter(meeting=meeting)) == [first]
    first.refresh_from_db()
    assert first.status == MeetingSummons.Status.SENT


def test_a_cancelled_meeting_cancels_the_kallelse_and_the_person_is_told(
    rehab: Rehab, client_for: Any, settings: Any
) -> None:
    coordination, meeting = booked_on_site(rehab)
    sent = summons.summons_send(meeting=meeting, sent_by=rehab.fk_user)

    services.meeting_cancel(meeting=meeting, cancelled_by=rehab.fk_user, reason="Handläggaren är sjuk")

    sent.refresh_from_db()
    assert sent.status == MeetingSummons.Status.CANCELLED
    entry = AuditEntry.objects.filter(event="rehab.summons_cancelled").latest("sequence")
    assert entry.actor == rehab.fk_user and entry.extra["summons"] == sent.pk
    mine = person_client(settings, rehab.person)
    html = mine.get("/mina-sidor/kallelser/").content.decode()
    assert "Avstämningsmötet är inställt" in html
    assert "onsdag 25 november 2026 kl. 13.30" in html and "gäller inte längre" in html
    assert "Handläggaren är sjuk" not in html  # FK's own reason stays with FK
    text = pdf_text(mine.get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf").content)
    assert "Avstämningsmötet är inställt" in text and SFB_110_58.text not in text
    fk_text = pdf_text(client_for("fredrik.holm").get(meeting_url(coordination, meeting, "kallelse.pdf")).content)
    assert "Avstämningsmötet är inställt" in fk_text


def test_a_cancelled_meeting_without_a_kallelse_leaves_nothing_for_the_person(rehab: Rehab, settings: Any) -> None:
    _coordination, meeting = booked_on_site(rehab)
    services.meeting_cancel(meeting=meeting, cancelled_by=rehab.fk_user, reason="Behövs inte")
    assert not MeetingSummons.objects.filter(meeting=meeting).exists()
    mine = person_client(settings, rehab.person)
    assert mine.get(f"/mina-sidor/kallelser/{meeting.pk}/kallelse.pdf").status_code == 404
