"""The site's error pages: 400, 403, 404, 500 and a failed CSRF check (``handler400``… in
``samverkan/urls.py``, ``CSRF_FAILURE_VIEW`` in settings).

Each is a Swedish page in the site's layout with a way back to the start page (Mina sidor's for the
person's pages). Under ``/api/`` the same errors answer JSON in the API's one error shape
(:mod:`samverkan.core.api_errors`), whatever raised them.
"""

from __future__ import annotations

import logging
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.urls import reverse

from samverkan.core import api_errors

logger = logging.getLogger(__name__)

TEMPLATE = "core/error.html"
PORTAL_PREFIX = "/mina-sidor/"

#: status → (heading, explanation)
PAGES: dict[int, tuple[str, str]] = {
    400: (
        "Felaktig begäran",
        "Begäran gick inte att förstå. Kontrollera adressen eller det du skickade och försök igen.",
    ),
    403: ("Du har inte behörighet", "Du har inte behörighet till den här sidan."),
    404: ("Sidan finns inte", "Sidan eller uppgiften du söker finns inte, eller så har du inte tillgång till den."),
    500: ("Något gick fel", "Ett fel uppstod hos oss. Försök igen om en stund. Felet är loggat."),
}
CSRF_PAGE = (
    "Formuläret kunde inte skickas",
    "Säkerhetskontrollen misslyckades, till exempel för att sidan var öppen länge eller för att kakor är "
    "avstängda. Gå tillbaka, ladda om sidan och försök igen.",
)
API_MESSAGES = {
    400: api_errors.BAD_REQUEST,
    403: api_errors.PERMISSION_DENIED,
    404: api_errors.NOT_FOUND,
    500: api_errors.SERVER_ERROR,
}
API_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 500: "server_error"}


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _home_url(request: HttpRequest) -> str:
    name = "portal:home" if request.path.startswith(PORTAL_PREFIX) else "core:home"
    return reverse(name)


def _page(request: HttpRequest, status: int, heading: str, text: str, *, detail: str = "") -> HttpResponse:
    context: dict[str, Any] = {
        "status": status,
        "heading": heading,
        "text": text,
        "detail": detail,
        "home_url": _home_url(request),
        "portal": request.path.startswith(PORTAL_PREFIX),
    }
    try:
        content = loader.render_to_string(TEMPLATE, context, request)
    except Exception:  # the context processors need the database; a 500 page must not fail with it
        if status != 500:
            raise
        logger.exception("Felsidan kunde inte visas med sidans sammanhang; visar den utan.")
        content = loader.render_to_string(TEMPLATE, context)
    return HttpResponse(content, status=status)


def _swedish_reason(exception: BaseException | None) -> str:
    """A ``PermissionDenied``'s own message when it has one (ours are Swedish sentences)."""
    text = str(exception.args[0]) if exception is not None and exception.args else ""
    return text if text and text[:1].isupper() and text.endswith(".") else ""


def _error(request: HttpRequest, status: int, exception: BaseException | None = None) -> HttpResponse:
    reason = _swedish_reason(exception) if status == 403 else ""
    if _is_api(request):
        return api_errors.json_error(status, reason or API_MESSAGES[status], code=API_CODES[status])
    heading, text = PAGES[status]
    return _page(request, status, heading, reason or text)


def bad_request(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error(request, 400, exception)


def permission_denied(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error(request, 403, exception)


def page_not_found(request: HttpRequest, exception: BaseException | None = None) -> HttpResponse:
    return _error(request, 404, exception)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(request, 500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if _is_api(request):
        return api_errors.json_error(403, api_errors.CSRF_FAILED, code="csrf_failed")
    heading, text = CSRF_PAGE
    return _page(request, 403, heading, text)
