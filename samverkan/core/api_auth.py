from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from samverkan.accounts.models import Organisation


def organisation_of(request: HttpRequest) -> Organisation:
    """The caller's organisation; every API query is scoped to it."""
    organisation: Organisation | None = getattr(request, "organisation", None)
    if organisation is None:
        raise PermissionDenied("Ditt konto hör inte till någon organisation.")
    return organisation
