"""Views: the agencies' own registers, the socialnämnd's inbox, and “Hämta uppgifter” for a case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases import services as case_services
from samverkan.cases.selectors import cases_for_organisation
from samverkan.core import searches
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once
from samverkan.people.selectors import person_search
from samverkan.registries import selectors, services
from samverkan.registries.access import REGISTRY, SOCIAL
from samverkan.registries.forms import (
    ApplicationStatusForm,
    LookupForm,
    LookupJournalForm,
    RecordForm,
    RegistrySearchForm,
)
from samverkan.registries.lookup import fetch_household
from samverkan.registries.models import BenefitApplication, Notice
from samverkan.registries.records import KIND_SPECS

# --- The agency's own register --------------------------------------------------------------------


#: The register's person search, kept out of the URL (``samverkan.core.searches``).
SEARCH_SCOPE = "registries.index"


@allowed(REGISTRY)
def registry_index(request: OfficialRequest) -> HttpResponse:
    """The register's counts and a person search: sent by POST, shown at ``?sok=<token>`` (an old ``?q=`` link
    is moved into a token), so a personnummer never stands in a URL."""
    organisation = request.organisation
    sent = request.POST if request.method == "POST" else request.GET if request.GET.get("q") else None
    if sent is not None:
        if not (sent.get("q") or "").strip():
            return searches.see_other(reverse("registries:index"))
        token = searches.remember(request, SEARCH_SCOPE, sent)
        return searches.see_other(searches.url(reverse("registries:index"), token))
    data = searches.recall(request, SEARCH_SCOPE)
    form = RegistrySearchForm(data or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(person_search(organisation=organisation, query=form.cleaned_data["q"]))
    return render(
        request,
        "registries/index.html",
        {
            "form": form,
            "results": results,
            "counts": selectors.record_counts(organisation=organisation),
            "expired": data is None and searches.PARAMETER in request.GET,
        },
    )


@allowed(REGISTRY)
def registry_person(request: OfficialRequest, person_id: int) -> HttpResponse:
    organisation = request.organisation
    person = get_object_or_404(selectors.persons_known_to(organisation), pk=person_id)
    return render(
        request,
        "registries/person.html",
        {
            "person": person,
            "groups": selectors.records_of_person(organisation=organisation, person=person),
            "status_form": ApplicationStatusForm(),
        },
    )


@allowed(REGISTRY)
@submitted_once
def registry_record_create(request: OfficialRequest, person_id: int, kind: str) -> HttpResponse:
    organisation = request.organisation
    person = get_object_or_404(selectors.persons_known_to(organisation), pk=person_id)
    spec = KIND_SPECS.get(kind)
    if spec is None or not spec.kept_by(organisation.org_type):
        raise Http404("Posttypen finns inte hos din organisation.")
    form = RecordForm(request.POST or None, spec=spec, agency=organisation.org_type)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_store(
                actor=request.user,
                organisation=organisation,
                kind=kind,
                person=person,
                values=form.values(),
                external_id=form.cleaned_data.get("external_id") or "",
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{spec.label} för {person.full_name} är registrerad.")
            return redirect("registries:person", person_id=person.pk)
    return render(
        request,
        "registries/record_form.html",
        {"form": form, "spec": spec, "person": person},
        status=400 if form.errors else 200,
    )


@allowed(REGISTRY)
@require_POST
def application_status(request: OfficialRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    application = get_object_or_404(
        BenefitApplication.objects.select_related("person"), organisation=organisation, pk=pk
    )
    form = ApplicationStatusForm(request.POST)
    if form.is_valid():
        try:
            services.benefit_application_set_status(
                actor=request.user,
                application=application,
                status=form.cleaned_data["status"],
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, "Ansökans status är ändrad.")
    else:
        messages.error(request, "Välj en status i listan.")
    return redirect("registries:person", person_id=application.person_id)


# --- The socialnämnd's inbox -----------------------------------------------------------------------


@allowed(SOCIAL)
def inbox(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    unread_only = request.GET.get("visa") == "olasta"
    return render(
        request,
        "registries/inbox.html",
        {
            "notices": selectors.inbox(organisation=organisation, unread_only=unread_only)[:200],
            "counts": selectors.inbox_counts(organisation=organisation),
            "unread_only": unread_only,
        },
    )


@allowed(SOCIAL)
def inbox_detail(request: OfficialRequest, pk: int) -> HttpResponse:
    organisation = request.organisation
    try:
        notice = selectors.inbox_notice(organisation=organisation, pk=pk)
    except Notice.DoesNotExist:
        raise Http404("Meddelandet finns inte.") from None
    services.notice_mark_read(notice=notice, user=request.user)
    return render(request, "registries/notice_detail.html", {"notice": notice})


# --- “Hämta uppgifter” for a case ---------------------------------------------------------------------


@allowed(SOCIAL)
@submitted_once
def case_lookup(request: OfficialRequest, case_id: int) -> HttpResponse:
    organisation = request.organisation
    case = get_object_or_404(cases_for_organisation(organisation), pk=case_id)
    form = LookupForm(request.POST or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = fetch_household(
                requester=request.user,
                case=case,
                period=(form.cleaned_data["period_start"], form.cleaned_data["period_end"]),
                sources=form.cleaned_data["sources"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
    journal_form = None
    if result is not None and result.request_ids and not case.is_cancelled:
        journal_form = LookupJournalForm(initial={"requests": ",".join(str(pk) for pk in result.request_ids)})
    return render(
        request,
        "registries/lookup.html",
        {"case": case, "form": form, "result": result, "journal_form": journal_form},
        status=400 if form.errors else 200,
    )


@allowed(SOCIAL)
@require_POST
@submitted_once
def case_lookup_save(request: OfficialRequest, case_id: int) -> HttpResponse:
    """“Spara i journalen”: the lookup's result, as the gate released it, becomes an entry of the case's journal.

    What is saved is read from the gate's requests the lookup made (their decision rows), not from the page.
    """
    organisation = request.organisation
    case = get_object_or_404(cases_for_organisation(organisation), pk=case_id)
    form = LookupJournalForm(request.POST)
    if form.is_valid():
        try:
            case_services.journal_lookup_save(
                case=case,
                actor=request.user,
                request_ids=form.cleaned_data["requests"],
                text=form.cleaned_data["text"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Hämtningen är sparad i ärendets journal.")
            return redirect(reverse("cases:detail", args=[case.pk]) + "#journal")
    return render(
        request,
        "registries/lookup_save_failed.html",
        {"case": case, "form": form},
        status=400,
    )
