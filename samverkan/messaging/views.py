"""Communication views: administrative questions, the dashboard, e-mail, absence, the contact directory.

Thin function views: every query is scoped to ``request.organisation`` through the selectors,
every write is a service; another organisation's question gives 404.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.models import Unit, User
from samverkan.cases.models import Case
from samverkan.core import searches
from samverkan.core.clock import today
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.domain.callback import SOURCE as CALLBACK_SOURCE
from samverkan.domain.callback import callback_overdue
from samverkan.domain.contact_person import TERM_MEETING_MAX_MINUTES, TERM_MEETING_SOURCE, term_of
from samverkan.domain.organisations import Role
from samverkan.messaging import selectors, services
from samverkan.messaging.access import CALLBACKS, OWN, QUESTIONS, TERM_MEETINGS
from samverkan.messaging.forms import (
    AbsenceForm,
    AdminAnswerForm,
    AdminQuestionForm,
    CallbackDoneForm,
    CallbackForm,
    EmailForm,
    PhoneSituationForm,
    QuestionFilterForm,
    ResponsibleLookupForm,
    TermMeetingForm,
    TermMeetingHeldForm,
)
from samverkan.messaging.models import AdminQuestion, Callback, Topic
from samverkan.messaging.routing import QUESTION_ORG_TYPES, QUESTION_ROLES

_QUESTIONS = allowed(QUESTIONS)

#: Försäkringskassan's telephone lines (seed 000, Socialstyrelsen's Kunskapsguiden).
FK_LINES = {
    "ja": {
        "number": "0771-524 524",
        "name": "Försäkringskassans kundcenter för privatpersoner",
        "why": "När du hjälper din klient att ringa Försäkringskassan, med klienten med i samtalet, är du klientens "
        "ombud. Då ringer du kundcenter för privatpersoner.",
    },
    "nej": {
        "number": "0771-17 90 00",
        "name": "Försäkringskassans kundcenter för partner",
        "why": "När du ringer Försäkringskassan i din egen handläggning av ett ärende, utan att klienten är med, "
        "ringer du kundcenter för partner.",
    },
}
FK_LINES_SOURCE = (
    "Socialstyrelsen, Kunskapsguiden: Samverkan, kontroll och sekretess – Kontaktvägar till Försäkringskassan"
)


def _org(request: HttpRequest) -> Any:
    return request.organisation  # type: ignore[attr-defined]


def _user(request: HttpRequest) -> User:
    """The logged-in official (the permission decorators have checked it)."""
    return cast(User, request.user)


# --- Administrative questions ------------------------------------------------------------------


@allowed(OWN)
def index(request: HttpRequest) -> HttpResponse:
    """``/kommunikation/``: the questions for those who work with them, the contact directory for the others."""
    if _org(request).type in QUESTION_ORG_TYPES and _user(request).has_role(*QUESTION_ROLES):
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
    organisation = _org(request)
    user = _user(request)
    search = searches.list_search(request, QUESTION_SEARCH_SCOPE, reverse("messaging:questions"))
    if search.redirect is not None:
        return search.redirect
    form = QuestionFilterForm(
        search.params or None,
        counterparts=selectors.question_counterparts(organisation),
        initial={"visa": "att-besvara"},
    )
    filters = form.filters()
    found = selectors.question_search(organisation=organisation, user=user, **filters)
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


def _own_case(request: HttpRequest, reference: str) -> Case | None:
    return (
        Case.objects.for_organisation(_org(request))
        .filter(reference=reference.strip())
        .select_related("subject")
        .first()
    )


@_QUESTIONS
@submitted_once
def question_create(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    user = _user(request)
    initial: dict[str, Any] = {"sender_phone": user.phone or (request.unit.phone if request.unit else "")}  # type: ignore[attr-defined]
    case_id = request.GET.get("arende", "")
    if case_id.isdigit():
        case = Case.objects.for_organisation(organisation).filter(pk=int(case_id)).first()
        if case is not None:
            initial["case_reference"] = case.reference
    if request.GET.get("amne") in Topic.values:
        initial["topic"] = request.GET["amne"]
    form = AdminQuestionForm(request.POST or None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        case = _own_case(request, data["case_reference"])
        if case is None:
            form.add_error("case_reference", "Det finns inget ärende med det diarienumret i din organisation.")
        else:
            try:
                question = services.admin_question_send(
                    sender=user,
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
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Frågan är skickad till {question.recipient_organisation.name}. "
                    f"Sista svarsdag: {question.deadline.isoformat()}.",
                )
                return redirect("messaging:question_detail", question_id=question.pk)
    return render(request, "messaging/question_form.html", {"form": form}, status=400 if form.errors else 200)


def _question_or_404(request: HttpRequest, question_id: int) -> AdminQuestion:
    return get_object_or_404(selectors.questions_for_organisation(_org(request)), pk=question_id)


def _detail(request: HttpRequest, question: AdminQuestion, answer_form: AdminAnswerForm | None) -> dict[str, Any]:
    organisation = _org(request)
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
        and _user(request).has_role(Role.INSURANCE_INVESTIGATOR),
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
    if question.recipient_organisation_id != _org(request).pk:
        raise Http404
    form = AdminAnswerForm(request.POST, supplement=question.topic == Topic.SUPPLEMENT)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.admin_question_answer(
                question=question,
                author=_user(request),
                body=data["body"],
                kind=data.get("kind") or "answer",
                certificate_sent_on=data.get("certificate_sent_on"),
                secrecy_reviewed=data["secrecy_reviewed"],
                record_consent=data["record_consent"],
                consent_form=data["consent_form"] or "written",
                consent_valid_to=data["consent_valid_to"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Svaret är skickat till {question.sender_organisation.name}.")
            return redirect("messaging:question_detail", question_id=question.pk)
    question.refresh_from_db()
    return render(request, "messaging/question_detail.html", _detail(request, question, form), status=400)


@_QUESTIONS
@require_POST
def question_assess(request: HttpRequest, question_id: int) -> HttpResponse:
    """A försäkringsutredare assesses that FK's contact person may answer without breaking secrecy (seed 004)."""
    question = _question_or_404(request, question_id)
    if question.recipient_organisation_id != _org(request).pk:
        raise Http404
    try:
        services.contact_question_assess(question=question, assessor=_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Din bedömning är registrerad: kontaktpersonen kan svara om samtycke finns.")
    return redirect("messaging:question_detail", question_id=question.pk)


@_QUESTIONS
@require_POST
def question_close(request: HttpRequest, question_id: int) -> HttpResponse:
    question = _question_or_404(request, question_id)
    try:
        services.admin_question_close(question=question, closed_by=_user(request))
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Frågan är stängd.")
    return redirect("messaging:question_detail", question_id=question.pk)


@_QUESTIONS
def dashboard(request: HttpRequest) -> HttpResponse:
    organisation = _org(request)
    units = Unit.objects.filter(organisation=organisation).order_by("name")
    unit = request.unit  # type: ignore[attr-defined]
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


# --- Notifications -----------------------------------------------------------------------------


@allowed(OWN)
def notifications(request: HttpRequest) -> HttpResponse:
    items = selectors.notifications_for(_user(request))[:100]
    return render(request, "messaging/notifications.html", {"items": items})


@allowed(OWN)
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_for(_user(request)), pk=notification_id)
    services.notification_mark_read(notification=notification, user=_user(request))
    if notification.question_id and request.POST.get("open"):
        return redirect("messaging:question_detail", question_id=notification.question_id)
    if notification.callback_id and request.POST.get("open"):
        return redirect("messaging:callbacks")
    return redirect("messaging:notifications")


# --- E-mail ------------------------------------------------------------------------------------


@allowed(OWN)
@submitted_once
def email_compose(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = EmailForm(request.POST or None, user=user)
    blocked_lines: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.email_send(
                sender=user,
                recipient=data["recipient"],
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if result.sent:
                messages.success(request, f"Mejlet är skickat till {data['recipient'].get_full_name()}.")
                if result.auto_reply:
                    messages.info(request, result.auto_reply)
                return redirect("messaging:email")
            blocked_lines = result.message_lines
    status = 400 if (form.errors or blocked_lines) else 200
    return render(
        request,
        "messaging/email_form.html",
        {
            "form": form,
            "blocked_lines": blocked_lines,
            "sent": selectors.sent_emails_of(user)[:10],
            "blocked_count": selectors.blocked_email_count(user),
            "absence": selectors.absence_on(user),
        },
        status=status,
    )


# --- Absence -----------------------------------------------------------------------------------


@allowed(OWN)
@submitted_once
def absence(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    form = AbsenceForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.absence_register(user=user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Frånvaron är registrerad. Mejl till dig får ett automatiskt svar om ersättaren.")
            return redirect("messaging:absence")
    return render(
        request,
        "messaging/absence.html",
        {"form": form, "absences": selectors.absences_of(user)},
        status=400 if form.errors else 200,
    )


@allowed(OWN)
@require_POST
def absence_cancel(request: HttpRequest, absence_id: int) -> HttpResponse:
    item = get_object_or_404(selectors.absences_of(_user(request)), pk=absence_id)
    services.absence_cancel(absence=item, cancelled_by=_user(request))
    messages.success(request, "Frånvaron är borttagen.")
    return redirect("messaging:absence")


# --- Contact directory -------------------------------------------------------------------------


def _directory_context(request: HttpRequest, lookup_form: ResponsibleLookupForm) -> dict[str, Any]:
    phone_form = PhoneSituationForm(request.GET if "client_present" in request.GET else None)
    line = None
    if phone_form.is_bound and phone_form.is_valid():
        line = FK_LINES[phone_form.cleaned_data["client_present"]]
    return {
        "phone_form": phone_form,
        "line": line,
        "lines_source": FK_LINES_SOURCE,
        "assignments": selectors.fk_contact_assignments(),
        "rehab_coordinators": selectors.officials_with_role(Role.REHAB_COORDINATOR),
        "collaboration_leads": selectors.officials_with_role(Role.COLLABORATION_LEAD),
        "lookup_form": lookup_form,
        "lookup": None,
        "lookup_person": None,
    }


@allowed(OWN)
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "messaging/directory.html", _directory_context(request, ResponsibleLookupForm()))


@allowed(OWN)
@require_POST
def directory_responsible(request: HttpRequest) -> HttpResponse:
    form = ResponsibleLookupForm(request.POST)
    context = _directory_context(request, form)
    if form.is_valid():
        try:
            user = _user(request)
            person = services.person_for_lookup(viewer=user, identity_number=form.cleaned_data["identity_number"])
            context["lookup"] = services.responsible_officials_lookup(viewer=user, person=person)
            context["lookup_person"] = person
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "messaging/directory.html", context, status=400 if form.errors else 200)


# --- Call-back requests ------------------------------------------------------------------------

_CALLBACKS = allowed(CALLBACKS)
#: The lists of "Mina återkopplingar": (GET value, Swedish label).
CALLBACK_VIEWS = (("till-mig", "Till mig"), ("fran-mig", "Från mig"), ("klara", "Klara"))


@_CALLBACKS
def callbacks(request: HttpRequest) -> HttpResponse:
    """Mina återkopplingar: the call-backs to me (and my unit) and the ones I asked for."""
    user = _user(request)
    view = request.GET.get("visa", "till-mig")
    if view not in dict(CALLBACK_VIEWS):
        view = "till-mig"
    qs = selectors.callbacks_for(user)
    if view == "till-mig":
        qs = qs.filter(status=Callback.Status.OPEN).exclude(requester=user)
    elif view == "fran-mig":
        qs = qs.filter(requester=user, status=Callback.Status.OPEN)
    else:
        qs = qs.filter(status=Callback.Status.DONE).order_by("-done_at", "-pk")
    day = today()
    rows = [
        {
            "callback": c,
            "overdue": c.is_open and callback_overdue(c.due_on, day),
            "may_mark_done": c.is_open
            and c.recipient_organisation_id == _org(request).pk
            and (c.recipient_id == user.pk or c.recipient_unit_id == user.unit_id),
        }
        for c in qs[:300]
    ]
    return render(
        request,
        "messaging/callbacks.html",
        {
            "rows": rows,
            "view": view,
            "views": CALLBACK_VIEWS,
            "counts": selectors.callback_counts(user, day),
            "done_form": CallbackDoneForm(),
            "source": CALLBACK_SOURCE,
        },
    )


@_CALLBACKS
@submitted_once
def callback_create(request: HttpRequest) -> HttpResponse:
    user = _user(request)
    organisation = _org(request)
    initial: dict[str, Any] = {"phone": user.phone or (request.unit.phone if request.unit else "")}  # type: ignore[attr-defined]
    case_id = request.GET.get("arende", "")
    if case_id.isdigit():
        case = Case.objects.for_organisation(organisation).filter(pk=int(case_id)).first()
        if case is not None:
            initial["case_reference"] = case.reference
    to = request.GET.get("till", "")
    if to.isdigit():
        initial["recipient"] = int(to)
    form = CallbackForm(request.POST or None, user=user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        reference = (data["case_reference"] or "").strip()
        case = _own_case(request, reference) if reference else None
        if reference and case is None:
            form.add_error("case_reference", "Det finns inget ärende med det diarienumret i din organisation.")
        else:
            try:
                callback = services.callback_request(
                    requester=user,
                    subject=data["subject"],
                    channel=data["channel"],
                    recipient=data["recipient"],
                    recipient_organisation=data["recipient_organisation"],
                    case=case,
                    phone=data["phone"],
                    time_window=data["time_window"],
                    secrecy_reviewed=data["secrecy_reviewed"],
                    record_consent=data["record_consent"],
                    consent_form=data["consent_form"] or "written",
                    consent_valid_to=data["consent_valid_to"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Begäran om återkoppling är skickad till {callback.recipient.get_full_name()} "
                    f"({callback.recipient_organisation.name}). Återkoppling senast {callback.due_on.isoformat()}.",
                )
                return redirect(reverse("messaging:callbacks") + "?visa=fran-mig")
    return render(
        request,
        "messaging/callback_form.html",
        {"form": form, "source": CALLBACK_SOURCE},
        status=400 if form.errors else 200,
    )


@_CALLBACKS
@require_POST
def callback_mark_done(request: HttpRequest, callback_id: int) -> HttpResponse:
    callback = get_object_or_404(selectors.callbacks_for(_user(request)), pk=callback_id)
    form = CallbackDoneForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("messaging:callbacks")
    try:
        services.callback_done(callback=callback, done_by=_user(request), note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Återkopplingen är markerad som gjord.")
    return redirect("messaging:callbacks")


# --- The contact person's meeting once a term --------------------------------------------------

_TERM_MEETINGS = allowed(TERM_MEETINGS)


@_TERM_MEETINGS
def term_meetings(request: HttpRequest) -> HttpResponse:
    user = _user(request)
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
    user = _user(request)
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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = services.term_meeting_book(
                assignment=assignment,
                booked_by=user,
                meeting_on=data["meeting_on"],
                meeting_time=data["meeting_time"],
                place=data["place"],
                video_link=data["video_link"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Terminsmötet med {assignment.unit.name} är bokat {localtime(meeting.starts_at):%Y-%m-%d kl. %H:%M}.",
            )
            return redirect("messaging:term_meetings")
    return render(
        request,
        "messaging/term_meeting_form.html",
        {"form": form, "assignment": assignment, "current": current, "period": period},
        status=400 if form.errors else 200,
    )


@_TERM_MEETINGS
@require_POST
def term_meeting_held(request: HttpRequest, meeting_id: int) -> HttpResponse:
    user = _user(request)
    meeting = get_object_or_404(selectors.term_meetings_visible_to(user), pk=meeting_id)
    form = TermMeetingHeldForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, str(message))
        return redirect("messaging:term_meetings")
    try:
        services.term_meeting_held(meeting=meeting, by=user, note=form.cleaned_data["note"])
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, "Mötet är registrerat som genomfört.")
    return redirect("messaging:term_meetings")
