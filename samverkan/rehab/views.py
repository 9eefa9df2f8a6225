"""Views for rehabilitation coordination: thin, each one a form and a service or a selector.

- Försäkringskassan: the coordination case, needs mapping, consent per actor, the plan and its
  history, avstämningsmöten (``/rehab/…``).
- Vård: the rehab coordinator's overview of the unit's sick-listed patients (``/rehab/vard/``).
- Every actor: the parts of FK's plan it takes part in, through the gate (``/rehab/plan/<person>/``).
- Statistics (``/rehab/statistik/``), aggregated only.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.models import User
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core import searches
from samverkan.core.clock import today
from samverkan.core.forms import add_service_errors, form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.organisations import OrganisationType
from samverkan.domain.rehab import MeasureStatus, NeedArea, assess_coordination
from samverkan.people.selectors import persons_visible_to
from samverkan.rehab import employer_plans, forms, selectors, services
from samverkan.rehab.access import ACTOR_MEETING, ACTOR_PLAN, FK_REHAB, HEALTHCARE_REHAB, STATISTICS
from samverkan.rehab.charts import bar_chart_svg
from samverkan.rehab.models import (
    AgreedAction,
    FollowUpReminder,
    MeetingParticipant,
    PlanMeasure,
    RehabCoordination,
    ReviewMeeting,
)
from samverkan.rehab.summons import meeting_state as meeting_summons_state

FK = (OrganisationType.FK,)
fk_official = allowed(FK_REHAB)
healthcare_official = allowed(HEALTHCARE_REHAB)
actor_official = allowed(ACTOR_PLAN)
statistics_official = allowed(STATISTICS)


def _user(request: HttpRequest) -> User:
    return cast(User, request.user)


def _org(request: HttpRequest) -> Any:
    return request.organisation  # type: ignore[attr-defined]


def _coordination(request: HttpRequest, pk: int) -> RehabCoordination:
    return get_object_or_404(selectors.coordinations_for(_org(request)), pk=pk)


def _meeting(request: HttpRequest, pk: int, meeting_id: int) -> ReviewMeeting:
    coordination = _coordination(request, pk)
    return get_object_or_404(
        ReviewMeeting.objects.select_related("coordination__case"), pk=meeting_id, coordination=coordination
    )


def _status(form: Any) -> int:
    return 400 if form.errors else 200


# --- FK: list, open, facts --------------------------------------------------------------------------


#: The list's searches, kept out of the URL (``samverkan.core.searches``).
COORDINATION_SEARCH_SCOPE = "rehab.coordinations"
COORDINATIONS_PER_PAGE = 50


@fk_official
def coordination_list(request: HttpRequest) -> HttpResponse:
    """FK's coordinations 50 a page, with filters (``?status=closed``, ``?whose=mine``…) and a search.

    The search (a name, personnummer or diarienummer) is sent by POST and shown at ``?sok=<token>``; the filters
    alone are plain links, so no number stands in a URL.
    """
    organisation = _org(request)
    search = searches.list_search(request, COORDINATION_SEARCH_SCOPE, reverse("rehab:list"))
    if search.redirect is not None:
        return search.redirect
    form = forms.CoordinationFilterForm(search.params or None, initial={"status": Case.Status.ACTIVE})
    filters = form.filters()
    found = selectors.coordination_search(organisation=organisation, user=_user(request), **filters)
    page = Paginator(found, COORDINATIONS_PER_PAGE).get_page(request.GET.get("sida"))
    on = today()
    rows = []
    for coordination in page.object_list:
        measures = list(coordination.measures.all())
        next_meeting = next(
            (
                m
                for m in coordination.meetings.all()
                if m.status == ReviewMeeting.Status.BOOKED and m.meeting_on and m.meeting_on >= on
            ),
            None,
        )
        follow_ups = sorted(m.follow_up_on for m in measures if m.is_open and m.follow_up_on)
        rows.append(
            {
                "coordination": coordination,
                "timeliness": selectors.plan_timeliness(coordination, on=on),
                "overdue": sum(1 for m in measures if selectors.is_overdue(m, on)),
                "next_follow_up": follow_ups[0] if follow_ups else None,
                "next_meeting": next_meeting,
            }
        )
    return render(
        request,
        "rehab/coordination_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": search.query,
            "filters": filters,
            "expired": search.expired,
            "requested": selectors.requested_meetings(organisation=organisation),
            "overdue": selectors.overdue_measures(organisation=organisation, on=on),
            "today": on,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@fk_official
@submitted_once
def coordination_create(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    form = forms.CoordinationOpenForm(
        request.POST or None,
        organisation=organisation,
        initial={"unit": request.unit, "responsible": request.user, "has_employer": "no", "has_sgi": "yes"},  # type: ignore[attr-defined]
    )
    if request.method == "POST" and form.is_valid():
        try:
            coordination = services.coordination_open(opened_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Samordningsärende {coordination.case.reference} är upplagt.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(
        request,
        "rehab/coordination_form.html",
        {"form": form, "title": "Ny samordning av rehabiliteringsinsatser"},
        status=_status(form),
    )


@fk_official
def coordination_update(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    initial = {
        "sick_leave_start": coordination.sick_leave_start,
        "has_employer": "yes" if coordination.has_employer else "no",
        "employer": coordination.employer,
        "has_sgi": "yes" if coordination.has_sgi else "no",
        "work_capacity_reduced": "yes" if coordination.work_capacity_reduced else "no",
        "work_capacity_note": coordination.work_capacity_note,
        "responsible": coordination.case.responsible,
    }
    form = forms.CoordinationUpdateForm(request.POST or None, organisation=_org(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.coordination_update(coordination=coordination, updated_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Uppgifterna är sparade.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(
        request,
        "rehab/coordination_form.html",
        {"form": form, "coordination": coordination, "title": f"Ändra uppgifter – {coordination.case.reference}"},
        status=_status(form),
    )


def _detail_context(request: HttpRequest, coordination: RehabCoordination, **bound: Any) -> dict[str, Any]:
    on = today()
    measures = list(coordination.measures.select_related("responsible").order_by("starts_on", "pk"))
    needs = {n.area: n for n in coordination.needs.all()}
    return {
        "coordination": coordination,
        "case": coordination.case,
        "person": coordination.case.subject,
        "assessment": assess_coordination(
            has_employer=coordination.has_employer,
            has_sgi=coordination.has_sgi,
            work_capacity_reduced=coordination.work_capacity_reduced,
        ),
        "timeliness": selectors.plan_timeliness(coordination, on=on),
        "chain": selectors.sick_leave_chain_for(coordination, on=on),
        "needs": [(area, needs.get(area.value)) for area in NeedArea],
        "standings": selectors.actor_standings(coordination=coordination, on=on),
        "measures": [(m, selectors.is_overdue(m, on)) for m in measures],
        "meetings": coordination.meetings.select_related("requesting_organisation").order_by("-requested_on", "-pk"),
        "consent_form": bound.get("consent_form") or forms.RehabConsentForm(coordination=coordination),
        "plan_form": bound.get("plan_form")
        or forms.PlanAgreeForm(initial={"goal": coordination.plan_goal, "agreed_on": on}),
        "meeting_form": bound.get("meeting_form") or forms.MeetingRequestForm(),
        "employer_plans": employer_plans.employer_plans_for_fk(coordination),
        "today": on,
    }


def _detail(request: HttpRequest, coordination: RehabCoordination, status: int = 200, **bound: Any) -> HttpResponse:
    return render(
        request, "rehab/coordination_detail.html", _detail_context(request, coordination, **bound), status=status
    )


@fk_official
def coordination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _coordination(request, pk))


@fk_official
def needs_edit(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    form = forms.NeedsMappingForm(request.POST or None, coordination=coordination)
    if request.method == "POST" and form.is_valid():
        try:
            services.needs_map(coordination=coordination, mapped_by=_user(request), assessments=form.assessments())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Behovskartläggningen är sparad.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(request, "rehab/needs_form.html", {"form": form, "coordination": coordination}, status=_status(form))


# --- Consent per actor ------------------------------------------------------------------------------


@fk_official
@submitted_once
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    form = forms.RehabConsentForm(request.POST or None, coordination=coordination)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.rehab_consent_register(
                coordination=coordination,
                registered_by=_user(request),
                **form.cleaned_data,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Samtycket för samverkan med {consent.recipient.name} är registrerat.")
            return redirect("rehab:detail", pk=coordination.pk)
    if request.method == "POST":
        return _detail(request, coordination, status=400, consent_form=form)
    return render(request, "rehab/consent_form.html", {"consent_form": form, "coordination": coordination})


@fk_official
@require_POST
def consent_withdraw(request: HttpRequest, pk: int, consent_id: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    consent = get_object_or_404(
        Consent.objects.filter(discloser=_org(request), person=coordination.case.subject), pk=consent_id
    )
    try:
        services.rehab_consent_withdraw(coordination=coordination, consent=consent, withdrawn_by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Samtycket för {consent.recipient.name} är återkallat från och med i dag.")
    return redirect("rehab:detail", pk=coordination.pk)


# --- The plan -------------------------------------------------------------------------------------


@fk_official
@submitted_once
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    form = forms.MeasureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            measure = services.measure_add(coordination=coordination, added_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Insatsen är tillagd i planen med {measure.responsible.name} som ansvarig.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(
        request,
        "rehab/measure_form.html",
        {"form": form, "coordination": coordination, "title": "Lägg till insats i planen"},
        status=_status(form),
    )


@fk_official
def measure_edit(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    measure = get_object_or_404(PlanMeasure, pk=measure_id, coordination=coordination)
    initial = {
        "description": measure.description,
        "kind": measure.kind,
        "need_area": measure.need_area,
        "responsible": measure.responsible,
        "starts_on": measure.starts_on,
        "ends_on": measure.ends_on,
        "follow_up_on": measure.follow_up_on,
        "status": measure.status,
    }
    form = forms.MeasureForm(request.POST or None, initial=initial, with_note=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_update(measure=measure, changed_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Insatsen är ändrad. Ändringen finns i planens historik.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(
        request,
        "rehab/measure_form.html",
        {"form": form, "coordination": coordination, "measure": measure, "title": "Ändra insats"},
        status=_status(form),
    )


@fk_official
def measure_follow_up(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    measure = get_object_or_404(PlanMeasure, pk=measure_id, coordination=coordination)
    form = forms.FollowUpForm(request.POST or None, initial={"status": measure.status})
    if request.method == "POST" and form.is_valid():
        try:
            services.measure_follow_up(measure=measure, followed_up_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Uppföljningen är registrerad.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(
        request,
        "rehab/follow_up_form.html",
        {"form": form, "coordination": coordination, "measure": measure},
        status=_status(form),
    )


@fk_official
@require_POST
def plan_agree(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    form = forms.PlanAgreeForm(request.POST)
    if form.is_valid():
        try:
            services.plan_agree(coordination=coordination, agreed_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Planen är fastställd tillsammans med personen.")
            return redirect("rehab:detail", pk=coordination.pk)
    return _detail(request, coordination, status=400, plan_form=form)


@fk_official
def history(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    changes = coordination.plan_changes.select_related("changed_by", "measure").order_by("-changed_at", "-pk")
    rows = [(c, _labelled(c.before), _labelled(c.after)) for c in changes]
    return render(request, "rehab/history.html", {"coordination": coordination, "rows": rows})


_SNAPSHOT_LABELS = {
    "description": "Insats",
    "kind": "Slag",
    "need_area": "Behovsområde",
    "responsible": "Ansvarig aktör",
    "starts_on": "Börjar",
    "ends_on": "Slutar",
    "follow_up_on": "Uppföljning",
    "last_followed_up_on": "Senast uppföljd",
    "status": "Status",
    "goal": "Mål",
    "plan_agreed_on": "Gjord med personen",
}
_SNAPSHOT_VALUES: dict[str, dict[str, str]] = {
    "kind": dict(PlanMeasure.Kind.choices),
    "need_area": {a.value: a.label for a in NeedArea},
    "status": {s.value: s.label for s in MeasureStatus},
}


def _labelled(snapshot: dict[str, Any] | None) -> list[tuple[str, str]]:
    """A plan snapshot as Swedish (label, value) pairs for the history page."""
    if not snapshot:
        return []
    pairs = []
    for key, value in snapshot.items():
        if isinstance(value, dict):
            value = value.get("name", "")
        shown = _SNAPSHOT_VALUES.get(key, {}).get(str(value), value)
        pairs.append((_SNAPSHOT_LABELS.get(key, key), "–" if shown in (None, "") else str(shown)))
    return pairs


# --- Avstämningsmöte -------------------------------------------------------------------------------


@fk_official
@require_POST
@submitted_once
def meeting_request(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = _coordination(request, pk)
    form = forms.MeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.meeting_request(
                coordination=coordination,
                requested_by=_user(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Avstämningsmötet är begärt. Bjud in deltagare och boka tid.")
            return redirect("rehab:meeting", pk=coordination.pk, meeting_id=meeting.pk)
    return _detail(request, coordination, status=400, meeting_form=form)


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
    return _meeting_page(request, _meeting(request, pk, meeting_id))


def _meeting_post(
    request: HttpRequest,
    pk: int,
    meeting_id: int,
    *,
    form_key: str,
    form: Callable[[ReviewMeeting], Any],
    write: Callable[[ReviewMeeting, User, dict[str, Any]], str],
) -> HttpResponse:
    """One POST on the meeting page: back to the meeting, or the page again with the form's errors (400)."""
    meeting = _meeting(request, pk, meeting_id)
    return form_submit(
        request,
        form(meeting),
        lambda data: write(meeting, _user(request), data),
        done=lambda: redirect("rehab:meeting", pk=pk, meeting_id=meeting.pk),
        failed=lambda bound: _meeting_page(request, meeting, status=400, **{form_key: bound}),
    )


@fk_official
@require_POST
@submitted_once
def meeting_participant_add(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    def write(meeting: ReviewMeeting, user: User, data: dict[str, Any]) -> str:
        participant = services.meeting_add_participant(meeting=meeting, added_by=user, **data)
        return f"{participant.organisation.name} är inbjuden till mötet."

    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="participant_form",
        form=lambda m: forms.ParticipantForm(request.POST, fk=m.coordination.case.organisation),
        write=write,
    )


@fk_official
@require_POST
def meeting_participant_remove(request: HttpRequest, pk: int, meeting_id: int, participant_id: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_id)
    participant = get_object_or_404(MeetingParticipant, pk=participant_id, meeting=meeting)
    try:
        services.meeting_remove_participant(participant=participant, removed_by=_user(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, "Deltagaren är borttagen.")
    return redirect("rehab:meeting", pk=pk, meeting_id=meeting.pk)


@fk_official
@require_POST
def meeting_checklist(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    def write(meeting: ReviewMeeting, user: User, data: dict[str, Any]) -> str:
        services.meeting_confirm_checklist(meeting=meeting, confirmed_by=user, **data)
        return "Checklistan för digitalt möte är bekräftad."

    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="checklist_form",
        form=lambda m: forms.ChecklistForm(request.POST, parties=selectors.meeting_parties(m)),
        write=write,
    )


@fk_official
@require_POST
def meeting_book(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    def write(meeting: ReviewMeeting, user: User, data: dict[str, Any]) -> str:
        services.meeting_book(meeting=meeting, booked_by=user, **data)
        return "Avstämningsmötet är bokat."

    return _meeting_post(
        request, pk, meeting_id, form_key="booking_form", form=lambda m: forms.BookingForm(request.POST), write=write
    )


@fk_official
@require_POST
def meeting_minutes(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    def write(meeting: ReviewMeeting, user: User, data: dict[str, Any]) -> str:
        services.meeting_record_minutes(meeting=meeting, recorded_by=user, **data)
        return "Anteckningarna är sparade."

    return _meeting_post(
        request, pk, meeting_id, form_key="minutes_form", form=lambda m: forms.MinutesForm(request.POST), write=write
    )


@fk_official
@require_POST
def meeting_cancel(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    def write(meeting: ReviewMeeting, user: User, data: dict[str, Any]) -> str:
        services.meeting_cancel(meeting=meeting, cancelled_by=user, reason=data["reason"])
        return "Mötet är inställt."

    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="cancel_form",
        form=lambda m: forms.CancelMeetingForm(request.POST),
        write=write,
    )


@fk_official
@require_POST
@submitted_once
def action_add(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    def write(meeting: ReviewMeeting, user: User, data: dict[str, Any]) -> str:
        services.agreed_action_add(meeting=meeting, added_by=user, **data)
        return "Åtgärden är införd."

    return _meeting_post(
        request,
        pk,
        meeting_id,
        form_key="action_form",
        form=lambda m: forms.AgreedActionForm(request.POST),
        write=write,
    )


@fk_official
@submitted_once
def action_to_measure(request: HttpRequest, pk: int, meeting_id: int, action_id: int) -> HttpResponse:
    meeting = _meeting(request, pk, meeting_id)
    action = get_object_or_404(AgreedAction.objects.select_related("responsible"), pk=action_id, meeting=meeting)
    initial: dict[str, Any] = {"follow_up_on": action.due_on}
    if action.responsible is not None and action.responsible.type is not OrganisationType.FK:
        initial["responsible"] = action.responsible
    form = forms.ActionToMeasureForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.agreed_action_to_measure(action=action, converted_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Åtgärden är nu en insats i rehabiliteringsplanen.")
            return redirect("rehab:detail", pk=pk)
    return render(
        request,
        "rehab/action_to_measure.html",
        {"form": form, "coordination": meeting.coordination, "meeting": meeting, "action": action},
        status=_status(form),
    )


@fk_official
@require_POST
def reminder_dismiss(request: HttpRequest, reminder_id: int) -> HttpResponse:
    reminder = get_object_or_404(FollowUpReminder, pk=reminder_id, recipient=_user(request))
    services.follow_up_reminder_dismiss(reminder=reminder, dismissed_by=_user(request))
    messages.success(request, "Påminnelsen är avklarad.")
    return redirect("core:home")


# --- Vård ------------------------------------------------------------------------------------------


@healthcare_official
def healthcare_overview(request: HttpRequest) -> HttpResponse:
    rows = selectors.healthcare_overview(user=_user(request), on=today())
    return render(
        request,
        "rehab/healthcare_overview.html",
        {
            "rows": rows,
            "show_questions": any(r.open_questions is not None for r in rows),
            "status_choices": forms.CareStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
        },
    )


def _patient_page(request: HttpRequest, case: Case, status: int = 200, **bound: Any) -> HttpResponse:
    current = getattr(case, "care_coordination_status", None)
    fk = selectors.rehab_plan_last_asked(organisation=_org(request), person=case.subject)
    return render(
        request,
        "rehab/healthcare_patient.html",
        {
            "case": case,
            "person": case.subject,
            "current": current,
            "fk": fk,
            "status_form": bound.get("status_form")
            or forms.CareStatusForm(
                initial={"status": current.status if current else "none", "note": current.note if current else ""}
            ),
            "meeting_form": bound.get("meeting_form") or forms.HealthcareMeetingRequestForm(),
        },
        status=status,
    )


@healthcare_official
def healthcare_patient(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.healthcare_case(organisation=_org(request), case_id=case_id)
    return _patient_page(request, case)


@healthcare_official
@require_POST
def healthcare_plan_fetch(request: HttpRequest, case_id: int) -> HttpResponse:
    """ "Hämta planen": the coordinator asks FK's gate on purpose; the request is logged in their name."""
    case = selectors.healthcare_case(organisation=_org(request), case_id=case_id)
    view = selectors.rehab_plan_for_actor(
        requester=_user(request),
        person=case.subject,
        case=case,
        on=today(),
        purpose="Rehabkoordinatorns uppföljning av sjukskriven patient: " + selectors.GATE_PURPOSE,
    )
    messages.success(request, _fetched_message(view))
    return redirect("rehab:healthcare_patient", case_id=case.pk)


def _fetched_message(view: selectors.ActorPlanView) -> str:
    if not view.asked:
        return "Det finns ingen rehabiliteringsplan hos Försäkringskassan att begära."
    if view.plan_released:
        return "Försäkringskassans svar är hämtat genom sekretessgrinden; begäran är loggad."
    return "Begäran är gjord och loggad; planen lämnas inte ut (se svaret nedan)."


@healthcare_official
@require_POST
def healthcare_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.healthcare_case(organisation=_org(request), case_id=case_id)
    form = forms.CareStatusForm(request.POST)
    if form.is_valid():
        try:
            services.care_coordination_status_set(case=case, set_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Koordineringsstatus är sparad.")
            if request.POST.get("next") == "patient":
                return redirect("rehab:healthcare_patient", case_id=case.pk)
            return redirect("rehab:healthcare")
    return _patient_page(request, case, status=400, status_form=form)


@healthcare_official
@require_POST
@submitted_once
def healthcare_meeting_request(request: HttpRequest, case_id: int, coordination_id: int) -> HttpResponse:
    case = selectors.healthcare_case(organisation=_org(request), case_id=case_id)
    coordination = selectors.coordination_released_to(
        organisation=_org(request), person=case.subject, coordination_id=coordination_id
    )
    form = forms.HealthcareMeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_request(coordination=coordination, requested_by=_user(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Begäran om avstämningsmöte är skickad till Försäkringskassan.")
            return redirect("rehab:healthcare_patient", case_id=case.pk)
    return _patient_page(request, case, status=400, meeting_form=form)


# --- Any actor, through the gate -------------------------------------------------------------------


@actor_official
def actor_plan(request: HttpRequest, person_id: int) -> HttpResponse:
    organisation = _org(request)
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    case = (
        Case.objects.for_organisation(organisation)
        .filter(members__person=person)
        .order_by("status", "-opened_on")
        .first()
    )
    view = selectors.rehab_plan_last_asked(organisation=organisation, person=person)
    context: dict[str, Any] = {"person": person, "case": case, "view": view}
    if ACTOR_MEETING.allows(request.user):
        from samverkan.rehab.employer_forms import ActorMeetingRequestForm

        context.update(meeting_form=ActorMeetingRequestForm(), may_request_meeting=True)
    return render(request, "rehab/actor_plan.html", context)


@actor_official
@require_POST
def actor_plan_fetch(request: HttpRequest, person_id: int) -> HttpResponse:
    """ "Hämta planen": the actor asks FK's gate on purpose; the request is logged in the official's name."""
    organisation = _org(request)
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    case = (
        Case.objects.for_organisation(organisation)
        .filter(members__person=person)
        .order_by("status", "-opened_on")
        .first()
    )
    view = selectors.rehab_plan_for_actor(requester=_user(request), person=person, case=case, on=today())
    messages.success(request, _fetched_message(view))
    return redirect("rehab:actor_plan", person_id=person.pk)


# --- Statistics ------------------------------------------------------------------------------------


@statistics_official
def statistics(request: HttpRequest) -> HttpResponse:
    form = forms.StatisticsFilterForm(request.GET or None)
    since = form.since_or_default()
    rows = selectors.rehab_statistics(since=since)
    chart = bar_chart_svg(
        [(f"{r.unit}, {r.month}", r.share_percent or 0) for r in rows if r.sick_leave_cases],
        title="Andel sjukfall med avstämningsmöte (procent)",
    )
    return render(request, "rehab/statistics.html", {"rows": rows, "form": form, "since": since, "chart": chart})
