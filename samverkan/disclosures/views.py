"""Pages of the secrecy gate: "Begär uppgifter", the request with its decisions, and the review queue."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.selectors import cases_for_organisation
from samverkan.core import searches
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.disclosures import documents, selectors, services
from samverkan.disclosures.access import REQUEST_FROM_CASE, REQUESTS, REVIEW
from samverkan.disclosures.forms import (
    DisclosureRequestForm,
    RequestFilterForm,
    ReviewDecisionForm,
    ReviewFilterForm,
)
from samverkan.domain.disclosure import CATEGORIES, CATEGORY_CATALOGUE

CATALOGUE_ORDER = {c.code: i for i, c in enumerate(CATEGORY_CATALOGUE)}


def _labels(codes: frozenset[str]) -> str:
    ordered = sorted(codes, key=lambda c: CATALOGUE_ORDER.get(c, len(CATALOGUE_ORDER)))
    return "; ".join(CATEGORIES[c].label if c in CATEGORIES else c for c in ordered)


def outcome_message(result: services.GateResult) -> tuple[int, str]:
    """The banner after a request: what was released, what awaits review and what was refused.

    A success only when something was released; information when all of it awaits review; a warning
    when nothing was released and something was refused.
    """
    discloser = result.request.discloser.name
    if result.released:
        level, parts = messages.SUCCESS, [f"{discloser} lämnar ut uppgifter. Lämnas ut: {_labels(result.released)}."]
    elif result.review:
        level, parts = messages.INFO, [f"Inget lämnas ut ännu. {discloser} sekretessprövar begäran."]
    else:
        level, parts = messages.WARNING, [f"Inget lämnas ut. {discloser} har ingen grund att lämna ut uppgifterna."]
    if result.review:
        parts.append(f"Väntar på sekretessprövning: {_labels(result.review)}.")
    if result.denied:
        parts.append(f"Lämnas inte ut: {_labels(result.denied)}. Skälen står på sidan nedan.")
    return level, " ".join(parts)


@allowed(REQUEST_FROM_CASE)
@submitted_once
def request_create(request: OfficialRequest, case_id: int) -> HttpResponse:
    """ "Begär uppgifter" about a person in the case's household."""
    organisation = request.organisation
    case = get_object_or_404(cases_for_organisation(organisation), pk=case_id)
    form = DisclosureRequestForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.disclosure_request(
                requester=request.user,
                discloser=form.cleaned_data["discloser"],
                person=form.cleaned_data["person"],
                case=case,
                categories=form.cleaned_data["categories"],
                purpose=form.cleaned_data["purpose"],
                period=form.period,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            level, text = outcome_message(result)
            messages.add_message(request, level, text)
            return redirect("disclosures:request_detail", request_id=result.request.pk)
    return render(
        request,
        "disclosures/request_form.html",
        {"form": form, "case": case, "groups": form.groups()},
        status=400 if form.errors else 200,
    )


@allowed(REQUESTS)
def request_detail(request: OfficialRequest, request_id: int) -> HttpResponse:
    """One request: per category the outcome, basis, citation, explanation, the released data and "Varför?"."""
    organisation = request.organisation
    stored = get_object_or_404(selectors.requests_visible_to(organisation), pk=request_id)
    decisions = sorted(stored.decisions.all(), key=lambda d: CATALOGUE_ORDER.get(d.category, len(CATALOGUE_ORDER)))
    return render(
        request,
        "disclosures/request_detail.html",
        {
            "stored": stored,
            "decisions": decisions,
            "is_recipient": stored.recipient_id == organisation.pk,
            "document_categories": {d.category for d in decisions if documents.is_document_category(d.category)},
            "inputs_json": json.dumps(stored.snapshot.get("input", {}), ensure_ascii=False, indent=2, sort_keys=True),
        },
    )


#: The request list's searches, kept out of the URL (``samverkan.core.searches``).
SEARCH_SCOPE = "disclosures.requests"
REQUESTS_PER_PAGE = 50


@allowed(REQUESTS)
def request_list(request: OfficialRequest) -> HttpResponse:
    """ "Förfrågningar": what the organisation has received and disclosed, 50 a page, with filters and a search.

    The search (a name or personnummer) is sent by POST and shown at ``?sok=<token>``; the filters alone are plain
    links (``?whose=mine``), so paging and bookmarks work without JavaScript and no number stands in a URL.
    """
    organisation = request.organisation
    search = searches.list_search(request, SEARCH_SCOPE, reverse("disclosures:request_list"))
    if search.redirect is not None:
        return search.redirect
    params, query = search.params, search.query
    form = RequestFilterForm(params or None, organisation=organisation)
    filters = form.filters()
    found = selectors.request_search(organisation=organisation, user=request.user, **filters)
    page = Paginator(found, REQUESTS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "disclosures/request_list.html",
        {
            "form": form,
            "page": page,
            "requests": page.object_list,
            "query": query,
            "filters": filters,
            "expired": search.expired,
        },
        status=400 if form.is_bound and form.errors else 200,
    )


#: The review queue's searches, kept out of the URL (``samverkan.core.searches``).
REVIEW_SEARCH_SCOPE = "disclosures.review"
REVIEWS_PER_PAGE = 50


@allowed(REVIEW)
def review_queue(request: OfficialRequest) -> HttpResponse:
    """ "Granskning": the documents to hand over, and the review tasks 50 a page, with filters and a search.

    Open tasks come oldest first (who has waited longest), decided ones newest first. The search (a name or
    personnummer) is sent by POST and shown at ``?sok=<token>``; the filters alone are plain links.
    """
    organisation = request.organisation
    search = searches.list_search(request, REVIEW_SEARCH_SCOPE, reverse("disclosures:review_queue"))
    if search.redirect is not None:
        return search.redirect
    form = ReviewFilterForm(search.params or None, organisation=organisation)
    filters = form.filters()
    found = selectors.review_search(organisation=organisation, **filters)
    page = Paginator(found, REVIEWS_PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "disclosures/review_queue.html",
        {
            "form": form,
            "page": page,
            "tasks": page.object_list,
            "query": search.query,
            "filters": filters,
            "expired": search.expired,
            "documents_due": documents.documents_to_deliver(organisation),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@allowed(REVIEW)
def review_detail(request: OfficialRequest, task_id: int) -> HttpResponse:
    """The discloser's own secrecy review of one category: approve or refuse, with a motivation."""
    organisation = request.organisation
    task = get_object_or_404(selectors.review_queue(organisation, status=None), pk=task_id)
    form = ReviewDecisionForm(request.POST or None)
    if request.method == "POST" and not task.is_open:
        form.is_valid()
        form.add_error(None, f"Begäran är redan prövad: {task.get_status_display().lower()}.")
    elif request.method == "POST" and form.is_valid():
        try:
            services.review_decide(
                task=task,
                decided_by=request.user,
                approve=form.approve,
                motivation=form.cleaned_data["motivation"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            verdict = "lämnas ut" if form.approve else "lämnas inte ut"
            messages.success(request, f"Beslutet är sparat: uppgiften {verdict}.")
            return redirect("disclosures:review_queue")
    stored = task.request
    return render(
        request,
        "disclosures/review_detail.html",
        {"task": task, "stored": stored, "decision": task.decision, "form": form},
        status=400 if form.errors else 200,
    )
