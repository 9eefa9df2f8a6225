from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from samverkan.core.navigation import nav_for


def samverkan(request: HttpRequest) -> dict[str, Any]:
    return {
        "demo_mode": settings.DEMO_MODE,
        "nav_items": nav_for(request),
        "current_organisation": getattr(request, "organisation", None),
        "current_unit": getattr(request, "unit", None),
    }
