"""Pages of the employer's plan for return to work (SFB 30 kap. 6 §) and the actors' request for an
avstämningsmöte (SFB 30 kap. 10 §; 110 kap. 14 § första stycket 4). Thin: a form and a service each.

- The employer (``/rehab/arbetsgivare/…``): its employees' ärenden, the plan's last day, the plan and its
  versions, the employee's consent to give the plan to Försäkringskassan, FK's plan through the gate,
  and the button to ask FK for an avstämningsmöte.
- Socialtjänsten and the employer on the person's page of FK's plan (``/rehab/plan/<person>/``): the
  button to ask FK for an avstämningsmöte in a coordination the gate released to them.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.cases.models import Case
from samverkan.consents.models import Consent
from samverkan.core.clock import today
from samverkan.core.forms import form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.organisations import OrganisationType
from samverkan.people.selectors import persons_visible_to
from samverkan.rehab import employer_plans, selectors, services
from samverkan.rehab.access import ACTOR_MEETING, EMPLOYER_PLAN
from samverkan.rehab.actors import PLAN_CATEGORY
from samverkan.rehab.employer_forms import (
    ActorMeetingRequestForm,
    EmployerConsentForm,
    EmployerFactsForm,
    EmployerPlanVersionForm,
)
from samverkan.rehab.views.common import fetched_message, organisation_of, user_of

employer_official = allowed(EMPLOYER_PLAN)
meeting_official = allowed(ACTOR_MEETING)


# --- The employer ---------------------------------------------------------------------------------


@employer_official
def employer_list(request: HttpRequest) -> HttpResponse:
    rows = employer_plans.employer_overview(organisation=organisation_of(request), on=today())
    return render(request, "rehab/employer_list.html", {"rows": rows, "today": today()})


def _employer_page(request: HttpRequest, case: Case, status: int = 200, **bound: Any) -> HttpResponse:
    on = today()
    organisation = organisation_of(request)
    plan = employer_plans.plan_of(case)
    versions = list(employer_plans.versions_of(plan)) if plan is not None else []
    latest = versions[0] if versions else None
    fk = selectors.rehab_plan_last_asked(organisation=organisation, person=case.subject)
    consents = (
        Consent.objects.filter(
            person=case.subject, discloser=organisation, recipient__org_type=OrganisationType.FK.value
        )
        .select_related("recipient")
        .order_by("-valid_from", "-pk")
    )
    facts_initial = {"sick_leave_start": plan.sick_leave_start, "expected_days": plan.expected_days} if plan else {}
    context = {
        "case": case,
        "person": case.subject,
        "plan": plan,
        "deadline": employer_plans.deadline_of(plan, on=on) if plan is not None else None,
        "versions": versions,
        "latest": latest,
        "fk": fk,
        "coordination": employer_plans.released_coordination(organisation=organisation, person=case.subject),
        "consents": [c for c in consents if PLAN_CATEGORY in (c.categories or [])],
        "facts_form": bound.get("facts_form") or EmployerFactsForm(initial=facts_initial),
        "version_form": bound.get("version_form") or EmployerPlanVersionForm(latest=latest),
        "consent_form": bound.get("consent_form") or EmployerConsentForm(),
        "meeting_form": bound.get("meeting_form") or ActorMeetingRequestForm(),
        "today": on,
    }
    return render(request, "rehab/employer_case.html", context, status=status)


def _case(request: HttpRequest, case_id: int) -> Case:
    return employer_plans.employer_case(organisation=organisation_of(request), case_id=case_id)


NO_PLAN = employer_plans.NO_PLAN


@employer_official
def employer_case(request: HttpRequest, case_id: int) -> HttpResponse:
    return _employer_page(request, _case(request, case_id))


@employer_official
@require_POST
def employer_facts(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return form_submit(
        request,
        EmployerFactsForm(request.POST),
        lambda data: (
            employer_plans.employer_plan_facts_set(case=case, recorded_by=user_of(request), **data),
            "Sjukperioden är sparad; sista dag för planen är räknad.",
        )[1],
        done=lambda: redirect("rehab:employer_case", case_id=case.pk),
        failed=lambda form: _employer_page(request, case, status=400, facts_form=form),
    )


@employer_official
@require_POST
@submitted_once
def employer_version_add(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    plan = employer_plans.plan_of(case)
    if plan is None:
        messages.error(request, NO_PLAN)
        return redirect("rehab:employer_case", case_id=case.pk)
    latest = plan.versions.order_by("-number").first()
    form = EmployerPlanVersionForm(request.POST, latest=latest)

    def write(_data: dict[str, Any]) -> str:
        version = employer_plans.employer_plan_version_add(
            plan=plan, recorded_by=user_of(request), **form.service_data()
        )
        passage = version.passages.order_by("-pk").first()
        if passage is None:
            shared = " Den lämnas inte till Försäkringskassan: ingen samordning har lämnats ut till er."
        elif passage.released:
            shared = " Den är lämnad till Försäkringskassan genom sekretessgrinden."
        else:
            shared = " Försäkringskassan ser att planen finns men inte innehållet: " + passage.explanation
        return f"Version {version.number} av planen är sparad.{shared}"

    return form_submit(
        request,
        form,
        write,
        done=lambda: redirect("rehab:employer_case", case_id=case.pk),
        failed=lambda bound: _employer_page(request, case, status=400, version_form=bound),
    )


@employer_official
@require_POST
@submitted_once
def employer_consent(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    plan = employer_plans.plan_of(case)
    if plan is None:
        messages.error(request, NO_PLAN)
        return redirect("rehab:employer_case", case_id=case.pk)
    return form_submit(
        request,
        EmployerConsentForm(request.POST),
        lambda data: (
            employer_plans.employer_plan_consent_register(plan=plan, registered_by=user_of(request), **data),
            "Samtycket är registrerat. Den senaste versionen av planen har lämnats till Försäkringskassan på nytt.",
        )[1],
        done=lambda: redirect("rehab:employer_case", case_id=case.pk),
        failed=lambda form: _employer_page(request, case, status=400, consent_form=form),
    )


@employer_official
@require_POST
def employer_plan_fetch(request: HttpRequest, case_id: int) -> HttpResponse:
    """ "Hämta planen": the employer asks FK's gate on purpose for its part of FK's plan; logged in its name."""
    case = _case(request, case_id)
    view = selectors.rehab_plan_for_actor(requester=user_of(request), person=case.subject, case=case, on=today())
    messages.success(request, fetched_message(view))
    return redirect("rehab:employer_case", case_id=case.pk)


def _meeting_write(request: HttpRequest, coordination: Any) -> Any:
    def write(data: dict[str, Any]) -> str:
        services.meeting_request(coordination=coordination, requested_by=user_of(request), **data)
        return "Begäran om avstämningsmöte är skickad till Försäkringskassan."

    return write


@employer_official
@require_POST
@submitted_once
def employer_meeting_request(request: HttpRequest, case_id: int, coordination_id: int) -> HttpResponse:
    case = _case(request, case_id)
    coordination = selectors.coordination_released_to(
        organisation=organisation_of(request), person=case.subject, coordination_id=coordination_id
    )
    return form_submit(
        request,
        ActorMeetingRequestForm(request.POST),
        _meeting_write(request, coordination),
        done=lambda: redirect("rehab:employer_case", case_id=case.pk),
        failed=lambda form: _employer_page(request, case, status=400, meeting_form=form),
    )


# --- Socialtjänsten and the employer, on the person's page of FK's plan ------------------------------


def actor_case_for(organisation: Any, person: Any) -> Case | None:
    return (
        Case.objects.for_organisation(organisation)
        .filter(members__person=person)
        .order_by("status", "-opened_on")
        .first()
    )


@meeting_official
@require_POST
@submitted_once
def actor_meeting_request(request: HttpRequest, person_id: int, coordination_id: int) -> HttpResponse:
    organisation = organisation_of(request)
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    coordination = selectors.coordination_released_to(
        organisation=organisation, person=person, coordination_id=coordination_id
    )

    def failed(form: Any) -> HttpResponse:
        view = selectors.rehab_plan_last_asked(organisation=organisation, person=person)
        context = {
            "person": person,
            "case": actor_case_for(organisation, person),
            "view": view,
            "meeting_form": form,
            "may_request_meeting": True,
        }
        return render(request, "rehab/actor_plan.html", context, status=400)

    return form_submit(
        request,
        ActorMeetingRequestForm(request.POST),
        _meeting_write(request, coordination),
        done=lambda: redirect("rehab:actor_plan", person_id=person.pk),
        failed=failed,
    )
