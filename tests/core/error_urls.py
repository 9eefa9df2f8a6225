"""The site's URLs plus views that fail on purpose, for the error page tests."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import path

from samverkan.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]


def _crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("avsiktligt fel i ett test")


def _suspicious(request: HttpRequest) -> HttpResponse:
    raise SuspiciousOperation("avsiktligt misstänkt begäran")


def _forbidden(request: HttpRequest) -> HttpResponse:
    raise PermissionDenied


urlpatterns = [
    path("test-fel/krasch/", _crash),
    path("test-fel/misstankt/", _suspicious),
    path("test-fel/forbjuden/", _forbidden),
    path("api/v1/test-fel/krasch/", _crash),
    path("mina-sidor/test-fel/krasch/", _crash),
    *urlpatterns,
]
