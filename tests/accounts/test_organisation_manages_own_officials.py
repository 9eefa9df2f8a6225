"""An organisation's own system administrator manages its officials on Samverkan's pages, audited (issue 16).

The demo ``admin`` (Alva Admin, systemförvaltare at Socialnämnden i Sörby) adds officials to the
socialnämnd's units, changes their units and roles and deactivates them; another organisation's officials
are not found (404); roles that do not exist at a socialnämnd are refused with the reason and change
nothing; nothing here makes an account staff or superuser.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from samverkan.accounts.models import RoleAssignment, Unit, User
from samverkan.core.demo import PLATFORM_OPERATOR
from samverkan.disclosures.models import AuditEntry

pytestmark = pytest.mark.django_db

LIST = reverse("accounts:officials")
ADD = reverse("accounts:official_add")


def _edit(user: User) -> str:
    return reverse("accounts:official_edit", args=[user.pk])


def _unit(org: str, code: str) -> Unit:
    return Unit.objects.get(organisation__code=org, code=code)


def _new_official(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "username": "nora.ny",
        "first_name": "Nora",
        "last_name": "Ny",
        "email": "nora.ny@example.invalid",
        "unit": _unit("sorby-socialnamnd", "ekb").pk,
        "roles": ["social_worker"],
        "password": "Grusvag-Tallkotte-48",
    }
    data.update(changes)
    return data


def _last_entry() -> AuditEntry:
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert entry is not None
    return entry


def test_the_system_administrator_lists_the_own_organisations_officials_only(client_for: Any) -> None:
    page = client_for("admin").get(LIST)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Handläggare hos Socialnämnden i Sörby" in text
    assert 'data-official="sara.lind"' in text and 'data-official="lars.ek"' in text
    assert 'data-official="fredrik.holm"' not in text and 'data-official="drift"' not in text
    assert f'href="{LIST}"' in client_for("admin").get("/").content.decode()  # the menu entry


def test_the_system_administrator_adds_an_official_to_the_own_organisation_audited(
    client_for: Any, user_named: Any
) -> None:
    response = client_for("admin").post(ADD, _new_official())

    assert response.status_code == 302 and response["Location"] == LIST
    added = User.objects.get(username="nora.ny")
    assert added.unit == _unit("sorby-socialnamnd", "ekb") and added.is_active
    assert not added.is_staff and not added.is_superuser
    assert added.check_password("Grusvag-Tallkotte-48")
    assert set(RoleAssignment.objects.filter(user=added).values_list("role", flat=True)) == {"social_worker"}
    entry = _last_entry()
    assert entry.event == "account.official_added"
    assert entry.actor == user_named("admin")
    assert entry.organisation == added.organisation
    assert entry.extra == {"official": added.pk, "unit": added.unit_id, "roles": ["social_worker"]}
    assert "Nora" not in str(entry.extra) and "Grusvag" not in str(entry.extra)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"roles": ["insurance_investigator"]}, "roles", "Rollen Försäkringsutredare finns inte hos Socialnämnd."),
        ({"roles": []}, "roles", "Välj minst en roll."),
        ({"unit": None}, "unit", None),  # another organisation's unit: filled in below
        ({"username": "sara.lind"}, "username", "Användarnamnet är upptaget. Välj ett annat."),
        ({"password": "kort"}, "password", None),
    ],
)
def test_an_official_that_cannot_be_added_is_refused_in_swedish_and_nothing_changes(
    client_for: Any, changes: dict[str, Any], field: str, message: str | None
) -> None:
    if field == "unit":
        changes = {"unit": _unit("fk", "lfk-sorby").pk}
    users, roles, entries = User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count()

    response = client_for("admin").post(ADD, _new_official(**changes))

    assert response.status_code == 400
    errors = response.context["form"].errors
    assert field in errors
    if message is not None:
        assert message in errors[field]
        assert message in response.content.decode()
    assert (User.objects.count(), RoleAssignment.objects.count(), AuditEntry.objects.count()) == (
        users,
        roles,
        entries,
    )


def test_the_add_page_offers_only_the_roles_of_the_organisation_type(client_for: Any) -> None:
    page = client_for("admin").get(ADD).content.decode()
    assert 'value="social_worker"' in page and 'value="system_administrator"' in page
    assert 'value="insurance_investigator"' not in page and 'value="rehab_coordinator"' not in page


def test_changing_an_officials_unit_and_roles_is_audited(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    stab = _unit("sorby-socialnamnd", "stab")

    response = client_for("admin").post(_edit(sara), {"unit": stab.pk, "roles": ["social_worker", "unit_manager"]})

    assert response.status_code == 302
    sara = user_named("sara.lind")
    assert sara.unit == stab and sara.roles == {"social_worker", "unit_manager"}
    events = list(AuditEntry.objects.order_by("-sequence")[:2])
    assert {e.event for e in events} == {"account.unit_changed", "account.roles_changed"}
    roles_changed = next(e for e in events if e.event == "account.roles_changed")
    assert roles_changed.extra["added"] == ["unit_manager"] and roles_changed.extra["removed"] == []
    assert all(e.actor == user_named("admin") and e.extra["official"] == sara.pk for e in events)


def test_a_role_not_allowed_at_the_organisation_type_changes_nothing(client_for: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    entries = AuditEntry.objects.count()

    response = client_for("admin").post(
        _edit(sara), {"unit": sara.unit_id, "roles": ["social_worker", "rehab_coordinator"]}
    )

    assert response.status_code == 400
    assert "Rollen Rehabkoordinator finns inte hos Socialnämnd." in response.content.decode()
    assert user_named("sara.lind").roles == {"social_worker"}
    assert AuditEntry.objects.count() == entries


def test_another_organisations_officials_are_not_found(client_for: Any, user_named: Any) -> None:
    fredrik = user_named("fredrik.holm")
    operator = user_named(PLATFORM_OPERATOR[0])
    client = client_for("admin")
    entries = AuditEntry.objects.count()

    for official in (fredrik, operator):
        assert client.get(_edit(official)).status_code == 404
        assert client.post(_edit(official), {"unit": fredrik.unit_id, "roles": ["unit_manager"]}).status_code == 404
        assert client.post(reverse("accounts:official_deactivate", args=[official.pk])).status_code == 404

    fredrik.refresh_from_db()
    assert fredrik.is_active and fredrik.roles == {"insurance_investigator"}
    assert AuditEntry.objects.count() == entries


def test_deactivating_ends_the_officials_access_and_is_audited(client: Any, user_named: Any) -> None:
    sara = user_named("sara.lind")
    client.force_login(sara)
    assert client.get("/").status_code == 200
    admin = client.__class__()
    admin.force_login(user_named("admin"))

    response = admin.post(reverse("accounts:official_deactivate", args=[sara.pk]))

    assert response.status_code == 302
    assert not user_named("sara.lind").is_active
    entry = _last_entry()
    assert entry.event == "account.deactivated" and entry.extra == {"official": sara.pk}
    assert client.get("/").status_code == 302  # the open session no longer counts

    admin.post(reverse("accounts:official_reactivate", args=[sara.pk]))

    assert user_named("sara.lind").is_active
    assert _last_entry().event == "account.reactivated"


def test_the_system_administrator_cannot_lock_themself_out(client_for: Any, user_named: Any) -> None:
    admin = user_named("admin")
    client = client_for("admin")

    refused = client.post(_edit(admin), {"unit": admin.unit_id, "roles": ["security_officer"]})
    client.post(reverse("accounts:official_deactivate", args=[admin.pk]))

    assert refused.status_code == 400
    assert "Du kan inte ta bort din egen roll som systemförvaltare" in refused.content.decode()
    admin = user_named("admin")
    assert admin.is_active and admin.roles == {"system_administrator"}


@pytest.mark.parametrize("username", ["sara.lind", "lars.ek", "fredrik.holm", PLATFORM_OPERATOR[0]])
def test_officials_without_the_role_and_the_operator_are_refused(
    client_for: Any, user_named: Any, username: str
) -> None:
    sara = user_named("sara.lind")
    client = client_for(username)

    assert client.get(LIST).status_code == 403
    assert client.get(ADD).status_code == 403
    assert client.post(ADD, _new_official()).status_code == 403
    assert client.get(_edit(sara)).status_code == 403
    assert client.post(reverse("accounts:official_deactivate", args=[sara.pk])).status_code == 403
    assert not User.objects.filter(username="nora.ny").exists() and user_named("sara.lind").is_active
    if username != PLATFORM_OPERATOR[0]:
        assert f'href="{LIST}"' not in client.get("/").content.decode()
