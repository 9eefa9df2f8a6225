from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.selectors import my_cases
from samverkan.core.access import HOME
from samverkan.core.navigation import panels_for
from samverkan.domain.organisations import CASE_ROLES

#: The start page lists the most recently opened of the official's cases; the case list has them all.
HOME_CASES = 15


@allowed(HOME)
def home(request: OfficialRequest) -> HttpResponse:
    """Start page per role: "Mina ärenden" plus the panels the user's roles have."""
    user = request.user
    works_in_cases = user.has_role(*CASE_ROLES)
    cases, total = None, 0
    if works_in_cases:
        mine = my_cases(user=user, organisation=request.organisation).order_by("-opened_on", "-pk")
        total = mine.count()
        cases = list(mine[:HOME_CASES])
    return render(
        request,
        "core/home.html",
        {
            "cases": cases,
            "cases_total": total,
            "works_in_cases": works_in_cases,
            "panels": panels_for(request),
        },
    )
