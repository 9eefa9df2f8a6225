"""Headers every page and API answer carries (issue 20 point 2).

- ``Cache-Control: no-store``: a page or an answer may hold personal data, so no browser, proxy or shared computer
  keeps a copy (the back button after logging out shows nothing). Every answer that passes here gets it: the
  static files never do, WhiteNoise answers them earlier with far-future caching under hashed names. A view that
  already forbids storing (``never_cache``) keeps its own header.
- ``Permissions-Policy`` (``settings.PERMISSIONS_POLICY``): no page uses a camera, a microphone, the position,
  payments or the sensors.

The Content-Security-Policy comes from Django's own middleware (``settings.SECURE_CSP``); ``X-Content-Type-Options``,
``Referrer-Policy``, ``Cross-Origin-Opener-Policy`` and HSTS from ``SecurityMiddleware``; ``X-Frame-Options`` from
``XFrameOptionsMiddleware``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from samverkan.core.logging import REQUEST_ID, SAFE_REQUEST_ID


class PrivateResponseHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response


class RequestIdMiddleware:
    """Every request gets an id: the proxy's ``X-Request-ID`` when it is a plain token, else a new one. It is on
    every log line written while the request is served (``core.logging.RequestId``) and in the answer's
    ``X-Request-ID``, so an official's error report can be found in the logs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        sent = request.headers.get("X-Request-ID", "")
        request_id = sent if SAFE_REQUEST_ID.match(sent) else uuid.uuid4().hex
        token = REQUEST_ID.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request_id
        return response
