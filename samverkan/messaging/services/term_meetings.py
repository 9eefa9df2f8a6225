"""Försäkringskassan's contact person's meeting with each vårdcentral once a term (seed 004).

:func:`term_meeting_book`, :func:`term_meeting_held` and :func:`term_meeting_reminders_send` (once per vårdcentral,
term and reason, :class:`~samverkan.messaging.models.TermMeetingReminderSent`).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.timezone import localdate

from samverkan.accounts.models import User
from samverkan.core.clock import now, today
from samverkan.disclosures.audit import audit_append
from samverkan.disclosures.validation import validation_error
from samverkan.domain.contact_person import (
    TERM_MEETING_SOURCE,
    TermMeetingReminder,
    term_meeting_problem,
    term_meeting_reminder,
    term_of,
)
from samverkan.messaging.models import ContactAssignment, TermMeeting, TermMeetingReminderSent
from samverkan.messaging.services.common import (
    logger,
    mail_official,
    organisation_of,
    refuse_personal_data,
    site_url,
)


def _term_meeting_url() -> str:
    return site_url(reverse("messaging:term_meetings"))


@transaction.atomic
def term_meeting_book(
    *,
    assignment: ContactAssignment,
    booked_by: User,
    meeting_on: dt.date | None,
    meeting_time: dt.time | None,
    place: str = "",
    video_link: str = "",
    on: dt.date | None = None,
) -> TermMeeting:
    """The contact person books (or moves) the term's meeting with the vårdcentral: day, time, place or video link."""
    day = on or today()
    if booked_by.pk != assignment.contact_id:
        raise ValidationError("Bara vårdcentralens kontaktperson bokar terminsmötet.")
    if meeting_on is None:
        raise ValidationError({"meeting_on": "Ange dag för mötet."})
    if meeting_time is None:
        raise ValidationError({"meeting_time": "Ange klockslag för mötet."})
    problem = term_meeting_problem(meeting_on=meeting_on, on=day)
    if problem is not None:
        raise validation_error(problem)
    where = " ".join((place or "").split())
    link = (video_link or "").strip()
    if len(where) > 200:
        raise ValidationError({"place": "Platsen får vara högst 200 tecken."})
    if link and not link.startswith("https://"):
        raise ValidationError({"video_link": "Videolänken ska börja med https://."})
    if len(link) > 300:
        raise ValidationError({"video_link": "Videolänken får vara högst 300 tecken."})
    if not where and not link:
        raise ValidationError({"place": "Ange plats eller videolänk för mötet."})
    period = term_of(meeting_on)
    zone = ZoneInfo(settings.TIME_ZONE)
    starts_at = dt.datetime.combine(meeting_on, meeting_time, tzinfo=zone)
    meeting = (
        TermMeeting.objects.select_for_update()
        .filter(unit=assignment.unit, term_year=period.year, term=period.term.value)
        .first()
    )
    if meeting is not None and meeting.status == TermMeeting.Status.HELD:
        raise ValidationError({"meeting_on": f"Mötet för {period.label} är redan genomfört."})
    event = "term_meeting.booked" if meeting is None else "term_meeting.moved"
    if meeting is None:
        meeting = TermMeeting(unit=assignment.unit, term_year=period.year, term=period.term.value)
    meeting.contact = booked_by
    meeting.starts_at = starts_at
    meeting.place = where
    meeting.video_link = link
    meeting.booked_at = now()
    meeting.save()
    audit_append(
        event=event,
        actor=booked_by,
        organisation=organisation_of(booked_by),
        purpose="Kontaktpersonens terminsmöte med vårdcentralen",
        extra={"term_meeting_id": meeting.pk, "unit_id": assignment.unit_id, "term": f"{period.term}{period.year}"},
    )
    return meeting


@transaction.atomic
def term_meeting_held(*, meeting: TermMeeting, by: User, note: str = "", on: dt.date | None = None) -> TermMeeting:
    """Record the meeting as held, with a short note about routines (never about patients: the guard checks it)."""
    day = on or today()
    locked = TermMeeting.objects.select_for_update().get(pk=meeting.pk)
    organisation = organisation_of(by)
    if by.pk != locked.contact_id:
        raise ValidationError("Bara kontaktpersonen som bokade mötet kan registrera det som genomfört.")
    if locked.status == TermMeeting.Status.HELD:
        raise ValidationError("Mötet är redan registrerat som genomfört.")
    if localdate(locked.starts_at) > day:
        raise ValidationError({"note": "Mötet har inte ägt rum än."})
    text = (note or "").strip()
    if len(text) > 1000:
        raise ValidationError({"note": "Anteckningen får vara högst 1000 tecken."})
    if text:
        refuse_personal_data(text, field="note", organisations=[organisation, locked.unit.organisation])
    locked.status = TermMeeting.Status.HELD
    locked.held_on = localdate(locked.starts_at)
    locked.note = text
    locked.save(update_fields=["status", "held_on", "note"])
    audit_append(
        event="term_meeting.held",
        actor=by,
        organisation=organisation,
        purpose="Kontaktpersonens terminsmöte med vårdcentralen",
        extra={"term_meeting_id": locked.pk, "unit_id": locked.unit_id},
    )
    return locked


def term_meeting_reminders_send(*, on: dt.date | None = None) -> int:
    """E-mail each contact person, once per vårdcentral, term and reason: the term has started with no meeting
    booked, or a booked meeting is a few days away. The e-mail names no person (the meeting is about routines)."""
    day = on or today()
    period = term_of(day)
    sent = 0
    for assignment in ContactAssignment.objects.select_related("unit", "contact").order_by("pk"):
        meeting = TermMeeting.objects.filter(
            unit=assignment.unit, term_year=period.year, term=period.term.value
        ).first()
        kind = term_meeting_reminder(
            on=day,
            meeting_on=localdate(meeting.starts_at) if meeting is not None else None,
            held=meeting is not None and meeting.status == TermMeeting.Status.HELD,
        )
        if kind is None:
            continue
        try:
            with transaction.atomic():
                _row, created = TermMeetingReminderSent.objects.get_or_create(
                    unit=assignment.unit,
                    term_year=period.year,
                    term=period.term.value,
                    kind=kind.value,
                    defaults={"contact": assignment.contact, "meeting": meeting, "sent_on": day, "sent_at": now()},
                )
                if not created:
                    continue
                if kind is TermMeetingReminder.NOT_BOOKED:
                    subject = f"Terminsmöte att boka: {assignment.unit.name}"
                    body = (
                        f"{period.label.capitalize()} har börjat och inget terminsmöte med {assignment.unit.name} "
                        "är bokat."
                    )
                else:
                    assert meeting is not None
                    local = meeting.starts_at.astimezone(ZoneInfo(settings.TIME_ZONE))
                    subject = f"Terminsmöte {local:%Y-%m-%d}: {assignment.unit.name}"
                    body = f"Påminnelse: terminsmötet med {assignment.unit.name} är {local:%Y-%m-%d kl. %H:%M}."
                mail_official(
                    to=assignment.contact,
                    subject=subject,
                    body=f"{body}\n\nLogga in i Samverkan: {_term_meeting_url()}\n\n{TERM_MEETING_SOURCE}",
                )
                sent += 1
        except Exception:
            logger.exception("term meeting reminder for unit %s failed", assignment.unit_id)
    return sent
