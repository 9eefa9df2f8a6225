"""What the rehabilitation pages share: who may open them, the request's official and organisation, and the
coordination or meeting of the URL fetched through the organisation's own selector (another organisation's id: 404)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from samverkan.accounts.access import allowed
from samverkan.accounts.models import Organisation, User
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.forms import form_submit
from samverkan.rehab import selectors
from samverkan.rehab.access import ACTOR_PLAN, FK_REHAB, HEALTHCARE_REHAB, STATISTICS
from samverkan.rehab.models import RehabCoordination, ReviewMeeting

fk_official = allowed(FK_REHAB)
healthcare_official = allowed(HEALTHCARE_REHAB)
actor_official = allowed(ACTOR_PLAN)
statistics_official = allowed(STATISTICS)


def user_of(request: HttpRequest) -> User:
    return cast(User, request.user)


def organisation_of(request: HttpRequest) -> Organisation:
    return cast(OfficialRequest, request).organisation  # the decorators above let only officials through


def coordination_or_404(request: HttpRequest, pk: int) -> RehabCoordination:
    return get_object_or_404(selectors.coordinations_for(organisation_of(request)), pk=pk)


def meeting_or_404(request: HttpRequest, pk: int, meeting_id: int) -> ReviewMeeting:
    coordination = coordination_or_404(request, pk)
    return get_object_or_404(
        ReviewMeeting.objects.select_related("coordination__case"), pk=meeting_id, coordination=coordination
    )


def form_status(form: Any) -> int:
    return 400 if form.errors else 200


def form_page(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], str | None],
    *,
    done: Callable[[], HttpResponse],
    template: str,
    context: dict[str, Any],
) -> HttpResponse:
    """A page of its own for one form: GET shows it; POST goes through the one POST path
    (:func:`samverkan.core.forms.form_submit`), and a refusal shows the form again with its errors (400)."""

    def show(bound: forms.Form) -> HttpResponse:
        return render(request, template, {"form": bound, **context}, status=form_status(bound))

    if request.method == "POST":
        return form_submit(request, form, write, done=done, failed=show)
    return show(form)


def fetched_message(view: selectors.ActorPlanView) -> str:
    """What the official is told after "Hämta planen" (vård's and the employer's pages alike)."""
    if not view.asked:
        return "Det finns ingen rehabiliteringsplan hos Försäkringskassan att begära."
    if view.plan_released:
        return "Försäkringskassans svar är hämtat genom sekretessgrinden; begäran är loggad."
    return "Begäran är gjord och loggad; planen lämnas inte ut (se svaret nedan)."
