"""Helpers for forms: carry a service's ValidationError into the form, and the POST path form views share."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Attach errors from a service to the matching fields (or the form as a whole)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            target = field if field in form.fields else None
            for e in errors:
                form.add_error(target, e)
    else:
        for message in error.messages:
            form.add_error(None, message)


def form_submit(
    request: HttpRequest,
    form: forms.Form,
    write: Callable[[dict[str, Any]], str],
    *,
    done: Callable[[], HttpResponse],
    failed: Callable[[forms.Form], HttpResponse],
) -> HttpResponse:
    """Validate ``form``, call the service through ``write`` (which returns the success message) and go on
    with ``done``; or, when the form or the service refuses, show the form again through ``failed``."""
    if form.is_valid():
        try:
            message = write(form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, message)
            return done()
    return failed(form)
