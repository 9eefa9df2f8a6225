"""The person's session in Mina sidor: a separate identity, never a Django staff user.

After authentication (e-legitimation through OpenID Connect, or a demo person in demo mode) the
session is flushed — whatever was in it, an official's login included, is gone — and the
person's id is stored under :data:`PERSON_KEY`. Every portal view is wrapped in
:func:`person_required`, which puts the person on ``request.person`` and shows only that
person's data.

The two identities never mix: an official's session gives no access to the portal (a request
with an authenticated official is refused even if a portal key is present), and a portal
session has no Django user, so every official view sends it to the officials' login.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, cast
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from samverkan.people.models import Person
from samverkan.portal import services

PERSON_KEY = "portal.person_id"
METHOD_KEY = "portal.method"
AUTHENTICATED_AT_KEY = "portal.authenticated_at"
SEEN_KEY = "portal.seen"
OIDC_PENDING_KEY = "portal.oidc_pending"

#: The portal session ends after this many seconds without a request.
IDLE_SECONDS = 30 * 60
#: And at the latest this long after the login, whatever the activity.
MAX_AGE_SECONDS = 8 * 60 * 60


class PersonRequest(HttpRequest):
    """A request behind :func:`person_required`, for the type checker: the logged-in person is on it."""

    person: Person


def start_portal_session(request: HttpRequest, person: Person, *, method: str) -> None:
    """Log ``person`` in to Mina sidor (``method``: ``"oidc"`` or ``"demo"``) and record it in the audit log."""
    request.session.flush()  # a new session key, and no official's login survives
    request.session[PERSON_KEY] = person.pk
    request.session[METHOD_KEY] = method
    request.session[AUTHENTICATED_AT_KEY] = int(time.time())
    request.session.set_expiry(IDLE_SECONDS)
    services.portal_login_record(person=person, method=method)


def end_portal_session(request: HttpRequest) -> None:
    request.session.flush()


def current_person(request: HttpRequest) -> Person | None:
    """The logged-in person, or None (no portal session, expired, or an official's session)."""
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    person_id = request.session.get(PERSON_KEY)
    if not isinstance(person_id, int):
        return None
    authenticated_at = request.session.get(AUTHENTICATED_AT_KEY)
    if not isinstance(authenticated_at, int) or time.time() - authenticated_at > MAX_AGE_SECONDS:
        return None
    return Person.objects.filter(pk=person_id).first()


def safe_next(request: HttpRequest, value: str | None) -> str:
    """Where to go after the login: a path in the portal, never another site."""
    prefix = reverse("portal:home")
    if (
        value
        and value.startswith(prefix)
        and url_has_allowed_host_and_scheme(
            value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return value
    return prefix


def person_required[V: Callable[..., HttpResponse]](view: V) -> V:
    """The request must come from a logged-in person; puts them on ``request.person``."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return render(request, "portal/official_session.html", status=403)
        person = current_person(request)
        if person is None:
            if request.session.get(PERSON_KEY) is not None:
                request.session.flush()  # expired: start over
            login_url = reverse("portal:login")
            return redirect(f"{login_url}?{urlencode({'next': request.get_full_path()})}")
        request.session[SEEN_KEY] = int(time.time())  # keeps the idle timer (set_expiry) running from now
        cast(PersonRequest, request).person = person
        return view(request, *args, **kwargs)

    return cast(V, wrapper)
