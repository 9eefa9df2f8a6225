"""FK's side of the kallelse (issue 21.4): the PDF of a meeting's kallelse and "Skicka kallelse".

Both are FK's coordination pages (:data:`samverkan.rehab.access.FK_REHAB`); the meeting is found
through the official's organisation's coordinations, so another organisation's meeting is a 404.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET, require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.models import User
from samverkan.core.clock import today
from samverkan.rehab import summons
from samverkan.rehab.access import FK_REHAB
from samverkan.rehab.views.common import meeting_or_404


def pdf_response(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@allowed(FK_REHAB)
@require_GET
def summons_pdf(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    """The kallelse as sent (a draft marked UTKAST before it is sent), or the cancellation."""
    meeting = meeting_or_404(request, pk, meeting_id)
    try:
        letter = summons.build(meeting, for_person=False, on=today())
    except ValueError:
        raise Http404("Kallelsen finns först när mötet är bokat med dag och tid.") from None
    return pdf_response(summons.render(letter), summons.filename(meeting))


@allowed(FK_REHAB)
@require_POST
def summons_send(request: HttpRequest, pk: int, meeting_id: int) -> HttpResponse:
    meeting = meeting_or_404(request, pk, meeting_id)
    try:
        sent = summons.summons_send(meeting=meeting, sent_by=cast(User, request.user), on=today())
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Kallelsen till mötet {summons.when_text(sent.meeting_on, sent.starts_at)} är skickad. Personen ser den "
            "på Mina sidor.",
        )
    return redirect("rehab:meeting", pk=pk, meeting_id=meeting_id)
