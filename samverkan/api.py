"""The JSON API (Django Ninja), schema at ``/api/v1/openapi.json``.

Each app may have an ``api.py`` with a ``router`` (and optional ``PREFIX``); it is
mounted here under ``/api/v1/<prefix>/``.
"""

from __future__ import annotations

import importlib
from typing import Any

from django.apps import apps
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from samverkan.domain.errors import DomainError

api = NinjaAPI(
    title="Samverkan API",
    version="1",
    description="Säker samverkan mellan socialtjänst, Försäkringskassan, Pensionsmyndigheten, "
    "Arbetsförmedlingen, a-kassa och hälso- och sjukvård. Alla uppgifter om personer passerar sekretessgrinden.",
    urls_namespace="api",
)


@api.exception_handler(DomainError)
def _domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(
        request, {"error": exc.message, "code": exc.code, "field": getattr(exc, "field", None)}, status=400
    )


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[Any] = list(exc.errors)
    return api.create_response(request, {"error": "Ogiltiga indata.", "detail": errors}, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"error": "Du måste vara inloggad."}, status=401)


for config in apps.get_app_configs():
    if not config.name.startswith("samverkan."):
        continue
    try:
        module = importlib.import_module(f"{config.name}.api")
    except ModuleNotFoundError as exc:
        if exc.name != f"{config.name}.api":
            raise
        continue
    api.add_router(getattr(module, "PREFIX", f"/{config.label}/"), module.router)
