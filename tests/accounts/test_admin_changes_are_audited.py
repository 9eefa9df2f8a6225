"""Every change made in the Django admin is an entry in the tamper-evident audit log (issue 16)."""

from __future__ import annotations

from typing import Any

import pytest

from samverkan.accounts.models import Organisation, RoleAssignment, Unit, User
from samverkan.core.demo import PLATFORM_OPERATOR
from samverkan.disclosures.audit import audit_verify
from samverkan.disclosures.models import AuditEntry

pytestmark = pytest.mark.django_db

OPERATOR = PLATFORM_OPERATOR[0]


def _unit_form(unit: Unit, **changes: Any) -> dict[str, Any]:
    data = {
        "organisation": unit.organisation_id,
        "code": unit.code,
        "name": unit.name,
        "handles_assistance": "on" if unit.handles_assistance else "",
        "address": unit.address,
        "phone": unit.phone,
        "email": unit.email,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_unit_changed_in_the_admin_is_audited(client_for: Any, user_named: Any) -> None:
    unit = Unit.objects.get(organisation__code="fk", code="lfk-sorby")
    before = AuditEntry.objects.count()

    response = client_for(OPERATOR).post(
        f"/admin/accounts/unit/{unit.pk}/change/", _unit_form(unit, name="Lokalt försäkringscenter Sörby och Åby")
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    unit.refresh_from_db()
    assert unit.name == "Lokalt försäkringscenter Sörby och Åby"
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    assert AuditEntry.objects.count() == before + 1
    assert entry.event == "admin.changed"
    assert entry.actor == user_named(OPERATOR)
    assert entry.organisation == unit.organisation
    assert entry.extra["model"] == "accounts.unit" and entry.extra["object_id"] == str(unit.pk)
    assert entry.extra["changes"] == [{"action": "changed", "fields": ["Namn"]}]
    assert "Åby" not in str(entry.extra)  # names of fields, never the values
    assert audit_verify().ok


def test_adding_and_deleting_in_the_admin_are_audited(client_for: Any) -> None:
    client = client_for(OPERATOR)
    organisation = Organisation.objects.get(code="af")

    added = client.post(
        "/admin/accounts/unit/add/", {"organisation": organisation.pk, "code": "aby", "name": "Arbetsförmedlingen Åby"}
    )
    assert added.status_code == 302
    unit = Unit.objects.get(organisation=organisation, code="aby")
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None and entry.event == "admin.added" and entry.extra["object_id"] == str(unit.pk)

    deleted = client.post(f"/admin/accounts/unit/{unit.pk}/delete/", {"post": "yes"})

    assert deleted.status_code == 302
    assert not Unit.objects.filter(pk=unit.pk).exists()
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None and entry.event == "admin.deleted"
    assert entry.extra == {"model": "accounts.unit", "object_id": str(unit.pk)}
    assert entry.organisation == organisation


def _user_form(client: Any, official: User) -> dict[str, Any]:
    """The admin's change form of ``official`` as the browser would send it unchanged (with its role rows)."""
    page = client.get(f"/admin/accounts/user/{official.pk}/change/")
    assert page.status_code == 200
    form = page.context["adminform"].form
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("password", "last_login", "date_joined"):
            continue
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is not None:
            data[name] = getattr(value, "pk", value)
    joined = form.initial["date_joined"]
    data["date_joined_0"], data["date_joined_1"] = joined.strftime("%Y-%m-%d"), joined.strftime("%H:%M:%S")
    existing = list(RoleAssignment.objects.filter(user=official))
    data.update(
        {
            "role_assignments-TOTAL_FORMS": str(len(existing)),
            "role_assignments-INITIAL_FORMS": str(len(existing)),
            "role_assignments-MIN_NUM_FORMS": "0",
            "role_assignments-MAX_NUM_FORMS": "1000",
        }
    )
    for index, assignment in enumerate(existing):
        data[f"role_assignments-{index}-id"] = assignment.pk
        data[f"role_assignments-{index}-user"] = official.pk
        data[f"role_assignments-{index}-role"] = assignment.role
    return data


def test_a_role_given_in_the_admin_is_audited_with_what_the_account_may_do(client_for: Any, user_named: Any) -> None:
    official = user_named("sara.lind")
    client = client_for(OPERATOR)
    data = _user_form(client, official)
    index = int(data["role_assignments-TOTAL_FORMS"])
    data["role_assignments-TOTAL_FORMS"] = str(index + 1)
    data[f"role_assignments-{index}-user"] = official.pk
    data[f"role_assignments-{index}-role"] = "unit_manager"

    response = client.post(f"/admin/accounts/user/{official.pk}/change/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None and entry.event == "admin.changed"
    assert entry.actor == user_named(OPERATOR)
    assert entry.extra["model"] == "accounts.user" and entry.extra["object_id"] == str(official.pk)
    assert entry.extra["roles"] == ["social_worker", "unit_manager"]
    assert entry.extra["is_superuser"] is False
    assert {"action": "added", "inline": "roll"} in entry.extra["changes"]
    assert entry.organisation == official.organisation
    assert not User.objects.get(pk=official.pk).is_staff


@pytest.mark.parametrize("flag", ["is_staff", "is_superuser"])
def test_the_operator_cannot_make_an_official_an_operator(client_for: Any, user_named: Any, flag: str) -> None:
    official = user_named("admin")
    client = client_for(OPERATOR)
    data = _user_form(client, official)
    data[flag] = "on"
    entries = AuditEntry.objects.count()

    response = client.post(f"/admin/accounts/user/{official.pk}/change/", data)

    assert response.status_code == 200
    assert "kan inte vara plattformsoperatör" in response.content.decode()
    official = user_named("admin")
    assert not official.is_staff and not official.is_superuser
    assert AuditEntry.objects.count() == entries
