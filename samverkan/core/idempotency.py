"""``Idempotency-Key`` on the API's creating operations: a repeated call creates nothing new.

Put :func:`idempotent` under the operation's ``@router.post(...)``. A call with the header
``Idempotency-Key`` (1–255 visible ASCII characters, e.g. a UUID) is keyed by (user, key):

- the first call runs; a 2xx answer (status, content type and body) is stored with a fingerprint
  of the method, path and body; any other answer frees the key again (nothing was created);
- the same key again with the same request gets the stored answer (header ``Idempotent-Replayed: true``);
- the same key with another method, path or body is refused with 422, and a call that comes while
  the first one with the key is still running gets 409;
- keys are kept for :data:`KEY_MAX_AGE`.

Authentication (and CSRF for the session) is checked before the key is looked at. A call without
the header runs as before. The header and the 409/422 answers are added to the OpenAPI document.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from ninja.operation import Operation
from ninja.utils import contribute_operation_callback

from samverkan.core.api_errors import json_error
from samverkan.core.clock import now
from samverkan.core.models import IdempotentRequest
from samverkan.core.operations import Run, wrap_run

HEADER = "Idempotency-Key"
#: How long a key is remembered.
KEY_MAX_AGE = dt.timedelta(hours=24)
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")

BAD_KEY = "Idempotency-Key ska vara 1–255 synliga tecken, till exempel ett UUID."
KEY_REUSED = "Idempotency-Key har redan använts för en annan begäran. Använd en ny nyckel."
IN_PROGRESS = "En begäran med samma Idempotency-Key behandlas redan. Försök igen om en stund."

#: The API's one error shape (:class:`samverkan.core.api_errors.ErrorOut`).
_ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"type": "string"},
        "code": {"type": "string"},
        "field": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "detail": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}}},
    },
    "required": ["error", "code"],
}
OPENAPI: dict[str, Any] = {
    "parameters": [
        {
            "in": "header",
            "name": HEADER,
            "required": False,
            "description": "Valfri nyckel (t.ex. ett UUID). Samma nyckel igen ger samma svar utan att något "
            "skapas på nytt; samma nyckel med en annan begäran ger 422.",
            "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[\\x21-\\x7e]+$"},
        }
    ],
    "responses": {
        "409": {
            "description": "En begäran med samma Idempotency-Key behandlas redan.",
            "content": {"application/json": {"schema": _ERROR_SCHEMA}},
        },
        "422": {
            "description": "Ogiltig Idempotency-Key, eller nyckeln användes för en annan begäran (eller ogiltiga indata).",
            "content": {"application/json": {"schema": _ERROR_SCHEMA}},
        },
    },
}


def _refuse(status: int, message: str, code: str) -> HttpResponse:
    return json_error(status, message, code=code)


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256()
    digest.update(f"{request.method}\n{request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _replay(stored: IdempotentRequest) -> HttpResponse:
    response = HttpResponse(stored.body, status=stored.status or 200, content_type=stored.content_type or None)
    response["Idempotent-Replayed"] = "true"
    return response


def _wrap(operation: Operation, run: Run) -> Run:
    @wraps(run)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = request.headers.get(HEADER)
        if key is None or request.method != "POST":
            return run(request, *args, **kwargs)
        refused = operation._run_checks(request)  # authentication and CSRF first
        if refused is not None:
            return refused
        user = request.user
        if not user.is_authenticated:  # only officials' calls are keyed
            return run(request, *args, **kwargs)
        if not _KEY.match(key):
            return _refuse(422, BAD_KEY, "idempotency_key_invalid")
        fingerprint = _fingerprint(request)
        moment = now()
        IdempotentRequest.objects.filter(created_at__lt=moment - KEY_MAX_AGE).delete()
        try:
            with transaction.atomic():
                IdempotentRequest.objects.create(
                    user=user,
                    key=key,
                    method=request.method or "",
                    path=request.path[:500],
                    fingerprint=fingerprint,
                    created_at=moment,
                )
        except IntegrityError:
            stored = IdempotentRequest.objects.filter(user=user, key=key).first()
            if stored is None:  # freed a moment ago: run as a first call
                return wrapper(request, *args, **kwargs)
            if stored.fingerprint != fingerprint:
                return _refuse(422, KEY_REUSED, "idempotency_key_reused")
            if stored.status is None:
                return _refuse(409, IN_PROGRESS, "idempotency_key_in_progress")
            return _replay(stored)
        mine = IdempotentRequest.objects.filter(user=user, key=key, fingerprint=fingerprint, status__isnull=True)
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            mine.delete()
            raise
        if 200 <= response.status_code < 300 and isinstance(response, HttpResponse):
            mine.update(
                status=response.status_code,
                content_type=response.get("Content-Type", "")[:100],
                body=response.content.decode(response.charset or "utf-8"),
            )
        else:
            mine.delete()
        return response

    return wrapper


def _contribute(operation: Operation) -> None:
    wrap_run(operation, lambda run: _wrap(operation, run))
    extra = dict(operation.openapi_extra or {})
    extra["parameters"] = [*extra.get("parameters", []), *OPENAPI["parameters"]]
    documented = {str(code) for code in operation.response_models} | set(extra.get("responses", {}))
    missing = {code: answer for code, answer in OPENAPI["responses"].items() if code not in documented}
    if missing:
        extra["responses"] = {**extra.get("responses", {}), **missing}
    operation.openapi_extra = extra


def idempotent[F: Callable[..., Any]](func: F) -> F:
    """Accept ``Idempotency-Key`` on this creating operation (put it under ``@router.post(...)``)."""
    contribute_operation_callback(func, _contribute)
    return func
