"""Ekonomiskt bistånd in the browser: thin function views over services and selectors.

Every query is scoped to ``request.organisation``; another organisation's application,
case or run is a 404. Only socialsekreterare and enhetschefer of a socialnämnd reach these pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.assistance import controls, runs, selectors, services
from samverkan.assistance.access import ASSISTANCE
from samverkan.assistance.forms import (
    ApplicationForm,
    AssessmentForm,
    CostFormSet,
    CostRowForm,
    DecisionForm,
    IncomeFormSet,
    IncomeRowForm,
    PaymentForm,
    RepaymentForm,
)
from samverkan.assistance.models import Application, ControlRun
from samverkan.assistance.tasks import control_run_task
from samverkan.cases.models import Case, CaseMember
from samverkan.core.clock import today
from samverkan.core.forms import add_service_errors, form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.controls import ASSESSMENT_NOTE
from samverkan.domain.dates import month_name
from samverkan.domain.money import format_money


def _case(request: OfficialRequest, case_id: int) -> Case:
    return get_object_or_404(selectors.assistance_cases(request.organisation), pk=case_id)


def _application(request: OfficialRequest, application_id: int) -> Application:
    try:
        return selectors.application_detail(organisation=request.organisation, application_id=application_id)
    except Application.DoesNotExist as exc:
        raise Http404("Ansökan finns inte.") from exc


def _case_member_choices(case: Case) -> list[tuple[int, str]]:
    members = CaseMember.objects.filter(case=case).select_related("person").order_by("pk")
    return [(m.person_id, f"{m.person.full_name} ({m.get_relation_display().lower()})") for m in members]


def _application_member_choices(application: Application) -> list[tuple[int, str]]:
    relations = dict(CaseMember.Relation.choices)
    return [
        (m.person_id, f"{m.person.full_name} ({relations.get(m.relation, m.relation).lower()})")
        for m in application.members.all()
    ]


@allowed(ASSISTANCE)
def application_list(request: OfficialRequest) -> HttpResponse:
    applications = selectors.applications_for_organisation(request.organisation).order_by("-month", "case__reference")
    status = request.GET.get("status", "")
    if status in Application.Status.values:
        applications = applications.filter(status=status)
    return render(
        request,
        "assistance/application_list.html",
        {"applications": applications[:300], "status": status, "statuses": Application.Status.choices},
    )


@allowed(ASSISTANCE)
def case_applications(request: OfficialRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    return render(
        request,
        "assistance/case_applications.html",
        {"case": case, "applications": selectors.applications_for_case(organisation=request.organisation, case=case)},
    )


def _service_errors_to_formsets(error: ValidationError, form: Any, formsets: dict[str, tuple[Any, list[int]]]) -> None:
    """Route ``incomes-2-amount`` style errors from the service to the row they concern."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    rest: dict[str, list[Any]] = {}
    for key, errors in error.error_dict.items():
        prefix, _, tail = key.partition("-")
        if prefix in formsets and tail:
            formset, rows = formsets[prefix]
            index_text, _, field = tail.partition("-")
            row_form = formset.forms[rows[int(index_text)]]
            for e in errors:
                row_form.add_error(field if field in row_form.fields else None, e)
        else:
            rest[key] = errors
    if rest:
        add_service_errors(form, ValidationError(rest))


@allowed(ASSISTANCE)
@submitted_once
def application_create(request: OfficialRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    members = _case_member_choices(case)
    data = request.POST if request.method == "POST" else None
    form = ApplicationForm(data)
    incomes = IncomeFormSet(data, prefix="incomes", members=members)
    costs = CostFormSet(data, prefix="costs")
    status = 200
    if request.method == "POST":
        if form.is_valid() and incomes.is_valid() and costs.is_valid():
            person_by_id = {p.pk: p for p in (m.person for m in case.members.select_related("person"))}
            income_rows = incomes.filled()
            cost_rows = costs.filled()
            try:
                application = services.application_create(
                    case=case,
                    month=form.cleaned_data["month"],
                    received_on=form.cleaned_data["received_on"],
                    applied_amount=form.cleaned_data["applied_amount"],
                    note=form.cleaned_data["note"],
                    created_by=request.user,
                    incomes=[
                        services.IncomeInput(
                            person=person_by_id[int(f.cleaned_data["person"])],
                            kind=f.cleaned_data["kind"],
                            source=f.cleaned_data["source"],
                            amount=f.cleaned_data["amount"],
                            received_on=f.cleaned_data["received_on"],
                            description=f.cleaned_data["description"],
                        )
                        for _, f in income_rows
                    ],
                    costs=[
                        services.CostInput(
                            kind=f.cleaned_data["kind"],
                            amount=f.cleaned_data["amount"],
                            description=f.cleaned_data["description"],
                        )
                        for _, f in cost_rows
                    ],
                )
            except ValidationError as exc:
                _service_errors_to_formsets(
                    exc,
                    form,
                    {"incomes": (incomes, [i for i, _ in income_rows]), "costs": (costs, [i for i, _ in cost_rows])},
                )
            else:
                messages.success(
                    request,
                    f"Ansökan för {month_name(application.month)} är registrerad. {_refresh(request, application)}",
                )
                return redirect("assistance:detail", application_id=application.pk)
        status = 400
    return render(
        request,
        "assistance/application_form.html",
        {"case": case, "form": form, "incomes": incomes, "costs": costs, "has_errors": status == 400},
        status=status,
    )


def _payment_choices(application: Application) -> list[tuple[int, str]]:
    return [
        (
            p.pk,
            f"{p.paid_on:%Y-%m-%d} {p.get_kind_display().lower()} till {p.recipient.full_name}, {format_money(p.amount)}",
        )
        for p in selectors.payments_for_application(application)
    ]


def _detail_context(request: OfficialRequest, application: Application, **forms: Any) -> dict[str, Any]:
    members = _application_member_choices(application)
    checklist = selectors.checklist_for(
        organisation=request.organisation, case=application.case, month=application.month
    )
    context: dict[str, Any] = {
        "application": application,
        "case": application.case,
        "members": application.members.all(),
        "incomes": application.incomes.all(),
        "costs": application.costs.all(),
        "payments": selectors.payments_for_application(application),
        "checklist": checklist,
        "assessment_note": ASSESSMENT_NOTE,
        "month_name": month_name(application.month),
        "controls_possible": application.month <= today(),
        "assessment_form": AssessmentForm(members=list(application.members.all()), on=application.month),
        "income_form": IncomeRowForm(members=members, prefix="income"),
        "cost_form": CostRowForm(prefix="cost"),
        "decision_form": DecisionForm(),
        "payment_form": PaymentForm(members=members, month=application.month),
        "repayment_form": RepaymentForm(payments=_payment_choices(application)),
    }
    context.update(forms)
    assessment = context["assessment_form"]
    assessed = {m.person_id for m in assessment.members}
    context["assessment_rows"] = [
        (m, assessment[f"able_{m.person_id}"] if m.person_id in assessed else None)
        for m in application.members.all()  # prefetched with their persons (selectors.application_detail)
    ]
    context["forms_with_errors"] = [f for f in forms.values() if f.errors]
    return context


@allowed(ASSISTANCE)
def application_detail(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    return render(request, "assistance/application_detail.html", _detail_context(request, application))


def _rerender(request: OfficialRequest, application: Application, **forms: Any) -> HttpResponse:
    return render(
        request, "assistance/application_detail.html", _detail_context(request, application, **forms), status=400
    )


def _refresh(request: OfficialRequest, application: Application) -> str:
    """Run the application's controls now (through the gate); the message says how it went."""
    if application.month > today():
        return "Kontrollerna görs när månaden har börjat."
    try:
        outcome = controls.application_controls_refresh(application=application, requester=request.user)
    except ValidationError as exc:
        return " ".join(exc.messages)
    return outcome.message


@allowed(ASSISTANCE)
@require_POST
def application_controls(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    messages.success(request, _refresh(request, application))
    return redirect("assistance:detail", application_id=application.pk)


def _post(
    request: OfficialRequest,
    application: Application,
    form: Any,
    form_key: str,
    write: Callable[[dict[str, Any]], str],
) -> HttpResponse:
    """One POST on the application page: back to it, or the page again with the form's errors."""
    return form_submit(
        request,
        form,
        write,
        done=lambda: redirect("assistance:detail", application_id=application.pk),
        failed=lambda bound: _rerender(request, application, **{form_key: bound}),
    )


def _member(application: Application, person_id: Any) -> Any:
    return next(m.person for m in application.members.all() if m.person_id == int(person_id))


@allowed(ASSISTANCE)
@require_POST
def application_assess(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)
    form = AssessmentForm(request.POST, members=list(application.members.all()), on=application.month)

    def write(data: dict[str, Any]) -> str:
        services.application_update(
            application=application,
            updated_by=request.user,
            able_to_work=form.assessments(),
        )
        return f"Bedömningen av arbetsförmåga är sparad. {_refresh(request, application)}"

    return _post(request, application, form, "assessment_form", write)


@allowed(ASSISTANCE)
@require_POST
@submitted_once
def income_add(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)

    def write(data: dict[str, Any]) -> str:
        services.income_add(
            application=application,
            person=_member(application, data["person"]),
            kind=data["kind"],
            source=data["source"],
            amount=data["amount"],
            received_on=data["received_on"],
            description=data["description"],
            added_by=request.user,
        )
        return f"Inkomsten är tillagd. {_refresh(request, application)}"

    form = IncomeRowForm(request.POST, members=_application_member_choices(application), prefix="income")
    return _post(request, application, form, "income_form", write)


@allowed(ASSISTANCE)
@require_POST
@submitted_once
def cost_add(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)

    def write(data: dict[str, Any]) -> str:
        services.cost_add(
            application=application,
            kind=data["kind"],
            amount=data["amount"],
            description=data["description"],
            added_by=request.user,
        )
        return "Kostnaden är tillagd."

    return _post(request, application, CostRowForm(request.POST, prefix="cost"), "cost_form", write)


@allowed(ASSISTANCE)
@require_POST
def application_decide(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)

    def write(data: dict[str, Any]) -> str:
        services.application_decide(
            application=application,
            decision=data["decision"],
            granted_amount=data["granted_amount"],
            decided_on=data["decided_on"],
            motivation=data["motivation"],
            decided_by=request.user,
        )
        return "Beslutet är registrerat."

    return _post(request, application, DecisionForm(request.POST), "decision_form", write)


@allowed(ASSISTANCE)
@require_POST
@submitted_once
def payment_register(request: OfficialRequest, application_id: int) -> HttpResponse:
    application = _application(request, application_id)

    def write(data: dict[str, Any]) -> str:
        services.payment_register(
            application=application,
            recipient=_member(application, data["recipient"]),
            kind=data["kind"],
            amount=data["amount"],
            period_start=data["period_start"],
            period_end=data["period_end"],
            paid_on=data["paid_on"],
            advance_benefit=data["advance_benefit"],
            advance_written_notice=data["advance_written_notice"],
            registered_by=request.user,
        )
        return "Utbetalningen är registrerad."

    form = PaymentForm(request.POST, members=_application_member_choices(application), month=application.month)
    return _post(request, application, form, "payment_form", write)


@allowed(ASSISTANCE)
@require_POST
@submitted_once
def repayment_register(request: OfficialRequest, application_id: int) -> HttpResponse:
    """Record that the person paid back bistånd; återsökning deducts it (SFB 107 kap. 5 §)."""
    application = _application(request, application_id)
    payments = _payment_choices(application)

    def write(data: dict[str, Any]) -> str:
        services.repayment_register(
            payment=selectors.payments_for_application(application).get(pk=int(data["payment"])),
            amount=data["amount"],
            repaid_on=data["repaid_on"],
            note=data["note"],
            recorded_by=request.user,
        )
        return "Återbetalningen är registrerad. Den dras av vid återsökning för perioden."

    form = RepaymentForm(request.POST, payments=payments)
    return _post(request, application, form, "repayment_form", write)


# --- Control runs --------------------------------------------------------------------------------


@allowed(ASSISTANCE)
@submitted_once
def control_runs(request: OfficialRequest) -> HttpResponse:
    from samverkan.assistance.forms import ControlRunForm

    organisation = request.organisation
    form = ControlRunForm(request.POST or None)
    if request.method == "POST":

        def start(data: dict[str, Any]) -> str:
            month: dt.date = services.month_start(data["month"])
            if month > today():
                raise ValidationError({"month": "Månaden har inte börjat; kontrollerna kan inte göras än."})
            control_run_task.enqueue(organisation.pk, month.isoformat(), request.user.pk)
            return f"Kontrollkörningen för {month_name(month)} är startad. Ladda om sidan för att se resultatet."

        return form_submit(
            request,
            form,
            start,
            done=lambda: redirect("assistance:runs"),
            failed=lambda bound: _runs_page(request, bound),
        )
    return _runs_page(request, form)


def _runs_page(request: OfficialRequest, form: Any) -> HttpResponse:
    organisation = request.organisation
    runs_list = list(selectors.control_runs_for(organisation)[:50])
    months = sorted({r.month for r in runs_list}, reverse=True)
    counts = selectors.result_counts_by_month(organisation=organisation, months=months)
    return render(
        request,
        "assistance/control_runs.html",
        {
            "runs": runs_list,
            "months": [(m, month_name(m), counts[m]) for m in months],
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@allowed(ASSISTANCE)
def control_run_detail(request: OfficialRequest, run_id: int) -> HttpResponse:
    organisation = request.organisation
    run = get_object_or_404(ControlRun.objects.filter(organisation=organisation), pk=run_id)
    result = request.GET.get("resultat", "")
    rows = selectors.case_results_for_month(organisation=organisation, month=run.month, result=result)
    return render(
        request,
        "assistance/control_run_detail.html",
        {
            "run": run,
            "month_name": month_name(run.month),
            "counts": selectors.result_counts(organisation=organisation, month=run.month),
            "rows": rows,
            "result": result,
            "progress": runs.run_progress(run),
        },
    )
