"""The officials' request middleware: the session's time limits, and the organisation on the request.

:class:`SessionTimeoutMiddleware` ends an official's session after ``SAMVERKAN_SESSION_IDLE_MINUTES``
without a request and ``SAMVERKAN_SESSION_MAX_HOURS`` after the login, records it in the audit log
(``account.session_expired``) and sends the official to the login with a Swedish message. The times are
read from :mod:`samverkan.core.clock`. The person's session in Mina sidor has its own limits
(:mod:`samverkan.portal.auth`) and no Django user, so it is left alone here.

:class:`ActiveMembershipMiddleware` puts the official's organisation on the request, so every query can
be scoped to it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import resolve_url

from samverkan.accounts.models import Unit, User
from samverkan.accounts.requests import ScopedRequest
from samverkan.accounts.services import session_expired_record
from samverkan.core import clock

#: Session keys: when the official logged in, and when the last request came (POSIX seconds).
AUTHENTICATED_AT_KEY = "accounts.authenticated_at"
LAST_SEEN_KEY = "accounts.last_seen"

IDLE = "idle"
MAX_AGE = "max_age"

#: How far the recorded last request may lag the real one, in seconds. Recording every request would write the
#: session row on every page view (a database UPDATE per request); recording at most once a minute makes the idle
#: limit end a session at most this much earlier than to the second, which the minute-based limits allow.
LAST_SEEN_RESOLUTION = 60


def start_session_clock(session: SessionBase) -> None:
    """The official's session starts now (called at every login)."""
    moment = clock.now().timestamp()
    session[AUTHENTICATED_AT_KEY] = moment
    session[LAST_SEEN_KEY] = moment


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def expiry_message(reason: str) -> str:
    """The Swedish message the official sees on the login page after the session ended."""
    if reason == IDLE:
        return f"Du har loggats ut efter {_plural(settings.SAMVERKAN_SESSION_IDLE_MINUTES, 'minuts', 'minuters')} inaktivitet."
    return f"Du har loggats ut efter {_plural(settings.SAMVERKAN_SESSION_MAX_HOURS, 'timmes', 'timmars')} inloggning."


def session_expiry(session: SessionBase) -> str | None:
    """Why the official's session has ended (:data:`IDLE`, :data:`MAX_AGE`), or None (then it counts this request)."""
    moment = clock.now().timestamp()
    authenticated_at = session.get(AUTHENTICATED_AT_KEY)
    last_seen = session.get(LAST_SEEN_KEY)
    if not isinstance(authenticated_at, (int, float)) or not isinstance(last_seen, (int, float)):
        start_session_clock(session)  # a session from before the limits: they start now
        return None
    if moment - authenticated_at > settings.SAMVERKAN_SESSION_MAX_HOURS * 3600:
        return MAX_AGE
    if moment - last_seen > settings.SAMVERKAN_SESSION_IDLE_MINUTES * 60:
        return IDLE
    if moment - last_seen >= LAST_SEEN_RESOLUTION:
        session[LAST_SEEN_KEY] = moment  # a write of the session row: at most once a minute
    return None


class SessionTimeoutMiddleware:
    """Ends an official's session that has been idle or open too long (after AuthenticationMiddleware and MessageMiddleware)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        reason = session_expiry(request.session)
        if reason is None:
            return self.get_response(request)
        session_expired_record(user=user, reason=reason)
        logout(request)
        if request.path.startswith("/api/"):
            return self.get_response(request)  # answered as any request without a login (401)
        messages.info(request, expiry_message(reason))
        login_url = resolve_url(settings.LOGIN_URL)
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = login_url
            return response
        if request.method != "GET":
            return HttpResponseRedirect(login_url)  # what was sent is not sent again after the login
        return redirect_to_login(request.get_full_path())


def _unit_of(user: User) -> Unit | None:
    """The official's unit with its organisation: one query on every request, not one for each."""
    if user.unit_id is not None and not User.unit.is_cached(user):
        user.unit = Unit.objects.select_related("organisation").get(pk=user.unit_id)
    return user.unit


class ActiveMembershipMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        organisation = None
        unit = None
        if user is not None and user.is_authenticated and getattr(user, "unit_id", None):
            unit = _unit_of(user)
            organisation = unit.organisation if unit else None
        scoped = cast(ScopedRequest, request)  # the attributes ScopedRequest declares are set here
        scoped.organisation = organisation
        scoped.unit = unit
        return self.get_response(request)
