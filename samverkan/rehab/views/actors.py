"""The other actors' pages: vård's overview and patient page (Rehabstöd), any actor's part of FK's plan through
the gate, and the aggregated statistics."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from samverkan.cases.models import Case
from samverkan.core.clock import today
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.rehab import forms, selectors, services
from samverkan.rehab.access import ACTOR_MEETING
from samverkan.rehab.charts import bar_chart_svg
from samverkan.rehab.views.common import (
    actor_official,
    fetched_message,
    healthcare_official,
    organisation_of,
    statistics_official,
    user_of,
)

# --- Vård -----------------------------------------------------------------------------------------


@healthcare_official
def healthcare_overview(request: HttpRequest) -> HttpResponse:
    rows = selectors.healthcare_overview(user=user_of(request), on=today())
    return render(
        request,
        "rehab/healthcare_overview.html",
        {
            "rows": rows,
            "show_questions": any(r.open_questions is not None for r in rows),
            "status_choices": forms.CareStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]  # stubs: Field
        },
    )


def _patient_page(request: HttpRequest, case: Case, status: int = 200, **bound: Any) -> HttpResponse:
    current = getattr(case, "care_coordination_status", None)
    fk = selectors.rehab_plan_last_asked(organisation=organisation_of(request), person=case.subject)
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
    case = selectors.healthcare_case(organisation=organisation_of(request), case_id=case_id)
    return _patient_page(request, case)


@healthcare_official
@require_POST
def healthcare_plan_fetch(request: HttpRequest, case_id: int) -> HttpResponse:
    """ "Hämta planen": the coordinator asks FK's gate on purpose; the request is logged in their name."""
    case = selectors.healthcare_case(organisation=organisation_of(request), case_id=case_id)
    view = selectors.rehab_plan_for_actor(
        requester=user_of(request),
        person=case.subject,
        case=case,
        on=today(),
        purpose="Rehabkoordinatorns uppföljning av sjukskriven patient: " + selectors.GATE_PURPOSE,
    )
    messages.success(request, fetched_message(view))
    return redirect("rehab:healthcare_patient", case_id=case.pk)


@healthcare_official
@require_POST
def healthcare_status(request: HttpRequest, case_id: int) -> HttpResponse:
    case = selectors.healthcare_case(organisation=organisation_of(request), case_id=case_id)
    form = forms.CareStatusForm(request.POST)
    if form.is_valid():
        try:
            services.care_coordination_status_set(case=case, set_by=user_of(request), **form.cleaned_data)
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
    case = selectors.healthcare_case(organisation=organisation_of(request), case_id=case_id)
    coordination = selectors.coordination_released_to(
        organisation=organisation_of(request), person=case.subject, coordination_id=coordination_id
    )
    form = forms.HealthcareMeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            services.meeting_request(coordination=coordination, requested_by=user_of(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Begäran om avstämningsmöte är skickad till Försäkringskassan.")
            return redirect("rehab:healthcare_patient", case_id=case.pk)
    return _patient_page(request, case, status=400, meeting_form=form)


# --- Any actor, through the gate ------------------------------------------------------------------


@actor_official
def actor_plan(request: HttpRequest, person_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    person, case = selectors.person_and_case(organisation, person_id)
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
    organisation = organisation_of(request)
    person, case = selectors.person_and_case(organisation, person_id)
    view = selectors.rehab_plan_for_actor(requester=user_of(request), person=person, case=case, on=today())
    messages.success(request, fetched_message(view))
    return redirect("rehab:actor_plan", person_id=person.pk)


# --- Statistics -----------------------------------------------------------------------------------


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
