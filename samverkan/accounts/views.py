from __future__ import annotations

from typing import Any, cast

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, resolve_url
from django.urls import reverse
from django.views.decorators.http import require_POST

from samverkan.accounts.access import PUBLIC, allowed
from samverkan.accounts.models import Unit, User
from samverkan.domain.organisations import OrganisationType


def _demo_logins() -> QuerySet[User]:
    """The accounts the demo login offers: the officials, and the platform operator (staff without a unit)."""
    return User.objects.filter(is_active=True).filter(
        Q(unit__isnull=False) | Q(unit__isnull=True, is_staff=True, is_superuser=True)
    )


def _by_organisation(official: User) -> tuple[int, str, str, str]:
    unit = cast(Unit, official.unit)  # the officials: unit__isnull=False
    return (_TYPE_ORDER.index(unit.organisation.type), unit.organisation.name, unit.name, official.last_name)


def demo_accounts() -> list[User]:
    """The officials by organisation and unit, then the platform operator."""
    accounts = _demo_logins().select_related("unit__organisation").prefetch_related("role_assignments")
    officials = sorted(accounts.filter(unit__isnull=False), key=_by_organisation)
    return [*officials, *accounts.filter(unit__isnull=True).order_by("username")]


#: The demo login lists the socialnämnd's officials first (the product's daily users), then the agencies.
_TYPE_ORDER = list(OrganisationType)


def start_page_for(user: User) -> str:
    """Where a login lands: the start page, or the Django admin for the platform operator (who has no unit,
    so no page of the product)."""
    if user.unit_id is None and user.is_staff:
        return reverse("admin:index")
    return resolve_url(settings.LOGIN_REDIRECT_URL)


class SamverkanLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return start_page_for(cast(User, self.request.user))  # called once the official is logged in

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if settings.DEMO_MODE:
            context["demo_accounts"] = demo_accounts()
        return context


@allowed(PUBLIC)
@require_POST
def demo_login(request: HttpRequest, user_id: int) -> HttpResponse:
    """Demo mode only: log in as a listed demo official with one click."""
    if not settings.DEMO_MODE:
        raise Http404
    user = get_object_or_404(_demo_logins(), pk=user_id)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(start_page_for(user))
