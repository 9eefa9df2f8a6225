"""The Django admin holds no personal data (issue 16): only organisations, units, officials and configuration.

The platform operator (``drift``, no unit) administers them; the demo ``admin`` — a socialnämnd's
systemförvaltare — is an official, not an operator, and has no way into the admin at all.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.urls import reverse

from samverkan.core.demo import PLATFORM_OPERATOR, seed_demo_world

pytestmark = pytest.mark.django_db

OPERATOR = PLATFORM_OPERATOR[0]

#: Everything the admin may hold: reference data of organisations and officials, and configuration.
ALLOWED_IN_ADMIN = {
    "accounts.organisation",
    "accounts.unit",
    "accounts.user",
    "messaging.routingrule",
    "messaging.contactassignment",
    "scheduling.scheduledrun",
    # Django's own: the operators' groups.
    "auth.group",
    # The officials' logins (django-axes): the operator unlocks a locked account by deleting its attempts.
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
    # The background tasks' results (read only).
    "django_tasks_database.dbtaskresult",
}

#: Admin addresses of what must never be there (persons, cases, registers, consents, requests, audit …).
PERSONAL = [
    "/admin/people/person/",
    "/admin/people/household/",
    "/admin/cases/case/",
    "/admin/consents/consent/",
    "/admin/disclosures/auditentry/",
    "/admin/disclosures/disclosurerequest/",
    "/admin/disclosures/reviewtask/",
    "/admin/registries/benefitpayment/",
    "/admin/registries/notice/",
    "/admin/assistance/application/",
    "/admin/assistance/payment/",
    "/admin/reclaims/reclaim/",
    "/admin/rehab/rehabcoordination/",
    "/admin/messaging/adminquestion/",
    "/admin/messaging/sentemail/",
    "/admin/messaging/absence/",
    "/admin/reports/officialperson/",
    "/admin/portal/portalpolicy/",
]


def test_the_admin_registers_only_organisations_units_officials_and_configuration() -> None:
    registered = {model._meta.label_lower for model in admin.site._registry}
    assert registered <= ALLOWED_IN_ADMIN, registered - ALLOWED_IN_ADMIN


def test_every_admin_writes_its_changes_to_the_audit_log() -> None:
    from samverkan.accounts.admin import AuditedAdmin

    unaudited = [m._meta.label_lower for m, a in admin.site._registry.items() if not isinstance(a, AuditedAdmin)]
    assert unaudited == []


def test_the_operator_sees_no_personal_data_in_the_admin(client_for: Any) -> None:
    client = client_for(OPERATOR)
    index = client.get("/admin/")
    assert index.status_code == 200
    page = index.content.decode()
    assert "/admin/accounts/unit/" in page and "/admin/accounts/user/" in page
    for path in PERSONAL:
        assert path not in page, path
        assert client.get(path).status_code == 404, path
        assert client.get(f"{path}1/change/").status_code == 404, path
    for path in ("/admin/accounts/organisation/", "/admin/accounts/unit/", "/admin/accounts/user/"):
        assert client.get(path).status_code == 200, path


def test_the_operator_is_no_official_and_lands_in_the_admin(client: Any, user_named: Any) -> None:
    operator = user_named(OPERATOR)
    assert operator.is_staff and operator.is_superuser and operator.unit is None and not operator.roles

    response = client.post(reverse("accounts:login"), {"username": OPERATOR, "password": "samverkan-demo"})

    assert response.status_code == 302 and response["Location"] == "/admin/"
    start = client.get("/")
    assert start.status_code == 403  # no unit: no page of the product, but the way to the admin
    assert 'href="/admin/"' in start.content.decode()
    assert client.get("/api/v1/cases/").status_code == 403


def test_the_demo_login_lists_the_operator_and_takes_them_to_the_admin(
    client: Any, user_named: Any, settings: Any
) -> None:
    settings.DEMO_MODE = True
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Dana Drift" in page and "Plattformsoperatör" in page

    response = client.post(reverse("accounts:demo_login", args=[user_named(OPERATOR).pk]))

    assert response.status_code == 302 and response["Location"] == "/admin/"


def test_the_organisations_system_administrator_has_no_way_into_the_admin(client_for: Any, user_named: Any) -> None:
    official = user_named("admin")
    assert not official.is_staff and not official.is_superuser
    client = client_for("admin")

    for path in ["/admin/", "/admin/accounts/user/", "/admin/people/person/", "/admin/cases/case/"]:
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path


def test_seeding_an_older_demo_world_again_demotes_the_administrator(user_named: Any) -> None:
    from samverkan.accounts.models import User

    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)

    seed_demo_world(log=lambda _m: None)

    official = user_named("admin")
    assert not official.is_staff and not official.is_superuser
    assert User.objects.filter(is_superuser=True).values_list("username", flat=True).get() == OPERATOR
