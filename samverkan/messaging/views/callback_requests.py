"""Call-back requests: "Mina återkopplingar", a new request, and marking one done (seed 004)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.core.clock import today
from samverkan.core.forms import form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.callback import SOURCE as CALLBACK_SOURCE
from samverkan.domain.callback import callback_overdue
from samverkan.messaging import selectors, services
from samverkan.messaging.access import CALLBACKS
from samverkan.messaging.forms import CallbackDoneForm, CallbackForm
from samverkan.messaging.models import Callback
from samverkan.messaging.views.common import (
    case_reference_initial,
    list_page_post,
    organisation_of,
    own_case,
    own_phone,
    user_of,
)

_CALLBACKS = allowed(CALLBACKS)
#: The lists of "Mina återkopplingar": (GET value, Swedish label).
CALLBACK_VIEWS = (("till-mig", "Till mig"), ("fran-mig", "Från mig"), ("klara", "Klara"))


@_CALLBACKS
def callbacks(request: HttpRequest) -> HttpResponse:
    """Mina återkopplingar: the call-backs to me (and my unit) and the ones I asked for."""
    user = user_of(request)
    view = request.GET.get("visa", "till-mig")
    if view not in dict(CALLBACK_VIEWS):
        view = "till-mig"
    qs = selectors.callbacks_for(user)
    if view == "till-mig":
        qs = qs.filter(status=Callback.Status.OPEN).exclude(requester=user)
    elif view == "fran-mig":
        qs = qs.filter(requester=user, status=Callback.Status.OPEN)
    else:
        qs = qs.filter(status=Callback.Status.DONE).order_by("-done_at", "-pk")
    day = today()
    rows = [
        {
            "callback": c,
            "overdue": c.is_open and callback_overdue(c.due_on, day),
            "may_mark_done": c.is_open
            and c.recipient_organisation_id == organisation_of(request).pk
            and (c.recipient_id == user.pk or c.recipient_unit_id == user.unit_id),
        }
        for c in qs[:300]
    ]
    return render(
        request,
        "messaging/callbacks.html",
        {
            "rows": rows,
            "view": view,
            "views": CALLBACK_VIEWS,
            "counts": selectors.callback_counts(user, day),
            "done_form": CallbackDoneForm(),
            "source": CALLBACK_SOURCE,
        },
    )


def _callback_write(request: HttpRequest) -> Callable[[dict[str, Any]], str]:
    """The request from the form's data; the success message names who calls back, and by when."""

    def write(data: dict[str, Any]) -> str:
        reference = (data["case_reference"] or "").strip()
        case = own_case(request, reference) if reference else None
        if reference and case is None:
            raise ValidationError({"case_reference": "Det finns inget ärende med det diarienumret i din organisation."})
        callback = services.callback_request(
            requester=user_of(request),
            subject=data["subject"],
            channel=data["channel"],
            recipient=data["recipient"],
            recipient_organisation=data["recipient_organisation"],
            case=case,
            phone=data["phone"],
            time_window=data["time_window"],
            secrecy_reviewed=data["secrecy_reviewed"],
            record_consent=data["record_consent"],
            consent_form=data["consent_form"] or "written",
            consent_valid_to=data["consent_valid_to"],
        )
        return (
            f"Begäran om återkoppling är skickad till {callback.recipient.get_full_name()} "
            f"({callback.recipient_organisation.name}). Återkoppling senast {callback.due_on.isoformat()}."
        )

    return write


@_CALLBACKS
@submitted_once
def callback_create(request: HttpRequest) -> HttpResponse:
    initial: dict[str, Any] = {"phone": own_phone(request), **case_reference_initial(request)}
    to = request.GET.get("till", "")
    if to.isdigit():
        initial["recipient"] = int(to)
    form = CallbackForm(request.POST or None, user=user_of(request), initial=initial)

    def page(bound: forms.Form) -> HttpResponse:
        return render(
            request,
            "messaging/callback_form.html",
            {"form": bound, "source": CALLBACK_SOURCE},
            status=400 if bound.errors else 200,
        )

    if request.method != "POST":
        return page(form)
    return form_submit(
        request,
        form,
        _callback_write(request),
        done=lambda: redirect(reverse("messaging:callbacks") + "?visa=fran-mig"),
        failed=page,
    )


@_CALLBACKS
@require_POST
def callback_mark_done(request: HttpRequest, callback_id: int) -> HttpResponse:
    callback = get_object_or_404(selectors.callbacks_for(user_of(request)), pk=callback_id)

    def write(data: dict[str, Any]) -> str:
        services.callback_done(callback=callback, done_by=user_of(request), note=data["note"])
        return "Återkopplingen är markerad som gjord."

    return list_page_post(request, CallbackDoneForm(request.POST), write, back=reverse("messaging:callbacks"))
