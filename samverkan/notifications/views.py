"""The inbox "Att göra / Nytt": thin function views; another official's notification is a 404.

A GET only reads (opening the inbox marks nothing read); every change is a POST followed by a redirect.
"""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from samverkan.accounts.access import allowed
from samverkan.accounts.requests import OfficialRequest
from samverkan.core.forms import form_submit
from samverkan.notifications import selectors, services
from samverkan.notifications.access import INBOX
from samverkan.notifications.forms import EmailPreferenceForm

PER_PAGE = 25


def _inbox_page(
    request: OfficialRequest, *, form: EmailPreferenceForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    found = selectors.inbox_for(user).select_related("organisation")
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("sida"))
    return render(
        request,
        "notifications/inbox.html",
        {
            "page": page,
            "items": page.object_list,
            "unread": selectors.unread_count(user),
            "query": "",
            "form": form or EmailPreferenceForm(initial={"email": selectors.email_wanted(user)}),
            "has_email": bool(user.email),
        },
        status=status,
    )


@allowed(INBOX)
@require_GET
def inbox(request: OfficialRequest) -> HttpResponse:
    return _inbox_page(request)


@allowed(INBOX)
@require_POST
def read(request: OfficialRequest, notification_id: int) -> HttpResponse:
    """ "Markera som läst", or "Öppna" (marks it read and goes to what changed)."""
    notification = get_object_or_404(selectors.inbox_for(request.user), pk=notification_id)
    services.mark_read(notification=notification, user=request.user)
    if request.POST.get("open") and url_has_allowed_host_and_scheme(notification.link, allowed_hosts=None):
        return redirect(notification.link)
    return redirect("notifications:inbox")


@allowed(INBOX)
@require_POST
def read_all(request: OfficialRequest) -> HttpResponse:
    count = services.mark_all_read(user=request.user)
    messages.success(request, "Alla aviseringar är markerade som lästa." if count else "Inga olästa aviseringar.")
    return redirect("notifications:inbox")


@allowed(INBOX)
@require_POST
def email_preference(request: OfficialRequest) -> HttpResponse:
    def write(data: dict[str, bool]) -> str:
        preference = services.email_preference_set(user=request.user, email=bool(data.get("email")))
        return "Du får mejl när något nytt kommer." if preference.email else "Du får inga mejl om aviseringar."

    return form_submit(
        request,
        EmailPreferenceForm(request.POST),
        write,
        done=lambda: redirect("notifications:inbox"),
        failed=lambda bound: _inbox_page(request, form=cast(EmailPreferenceForm, bound), status=400),
    )
