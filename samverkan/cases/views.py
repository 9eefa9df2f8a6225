from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases import selectors, services
from samverkan.cases.access import CASES
from samverkan.cases.forms import (
    CaseCloseForm,
    CaseCreateForm,
    CaseFilterForm,
    CaseMemberForm,
    JournalNoteForm,
    ReasonForm,
)
from samverkan.cases.models import Case, JournalEntry
from samverkan.core import searches
from samverkan.core.forms import add_service_errors
from samverkan.core.navigation import case_panels_for
from samverkan.core.once import submitted_once
from samverkan.domain.organisations import OrganisationType

CASES_PER_PAGE = 50


#: The case list's searches, kept out of the URL (``samverkan.core.searches``).
SEARCH_SCOPE = "cases.list"


@allowed(CASES)
def case_list(request: OfficialRequest) -> HttpResponse:
    """The organisation's cases with search and filters, 50 a page (works without JavaScript).

    The search (free text, which may be a personnummer) is sent by POST and shown at ``?sok=<token>``; an old
    ``?q=`` link is moved into a token the same way. The filters alone still work as plain links (``?mine=on``).
    """
    organisation = request.organisation
    search = searches.list_search(request, SEARCH_SCOPE, reverse("cases:list"))
    if search.redirect is not None:
        return search.redirect
    params, query = search.params, search.query
    form = CaseFilterForm(params or None, organisation=organisation)
    filters = form.filters()
    cases = selectors.case_search(organisation=organisation, user=request.user, **filters)
    page = Paginator(cases, CASES_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "cases/case_list.html",
        {
            "form": form,
            "page": page,
            "cases": page.object_list,
            "query": query,
            "filters": filters,
            "expired": search.expired,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@allowed(CASES)
def case_detail(request: OfficialRequest, case_id: int) -> HttpResponse:
    organisation = request.organisation
    case = get_object_or_404(selectors.cases_for_organisation(organisation), pk=case_id)
    return render(
        request,
        "cases/case_detail.html",
        {
            "case": case,
            "members": case.members.select_related("person").order_by("relation"),
            # Socialtjänsten's ärenden concern a household (members can be added); other agencies' one person.
            # The case is one of the official's organisation (the selector is scoped to it).
            "household": organisation.type is OrganisationType.SOCIAL_SERVICES,
            "member_form": CaseMemberForm(),
            "close_form": CaseCloseForm(),
            "journal": selectors.journal_for_case(case),
            "note_form": JournalNoteForm(),
            "journal_writable": not case.is_cancelled,
            "panels": case_panels_for(request, case),
        },
    )


@allowed(CASES)
@submitted_once
def case_create(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    form = CaseCreateForm(request.POST or None, organisation=organisation, initial={"unit": request.unit})
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(organisation=organisation, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Ärende {case.reference} är upplagt.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/case_form.html", {"form": form}, status=400 if form.errors else 200)


@allowed(CASES)
@submitted_once
def case_add_member(request: OfficialRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(selectors.cases_for_organisation(request.organisation), pk=case_id)
    form = CaseMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.case_add_member(case=case, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{member.person.full_name} är tillagd i hushållet.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/member_form.html", {"form": form, "case": case}, status=400 if form.errors else 200)


@allowed(CASES)
def case_close(request: OfficialRequest, case_id: int) -> HttpResponse:
    case = get_object_or_404(selectors.cases_for_organisation(request.organisation), pk=case_id)
    form = CaseCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(case=case, closed_on=form.cleaned_data["closed_on"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Ärende {case.reference} är avslutat.")
            return redirect("cases:detail", case_id=case.pk)
    return render(request, "cases/close_form.html", {"form": form, "case": case}, status=400 if form.errors else 200)


def _own_case(request: OfficialRequest, case_id: int) -> Case:
    return get_object_or_404(selectors.cases_for_organisation(request.organisation), pk=case_id)


def _journal_entry(request: OfficialRequest, case: Case, entry_id: int | str | None) -> JournalEntry:
    try:
        return selectors.journal_entry_in(
            organisation=request.organisation,
            case_id=case.pk,
            entry_id=int(entry_id or 0),
        )
    except (JournalEntry.DoesNotExist, ValueError):
        raise Http404("Anteckningen finns inte.") from None


@allowed(CASES)
@submitted_once
def journal_note(request: OfficialRequest, case_id: int) -> HttpResponse:
    """Write a journal note (or, with ``?rattar=<id>``, a correction of an earlier entry, which stays as it was)."""
    case = _own_case(request, case_id)
    corrects_id = request.POST.get("corrects") if request.method == "POST" else request.GET.get("rattar")
    corrects = _journal_entry(request, case, corrects_id) if corrects_id else None
    form = JournalNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_note_write(
                case=case,
                actor=request.user,
                text=form.cleaned_data["text"],
                corrects=corrects,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Anteckningen är sparad i journalen.")
            return redirect(reverse("cases:detail", args=[case.pk]) + "#journal")
    return render(
        request,
        "cases/journal_note_form.html",
        {"form": form, "case": case, "corrects": corrects},
        status=400 if form.errors else 200,
    )


@allowed(CASES)
def journal_void(request: OfficialRequest, case_id: int, entry_id: int) -> HttpResponse:
    """Confirm and mark a journal entry written in error as makulerad (it stays in the journal, struck out)."""
    case = _own_case(request, case_id)
    entry = _journal_entry(request, case, entry_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.journal_entry_void(entry=entry, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Anteckningen är makulerad. Den finns kvar i journalen, överstruken.")
            return redirect(reverse("cases:detail", args=[case.pk]) + "#journal")
    return render(
        request,
        "cases/journal_void_form.html",
        {"form": form, "case": case, "entry": entry},
        status=400 if form.errors else 200,
    )


@allowed(CASES)
def case_cancel(request: OfficialRequest, case_id: int) -> HttpResponse:
    """Confirm and strike out (makulera) a case opened by mistake; refused, with the reason, when it has handling."""
    case = _own_case(request, case_id)
    form = ReasonForm(request.POST or None)
    refusal = None if case.is_cancelled else services.case_cancel_refusal(case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_cancel(case=case, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Ärende {case.reference} är makulerat.")
            return redirect("cases:detail", case_id=case.pk)
    return render(
        request,
        "cases/cancel_form.html",
        {"form": form, "case": case, "refusal": refusal},
        status=400 if form.errors else 200,
    )
