from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samverkan.accounts.access import allowed
from samverkan.cases.forms import PersonSearchForm
from samverkan.cases.selectors import cases_of_person
from samverkan.people.access import PEOPLE
from samverkan.people.selectors import person_search, persons_visible_to


@allowed(PEOPLE)
def search(request: HttpRequest) -> HttpResponse:
    form = PersonSearchForm(request.GET or None)
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        results = list(person_search(organisation=request.organisation, query=form.cleaned_data["q"]))  # type: ignore[attr-defined]
    template = "people/_results.html" if request.headers.get("HX-Request") else "people/search.html"
    return render(request, template, {"form": form, "results": results})


@allowed(PEOPLE)
def detail(request: HttpRequest, person_id: int) -> HttpResponse:
    organisation = request.organisation  # type: ignore[attr-defined]
    person = get_object_or_404(persons_visible_to(organisation), pk=person_id)
    return render(
        request,
        "people/person_detail.html",
        {"person": person, "cases": cases_of_person(organisation=organisation, person=person)},
    )
