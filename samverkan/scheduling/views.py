"""The read-only overview of the periodic jobs, for system administrators (förvaltare).

It shows when each job runs and how its runs went; the commands' output and errors (counts per
organisation, exception texts) stay in the admin and the terminal.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.accounts.permissions import official_required
from samverkan.domain.organisations import Role
from samverkan.scheduling import selectors

VIEW_ROLES = (Role.SYSTEM_ADMINISTRATOR,)


@official_required(*VIEW_ROLES)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scheduling/overview.html",
        {"jobs": selectors.job_overview(), "runs": selectors.recent_runs(limit=30)},
    )
