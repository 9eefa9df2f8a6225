"""The read-only overview of the periodic jobs, for system administrators (förvaltare).

It shows when each job runs and how its runs went; the commands' output and errors (counts per
organisation, exception texts) stay in the admin and the terminal.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from samverkan.accounts.access import allowed
from samverkan.scheduling import selectors
from samverkan.scheduling.access import OPERATIONS


@allowed(OPERATIONS)
def overview(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "scheduling/overview.html",
        {"jobs": selectors.job_overview(), "runs": selectors.recent_runs(limit=30)},
    )
