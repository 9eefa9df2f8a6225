"""Searches kept out of URLs (issue 16 point 6): a search that may carry a personnummer is sent by POST, kept
in the official's session under a random token, and shown at ``?sok=<token>`` (Post/Redirect/Get).

The result page can still be reloaded, paged, bookmarked for the session and reached with the back button,
and neither the address bar, the browser history, a ``Referer`` header nor the server's request log ever
holds the number. A token is bound to one search page (its ``scope``), lives at most :data:`LIFETIME` and only
in the session that made it; the session keeps the :data:`KEEP` latest.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponseRedirect, QueryDict

from samverkan.core import clock

#: The query parameter of a kept search ("sök").
PARAMETER = "sok"
SESSION_KEY = "samverkan_searches"
#: How long a kept search can be shown again.
LIFETIME = dt.timedelta(hours=2)
#: Searches kept per session (the oldest is dropped first).
KEEP = 20
#: Never kept: the CSRF token, a token itself and the page number (the page belongs in the URL).
NOT_KEPT = frozenset({"csrfmiddlewaretoken", PARAMETER, "sida"})


def _kept(request: HttpRequest) -> dict[str, Any]:
    stored = request.session.get(SESSION_KEY)
    return stored if isinstance(stored, dict) else {}


def _fresh(entries: dict[str, Any]) -> dict[str, Any]:
    now = clock.now()
    fresh = {}
    for token, entry in entries.items():
        try:
            at = dt.datetime.fromisoformat(entry["at"])
        except (KeyError, TypeError, ValueError):
            continue
        if now - LIFETIME <= at <= now + dt.timedelta(minutes=1):
            fresh[token] = entry
    return fresh


def remember(request: HttpRequest, scope: str, data: QueryDict | Mapping[str, Any]) -> str:
    """Keep the non-empty fields of ``data`` in the session for the page ``scope``; the new token."""
    fields: dict[str, list[str]] = {}
    for name in data:
        if name in NOT_KEPT:
            continue
        values = data.getlist(name) if isinstance(data, QueryDict) else data[name]
        if not isinstance(values, list | tuple):
            values = [values]
        kept = [str(value) for value in values if value is not None and str(value).strip()]
        if kept:
            fields[name] = kept
    token = secrets.token_urlsafe(12)
    entries = _fresh(_kept(request))
    entries[token] = {"scope": scope, "at": clock.now().isoformat(), "data": fields}
    request.session[SESSION_KEY] = dict(list(entries.items())[-KEEP:])
    return token


def recall(request: HttpRequest, scope: str, token: str | None = None) -> QueryDict | None:
    """The fields of the kept search ``token`` (by default the request's ``?sok=``) of the page ``scope``;
    None when there is no such search: unknown, of another page, or expired."""
    token = token if token is not None else request.GET.get(PARAMETER, "")
    if not token:
        return None
    entry = _fresh(_kept(request)).get(token)
    if not isinstance(entry, dict) or entry.get("scope") != scope or not isinstance(entry.get("data"), dict):
        return None
    found = QueryDict(mutable=True)
    for name, values in entry["data"].items():
        found.setlist(name, [str(value) for value in values])
    found._mutable = False
    return found


def query(token: str) -> str:
    """The query string of a kept search's page: ``sok=<token>``."""
    return f"{PARAMETER}={token}" if token else ""


def url(path: str, token: str) -> str:
    """``path`` showing the kept search ``token``."""
    return f"{path}?{query(token)}"


def see_other(location: str) -> HttpResponseRedirect:
    """303 See Other: after the POST of a search, the browser GETs the result page."""
    response = HttpResponseRedirect(location)
    response.status_code = 303
    return response


@dataclass(frozen=True)
class ListSearch:
    """A list page's search and filters: a redirect after a POSTed search, else the fields to filter by."""

    redirect: HttpResponseRedirect | None
    params: QueryDict
    query: str
    expired: bool


def list_search(request: HttpRequest, scope: str, path: str) -> ListSearch:
    """The Post/Redirect/Get of a list page whose free-text search (``q``) may hold a personnummer.

    A POST (or an old ``?q=`` link) is kept under a token and answered with a redirect to ``path?sok=<token>``;
    a GET shows the kept search, or filters by its own parameters alone (plain links such as ``?mine=on``)."""
    sent = request.POST if request.method == "POST" else request.GET if request.GET.get("q") else None
    if sent is not None:
        return ListSearch(see_other(url(path, remember(request, scope, sent))), QueryDict(), "", False)
    token = request.GET.get(PARAMETER, "")
    kept = recall(request, scope)
    if kept is not None:
        return ListSearch(None, kept, query(token), False)
    params = request.GET.copy()
    for name in ("sida", PARAMETER):
        params.pop(name, None)
    return ListSearch(None, params, params.urlencode(), bool(token))
