"""Försäkringskassan's contact person meets each vårdcentral once a term (seed 004): booking, holding, the start
page's reminder and the e-mail reminders (once each, without personal data)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils.timezone import localdate

from samverkan.core.clock import today
from samverkan.disclosures.models import AuditEntry
from samverkan.messaging.models import ContactAssignment, TermMeeting, TermMeetingReminderSent
from samverkan.messaging.services import term_meeting_book, term_meeting_held, term_meeting_reminders_send
from samverkan.people.models import Person

pytestmark = pytest.mark.django_db


def _assignment(code: str) -> ContactAssignment:
    return ContactAssignment.objects.select_related("unit", "contact").get(unit__code=code)


def test_demo_world_has_this_terms_meeting_booked_with_one_vardcentral(world: None) -> None:
    meeting = TermMeeting.objects.get(unit__code="vc-angen", term_year=2026, term="ht")
    assert meeting.status == TermMeeting.Status.BOOKED
    assert not TermMeeting.objects.filter(unit__code="vc-bjorkhagen", term_year=2026, term="ht").exists()


def test_start_page_reminds_the_contact_person_of_an_unbooked_term(client_for: Any) -> None:
    page = client_for("anna.sjoberg").get("/").content.decode()
    assert "Terminsmöten med vårdcentralerna" in page
    assert "inget möte med Vårdcentralen Björkhagen är bokat" in page
    assert "Terminsmötet med Vårdcentralen Ängen är" in page  # two days away


def test_start_page_reminder_disappears_when_booked_and_is_not_shown_to_others(
    client_for: Any, user_named: Any
) -> None:
    term_meeting_book(
        assignment=_assignment("vc-bjorkhagen"),
        booked_by=user_named("anna.sjoberg"),
        meeting_on=dt.date(2026, 12, 9),
        meeting_time=dt.time(10, 0),
        place="Vårdcentralen Björkhagen",
    )
    page = client_for("anna.sjoberg").get("/").content.decode()
    assert "Björkhagen är bokat" not in page
    assert "Terminsmöten med vårdcentralerna" not in client_for("helena.strom").get("/").content.decode()


def test_booking_page_books_and_audits(client_for: Any) -> None:
    assignment = _assignment("vc-bjorkhagen")
    client = client_for("anna.sjoberg")
    url = f"/kommunikation/terminsmoten/{assignment.pk}/boka/"
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"meeting_on": "2026-12-09", "meeting_time": "10:00", "video_link": "https://video.example/m"}
    )
    assert response.status_code == 302
    meeting = TermMeeting.objects.get(unit=assignment.unit, term_year=2026, term="ht")
    assert localdate(meeting.starts_at) == dt.date(2026, 12, 9)
    assert AuditEntry.objects.filter(event="term_meeting.booked", extra__term_meeting_id=meeting.pk).exists()
    listing = client.get("/kommunikation/terminsmoten/").content.decode()
    assert "Vårdcentralen Björkhagen" in listing and "Bokat" in listing


def test_booking_outside_this_or_the_next_term_is_refused(client_for: Any, user_named: Any) -> None:
    assignment = _assignment("vc-bjorkhagen")
    response = client_for("anna.sjoberg").post(
        f"/kommunikation/terminsmoten/{assignment.pk}/boka/",
        {"meeting_on": "2027-08-20", "meeting_time": "10:00", "place": "Vårdcentralen"},
    )
    assert response.status_code == 400
    assert not TermMeeting.objects.filter(unit=assignment.unit).exists()
    with pytest.raises(ValidationError):
        term_meeting_book(
            assignment=assignment,
            booked_by=user_named("anna.sjoberg"),
            meeting_on=dt.date(2026, 12, 9),
            meeting_time=dt.time(10, 0),
        )


def test_only_the_contact_person_books_and_others_get_404(client_for: Any, user_named: Any) -> None:
    assignment = _assignment("vc-bjorkhagen")
    assert client_for("helena.strom").get(f"/kommunikation/terminsmoten/{assignment.pk}/boka/").status_code == 404
    assert client_for("mats.falk").get(f"/kommunikation/terminsmoten/{assignment.pk}/boka/").status_code == 404
    meeting = TermMeeting.objects.get(unit__code="vc-angen", term_year=2026, term="ht")
    assert (
        client_for("mats.falk").post(f"/kommunikation/terminsmoten/mote/{meeting.pk}/genomfort/", {}).status_code == 404
    )
    assert "Vårdcentralen Björkhagen" in client_for("mats.falk").get("/kommunikation/terminsmoten/").content.decode()


def test_held_meeting_gets_a_note_without_patient_data(user_named: Any) -> None:
    anna = user_named("anna.sjoberg")
    meeting = term_meeting_book(
        assignment=_assignment("vc-bjorkhagen"),
        booked_by=anna,
        meeting_on=today(),
        meeting_time=dt.time(8, 0),
        place="Vårdcentralen Björkhagen",
    )
    patient = Person.objects.filter(cases__organisation__code="region-malarmark", protected_identity=False).first()
    assert patient is not None
    with pytest.raises(ValidationError) as exc:
        term_meeting_held(meeting=meeting, by=anna, note=f"Vi pratade om {patient.full_name}.")
    assert "note" in exc.value.message_dict
    held = term_meeting_held(meeting=meeting, by=anna, note="Nyheter om övergången till Arbetsförmedlingen.")
    assert held.status == TermMeeting.Status.HELD
    assert AuditEntry.objects.filter(event="term_meeting.held", extra__term_meeting_id=meeting.pk).exists()
    with pytest.raises(ValidationError):
        term_meeting_held(meeting=meeting, by=anna)


def test_meeting_in_the_future_cannot_be_held(user_named: Any) -> None:
    meeting = TermMeeting.objects.get(unit__code="vc-angen", term_year=2026, term="ht")
    with pytest.raises(ValidationError):
        term_meeting_held(meeting=meeting, by=user_named("anna.sjoberg"), note="")


def test_e_mail_reminders_go_out_once_without_personal_data(django_capture_on_commit_callbacks: Any) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert term_meeting_reminders_send() == 2  # Björkhagen not booked; Ängen in two days
        assert term_meeting_reminders_send() == 0
    assert TermMeetingReminderSent.objects.count() == 2
    assert len(mail.outbox) == 2
    names = list(Person.objects.values_list("last_name", flat=True)[:200])
    for message in mail.outbox:
        assert not any(name in str(message.body) for name in names if len(name) > 3)


def test_a_new_term_reminds_again(django_capture_on_commit_callbacks: Any, move_clock: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        term_meeting_reminders_send()
    move_clock(dt.date(2027, 1, 4))
    with django_capture_on_commit_callbacks(execute=True):
        assert term_meeting_reminders_send() == 2  # vårtermin 2027 has started: nothing booked at either
    assert TermMeetingReminderSent.objects.filter(term_year=2027, term="vt", kind="not_booked").count() == 2


def test_api_lists_and_books(client_for: Any) -> None:
    client = client_for("anna.sjoberg")
    rows = client.get("/api/v1/messaging/term-meetings").json()
    by_unit = {r["unit"]: r for r in rows}
    assert by_unit["Vårdcentralen Björkhagen"]["reminder"] == "not_booked"
    assignment = _assignment("vc-bjorkhagen")
    response = client.post(
        f"/api/v1/messaging/term-meetings/{assignment.pk}/booking",
        {"meeting_on": "2026-12-09", "meeting_time": "10:00", "place": "Vårdcentralen Björkhagen"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["state"] == "Bokat"
    assert (
        client_for("helena.strom")
        .post(
            f"/api/v1/messaging/term-meetings/{assignment.pk}/booking",
            {"meeting_on": "2026-12-09", "meeting_time": "10:00", "place": "x"},
            content_type="application/json",
        )
        .status_code
        == 404
    )
