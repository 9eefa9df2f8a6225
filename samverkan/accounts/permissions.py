"""Who may do what: view decorators over roles, scoped to the official's organisation."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from samverkan.domain.organisations import OrganisationType, Role

View = TypeVar("View", bound=Callable[..., HttpResponse])


def official_required(*roles: Role, org_types: tuple[OrganisationType, ...] = ()) -> Callable[[View], View]:
    """The user must be a logged-in official with a unit; optionally one of ``roles`` at one of ``org_types``.

    Anonymous users are sent to the login page; officials without the right role get 403.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            organisation = getattr(request, "organisation", None)
            if organisation is None:
                raise PermissionDenied("Ditt konto hör inte till någon enhet.")
            if org_types and organisation.type not in org_types:
                raise PermissionDenied("Din organisation har inte tillgång till den här sidan.")
            if roles and not user.has_role(*roles):
                raise PermissionDenied("Din roll har inte tillgång till den här sidan.")
            return view(request, *args, **kwargs)

        return cast(View, wrapper)

    return decorator
