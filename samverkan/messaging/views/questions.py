"""Administrative questions: the list with its search, a new question, the question with its answers, the
försäkringsutredare's assessment for FK's contact person, closing, and the unit's dashboard.

Every query is scoped to ``request.organisation`` through the selectors; another organisation's question gives 404.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.models import Unit
from samverkan.accounts.requests import OfficialRequest
from samverkan.core import searches
from samverkan.core.clock import today
from samverkan.core.forms import form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.organisations import Role
from samverkan.messaging import selectors, services
from samverkan.messaging.access import OWN, QUESTIONS
from samverkan.messaging.forms import AdminAnswerForm, AdminQuestionForm, QuestionFilterForm
from samverkan.messaging.models import AdminQuestion, Topic
from samverkan.messaging.routing import QUESTION_ORG_TYPES, QUESTION_ROLES
from samverkan.messaging.views.common import (
    case_reference_initial,
    flash_errors,
    organisation_of,
    own_case,
    own_phone,
    user_of,
)

_QUESTIONS = allowed(QUESTIONS)


@allowed(OWN)
def index(request: HttpRequest) -> HttpResponse:
    """``/kommunikation/``: the questions for those who work with them, the contact directory for the others."""
    if organisation_of(request).type in QUESTION_ORG_TYPES and user_of(request).has_role(*QUESTION_ROLES):
        return redirect("messaging:questions")
    return redirect("messaging:directory")


#: The question list's searches, kept out of the URL (``samverkan.core.searches``).
QUESTION_SEARCH_SCOPE = "messaging.questions"
QUESTIONS_PER_PAGE = 50


@_QUESTIONS
def question_list(request: HttpRequest) -> HttpResponse:
    """ "Administrativa frågor": the questions 50 a page, with filters (``?visa=``, ``?whose=mine``…) and a search.

    The search (a name, personnummer, question number or diarienummer) is sent by POST and shown at
    ``?sok=<token>``; the filters alone are plain links, so no number stands in a URL.
    """
    organisation = organisation_of(request)
    search = searches.list_search(request, QUESTION_SEARCH_SCOPE, reverse("messaging:questions"))
    if search.redirect is not None:
        return search.redirect
    form = QuestionFilterForm(
        search.params or None,
        counterparts=selectors.question_counterparts(organisation),
        initial={"visa": "att-besvara"},
    )
    filters = form.filters()
    found = selectors.question_search(organisation=organisation, user=user_of(request), **filters)
    page = Paginator(found, QUESTIONS_PER_PAGE).get_page(request.GET.get("sida"))
    day = today()
    rows = [
        {
            "question": q,
            "state": selectors.deadline_state(q, day),
            "status": q.status_label_for(organisation),
            "received": q.recipient_organisation_id == organisation.pk,
        }
        for q in page.object_list
    ]
    return render(
        request,
        "messaging/question_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "view": filters["view"],
            "views": (*selectors.QUESTION_VIEWS, *selectors.QUESTION_EXTRA_VIEWS),
            "counts": selectors.question_counts(organisation),
            "query": search.query,
            "filters": filters,
            "expired": search.expired,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@_QUESTIONS
@submitted_once
def question_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"sender_phone": own_phone(request), **case_reference_initial(request)}
    if request.GET.get("amne") in Topic.values:
        initial["topic"] = request.GET["amne"]
    form = AdminQuestionForm(request.POST or None, organisation=organisation_of(request), initial=initial)

    def page(bound: forms.Form) -> HttpResponse:
        return render(request, "messaging/question_form.html", {"form": bound}, status=400 if bound.errors else 200)

    if request.method != "POST":
        return page(form)
    sent: list[AdminQuestion] = []

    def write(data: dict[str, Any]) -> str:
        case = own_case(request, data["case_reference"])
        if case is None:
            raise ValidationError({"case_reference": "Det finns inget ärende med det diarienumret i din organisation."})
        question = services.admin_question_send(
            sender=user_of(request),
            case=case,
            recipient_organisation=data["recipient_organisation"],
            recipient_unit=data["recipient_unit"],
            topic=data["topic"],
            body=data["body"],
            meeting_reason=data["meeting_reason"] or "",
            proposed_meeting_on=data["proposed_meeting_on"],
            sender_phone=data["sender_phone"],
            secrecy_reviewed=data["secrecy_reviewed"],
            record_consent=data["record_consent"],
            consent_form=data["consent_form"] or "written",
            consent_valid_to=data["consent_valid_to"],
        )
        sent.append(question)
        return (
            f"Frågan är skickad till {question.recipient_organisation.name}. "
            f"Sista svarsdag: {question.deadline.isoformat()}."
        )

    return form_submit(
        request, form, write, done=lambda: redirect("messaging:question_detail", question_id=sent[0].pk), failed=page
    )


def _question_or_404(request: HttpRequest, question_id: int) -> AdminQuestion:
    return get_object_or_404(selectors.questions_for_organisation(organisation_of(request)), pk=question_id)


def _detail(request: HttpRequest, question: AdminQuestion, answer_form: AdminAnswerForm | None) -> dict[str, Any]:
    organisation = organisation_of(request)
    is_receiver = question.recipient_organisation_id == organisation.pk
    if answer_form is None and is_receiver and question.status != AdminQuestion.Status.CLOSED:
        answer_form = AdminAnswerForm(supplement=question.topic == Topic.SUPPLEMENT)
    return {
        "question": question,
        "is_receiver": is_receiver,
        "status": question.status_label_for(organisation),
        "state": selectors.deadline_state(question, today()),
        "answers": question.answers.select_related("author", "author_unit", "author_organisation").order_by(
            "created_at", "pk"
        ),
        "answer_form": answer_form,
        "own_case": question.recipient_case if is_receiver else question.sender_case,
        "escalation": getattr(question, "escalation", None),
        "reminder": getattr(question, "answer_reminder", None),
        "sender_role": Role(question.sender_role).label,
        "recipient_role": Role(question.recipient_role).label,
        "to_contact_person": is_receiver and question.recipient_role == Role.FK_CONTACT_PERSON.value,
        "may_assess": is_receiver
        and question.recipient_role == Role.FK_CONTACT_PERSON.value
        and question.status != AdminQuestion.Status.CLOSED
        and user_of(request).has_role(Role.INSURANCE_INVESTIGATOR),
    }


@_QUESTIONS
def question_detail(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question_or_404(request, question_id)
    return render(request, "messaging/question_detail.html", _detail(request, question, None))


@_QUESTIONS
@require_POST
@submitted_once
def question_answer(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question_or_404(request, question_id)
    if question.recipient_organisation_id != organisation_of(request).pk:
        raise Http404

    def write(data: dict[str, Any]) -> str:
        services.admin_question_answer(
            question=question,
            author=user_of(request),
            body=data["body"],
            kind=data.get("kind") or "answer",
            certificate_sent_on=data.get("certificate_sent_on"),
            secrecy_reviewed=data["secrecy_reviewed"],
            record_consent=data["record_consent"],
            consent_form=data["consent_form"] or "written",
            consent_valid_to=data["consent_valid_to"],
        )
        return f"Svaret är skickat till {question.sender_organisation.name}."

    def failed(bound: forms.Form) -> HttpResponse:
        question.refresh_from_db()
        context = _detail(request, question, cast(AdminAnswerForm, bound))
        return render(request, "messaging/question_detail.html", context, status=400)

    return form_submit(
        request,
        AdminAnswerForm(request.POST, supplement=question.topic == Topic.SUPPLEMENT),
        write,
        done=lambda: redirect("messaging:question_detail", question_id=question.pk),
        failed=failed,
    )


@_QUESTIONS
@require_POST
def question_assess(request: HttpRequest, question_id: int) -> HttpResponse:
    """A försäkringsutredare assesses that FK's contact person may answer without breaking secrecy (seed 004)."""
    question = _question_or_404(request, question_id)
    if question.recipient_organisation_id != organisation_of(request).pk:
        raise Http404
    try:
        services.contact_question_assess(question=question, assessor=user_of(request))
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, "Din bedömning är registrerad: kontaktpersonen kan svara om samtycke finns.")
    return redirect("messaging:question_detail", question_id=question.pk)


@_QUESTIONS
@require_POST
def question_close(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question_or_404(request, question_id)
    try:
        services.admin_question_close(question=question, closed_by=user_of(request))
    except ValidationError as exc:
        flash_errors(request, exc.messages)
    else:
        messages.success(request, "Frågan är stängd.")
    return redirect("messaging:question_detail", question_id=question.pk)


@_QUESTIONS
def dashboard(request: OfficialRequest) -> HttpResponse:
    organisation = organisation_of(request)
    units = Unit.objects.filter(organisation=organisation).order_by("name")
    unit = request.unit
    chosen = request.GET.get("enhet", "")
    if chosen.isdigit():
        unit = get_object_or_404(units, pk=int(chosen))
    board = selectors.unit_dashboard(organisation=organisation, unit=unit)
    callback_stats = selectors.callback_stats(
        organisation=organisation, first=board.period_start or board.on, last=board.on, unit=unit, on=board.on
    )
    return render(
        request, "messaging/dashboard.html", {"board": board, "units": units, "callback_stats": callback_stats}
    )
