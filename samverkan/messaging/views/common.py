"""What the communication views share: the request's organisation and official, the own ärende named on a form,
and the POST of a small form on a list page, whose errors are shown as messages."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from samverkan.accounts.models import Organisation, User
from samverkan.accounts.requests import OfficialRequest
from samverkan.cases.models import Case
from samverkan.core.forms import form_submit


def organisation_of(request: HttpRequest) -> Organisation:
    return cast(OfficialRequest, request).organisation  # the permission decorators let only officials through


def user_of(request: HttpRequest) -> User:
    """The logged-in official (the permission decorators have checked it)."""
    return cast(User, request.user)


def own_phone(request: HttpRequest) -> str:
    """The official's telephone number, or their unit's, to suggest on a form."""
    unit = cast(OfficialRequest, request).unit
    return user_of(request).phone or (unit.phone if unit else "")


def own_case(request: HttpRequest, reference: str) -> Case | None:
    return (
        Case.objects.for_organisation(organisation_of(request))
        .filter(reference=reference.strip())
        .select_related("subject")
        .first()
    )


def case_reference_initial(request: HttpRequest) -> dict[str, Any]:
    """``?arende=<id>`` of an own ärende as the form's initial diarienummer (the link from the case page)."""
    case_id = request.GET.get("arende", "")
    if case_id.isdigit():
        case = Case.objects.for_organisation(organisation_of(request)).filter(pk=int(case_id)).first()
        if case is not None:
            return {"case_reference": case.reference}
    return {}


def flash_errors(request: HttpRequest, errors: Iterable[object]) -> None:
    for message in errors:
        messages.error(request, str(message))


def list_page_post(
    request: HttpRequest, form: forms.Form, write: Callable[[dict[str, Any]], str], *, back: str
) -> HttpResponse:
    """The POST of a small form on a list page: back to the list, with the success or every error as a message."""

    def failed(bound: forms.Form) -> HttpResponse:
        for errors in bound.errors.values():
            flash_errors(request, errors)
        return redirect(back)

    return form_submit(request, form, write, done=lambda: redirect(back), failed=failed)
