"""The API's one error shape, its Swedish messages and the exception handlers that produce it.

Every error of ``/api/v1/`` is JSON of :class:`ErrorOut`::

    {"error": "period_end: Ange ett datum …", "code": "validation", "field": "period_end",
     "detail": {"period_end": ["Ange ett datum …"]}}

- ``error``: one Swedish sentence, fit to show (prefixed by the field when one field is at fault);
- ``code``: machine-readable (``validation``, ``invalid``, ``not_authenticated``, ``permission_denied``,
  ``csrf_failed``, ``not_found``, ``bad_request``, ``server_error`` or a rule's own code);
- ``field``: the first field at fault, or ``null``;
- ``detail``: every field's messages (``__all__`` for what belongs to no field).

:func:`install` registers the handlers on the NinjaAPI once (``samverkan/api.py``): Ninja's
``ValidationError`` (422), Django's ``ValidationError`` raised by services (400), the domain's
``DomainError`` (400), authentication (401), ``PermissionDenied`` (403), ``Http404`` (404) and
``HttpError`` (its status; Ninja's English texts are translated). Endpoints therefore raise and
never catch: ``response={200: X, **errors(401, 403, 404)}`` documents what they can answer.
The site's error views (:mod:`samverkan.core.errors`) answer the same shape under ``/api/``.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic_core.core_schema import ErrorType

from samverkan.domain.errors import DomainError

if TYPE_CHECKING:
    from ninja import NinjaAPI


# An error of the API: a Swedish sentence, a code, the field at fault and every field's messages.
class ErrorOut(Schema):
    error: str
    code: str
    field: str | None = None
    detail: dict[str, list[str]] = {}


#: Every error status an operation of the API may answer, each documented with :class:`ErrorOut`.
ERROR_STATUSES = (400, 401, 403, 404, 422)


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """The error part of an operation's ``response=`` map: ``{200: X, **errors(401, 403)}``."""
    return {status: ErrorOut for status in statuses}


#: An operation behind an official's login: 401 without one, 403 for a role or organisation without access
#: (and a failed CSRF check). Add 422 where the operation has path, query or body parameters, 404 where it looks
#: an object up and 400 where a service may refuse.
LOGIN = (401, 403)

# --- Messages ---------------------------------------------------------------------------------

NOT_AUTHENTICATED = "Du måste vara inloggad."
PERMISSION_DENIED = "Du har inte behörighet till det här."
NOT_FOUND = "Det du söker finns inte."
CSRF_FAILED = "Säkerhetskontrollen (CSRF) misslyckades. Ladda om sidan och försök igen."
BAD_BODY = "Innehållet gick inte att läsa. Skicka giltig JSON."
BAD_REQUEST = "Anropet gick inte att förstå."
SERVER_ERROR = "Ett fel uppstod hos oss. Försök igen om en stund."
THROTTLED = "För många anrop. Vänta en stund och försök igen."
INVALID = "Ogiltiga uppgifter."

#: Ninja's own English messages, in Swedish.
_NINJA_MESSAGES = {
    "Cannot parse request body": BAD_BODY,
    "CSRF check Failed": CSRF_FAILED,
    "Unauthorized": NOT_AUTHENTICATED,
    "Forbidden": PERMISSION_DENIED,
    "Too many requests.": THROTTLED,
    "Not Found": NOT_FOUND,
}
_STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    422: "validation",
    429: "throttled",
}
#: Django's English text of ``get_object_or_404`` ("No Case matches the given query.").
_DJANGO_NOT_FOUND = re.compile(r"^No .* matches the given query\.?$")

_BUILTIN_TYPES = frozenset(typing.get_args(ErrorType))
_DATE = "Ange ett datum som ÅÅÅÅ-MM-DD."
_DATETIME = "Ange en tidpunkt som ÅÅÅÅ-MM-DDTHH:MM."
_NUMBER = "Ange ett tal."
_INTEGER = "Ange ett heltal."
_PYDANTIC_MESSAGES: dict[str, str] = {
    "missing": "Uppgiften saknas.",
    "json_invalid": BAD_BODY,
    "json_type": BAD_BODY,
    "extra_forbidden": "Okänd uppgift.",
    "model_type": "Ange ett objekt.",
    "model_attributes_type": "Ange ett objekt.",
    "dict_type": "Ange ett objekt.",
    "mapping_type": "Ange ett objekt.",
    "list_type": "Ange en lista.",
    "tuple_type": "Ange en lista.",
    "set_type": "Ange en lista.",
    "string_type": "Ange en text.",
    "string_unicode": "Texten innehåller ogiltiga tecken.",
    "string_pattern_mismatch": "Texten har fel form.",
    "bool_type": "Ange true eller false.",
    "bool_parsing": "Ange true eller false.",
    "int_type": _INTEGER,
    "int_parsing": _INTEGER,
    "int_parsing_size": "Talet är för stort.",
    "int_from_float": _INTEGER,
    "float_type": _NUMBER,
    "float_parsing": _NUMBER,
    "finite_number": _NUMBER,
    "decimal_type": _NUMBER,
    "decimal_parsing": _NUMBER,
    "date_type": _DATE,
    "date_parsing": _DATE,
    "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME,
    "datetime_parsing": _DATETIME,
    "datetime_object_invalid": _DATETIME,
    "datetime_from_date_parsing": _DATETIME,
    "time_type": "Ange ett klockslag som HH:MM.",
    "time_parsing": "Ange ett klockslag som HH:MM.",
    "uuid_type": "Ange ett UUID.",
    "uuid_parsing": "Ange ett UUID.",
    "none_required": "Lämna uppgiften tom.",
}


def _pydantic_message(item: Mapping[str, Any]) -> str:
    kind = str(item.get("type", ""))
    ctx = item.get("ctx") or {}
    message = str(item.get("msg", ""))
    if kind not in _BUILTIN_TYPES:
        return message  # a custom error of our own validators: already Swedish
    if kind == "value_error":
        return message.removeprefix("Value error, ")
    if kind in ("greater_than_equal", "greater_than"):
        word = "minst" if kind == "greater_than_equal" else "större än"
        return f"Ange ett tal som är {word} {ctx.get('ge', ctx.get('gt'))}."
    if kind in ("less_than_equal", "less_than"):
        word = "högst" if kind == "less_than_equal" else "mindre än"
        return f"Ange ett tal som är {word} {ctx.get('le', ctx.get('lt'))}."
    if kind in ("string_too_long", "too_long"):
        limit = ctx.get("max_length")
        return f"Högst {limit} tecken." if kind == "string_too_long" else f"Högst {limit} värden."
    if kind in ("string_too_short", "too_short"):
        limit = ctx.get("min_length")
        return "Uppgiften får inte vara tom." if limit in (1, None) else f"Minst {limit} tecken."
    if kind in ("enum", "literal_error"):
        return f"Välj ett av de tillåtna värdena: {ctx.get('expected', '')}."
    return _PYDANTIC_MESSAGES.get(kind, "Ogiltigt värde.")


def _field_of(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    source, rest = (parts[0], parts[1:]) if parts else ("", [])
    if source == "body" and len(rest) > 1:
        rest = rest[1:]  # the name of the endpoint's body parameter
    return ".".join(rest) or source or NON_FIELD_ERRORS


def body(
    message: str,
    *,
    code: str,
    field: str | None = None,
    detail: Mapping[str, list[str]] | None = None,
) -> dict[str, Any]:
    """The JSON of :class:`ErrorOut`."""
    return {"error": message, "code": code, "field": field, "detail": dict(detail or {})}


def _first(detail: Mapping[str, list[str]]) -> tuple[str | None, str]:
    for name, messages in detail.items():
        if messages:
            if name == NON_FIELD_ERRORS:
                return None, messages[0]
            return name, f"{name}: {messages[0]}"
    return None, INVALID


def from_ninja_validation(exc: ValidationError) -> dict[str, Any]:
    detail: dict[str, list[str]] = {}
    for item in exc.errors:
        detail.setdefault(_field_of(item.get("loc", ())), []).append(_pydantic_message(item))
    field, message = _first(detail)
    return body(message, code="validation", field=field, detail=detail)


def from_django_validation(exc: DjangoValidationError) -> dict[str, Any]:
    if hasattr(exc, "error_dict"):
        detail = {name: [str(m) for e in errs for m in e.messages] for name, errs in exc.error_dict.items()}
        codes = [e.code for errs in exc.error_dict.values() for e in errs if e.code]
    else:
        detail = {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}
        codes = [e.code for e in exc.error_list if e.code]
    field, message = _first(detail)
    return body(message, code=str(codes[0]) if codes else "invalid", field=field, detail=detail)


def from_domain_error(exc: DomainError) -> dict[str, Any]:
    field: str | None = getattr(exc, "field", None)
    detail: dict[str, list[str]] = (
        {field: [str(getattr(exc, "detail", exc.message))]} if field else {NON_FIELD_ERRORS: [exc.message]}
    )
    return body(exc.message, code=exc.code, field=field, detail=detail)


def _own_message(exc: Exception, default: str) -> str:
    """The exception's Swedish message, or ``default`` for none or Django's and Ninja's English texts."""
    text = str(exc.args[0]) if exc.args and isinstance(exc.args[0], str) else ""
    if isinstance(exc, HttpError):
        text = exc.message
    text = _NINJA_MESSAGES.get(text, text)
    if not text or _DJANGO_NOT_FOUND.match(text):
        return default
    return text


def from_http_error(exc: HttpError) -> dict[str, Any]:
    code = "csrf_failed" if exc.message == "CSRF check Failed" else _STATUS_CODES.get(exc.status_code, "error")
    default = {401: NOT_AUTHENTICATED, 403: PERMISSION_DENIED, 404: NOT_FOUND}.get(exc.status_code, BAD_REQUEST)
    return body(_own_message(exc, default), code=code)


def json_error(status: int, message: str, *, code: str | None = None) -> JsonResponse:
    """An error of the shape for a status, outside the API's handlers (the site's error views)."""
    return JsonResponse(body(message, code=code or _STATUS_CODES.get(status, "error")), status=status)


def install(api: NinjaAPI) -> None:
    """Register the handlers on ``api``: every error answers :class:`ErrorOut` with a Swedish message."""

    def respond(request: HttpRequest, data: dict[str, Any], status: int) -> HttpResponse:
        return api.create_response(request, data, status=status)

    def on_ninja_validation(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        return respond(request, from_ninja_validation(exc), 422)

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return respond(request, from_django_validation(exc), 400)

    def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return respond(request, from_domain_error(exc), 400)

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return respond(request, body(NOT_AUTHENTICATED, code="not_authenticated"), 401)

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return respond(request, body(_own_message(exc, PERMISSION_DENIED), code="permission_denied"), 403)

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return respond(request, body(_own_message(exc, NOT_FOUND), code="not_found"), 404)

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return respond(request, from_http_error(exc), exc.status_code)

    api.exception_handler(ValidationError)(on_ninja_validation)
    api.exception_handler(DjangoValidationError)(on_django_validation)
    api.exception_handler(DomainError)(on_domain_error)
    api.exception_handler(AuthenticationError)(on_authentication)
    api.exception_handler(PermissionDenied)(on_permission_denied)
    api.exception_handler(Http404)(on_not_found)
    api.exception_handler(HttpError)(on_http_error)
