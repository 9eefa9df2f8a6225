from __future__ import annotations

from django.http import HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.forms import PersonSearchForm
from samverkan.cases.selectors import cases_of_person
from samverkan.core import searches
from samverkan.people.access import PEOPLE
from samverkan.people.selectors import person_search, persons_visible_to

#: The person search's kept searches (``samverkan.core.searches``).
SEARCH_SCOPE = "people.search"


def _render_search(
    request: OfficialRequest, data: QueryDict | None, *, partial: bool, expired: bool = False
) -> HttpResponse:
    form = PersonSearchForm(data or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(person_search(organisation=request.organisation, query=form.cleaned_data["q"]))
    template = "people/_results.html" if partial else "people/search.html"
    return render(request, template, {"form": form, "results": results, "expired": expired})


@allowed(PEOPLE)
def search(request: OfficialRequest) -> HttpResponse:
    """Search by name or identity number. The search is sent by POST and shown at ``?sok=<token>`` (the number
    never stands in a URL); an old ``?q=`` link is moved into a token the same way."""
    sent = request.POST if request.method == "POST" else request.GET if request.GET.get("q") else None
    if sent is not None:
        if not (sent.get("q") or "").strip():
            return searches.see_other(reverse("people:search"))
        token = searches.remember(request, SEARCH_SCOPE, sent)
        target = searches.url(reverse("people:search"), token)
        if request.method == "POST" and request.headers.get("HX-Request"):
            response = _render_search(request, searches.recall(request, SEARCH_SCOPE, token), partial=True)
            response["HX-Push-Url"] = target
            return response
        return searches.see_other(target)
    data = searches.recall(request, SEARCH_SCOPE)
    partial = bool(request.headers.get("HX-Request")) and not request.headers.get("HX-History-Restore-Request")
    return _render_search(request, data, partial=partial, expired=data is None and searches.PARAMETER in request.GET)


@allowed(PEOPLE)
def detail(request: OfficialRequest, person_id: int) -> HttpResponse:
    organisation = request.organisation
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "cases": cases_of_person(organisation=organisation, person=person)},
    )
