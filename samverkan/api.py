"""The JSON API (Django Ninja), schema at ``/api/v1/openapi.json``.

Each app may have an ``api.py`` with a ``router`` (and optional ``PREFIX``); it is
mounted here under ``/api/v1/<prefix>/``.
"""

from __future__ import annotations

import importlib

from django.apps import apps
from ninja import NinjaAPI

from samverkan.core import api_errors

api = NinjaAPI(
    title="Samverkan API",
    version="1",
    description="Säker samverkan mellan socialtjänst, Försäkringskassan, Pensionsmyndigheten, "
    "Arbetsförmedlingen, a-kassa och hälso- och sjukvård. Alla uppgifter om personer passerar sekretessgrinden.",
    urls_namespace="api",
)


# One error shape for every error, with a Swedish message (samverkan/core/api_errors.py).
api_errors.install(api)

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
