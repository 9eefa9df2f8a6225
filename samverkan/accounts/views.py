from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.views import LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from samverkan.accounts.access import PUBLIC, allowed
from samverkan.accounts.models import User


def demo_accounts() -> list[User]:
    return list(
        User.objects.filter(is_active=True, unit__isnull=False)
        .select_related("unit__organisation")
        .prefetch_related("role_assignments")
        .order_by("unit__organisation__name", "unit__name", "last_name")
    )


class SamverkanLoginView(LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

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
    user = get_object_or_404(User, pk=user_id, is_active=True, unit__isnull=False)
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(settings.LOGIN_REDIRECT_URL)
