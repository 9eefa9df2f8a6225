"""FK's coordination pages: the list, opening a case, its facts and needs mapping, the consent per actor, the
plan and its history, and asking for an avstämningsmöte from the case page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core import searches
from samverkan.core.clock import today
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.domain.rehab import MeasureStatus, NeedArea, assess_coordination
from samverkan.rehab import employer_plans, forms, selectors, services
from samverkan.rehab.models import FollowUpReminder, PlanMeasure, RehabCoordination, ReviewMeeting
from samverkan.rehab.views.common import (
    coordination_or_404,
    fk_official,
    form_page,
    form_status,
    organisation_of,
    user_of,
)

# --- FK: list, open, facts ------------------------------------------------------------------------


#: The list's searches, kept out of the URL (``samverkan.core.searches``).
COORDINATION_SEARCH_SCOPE = "rehab.coordinations"


COORDINATIONS_PER_PAGE = 50


@fk_official
def coordination_list(request: HttpRequest) -> HttpResponse:
    """FK's coordinations 50 a page, with filters (``?status=closed``, ``?whose=mine``…) and a search.

    The search (a name, personnummer or diarienummer) is sent by POST and shown at ``?sok=<token>``; the filters
    alone are plain links, so no number stands in a URL.
    """
    organisation = organisation_of(request)
    search = searches.list_search(request, COORDINATION_SEARCH_SCOPE, reverse("rehab:list"))
    if search.redirect is not None:
        return search.redirect
    form = forms.CoordinationFilterForm(search.params or None, initial={"status": Case.Status.ACTIVE})
    filters = form.filters()
    found = selectors.coordination_search(organisation=organisation, user=user_of(request), **filters)
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
def coordination_create(request: OfficialRequest) -> HttpResponse:
    organisation = organisation_of(request)
    form = forms.CoordinationOpenForm(
        request.POST or None,
        organisation=organisation,
        initial={"unit": request.unit, "responsible": request.user, "has_employer": "no", "has_sgi": "yes"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            coordination = services.coordination_open(opened_by=user_of(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Samordningsärende {coordination.case.reference} är upplagt.")
            return redirect("rehab:detail", pk=coordination.pk)
    return render(
        request,
        "rehab/coordination_form.html",
        {"form": form, "title": "Ny samordning av rehabiliteringsinsatser"},
        status=form_status(form),
    )


@fk_official
def coordination_update(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
    initial = {
        "sick_leave_start": coordination.sick_leave_start,
        "has_employer": "yes" if coordination.has_employer else "no",
        "employer": coordination.employer,
        "has_sgi": "yes" if coordination.has_sgi else "no",
        "work_capacity_reduced": "yes" if coordination.work_capacity_reduced else "no",
        "work_capacity_note": coordination.work_capacity_note,
        "responsible": coordination.case.responsible,
    }
    form = forms.CoordinationUpdateForm(request.POST or None, organisation=organisation_of(request), initial=initial)

    def write(data: dict[str, Any]) -> str:
        services.coordination_update(coordination=coordination, updated_by=user_of(request), **data)
        return "Uppgifterna är sparade."

    return form_page(
        request,
        form,
        write,
        done=lambda: redirect("rehab:detail", pk=coordination.pk),
        template="rehab/coordination_form.html",
        context={"coordination": coordination, "title": f"Ändra uppgifter – {coordination.case.reference}"},
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
    return _detail(request, coordination_or_404(request, pk))


@fk_official
def needs_edit(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
    form = forms.NeedsMappingForm(request.POST or None, coordination=coordination)

    def write(_data: dict[str, Any]) -> str:
        services.needs_map(coordination=coordination, mapped_by=user_of(request), assessments=form.assessments())
        return "Behovskartläggningen är sparad."

    return form_page(
        request,
        form,
        write,
        done=lambda: redirect("rehab:detail", pk=coordination.pk),
        template="rehab/needs_form.html",
        context={"coordination": coordination},
    )


# --- Consent per actor ----------------------------------------------------------------------------


@fk_official
@submitted_once
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
    form = forms.RehabConsentForm(request.POST or None, coordination=coordination)
    if request.method == "POST" and form.is_valid():
        try:
            consent = services.rehab_consent_register(
                coordination=coordination,
                registered_by=user_of(request),
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
    coordination = coordination_or_404(request, pk)
    consent = get_object_or_404(
        Consent.objects.filter(discloser=organisation_of(request), person=coordination.case.subject), pk=consent_id
    )
    try:
        services.rehab_consent_withdraw(coordination=coordination, consent=consent, withdrawn_by=user_of(request))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Samtycket för {consent.recipient.name} är återkallat från och med i dag.")
    return redirect("rehab:detail", pk=coordination.pk)


# --- The plan -------------------------------------------------------------------------------------


@fk_official
@submitted_once
def measure_add(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)

    def write(data: dict[str, Any]) -> str:
        measure = services.measure_add(coordination=coordination, added_by=user_of(request), **data)
        return f"Insatsen är tillagd i planen med {measure.responsible.name} som ansvarig."

    return form_page(
        request,
        forms.MeasureForm(request.POST or None),
        write,
        done=lambda: redirect("rehab:detail", pk=coordination.pk),
        template="rehab/measure_form.html",
        context={"coordination": coordination, "title": "Lägg till insats i planen"},
    )


@fk_official
def measure_edit(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
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

    def write(data: dict[str, Any]) -> str:
        services.measure_update(measure=measure, changed_by=user_of(request), **data)
        return "Insatsen är ändrad. Ändringen finns i planens historik."

    return form_page(
        request,
        forms.MeasureForm(request.POST or None, initial=initial, with_note=True),
        write,
        done=lambda: redirect("rehab:detail", pk=coordination.pk),
        template="rehab/measure_form.html",
        context={"coordination": coordination, "measure": measure, "title": "Ändra insats"},
    )


@fk_official
def measure_follow_up(request: HttpRequest, pk: int, measure_id: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
    measure = get_object_or_404(PlanMeasure, pk=measure_id, coordination=coordination)

    def write(data: dict[str, Any]) -> str:
        services.measure_follow_up(measure=measure, followed_up_by=user_of(request), **data)
        return "Uppföljningen är registrerad."

    return form_page(
        request,
        forms.FollowUpForm(request.POST or None, initial={"status": measure.status}),
        write,
        done=lambda: redirect("rehab:detail", pk=coordination.pk),
        template="rehab/follow_up_form.html",
        context={"coordination": coordination, "measure": measure},
    )


@fk_official
@require_POST
def plan_agree(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
    form = forms.PlanAgreeForm(request.POST)
    if form.is_valid():
        try:
            services.plan_agree(coordination=coordination, agreed_by=user_of(request), **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Planen är fastställd tillsammans med personen.")
            return redirect("rehab:detail", pk=coordination.pk)
    return _detail(request, coordination, status=400, plan_form=form)


@fk_official
def history(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
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


# --- Asking for an avstämningsmöte ----------------------------------------------------------------


@fk_official
@require_POST
@submitted_once
def meeting_request(request: HttpRequest, pk: int) -> HttpResponse:
    coordination = coordination_or_404(request, pk)
    form = forms.MeetingRequestForm(request.POST)
    if form.is_valid():
        try:
            meeting = services.meeting_request(
                coordination=coordination,
                requested_by=user_of(request),
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Avstämningsmötet är begärt. Bjud in deltagare och boka tid.")
            return redirect("rehab:meeting", pk=coordination.pk, meeting_id=meeting.pk)
    return _detail(request, coordination, status=400, meeting_form=form)


# --- Follow-up reminders --------------------------------------------------------------------------


@fk_official
@require_POST
def reminder_dismiss(request: HttpRequest, reminder_id: int) -> HttpResponse:
    reminder = get_object_or_404(FollowUpReminder, pk=reminder_id, recipient=user_of(request))
    services.follow_up_reminder_dismiss(reminder=reminder, dismissed_by=user_of(request))
    messages.success(request, "Påminnelsen är avklarad.")
    return redirect("core:home")
