"""Mina sidor: the person's kallelser to avstämningsmöten (issue 21.4), as a page and as PDF.

Only what Försäkringskassan has sent is shown (:func:`samverkan.rehab.summons.person_summonses`);
another person's meeting, or a meeting whose kallelse was never sent, is a 404.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from samverkan.core.clock import today
from samverkan.portal import selectors
from samverkan.portal.views import _person, _render, person_page
from samverkan.rehab import summons


@person_page
@require_GET
def summonses(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    on = today()
    rows = summons.person_summonses(person, on=on)
    summoned = {row.meeting_id for row in rows}
    waiting = [m for m in selectors.upcoming_meetings_for(person, on=on) if m.meeting_id not in summoned]
    return _render(request, "rehab/summons_portal.html", {"rows": rows, "waiting": waiting})


@person_page
@require_GET
def summons_pdf(request: HttpRequest, meeting_id: int) -> HttpResponse:
    meeting = summons.person_summons_meeting(_person(request), meeting_id)
    if meeting is None:
        raise Http404("Kallelsen finns inte.")
    letter = summons.build(meeting, for_person=True, on=today())
    response = HttpResponse(summons.render(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{summons.filename(meeting)}"'
    return response
