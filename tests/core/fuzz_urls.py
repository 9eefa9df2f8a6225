"""The site's URLs plus two broken forms, for the form fuzz's test of itself (tests/core/test_forms_fuzz.py)."""

from __future__ import annotations

import uuid

from django.http import HttpRequest, HttpResponse
from django.urls import path

from samverkan.core.clock import now
from samverkan.core.models import FormSubmission
from samverkan.urls import urlpatterns

__all__ = ["urlpatterns"]

_FORM = '<form method="post"><input type="text" name="text"><button type="submit">Skicka</button></form>'


def _crashes_on_input(request: HttpRequest) -> HttpResponse:
    if request.method == "POST" and request.POST.get("text"):
        raise RuntimeError("avsiktligt fel i ett test")
    return HttpResponse(_FORM)


def _writes_then_shows_errors(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        FormSubmission.objects.create(owner="fuzz", token=uuid.uuid4().hex, created_at=now())
        return HttpResponse(_FORM, status=400)
    return HttpResponse(_FORM)


urlpatterns = [
    path("test-fuzz/krasch/", _crashes_on_input),
    path("test-fuzz/skriver/", _writes_then_shows_errors),
    *urlpatterns,
]
