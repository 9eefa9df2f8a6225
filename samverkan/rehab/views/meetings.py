"""FK's page of an avstämningsmöte: participants, the digital checklist, booking, minutes, cancelling and the
actions agreed, each a POST through one shared helper (:func:`_meeting_post`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.core.clock import today
from samverkan.core.forms import add_service_errors, form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.organisations import OrganisationType
from samverkan.rehab import forms, selectors, services
from samverkan.rehab.models import AgreedAction, MeetingParticipant, ReviewMeeting
from samverkan.rehab.summons import meeting_state as meeting_summons_state
from samverkan.rehab.views.common import fk_official, form_status, meeting_or_404, user_of


def _meeting_page(request: HttpRequest, meeting: ReviewMeeting, status: int = 200, **bound: Any) -> HttpResponse:
    coordination = meeting.coordination
    parties = selectors.meeting_parties(meeting)
    checklist_initial = {
        "person_agreed": meeting.person_agreed,
        "suits_person": meeting.suits_person,
        "person_joins_from": meeting.person_joins_from,
        "location_chosen_by_person": meeting.location_chosen_by_person,
        "identity_checked_by": meeting.identity_checked_by,
        "private_room_confirmed_by": meeting.private_room_confirmed_by,
        "reminded_no_secrets": meeting.reminded_no_secrets,
    }
    booking_initial = {
        "meeting_on": meeting.meeting_on,
        "starts_at": meeting.starts_at,
        "mode": meeting.mode or ReviewMeeting.Mode.ON_SITE,
        "location": meeting.location,
        "reduction_possible": meeting.reduction_possible,
        "non_attendance_notice_on": meeting.non_attendance_notice_on,
    }
    reduction = None
    if meeting.reduction_possible and meeting.meeting_on:
        from samverkan.domain.rehab import reduction_allowed

        reduction = reduction_allowed(meeting.non_attendance_notice_on, meeting.meeting_on)
    context = {
        "coordination": coordination,
        "case": coordination.case,
        "person": coordination.case.subject,
        "meeting": meeting,
        "participants": meeting.participants.select_related("organisation"),
        "parties": parties,
        "checklist_missing": selectors.checklist_missing(meeting),
        "reduction": reduction,
        "actions": meeting.agreed_actions.select_related("responsible", "measure"),
        "participant_form": bound.get("participant_form") or forms.ParticipantForm(fk=coordination.case.organisation),
        "checklist_form": bound.get("checklist_form")
        or forms.ChecklistForm(initial=checklist_initial, parties=parties),
        "booking_form": bound.get("booking_form") or forms.BookingForm(initial=booking_initial),
        "minutes_form": bound.get("minutes_form")
        or forms.MinutesForm(initial={"minutes": meeting.minutes, "person_attended": "yes"}),
        "action_form": bound.get("action_form") or forms.AgreedActionForm(),
        "cancel_form": bound.get("cancel_form") or forms.CancelMeetingForm(),
        "today": today(),
        "summons": meeting_summons_state(meeting, on=today()),
    }
    return render(request, "rehab/meeting_detail.html", context, status=status)


@fk_official
def meeting_detail(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_page(request, meeting_or_404(request, pk, meeting_id))


def _meeting_post(
    request: HttpRequest,
    pk: int,
    meeting_id: int,
    *,
    form_key: str,
    form: Callable[[ReviewMeeting], Any],
    service: Callable[..., Any],
    by: str,
    message: str | Callable[[Any], str],
) -> HttpResponse:
    """One POST on the meeting page: the form's data go to ``service(meeting=…, <by>=the official, **data)``.

    Back to the meeting with ``message`` (or ``message(what the service returned)``), or the page again
    with the form's errors (400) when the form or the service refuses.
    """
    meeting = meeting_or_404(request, pk, meeting_id)

    def write(data: dict[str, Any]) -> str:
        result = service(meeting=meeting, **{by: user_of(request)}, **data)
        return message(result) if callable(message) else message

    return form_submit(
        request,
        form(meeting),
        write,
        done=lambda: redirect("rehab:meeting", pk=pk, meeting_id=meeting.pk),
        failed=lambda bound: _meeting_page(request, meeting, status=400, **{form_key: bound}),
    )


@fk_official
@require_POST
@submitted_once
def meeting_participant_add(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="participant_form",
        form=lambda m: forms.ParticipantForm(request.POST, fk=m.coordination.case.organisation),
        service=services.meeting_add_participant,
        by="added_by",
        message=lambda participant: f"{participant.organisation.name} är inbjuden till mötet.",
    )


@fk_official
@require_POST
def meeting_checklist(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="checklist_form",
        form=lambda m: forms.ChecklistForm(request.POST, parties=selectors.meeting_parties(m)),
        service=services.meeting_confirm_checklist,
        by="confirmed_by",
        message="Checklistan för digitalt möte är bekräftad.",
    )


@fk_official
@require_POST
def meeting_book(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="booking_form",
        form=lambda m: forms.BookingForm(request.POST),
        service=services.meeting_book,
        by="booked_by",
        message="Avstämningsmötet är bokat.",
    )


@fk_official
@require_POST
def meeting_minutes(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="minutes_form",
        form=lambda m: forms.MinutesForm(request.POST),
        service=services.meeting_record_minutes,
        by="recorded_by",
        message="Anteckningarna är sparade.",
    )


@fk_official
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="cancel_form",
        form=lambda m: forms.CancelMeetingForm(request.POST),
        service=services.meeting_cancel,
        by="cancelled_by",
        message="Mötet är inställt.",
    )


@fk_official
@require_POST
@submitted_once
def action_add(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="action_form",
        form=lambda m: forms.AgreedActionForm(request.POST),
        service=services.agreed_action_add,
        by="added_by",
        message="Åtgärden är införd.",
    )


@fk_official
@require_POST
def meeting_participant_remove(request: HttpRequest, pk: int, meeting_id: int, participant_id: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, meeting_id)
    participant = get_object_or_404(MeetingParticipant, pk=participant_id, meeting=meeting)
    try:
        services.meeting_remove_participant(participant=participant, removed_by=user_of(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Deltagaren är borttagen.")
    return redirect("rehab:meeting", pk=pk, meeting_id=meeting.pk)


@fk_official
@submitted_once
def action_to_measure(request: HttpRequest, pk: int, meeting_id: int, action_id: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, meeting_id)
    action = get_object_or_404(AgreedAction.objects.select_related("responsible"), pk=action_id, meeting=meeting)
    initial: dict[str, Any] = {"follow_up_on": action.due_on}
    if action.responsible is not None and action.responsible.type is not OrganisationType.FK:
        initial["responsible"] = action.responsible
    form = forms.ActionToMeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreed_action_to_measure(action=action, converted_by=user_of(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Åtgärden är nu en insats i rehabiliteringsplanen.")
            return redirect("rehab:detail", pk=pk)
    return render(
        request,
        "rehab/action_to_measure.html",
        {"form": form, "coordination": meeting.coordination, "meeting": meeting, "action": action},
        status=form_status(form),
    )
