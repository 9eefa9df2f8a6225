"""Försäkringskassan's contact person's meeting with each vårdcentral once a term: the list, booking (or moving) it,
and recording it as held (seed 004)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.core.clock import today
from samverkan.core.forms import form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.contact_person import TERM_MEETING_MAX_MINUTES, TERM_MEETING_SOURCE, term_of
from samverkan.domain.organisations import Role
from samverkan.messaging import selectors, services
from samverkan.messaging.access import TERM_MEETINGS
from samverkan.messaging.forms import TermMeetingForm, TermMeetingHeldForm
from samverkan.messaging.views.common import list_page_post, user_of

_TERM_MEETINGS = allowed(TERM_MEETINGS)


@_TERM_MEETINGS
def term_meetings(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    day = today()
    rows = selectors.term_meeting_rows(user, day)
    return render(
        request,
        "messaging/term_meetings.html",
        {
            "rows": rows,
            "period": term_of(day),
            "is_contact": user.has_role(Role.FK_CONTACT_PERSON),
            "history": selectors.term_meeting_history(user),
            "held_form": TermMeetingHeldForm(),
            "today": day,
            "source": TERM_MEETING_SOURCE,
            "max_minutes": TERM_MEETING_MAX_MINUTES,
        },
    )


@_TERM_MEETINGS
@submitted_once
def term_meeting_book(request: HttpRequest, assignment_id: int) -> HttpResponse:
    user = user_of(request)
    assignment = get_object_or_404(selectors.term_meeting_assignments(user).filter(contact=user), pk=assignment_id)
    period = term_of(today())
    current = (
        selectors.term_meetings_visible_to(user)
        .filter(unit=assignment.unit, term_year=period.year, term=period.term.value)
        .first()
    )
    initial: dict[str, Any] = {}
    if current is not None:
        local = localtime(current.starts_at)
        initial = {
            "meeting_on": local.date(),
            "meeting_time": local.time(),
            "place": current.place,
            "video_link": current.video_link,
        }
    form = TermMeetingForm(request.POST or None, initial=initial)

    def page(bound: forms.Form) -> HttpResponse:
        return render(
            request,
            "messaging/term_meeting_form.html",
            {"form": bound, "assignment": assignment, "current": current, "period": period},
            status=400 if bound.errors else 200,
        )

    def write(data: dict[str, Any]) -> str:
        meeting = services.term_meeting_book(
            assignment=assignment,
            booked_by=user,
            meeting_on=data["meeting_on"],
            meeting_time=data["meeting_time"],
            place=data["place"],
            video_link=data["video_link"],
        )
        return f"Terminsmötet med {assignment.unit.name} är bokat {localtime(meeting.starts_at):%Y-%m-%d kl. %H:%M}."

    if request.method != "POST":
        return page(form)
    return form_submit(request, form, write, done=lambda: redirect("messaging:term_meetings"), failed=page)


@_TERM_MEETINGS
@require_POST
def term_meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = user_of(request)
    meeting = get_object_or_404(selectors.term_meetings_visible_to(user), pk=meeting_id)

    def write(data: dict[str, Any]) -> str:
        services.term_meeting_held(meeting=meeting, by=user, note=data["note"])
        return "Mötet är registrerat som genomfört."

    return list_page_post(request, TermMeetingHeldForm(request.POST), write, back=reverse("messaging:term_meetings"))
