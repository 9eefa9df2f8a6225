"""The official's own pages: notifications, e-mail through the personal-data guard, absence with a stand-in, and
the contact directory (Försäkringskassan's lines, contact persons, the responsible official at another agency)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from samverkan.accounts.access import allowed
from samverkan.core.forms import add_service_errors, form_submit
from samverkan.core.once import submitted_once
from samverkan.domain.organisations import Role
from samverkan.messaging import selectors, services
from samverkan.messaging.access import OWN
from samverkan.messaging.forms import AbsenceForm, EmailForm, PhoneSituationForm, ResponsibleLookupForm
from samverkan.messaging.views.common import user_of

#: Försäkringskassan's telephone lines (seed 000, Socialstyrelsen's Kunskapsguiden).
FK_LINES = {
    "ja": {
        "number": "0771-524 524",
        "name": "Försäkringskassans kundcenter för privatpersoner",
        "why": "När du hjälper din klient att ringa Försäkringskassan, med klienten med i samtalet, är du klientens "
        "ombud. Då ringer du kundcenter för privatpersoner.",
    },
    "nej": {
        "number": "0771-17 90 00",
        "name": "Försäkringskassans kundcenter för partner",
        "why": "När du ringer Försäkringskassan i din egen handläggning av ett ärende, utan att klienten är med, "
        "ringer du kundcenter för partner.",
    },
}
FK_LINES_SOURCE = (
    "Socialstyrelsen, Kunskapsguiden: Samverkan, kontroll och sekretess – Kontaktvägar till Försäkringskassan"
)


# --- Notifications -----------------------------------------------------------------------------


@allowed(OWN)
def notifications(request: HttpRequest) -> HttpResponse:
    items = selectors.notifications_for(user_of(request))[:100]
    return render(request, "messaging/notifications.html", {"items": items})


@allowed(OWN)
@require_POST
def notification_read(request: HttpRequest, notification_id: int) -> HttpResponse:
    notification = get_object_or_404(selectors.notifications_for(user_of(request)), pk=notification_id)
    services.notification_mark_read(notification=notification, user=user_of(request))
    if notification.question_id and request.POST.get("open"):
        return redirect("messaging:question_detail", question_id=notification.question_id)
    if notification.callback_id and request.POST.get("open"):
        return redirect("messaging:callbacks")
    return redirect("messaging:notifications")


# --- E-mail ------------------------------------------------------------------------------------


@allowed(OWN)
@submitted_once
def email_compose(request: HttpRequest) -> HttpResponse:
    """Not :func:`~samverkan.core.forms.form_submit`: a message the guard stops is an outcome of the service, shown
    with what to remove beside the form, not an error of the form."""
    user = user_of(request)
    form = EmailForm(request.POST or None, user=user)
    blocked_lines: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.email_send(
                sender=user,
                recipient=data["recipient"],
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            if result.sent:
                messages.success(request, f"Mejlet är skickat till {data['recipient'].get_full_name()}.")
                if result.auto_reply:
                    messages.info(request, result.auto_reply)
                return redirect("messaging:email")
            blocked_lines = result.message_lines
    status = 400 if (form.errors or blocked_lines) else 200
    return render(
        request,
        "messaging/email_form.html",
        {
            "form": form,
            "blocked_lines": blocked_lines,
            "sent": selectors.sent_emails_of(user)[:10],
            "blocked_count": selectors.blocked_email_count(user),
            "absence": selectors.absence_on(user),
        },
        status=status,
    )


# --- Absence -----------------------------------------------------------------------------------


@allowed(OWN)
@submitted_once
def absence(request: HttpRequest) -> HttpResponse:
    user = user_of(request)
    form = AbsenceForm(request.POST or None, user=user)

    def page(bound: forms.Form) -> HttpResponse:
        return render(
            request,
            "messaging/absence.html",
            {"form": bound, "absences": selectors.absences_of(user)},
            status=400 if bound.errors else 200,
        )

    if request.method != "POST":
        return page(form)

    def write(data: dict[str, Any]) -> str:
        services.absence_register(user=user, **data)
        return "Frånvaron är registrerad. Mejl till dig får ett automatiskt svar om ersättaren."

    return form_submit(request, form, write, done=lambda: redirect("messaging:absence"), failed=page)


@allowed(OWN)
@require_POST
def absence_cancel(request: HttpRequest, absence_id: int) -> HttpResponse:
    item = get_object_or_404(selectors.absences_of(user_of(request)), pk=absence_id)
    services.absence_cancel(absence=item, cancelled_by=user_of(request))
    messages.success(request, "Frånvaron är borttagen.")
    return redirect("messaging:absence")


# --- Contact directory -------------------------------------------------------------------------


def _directory_context(request: HttpRequest, lookup_form: ResponsibleLookupForm) -> dict[str, Any]:
    phone_form = PhoneSituationForm(request.GET if "client_present" in request.GET else None)
    line = None
    if phone_form.is_bound and phone_form.is_valid():
        line = FK_LINES[phone_form.cleaned_data["client_present"]]
    return {
        "phone_form": phone_form,
        "line": line,
        "lines_source": FK_LINES_SOURCE,
        "assignments": selectors.fk_contact_assignments(),
        "rehab_coordinators": selectors.officials_with_role(Role.REHAB_COORDINATOR),
        "collaboration_leads": selectors.officials_with_role(Role.COLLABORATION_LEAD),
        "lookup_form": lookup_form,
        "lookup": None,
        "lookup_person": None,
    }


@allowed(OWN)
def directory(request: HttpRequest) -> HttpResponse:
    return render(request, "messaging/directory.html", _directory_context(request, ResponsibleLookupForm()))


@allowed(OWN)
@require_POST
def directory_responsible(request: HttpRequest) -> HttpResponse:
    """A lookup, not a write: the answer is shown on the page (no :func:`~samverkan.core.forms.form_submit`)."""
    form = ResponsibleLookupForm(request.POST)
    context = _directory_context(request, form)
    if form.is_valid():
        try:
            user = user_of(request)
            person = services.person_for_lookup(viewer=user, identity_number=form.cleaned_data["identity_number"])
            context["lookup"] = services.responsible_officials_lookup(viewer=user, person=person)
            context["lookup_person"] = person
        except ValidationError as exc:
            add_service_errors(form, exc)
    return render(request, "messaging/directory.html", context, status=400 if form.errors else 200)
