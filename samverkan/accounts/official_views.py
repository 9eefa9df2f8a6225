"""The organisation's own administration of its officials (issue 16): list, add, change, (de)activate.

Every page carries ``OFFICIALS_ADMIN`` (the organisation's system administrator). An official of another
organisation is not found (404); every write goes through :mod:`samverkan.accounts.officials`, which
checks again and audits.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.accounts import officials
from samverkan.accounts.access import allowed
from samverkan.accounts.declarations import OFFICIALS_ADMIN
from samverkan.accounts.forms import NewOfficialForm, OfficialForm
from samverkan.accounts.models import User
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.forms import add_service_errors
from samverkan.core.once import submitted_once


def _official(request: OfficialRequest, user_id: int) -> User:
    """One of the organisation's own officials; another organisation's (or the platform operator) is a 404."""
    return get_object_or_404(officials.officials_of(request.organisation), pk=user_id)


@allowed(OFFICIALS_ADMIN)
def official_list(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    return render(
        request,
        "accounts/official_list.html",
        {"organisation": organisation, "officials": officials.officials_of(organisation)},
    )


@allowed(OFFICIALS_ADMIN)
@submitted_once
def official_add(request: OfficialRequest) -> HttpResponse:
    organisation = request.organisation
    form = NewOfficialForm(request.POST if request.method == "POST" else None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = officials.official_add(
                actor=request.user,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                unit=data["unit"],
                roles=data["roles"],
                password=data["password"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"{added.get_full_name()} är tillagd som handläggare.")
            return redirect("accounts:officials")
    return render(
        request,
        "accounts/official_form.html",
        {"form": form, "organisation": organisation, "official": None},
        status=400 if form.errors else 200,
    )


@allowed(OFFICIALS_ADMIN)
def official_edit(request: OfficialRequest, user_id: int) -> HttpResponse:
    organisation = request.organisation
    official = _official(request, user_id)
    initial = {"unit": official.unit_id, "roles": sorted(r.value for r in official.roles)}
    form = OfficialForm(request.POST if request.method == "POST" else None, organisation=organisation, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = officials.official_change(
                actor=request.user,
                official=official,
                unit=form.cleaned_data["unit"],
                roles=form.cleaned_data["roles"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            name = official.get_full_name() or official.username
            messages.success(request, f"{name}: enhet och roller är sparade." if changed else "Inget ändrades.")
            return redirect("accounts:officials")
    return render(
        request,
        "accounts/official_form.html",
        {"form": form, "organisation": organisation, "official": official},
        status=400 if form.errors else 200,
    )


def _set_active(request: OfficialRequest, user_id: int, *, active: bool) -> HttpResponse:
    official = _official(request, user_id)
    name = official.get_full_name() or official.username
    try:
        changed = officials.official_set_active(actor=request.user, official=official, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if changed:
            messages.success(
                request, f"{name} är {'aktiverad igen' if active else 'avaktiverad och kan inte logga in'}."
            )
    return redirect("accounts:officials")


@allowed(OFFICIALS_ADMIN)
@require_POST
def official_deactivate(request: OfficialRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=False)


@allowed(OFFICIALS_ADMIN)
@require_POST
def official_reactivate(request: OfficialRequest, user_id: int) -> HttpResponse:
    return _set_active(request, user_id, active=True)
